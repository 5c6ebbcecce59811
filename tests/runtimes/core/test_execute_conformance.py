"""Execution behaviour checked against RUNTIMES.md §1.4 and §3 (execute review, 2026-11).

- §3: "Any other failure inside `execute` is wrapped as `FlowScriptRuntimeError(RUNTIME_EXECUTION_ERROR, …)`" —
  a plain exception escaped ``runtime_execute`` unwrapped;
- §3: the error constructors accept the spec's argument order (``ExpressionError(message, code, expression, label,
  segment_range, cause)`` positionally, ``FlowScriptRuntimeError(code, message)`` as the spec writes it);
- §1.4: "`output` must be JSON-compatible" — NaN and ±Infinity from expressions are returned as None (JSON ``null``,
  EXPRESSIONS.md §5.4), as undefined is.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from runtimes.base import ExecutionParams, NodeSpec, RuntimeExecuteResult, runtime_execute
from runtimes.errors import ExpressionError, FlowScriptRuntimeError, RuntimeErrorCode
from runtimes.registry import get_runtime
from tests.runtimes.helpers import params, spec


class _Broken:
    type = "broken"

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        raise self.exc


@pytest.mark.parametrize("exc", [ValueError("bad value"), KeyError("k"), ZeroDivisionError(), OSError(5, "I/O")])
async def test_other_failures_are_wrapped_as_execution_errors(tmp_path: Path, exc: Exception) -> None:
    node = NodeSpec(id="step", element="set", type=None, key="set", config={})
    with pytest.raises(FlowScriptRuntimeError) as info:
        await _Broken(exc).execute(params(node, tmp_path))
    error = info.value
    assert type(error) is FlowScriptRuntimeError
    assert error.code == RuntimeErrorCode.RUNTIME_EXECUTION_ERROR
    assert error.node_id == "step"
    assert error.__cause__ is exc
    assert type(exc).__name__ in error.message


def test_base_error_accepts_the_spec_argument_order() -> None:
    spec_order = FlowScriptRuntimeError(RuntimeErrorCode.RUNTIME_EXECUTION_ERROR, "boom")  # type: ignore[arg-type]
    ours = FlowScriptRuntimeError("boom", RuntimeErrorCode.RUNTIME_INVALID_CONFIG)
    assert (spec_order.code, spec_order.message, str(spec_order)) == (
        RuntimeErrorCode.RUNTIME_EXECUTION_ERROR,
        "boom",
        "boom",
    )
    assert (ours.code, ours.message) == (RuntimeErrorCode.RUNTIME_INVALID_CONFIG, "boom")
    assert FlowScriptRuntimeError("boom", "RUNTIME_TIMEOUT").code is RuntimeErrorCode.RUNTIME_TIMEOUT
    assert FlowScriptRuntimeError("boom").code is RuntimeErrorCode.RUNTIME_EXECUTION_ERROR
    with pytest.raises(ValueError, match="Unknown runtime error code"):
        FlowScriptRuntimeError("boom", "NOT_A_CODE")


def test_expression_error_fields_positionally() -> None:
    cause = ZeroDivisionError()
    error = ExpressionError("Failed", RuntimeErrorCode.EXPR_PARSE_ERROR, "a +", "n.config.template", (3, 10), cause)
    assert (error.code, error.expression, error.label, error.segment_range, error.cause) == (
        RuntimeErrorCode.EXPR_PARSE_ERROR,
        "a +",
        "n.config.template",
        (3, 10),
        cause,
    )


# (element, type, config, input, expected output)
NON_FINITE: list[tuple[str, str | None, dict[str, Any], Any, Any]] = [
    ("transform", "map", {"expression": "item / 0"}, [1, -1, 0], [None, None, None]),
    ("transform", "map", {"expression": "{a: item / 0, b: [0 / 0]}"}, [1], [{"a": None, "b": [None]}]),
    ("transform", "reduce", {"expression": "acc + item"}, [1, 2], None),  # undefined + 1 → NaN
    ("transform", "reduce", {"expression": "acc + item", "initial": "0"}, [1, 2], 3),
    ("set", None, {"var": "x", "value": "{{ 0 / 0 }}"}, None, None),
    ("set", None, {"var": "x", "value": "{{ [1 / 0, -1 / 0, 1.5] }}"}, None, [None, None, 1.5]),
    ("context", None, {"entries": [{"key": "a", "value": "{{ 1 / 0 }}"}]}, None, {"a": None}),
    ("delay", None, {"duration": "1s"}, math.inf, None),
]


@pytest.mark.parametrize(("element", "type_", "config", "input_", "expected"), NON_FINITE)
async def test_outputs_are_json_compatible(
    tmp_path: Path, element: str, type_: str | None, config: dict[str, Any], input_: Any, expected: Any
) -> None:
    node = spec(element, config, type_=type_)
    result = await get_runtime(node.key).execute(params(node, tmp_path, input_))
    assert result.output == expected
    json.dumps(result.output, allow_nan=False)
