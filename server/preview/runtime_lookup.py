"""Find the runtime of a key without importing every runtime family (the preview CLI's startup time matters).

The built-in registry imports a family package only when one of its keys is first looked up, so this is a thin
wrapper kept for the preview engine's imports.
"""

from __future__ import annotations

from runtimes.base import NodeRuntime
from runtimes.registry import family_of, runtime_registry

__all__ = ["builtin_runtime", "family_of"]


def builtin_runtime(key: str) -> NodeRuntime | None:
    return runtime_registry.get(key)
