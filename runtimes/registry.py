"""The runtime registry (RUNTIMES.md §2): explicit registration, no import-time magic."""

from __future__ import annotations

from runtimes.base import NodeRuntime
from runtimes.transform import RUNTIMES as TRANSFORM_RUNTIMES

__all__ = [
    "BUILTIN_RUNTIMES",
    "DuplicateRuntimeError",
    "RuntimeRegistry",
    "UnknownRuntimeError",
    "get_runtime",
    "runtime_registry",
]


class DuplicateRuntimeError(ValueError):
    pass


class UnknownRuntimeError(LookupError):
    pass


class RuntimeRegistry:
    def __init__(self) -> None:
        self._runtimes: dict[str, NodeRuntime] = {}

    def register(self, runtime: NodeRuntime) -> None:
        if runtime.type in self._runtimes:
            raise DuplicateRuntimeError(f"Runtime type already registered: {runtime.type}")
        self._runtimes[runtime.type] = runtime

    def get(self, type: str) -> NodeRuntime | None:
        return self._runtimes.get(type)

    def has(self, type: str) -> bool:
        return type in self._runtimes

    def list(self) -> list[str]:
        return list(self._runtimes)

    def get_runtime(self, type: str) -> NodeRuntime:
        runtime = self._runtimes.get(type)
        if runtime is None:
            known = ", ".join(self._runtimes) or "none"
            raise UnknownRuntimeError(f"Unknown runtime type: {type}. Known types: {known}")
        return runtime


# The one explicit list, in the registration order of RUNTIMES.md §4. Each family package exports RUNTIMES.
BUILTIN_RUNTIMES: tuple[NodeRuntime, ...] = (*TRANSFORM_RUNTIMES,)

runtime_registry = RuntimeRegistry()
for _runtime in BUILTIN_RUNTIMES:
    runtime_registry.register(_runtime)


def get_runtime(type: str) -> NodeRuntime:
    return runtime_registry.get_runtime(type)
