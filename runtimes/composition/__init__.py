"""Composition runtimes: ``composition:include`` and ``composition:call`` (RUNTIMES.md §6.13).

Validate: the ``workflow`` path must be literal and, resolved against the workflow folder, stay inside the base
(§5.6); whether the file exists is checked by the server (VALID_UNDEFINED_WORKFLOW_REF). Preview describes the call and
renders the bindings / arguments; the sub-workflow is never executed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.errors import PathTraversalError, RuntimeConfigError
from runtimes.validation.nodes import attr, items, plain_output
from runtimes.validation.paths import check_path, check_static_path, reason_hint, traversal_message

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["RUNTIMES", "CallRuntime", "IncludeRuntime", "resolve_workflow"]

_LITERAL_MESSAGE = "workflow must be a literal path"


def _validate_workflow(node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
    raw = node.config.get("workflow")
    if not isinstance(raw, str) or not raw.strip():
        message = f'<{node.element}> requires a "workflow" attribute'
        hint = f'Add workflow="./sub-workflow.flow.md" to the <{node.element}> element'
        return [RuntimeIssue("VALID_MISSING_REQUIRED_FIELD", "error", message, hints=(hint,))]
    if "{{" in raw:
        return [RuntimeIssue("RUNTIME_INVALID_CONFIG", "error", _LITERAL_MESSAGE, ("workflow",))]
    if ctx.workflow_dir is None:
        return []
    return check_static_path(raw.strip(), ("workflow",), ctx, relative_to=ctx.workflow_dir)


def resolve_workflow(params: ExecutionParams) -> Path:
    """The absolute, lexically normalised sub-workflow path, confined to the base (RUNTIMES.md §5.6)."""
    raw = attr(params.node, "workflow")
    if raw is None:
        raise RuntimeConfigError('"workflow" is missing', ("workflow",))
    if "{{" in raw:
        raise RuntimeConfigError(_LITERAL_MESSAGE, ("workflow",))
    state = params.state
    folder = state.workflow_path.parent if state.workflow_path is not None else state.base_dir
    text = raw.strip()
    reason = check_path(text, state.base_dir, relative_to=folder)
    if reason is not None:
        raise PathTraversalError(traversal_message(text), text, reason=reason_hint(reason), node_id=params.node.id)
    return Path(os.path.normpath(os.path.join(folder, text)))


def _exists(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # e.g. a folder on the way that cannot be searched
        return False


def _render(params: ExecutionParams, value: Any) -> Any:
    if not isinstance(value, str):
        return None
    return plain_output(params.state.render_value(value))


class IncludeRuntime:
    type = "composition:include"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return _validate_workflow(node, ctx)

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        path = resolve_workflow(params)
        bindings: dict[str, Any] = {}
        for binding in items(params.node, "bindings"):
            key = binding.get("key")
            if isinstance(key, str) and key:
                bindings[key] = _render(params, binding.get("value", ""))
        return RuntimeExecuteResult({"workflow": str(path), "exists": _exists(path), "bindings": bindings})


class CallRuntime:
    type = "composition:call"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return _validate_workflow(node, ctx)

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        path = resolve_workflow(params)
        raw_args = params.node.config.get("args")
        args: dict[str, Any] = {}
        if isinstance(raw_args, Mapping):
            for key, value in raw_args.items():
                args[key] = _render(params, value)
        return RuntimeExecuteResult({"workflow": str(path), "exists": _exists(path), "args": args})


RUNTIMES = (IncludeRuntime(), CallRuntime())
