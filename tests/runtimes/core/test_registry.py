"""The runtime registry (RUNTIMES.md §2, §4) and the completeness of BUILTIN_RUNTIMES."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any

import pytest

import runtimes
from runtimes.base import ExecutionParams, NodeSpec, RuntimeExecuteResult, RuntimeIssue, ValidateContext
from runtimes.registry import (
    BUILTIN_RUNTIMES,
    DuplicateRuntimeError,
    RuntimeRegistry,
    UnknownRuntimeError,
    get_runtime,
    runtime_registry,
)

SPEC_KEYS = [
    "http:source", "http:sink", "file:source", "file:sink", "database:source", "database:sink", "email:sink",
    "transform:template", "transform:map", "transform:filter", "transform:reduce", "transform:ai",
    "control:branch", "control:if", "control:loop", "control:while", "control:foreach", "control:parallel",
    "checkpoint", "temporal:delay", "temporal:timeout", "composition:include", "composition:call",
    "phase", "context", "set",
]  # fmt: skip

FAMILIES = {"http", "file", "database", "email", "transform", "ai", "control", "temporal", "composition", "state"}
NOT_RUNTIME_PACKAGES = {"expressions", "validation"}
PACKAGE_DIR = Path(runtimes.__file__).parent


class Fake:
    def __init__(self, type_: str) -> None:
        self.type = type_

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return []

    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        return RuntimeExecuteResult(None)


def test_registration_order_is_exactly_the_spec() -> None:
    assert len(SPEC_KEYS) == 26
    assert runtime_registry.list() == SPEC_KEYS
    assert [runtime.type for runtime in BUILTIN_RUNTIMES] == SPEC_KEYS


def test_get_runtime_returns_the_registered_object() -> None:
    for runtime in BUILTIN_RUNTIMES:
        assert get_runtime(runtime.type) is runtime
        assert runtime_registry.has(runtime.type)
        assert runtime_registry.get(runtime.type) is runtime


def test_duplicate_registration_is_rejected() -> None:
    registry = RuntimeRegistry()
    registry.register(Fake("x:source"))
    with pytest.raises(DuplicateRuntimeError, match=r"^Runtime type already registered: x:source$"):
        registry.register(Fake("x:source"))
    assert isinstance(DuplicateRuntimeError("m"), ValueError)
    assert registry.list() == ["x:source"]


def test_unknown_type_lists_known_types() -> None:
    registry = RuntimeRegistry()
    registry.register(Fake("b"))
    registry.register(Fake("a"))
    with pytest.raises(UnknownRuntimeError) as info:
        registry.get_runtime("nope")
    assert str(info.value) == "Unknown runtime type: nope. Known types: b, a"
    assert isinstance(info.value, LookupError)
    assert registry.get("nope") is None and not registry.has("nope")


def test_singleton_unknown_type_message() -> None:
    with pytest.raises(UnknownRuntimeError, match=r"^Unknown runtime type: control:break\. Known types: http:source, "):
        get_runtime("control:break")


def test_new_registries_start_empty() -> None:
    assert RuntimeRegistry().list() == []


# --- completeness: every runtime that exists in the package is registered -----------------------------------------


def _package_dirs() -> set[str]:
    return {path.name for path in PACKAGE_DIR.iterdir() if (path / "__init__.py").is_file()}


def test_every_runtime_package_is_a_registered_family() -> None:
    assert _package_dirs() - NOT_RUNTIME_PACKAGES == FAMILIES


def _looks_like_runtime(obj: Any) -> bool:
    return callable(getattr(obj, "validate", None)) and inspect.iscoroutinefunction(getattr(obj, "execute", None))


def _runtime_types_in(module_name: str) -> set[str]:
    module = importlib.import_module(module_name)
    found: set[str] = set()
    for name, obj in vars(module).items():
        if name.startswith("__"):
            continue
        if inspect.isclass(obj):
            if obj.__module__ != module.__name__ or not _looks_like_runtime(obj):
                continue
            type_ = getattr(obj, "type", None)
            if isinstance(type_, str):
                found.add(type_)
        elif _looks_like_runtime(obj) and isinstance(getattr(obj, "type", None), str):
            found.add(obj.type)
    return found


def _family_modules() -> list[str]:
    modules: list[str] = []
    for family in sorted(FAMILIES):
        for path in sorted((PACKAGE_DIR / family).rglob("*.py")):
            relative = path.relative_to(PACKAGE_DIR.parent).with_suffix("")
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            modules.append(".".join(parts))
    return modules


@pytest.mark.parametrize("module_name", _family_modules())
def test_every_runtime_defined_in_a_module_is_registered(module_name: str) -> None:
    registered = set(runtime_registry.list())
    assert _runtime_types_in(module_name) <= registered


def test_every_family_exports_its_runtimes_and_all_are_registered() -> None:
    registered = {id(runtime) for runtime in BUILTIN_RUNTIMES}
    total = 0
    for family in sorted(FAMILIES):
        exported = importlib.import_module(f"runtimes.{family}").RUNTIMES
        assert exported, family
        assert all(id(runtime) in registered for runtime in exported), family
        total += len(exported)
    assert total == len(SPEC_KEYS)


def test_builtin_runtimes_follow_the_protocol() -> None:
    for runtime in BUILTIN_RUNTIMES:
        assert _looks_like_runtime(runtime), runtime.type


def test_the_registry_imports_a_family_only_when_one_of_its_keys_is_looked_up() -> None:
    import subprocess
    import sys

    script = (
        "import sys; from runtimes.registry import runtime_registry as r\n"
        "loaded = lambda: sorted(m for m in sys.modules if m.count('.') == 1 and m.split('.')[1] in "
        "('http', 'file', 'database', 'email', 'transform', 'ai', 'control', 'temporal', 'composition', 'state'))\n"
        "print(loaded()); assert r.has('http:sink'); print(loaded())\n"
        "r.get('file:source'); print(loaded()); print(len(r.list()))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["[]", "[]", "['runtimes.file']", "26"]


def test_a_family_that_exports_other_keys_than_registered_is_an_error() -> None:
    from runtimes.registry import RuntimeRegistry

    registry = RuntimeRegistry()
    registry.register_family("runtimes.file", ("file:source",))
    with pytest.raises(RuntimeError, match="file:sink"):
        registry.get("file:source")


def _race(keys: list[str]) -> tuple[list[object], list[BaseException]]:
    """Look ``keys`` up from one thread each, all at once, in a registry whose families are not loaded yet."""
    import threading

    from runtimes.registry import BUILTIN_FAMILIES, RuntimeRegistry

    registry = RuntimeRegistry()
    for package, family_keys in BUILTIN_FAMILIES:
        registry.register_family(package, family_keys)
    errors: list[BaseException] = []
    found: list[object] = []
    start = threading.Barrier(len(keys))

    def look(key: str) -> None:
        start.wait()
        try:
            found.append(registry.get_runtime(key))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=look, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return found, errors


def test_families_load_once_when_threads_look_runtimes_up_together() -> None:
    for _ in range(20):
        found, errors = _race(["file:source", "file:sink"] * 4)
        assert errors == []
        assert len({id(runtime) for runtime in found}) == 2
