"""The names RUNTIMES.md §1–§3 give (``NodeRuntime``, ``ExecutionParams``, ``HttpError``, ``runtime_registry``,
``get_runtime``, …) can be imported from the ``runtimes`` package itself, lazily: ``import runtimes`` alone imports
none of its modules (start-up time)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import runtimes
from runtimes import base, errors, registry
from runtimes.expressions import scope

NAMES = {
    base: ["NodeRuntime", "NodeSpec", "ValidateContext", "RuntimeIssue", "ExecutionParams", "ExecutionState",
           "RuntimeExecuteResult", "runtime_execute"],
    errors: ["FlowScriptRuntimeError", "HttpError", "FileError", "PathTraversalError", "RuntimeTimeout",
             "DatabaseError", "RuntimeConfigError", "AIError", "ExpressionError", "RuntimeErrorCode"],
    registry: ["RuntimeRegistry", "runtime_registry", "get_runtime", "DuplicateRuntimeError", "UnknownRuntimeError"],
    scope: ["Scope"],
}  # fmt: skip


@pytest.mark.parametrize(("module", "name"), [(module, name) for module, names in NAMES.items() for name in names])
def test_spec_names_from_the_package(module: object, name: str) -> None:
    assert getattr(runtimes, name) is getattr(module, name)
    assert name in dir(runtimes)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        runtimes.NoSuchThing  # noqa: B018


def test_importing_the_package_imports_no_module() -> None:
    code = "import sys, runtimes; print(sorted(m for m in sys.modules if m.startswith('runtimes.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    code = "from runtimes import get_runtime; print(type(get_runtime('http:source')).__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "HttpSourceRuntime"
