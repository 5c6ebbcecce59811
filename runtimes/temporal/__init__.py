"""Temporal runtimes: ``temporal:delay`` and ``temporal:timeout`` (RUNTIMES.md §6.12). Preview never sleeps."""

from __future__ import annotations

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.errors import RuntimeConfigError
from runtimes.expressions.durations import parse_duration
from runtimes.validation.common import node_label
from runtimes.validation.nodes import attr, plain_output, slot_ids

__all__ = ["RUNTIMES", "DelayRuntime", "TimeoutRuntime", "render_duration"]

_MISSING_HINTS = {
    "delay": 'Add duration="5s" to the <delay> element',
    "timeout": 'Add duration="30s" to the <timeout> element',
}


def _validate_duration(node: NodeSpec) -> list[RuntimeIssue]:
    tag = node.element
    raw = node.config.get("duration")
    if not isinstance(raw, str) or not raw.strip():
        message = f'<{tag}> requires a "duration" attribute'
        hint = _MISSING_HINTS.get(tag, f'Add duration="30s" to the <{tag}> element')
        return [RuntimeIssue("VALID_MISSING_REQUIRED_FIELD", "error", message, hints=(hint,))]
    if "{{" in raw or parse_duration(raw) is not None:
        return []
    message = f'Invalid duration "{raw}" in <{tag}> "{node_label(node)}"'
    hint = "Use e.g. 500ms, 30s, 5m, 1h30m or PT30S"
    return [RuntimeIssue("VALID_INVALID_FIELD_TYPE", "error", message, ("duration",), hints=(hint,))]


def render_duration(params: ExecutionParams) -> int:
    """The duration in milliseconds after rendering (RUNTIMES.md §5.5: invalid → RuntimeConfigError)."""
    raw = attr(params.node, "duration")
    if raw is None:
        raise RuntimeConfigError('"duration" is missing', ("duration",))
    rendered = params.state.render_text(raw, path=("duration",))
    ms = parse_duration(rendered)
    if ms is None:
        raise RuntimeConfigError(f'Invalid duration "{rendered}"', ("duration",))
    return ms


class DelayRuntime:
    type = "temporal:delay"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return _validate_duration(node)

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        ms = render_duration(params)
        return RuntimeExecuteResult(plain_output(params.input), {"durationMs": ms, "slept": False})


class TimeoutRuntime:
    type = "temporal:timeout"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return _validate_duration(node)

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        node = params.node
        on_timeout = attr(node, "on-timeout")
        output = {
            "durationMs": render_duration(params),
            "onTimeout": on_timeout.strip() if on_timeout is not None else None,
            "childIds": slot_ids(node, "children"),
        }
        return RuntimeExecuteResult(output)


RUNTIMES = (DelayRuntime(), TimeoutRuntime())
