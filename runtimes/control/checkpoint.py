"""``checkpoint`` (RUNTIMES.md §6.11): never interactive; preview returns the default decision."""

from __future__ import annotations

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.expressions.values import is_truthy
from runtimes.validation.common import is_missing, node_label
from runtimes.validation.nodes import attr, is_positive_int_text, items, missing_attribute, now_ms

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["CheckpointRuntime"]

MISSING = "VALID_MISSING_REQUIRED_FIELD"
INVALID = "VALID_INVALID_FIELD_TYPE"
_DEFAULTS = ("approve", "reject")


class CheckpointRuntime:
    type = "checkpoint"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        label = node_label(node)
        hint = 'Add prompt="Please review and approve" to describe the checkpoint'
        issues = missing_attribute(node, "Checkpoint", label, "prompt", hint)
        timeout = node.config.get("timeout")
        if isinstance(timeout, str) and "{{" not in timeout and not is_positive_int_text(timeout):
            message = f'Checkpoint node "{label}" has invalid timeout: {timeout}'
            hint = "timeout must be a positive integer (seconds)"
            issues.append(RuntimeIssue(INVALID, "error", message, ("timeout",), hints=(hint,)))
        default = node.config.get("default")
        if isinstance(default, str) and default.strip() not in _DEFAULTS:
            message = f'Checkpoint node "{label}" has invalid default action: {default}'
            hint = 'default must be "approve" or "reject"'
            issues.append(RuntimeIssue(INVALID, "error", message, ("default",), hints=(hint,)))
        for index, action in enumerate(items(node, "actions")):
            if is_missing(action.get("id")):
                message = f'<action> in checkpoint "{label}" requires an "id" attribute'
                issues.append(RuntimeIssue(MISSING, "error", message, ("actions", index)))
        return issues

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        node = params.node
        state = params.state
        responded_at = now_ms(state.now)
        condition = attr(node, "condition")
        if condition is not None and not is_truthy(state.evaluate(condition, path=("condition",))):
            output: dict[str, Any] = {
                "action": "approve",
                "skipped": True,
                "timedOut": False,
                "respondedAt": responded_at,
            }
            return RuntimeExecuteResult(output)
        default = attr(node, "default")
        action = default.strip() if default is not None and default.strip() in _DEFAULTS else "reject"
        prompt = attr(node, "prompt")
        output = {
            "action": action,
            "skipped": False,
            "timedOut": False,
            "respondedAt": responded_at,
            "prompt": state.render_text(prompt, path=("prompt",)) if prompt is not None else "",
            "actions": [
                {"id": _text(item.get("id")), "label": _text(item.get("label")), "goto": _text(item.get("goto"))}
                for item in items(node, "actions")
            ],
        }
        return RuntimeExecuteResult(output)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
