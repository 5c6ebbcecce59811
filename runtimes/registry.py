"""The runtime registry (RUNTIMES.md §2): explicit registration, no import-time magic."""

from __future__ import annotations

from runtimes.ai import RUNTIMES as AI_RUNTIMES
from runtimes.base import NodeRuntime
from runtimes.composition import RUNTIMES as COMPOSITION_RUNTIMES
from runtimes.control import RUNTIMES as CONTROL_RUNTIMES
from runtimes.database import RUNTIMES as DATABASE_RUNTIMES
from runtimes.email import RUNTIMES as EMAIL_RUNTIMES
from runtimes.file import RUNTIMES as FILE_RUNTIMES
from runtimes.http import RUNTIMES as HTTP_RUNTIMES
from runtimes.state import RUNTIMES as STATE_RUNTIMES
from runtimes.temporal import RUNTIMES as TEMPORAL_RUNTIMES
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
BUILTIN_RUNTIMES: tuple[NodeRuntime, ...] = (
    *HTTP_RUNTIMES,  # http:source, http:sink
    *FILE_RUNTIMES,  # file:source, file:sink
    *DATABASE_RUNTIMES,  # database:source, database:sink
    *EMAIL_RUNTIMES,  # email:sink
    *TRANSFORM_RUNTIMES,  # transform:template, transform:map, transform:filter, transform:reduce
    *AI_RUNTIMES,  # transform:ai
    *CONTROL_RUNTIMES,  # control:branch, if, loop, while, foreach, parallel; checkpoint
    *TEMPORAL_RUNTIMES,  # temporal:delay, temporal:timeout
    *COMPOSITION_RUNTIMES,  # composition:include, composition:call
    *STATE_RUNTIMES,  # phase, context, set
)

runtime_registry = RuntimeRegistry()
for _runtime in BUILTIN_RUNTIMES:
    runtime_registry.register(_runtime)


def get_runtime(type: str) -> NodeRuntime:
    return runtime_registry.get_runtime(type)
