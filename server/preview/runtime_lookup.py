"""Find the runtime of a key without importing every runtime family (the preview CLI's startup time matters).

``runtimes.registry`` imports all ten families; a preview usually needs two or three. :func:`builtin_runtime`
imports only the family package that holds the key (each family exports its ``RUNTIMES`` tuple) and returns the
same runtime object the registry holds (a test checks the two agree for every registered key).
"""

from __future__ import annotations

import importlib

from runtimes.base import NodeRuntime

__all__ = ["builtin_runtime", "family_of"]

_PREFIXES = {
    "http": "runtimes.http",
    "file": "runtimes.file",
    "database": "runtimes.database",
    "email": "runtimes.email",
    "control": "runtimes.control",
    "temporal": "runtimes.temporal",
    "composition": "runtimes.composition",
}
_EXACT = {
    "transform:ai": "runtimes.ai",
    "checkpoint": "runtimes.control",
    "phase": "runtimes.state",
    "context": "runtimes.state",
    "set": "runtimes.state",
}


def family_of(key: str) -> str | None:
    """The family package of a runtime key (RUNTIMES.md §4), or None for an unknown key."""
    if key in _EXACT:
        return _EXACT[key]
    prefix, _, _ = key.partition(":")
    if prefix == "transform":
        return "runtimes.transform"
    return _PREFIXES.get(prefix)


def builtin_runtime(key: str) -> NodeRuntime | None:
    family = family_of(key)
    if family is None:
        return None
    runtimes: tuple[NodeRuntime, ...] = importlib.import_module(family).RUNTIMES
    for runtime in runtimes:
        if runtime.type == key:
            return runtime
    return None
