"""The runtime registry (RUNTIMES.md §2): explicit registration, no import-time magic.

The built-in runtimes are listed once, in :data:`BUILTIN_FAMILIES`: each family package with the keys its
``RUNTIMES`` tuple exports, in the registration order of RUNTIMES.md §4. A family is imported the first time one of
its keys is looked up (``flowscript lint`` on one file usually needs two or three of the ten, and its start-up time
is a target); when it is, the registry checks that it exports exactly the keys listed here.
"""

from __future__ import annotations

import importlib
from _thread import RLock

from runtimes.base import NodeRuntime

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    BUILTIN_RUNTIMES: tuple[NodeRuntime, ...]

__all__ = [
    "BUILTIN_FAMILIES",
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
        self._runtimes: dict[str, NodeRuntime | None] = {}
        """Every registered key in registration order; None until its family has been imported."""
        self._families: dict[str, str] = {}
        """Key -> family package, for the keys registered with :meth:`register_family` and not yet loaded."""
        self._loading = RLock()
        """Families load one at a time: the language server looks runtimes up from worker threads."""

    def register(self, runtime: NodeRuntime) -> None:
        if runtime.type in self._runtimes:
            raise DuplicateRuntimeError(f"Runtime type already registered: {runtime.type}")
        self._runtimes[runtime.type] = runtime

    def register_family(self, package: str, keys: tuple[str, ...]) -> None:
        """Register the ``keys`` that ``package``'s ``RUNTIMES`` tuple exports; the package is imported on first use."""
        for key in keys:
            if key in self._runtimes:
                raise DuplicateRuntimeError(f"Runtime type already registered: {key}")
        for key in keys:
            self._runtimes[key] = None
            self._families[key] = package

    def _load(self, type: str) -> NodeRuntime | None:
        with self._loading:
            package = self._families.get(type)
            if package is None:  # loaded meanwhile by another thread, or not a family key
                return self._runtimes.get(type)
            return self._load_family(package, type)

    def _load_family(self, package: str, type: str) -> NodeRuntime | None:
        expected = sorted(k for k, p in self._families.items() if p == package)
        exported: tuple[NodeRuntime, ...] = importlib.import_module(package).RUNTIMES
        if sorted(runtime.type for runtime in exported) != expected:
            raise RuntimeError(f"{package}.RUNTIMES exports {[r.type for r in exported]}, registered as {expected}")
        for runtime in exported:
            self._runtimes[runtime.type] = runtime
            del self._families[runtime.type]
        return self._runtimes[type]

    def get(self, type: str) -> NodeRuntime | None:
        runtime = self._runtimes.get(type)
        if runtime is None and type in self._families:
            return self._load(type)
        return runtime

    def has(self, type: str) -> bool:
        return type in self._runtimes

    def list(self) -> list[str]:
        return list(self._runtimes)

    def get_runtime(self, type: str) -> NodeRuntime:
        runtime = self.get(type)
        if runtime is None:
            known = ", ".join(self._runtimes) or "none"
            raise UnknownRuntimeError(f"Unknown runtime type: {type}. Known types: {known}")
        return runtime


# The one explicit list, in the registration order of RUNTIMES.md §4. Each family package exports RUNTIMES.
BUILTIN_FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("runtimes.http", ("http:source", "http:sink")),
    ("runtimes.file", ("file:source", "file:sink")),
    ("runtimes.database", ("database:source", "database:sink")),
    ("runtimes.email", ("email:sink",)),
    ("runtimes.transform", ("transform:template", "transform:map", "transform:filter", "transform:reduce")),
    ("runtimes.ai", ("transform:ai",)),
    (
        "runtimes.control",
        (
            "control:branch",
            "control:if",
            "control:loop",
            "control:while",
            "control:foreach",
            "control:parallel",
            "checkpoint",
        ),
    ),
    ("runtimes.temporal", ("temporal:delay", "temporal:timeout")),
    ("runtimes.composition", ("composition:include", "composition:call")),
    ("runtimes.state", ("phase", "context", "set")),
)

runtime_registry = RuntimeRegistry()
for _package, _keys in BUILTIN_FAMILIES:
    runtime_registry.register_family(_package, _keys)


def family_of(key: str) -> str | None:
    """The family package of a built-in runtime key (RUNTIMES.md §4), or None for an unknown key."""
    for package, keys in BUILTIN_FAMILIES:
        if key in keys:
            return package
    return None


def get_runtime(type: str) -> NodeRuntime:
    return runtime_registry.get_runtime(type)


def __getattr__(name: str) -> object:
    # BUILTIN_RUNTIMES, the built-in runtime objects in registration order, imports every family: only on demand.
    if name == "BUILTIN_RUNTIMES":
        return tuple(runtime_registry.get_runtime(key) for _, keys in BUILTIN_FAMILIES for key in keys)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
