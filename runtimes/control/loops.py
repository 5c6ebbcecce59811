"""``control:loop``, ``control:while`` and ``control:foreach`` (RUNTIMES.md §6.10): descriptions, no iteration."""

from __future__ import annotations

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.expressions.values import UNDEFINED, is_truthy
from runtimes.validation.common import node_label
from runtimes.validation.nodes import (
    attr,
    is_identifier,
    is_positive_int_text,
    missing_attribute,
    plain_output,
    render_positive_int,
    slot_ids,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["DEFAULT_MAX_ITERATIONS", "ForeachRuntime", "LoopRuntime", "WhileRuntime"]

MISSING = "VALID_MISSING_REQUIRED_FIELD"
INVALID = "VALID_INVALID_FIELD_TYPE"
DEFAULT_MAX_ITERATIONS = 1000


def _invalid_integer(node: NodeSpec, key: str) -> str | None:
    """The raw value of an integer attribute that is neither a positive integer nor a template."""
    raw = node.config.get(key)
    if not isinstance(raw, str) or "{{" in raw or is_positive_int_text(raw):
        return None
    return raw


def _render_int(params: ExecutionParams, key: str, default: int) -> int:
    raw = attr(params.node, key)
    if raw is None:
        return default
    return render_positive_int(params.state.render_text(raw, path=(key,)), key)


class LoopRuntime:
    type = "control:loop"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        label = node_label(node)
        issues: list[RuntimeIssue] = []
        raw = _invalid_integer(node, "max")
        if raw is not None:
            message = f'Loop node "{label}" has invalid max iterations: {raw}'
            issues.append(RuntimeIssue(INVALID, "error", message, ("max",), hints=("max must be a positive integer",)))
        if attr(node, "max") is None and attr(node, "break") is None:
            message = f'Loop node "{label}" has no exit condition (max or break)'
            hint = 'Add max="10" or break="condition" to prevent infinite loops'
            issues.append(RuntimeIssue(MISSING, "warning", message, hints=(hint,)))
        return issues

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        node = params.node
        output = {
            "maxIterations": _render_int(params, "max", DEFAULT_MAX_ITERATIONS),
            "breakCondition": attr(node, "break"),
            "bodyNodeIds": slot_ids(node, "body"),
        }
        return RuntimeExecuteResult(output)


class WhileRuntime:
    type = "control:while"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        hint = 'Add condition="expression" to the <while> element'
        return missing_attribute(node, "While", node_label(node), "condition", hint)

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        node = params.node
        condition = attr(node, "condition")
        state = params.state
        value = (
            state.evaluate(condition, state.scope.child({"$iteration": 0}), path=("condition",))
            if condition is not None
            else False
        )
        output = {
            "condition": is_truthy(value),
            "maxIterations": DEFAULT_MAX_ITERATIONS,
            "bodyNodeIds": slot_ids(node, "body"),
        }
        return RuntimeExecuteResult(output)


def _as_collection(value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return [plain_output(item) for item in value]
    if value is None or value is UNDEFINED:
        return []
    return [plain_output(value)]


class ForeachRuntime:
    type = "control:foreach"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        label = node_label(node)
        hint = 'Add collection="items" to specify what to iterate over'
        issues = missing_attribute(node, "Foreach", label, "collection", hint)
        item = node.config.get("item")
        if isinstance(item, str) and not is_identifier(item.strip()):
            message = f'Foreach node "{label}" has invalid item variable name "{item}"'
            hint = "item must be an identifier such as item or record"
            issues.append(RuntimeIssue(INVALID, "error", message, ("item",), hints=(hint,)))
        raw = _invalid_integer(node, "concurrency")
        if raw is not None:
            message = f'Foreach node "{label}" has invalid concurrency: {raw}'
            hint = "concurrency must be a positive integer"
            issues.append(RuntimeIssue(INVALID, "error", message, ("concurrency",), hints=(hint,)))
        return issues

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        node = params.node
        collection_expr = attr(node, "collection")
        value = params.state.evaluate(collection_expr, path=("collection",)) if collection_expr is not None else None
        collection = _as_collection(value)
        item = attr(node, "item")
        output = {
            "collection": collection,
            "count": len(collection),
            "itemVar": item.strip() if item is not None else "item",
            "indexVar": "index",
            "maxConcurrency": _render_int(params, "concurrency", 1),
            "bodyNodeIds": slot_ids(node, "body"),
        }
        return RuntimeExecuteResult(output)
