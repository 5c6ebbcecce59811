"""FlowScript runtimes: the NodeRuntime contract, the registry, the error model and every runtime.

This package never imports ``server``. Heavy or optional libraries (httpx, jmespath at run time, asyncpg) are imported
inside ``execute`` so that the linter, which only calls ``validate``, starts fast.
"""

# The names of RUNTIMES.md (§1–§3) are importable from the package itself (``from runtimes import get_runtime``); they
# are looked up in their modules on first use, so importing ``runtimes`` alone still imports nothing.
_EXPORTS = {
    "ConfigValue": "runtimes.base",
    "ExecutionParams": "runtimes.base",
    "ExecutionState": "runtimes.base",
    "NodeRuntime": "runtimes.base",
    "NodeSpec": "runtimes.base",
    "RuntimeExecuteResult": "runtimes.base",
    "RuntimeIssue": "runtimes.base",
    "ValidateContext": "runtimes.base",
    "runtime_execute": "runtimes.base",
    "AIError": "runtimes.errors",
    "DatabaseError": "runtimes.errors",
    "ExpressionError": "runtimes.errors",
    "FileError": "runtimes.errors",
    "FlowScriptRuntimeError": "runtimes.errors",
    "HttpError": "runtimes.errors",
    "PathTraversalError": "runtimes.errors",
    "RuntimeConfigError": "runtimes.errors",
    "RuntimeErrorCode": "runtimes.errors",
    "RuntimeTimeout": "runtimes.errors",
    "DuplicateRuntimeError": "runtimes.registry",
    "RuntimeRegistry": "runtimes.registry",
    "UnknownRuntimeError": "runtimes.registry",
    "get_runtime": "runtimes.registry",
    "runtime_registry": "runtimes.registry",
    "Scope": "runtimes.expressions.scope",
}


def __getattr__(name: str) -> object:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value: object = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
