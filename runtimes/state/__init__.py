"""``phase``, ``context`` and ``set`` (RUNTIMES.md §6.14)."""

from __future__ import annotations

from collections.abc import Mapping

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.expressions.values import UNDEFINED
from runtimes.validation.common import is_missing, node_label
from runtimes.validation.nodes import attr, items, plain_output, slot_ids

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["RUNTIMES", "ContextRuntime", "PhaseRuntime", "SetRuntime"]


class PhaseRuntime:
    type = "phase"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return []

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        node = params.node
        name = attr(node, "name") or node.id
        return RuntimeExecuteResult({"name": name, "childIds": slot_ids(node, "children")})


class ContextRuntime:
    type = "context"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        label = node_label(node)
        issues: list[RuntimeIssue] = []
        for index, entry in enumerate(items(node, "entries")):
            if is_missing(entry.get("key")):
                message = f'<set> in context "{label}" requires a "key" attribute'
                hint = 'Add key="name" to the <set> element'
                issues.append(
                    RuntimeIssue("VALID_MISSING_REQUIRED_FIELD", "error", message, ("entries", index), hints=(hint,))
                )
        return issues

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        state = params.state
        inherited = state.scope.lookup("$context")
        base_context: dict[str, Any] = dict(inherited) if isinstance(inherited, Mapping) else {}
        values: dict[str, Any] = {}
        for index, entry in enumerate(items(params.node, "entries")):
            key = entry.get("key")
            if not isinstance(key, str) or not key.strip():
                continue
            scope = state.scope.child({**values, "$context": {**base_context, **values}})
            raw = entry.get("value", "")
            rendered = (
                state.render_value(raw, scope, path=("entries", index, "value")) if isinstance(raw, str) else None
            )
            values[key] = None if rendered is UNDEFINED else rendered
        return RuntimeExecuteResult(plain_output(values))


class SetRuntime:
    type = "set"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return []

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        raw = params.node.config.get("value", "")
        rendered = params.state.render_value(raw, path=("value",)) if isinstance(raw, str) else None
        return RuntimeExecuteResult(plain_output(rendered))


RUNTIMES = (PhaseRuntime(), ContextRuntime(), SetRuntime())
