"""Transform runtimes template/map/filter/reduce (RUNTIMES.md §6.8): validate and execute."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from runtimes.base import (
    ConfigValue,
    ExecutionParams,
    ExecutionState,
    NodeRuntime,
    NodeSpec,
    RuntimeIssue,
    ValidateContext,
)
from runtimes.errors import ExpressionError, RuntimeConfigError, RuntimeErrorCode
from runtimes.expressions.scope import Scope
from runtimes.registry import BUILTIN_RUNTIMES
from runtimes.transform import FILTER, MAP, REDUCE, RUNTIMES, TEMPLATE

CTX = ValidateContext(workflow_dir=None, base_dir=None)


def node(runtime: NodeRuntime, config: Mapping[str, ConfigValue], node_id: str | None = "t1") -> NodeSpec:
    kind = runtime.type.split(":")[1]
    return NodeSpec(node_id, "transform", kind, runtime.type, config)


def run(runtime: NodeRuntime, config: Mapping[str, ConfigValue], value: Any, scope: Scope | None = None) -> Any:
    state = ExecutionState(None, Path("."), scope or Scope({"$config": {"k": 10}}), {})
    params = ExecutionParams(node(runtime, config), value, config, state)
    return asyncio.run(runtime.execute(params)).output


def issues(runtime: NodeRuntime, config: Mapping[str, ConfigValue], node_id: str | None = "t1") -> list[RuntimeIssue]:
    return runtime.validate(node(runtime, config, node_id), CTX)


def test_runtimes_exported_and_registered_in_order() -> None:
    assert [r.type for r in RUNTIMES] == ["transform:template", "transform:map", "transform:filter", "transform:reduce"]
    types = [r.type for r in BUILTIN_RUNTIMES]
    positions = [types.index(r.type) for r in RUNTIMES]
    assert positions == sorted(positions)
    assert positions[-1] - positions[0] == 3


# -- execute -----------------------------------------------------------------------------------------------------


def test_template_renders_with_input_bound() -> None:
    out = run(TEMPLATE, {"template": "Hello {{ input.name }} ({{ $config.k }})"}, {"name": "Ada"})
    assert out == "Hello Ada (10)"


def test_template_error_carries_node_and_path() -> None:
    with pytest.raises(ExpressionError) as info:
        run(TEMPLATE, {"template": "x {{ nope(1) }}"}, None)
    err = info.value
    assert err.code == RuntimeErrorCode.EXPR_UNDEFINED_FUNCTION
    assert (err.node_id, err.path, err.segment_range, err.label) == ("t1", ("template",), (2, 15), "t1.config.template")


ITEMS = [{"n": 1, "name": "a"}, {"n": 2, "name": "b"}, {"n": 3, "name": "c"}]

MAP_CASES: list[tuple[str, Any, Any]] = [
    ("item.n * 2", ITEMS, [2, 4, 6]),
    ("$item.n + $index", ITEMS, [1, 3, 5]),
    ("index", ITEMS, [0, 1, 2]),
    ("[$first, $last]", ITEMS, [[True, False], [False, False], [False, True]]),
    ("length($items)", ITEMS, [3, 3, 3]),
    ("x => x.name", ITEMS, ["a", "b", "c"]),
    ("(x, i, all) => i + length(all)", ITEMS, [3, 4, 5]),
    ("{{ item.n }}", ITEMS, [1, 2, 3]),
    ("item * $config.k", 4, [40]),
    ("item", None, []),
    ("item.missing", ITEMS, [None, None, None]),
    ("{a: item.n, b: undefined}", ITEMS[:1], [{"a": 1}]),
    ("[undefined, x => x]", ITEMS[:1], [[None, None]]),
    ("input.k ?? item", [1], [1]),
]


@pytest.mark.parametrize(("expression", "value", "expected"), MAP_CASES)
def test_map(expression: str, value: Any, expected: Any) -> None:
    assert run(MAP, {"expression": expression}, value) == expected


FILTER_CASES: list[tuple[str, Any, Any]] = [
    ("item.n > 1", ITEMS, ITEMS[1:]),
    ("x => x.n % 2 == 1", ITEMS, [ITEMS[0], ITEMS[2]]),
    ("$first || $last", ITEMS, [ITEMS[0], ITEMS[2]]),
    ("item", [0, 1, "", "x", None, [], {}], [1, "x", [], {}]),
    ("true", None, []),
    ("item > 3", 5, [5]),
]


@pytest.mark.parametrize(("condition", "value", "expected"), FILTER_CASES)
def test_filter(condition: str, value: Any, expected: Any) -> None:
    assert run(FILTER, {"condition": condition}, value) == expected


REDUCE_CASES: list[tuple[dict[str, ConfigValue], Any, Any]] = [
    ({"expression": "acc + item.n", "initial": "0"}, ITEMS, 6),
    ({"expression": "$acc + $item.n", "initial": "100"}, ITEMS, 106),
    ({"expression": "(acc, x) => acc + x.n", "initial": "0", "finalize": "acc * 2"}, ITEMS, 12),
    ({"expression": "(acc, x, i) => [...acc, i]", "initial": "[]"}, ITEMS, [0, 1, 2]),
    ({"expression": "acc + item", "initial": "0", "finalize": "a => a / length(input)"}, [2, 4], 3),
    ({"expression": "acc"}, ITEMS, None),
    ({"expression": "(acc ?? 0) + item"}, [1, 2], 3),
    ({"expression": "acc + 1", "initial": "{{ 5 }}"}, [], 5),
    ({"expression": "{...acc, [item.name]: 1}", "initial": "{}"}, [], {}),
]


@pytest.mark.parametrize(("config", "value", "expected"), REDUCE_CASES)
def test_reduce(config: dict[str, ConfigValue], value: Any, expected: Any) -> None:
    if "[item.name]" in str(config["expression"]):
        with pytest.raises(ExpressionError):  # computed object keys are not part of the grammar
            run(REDUCE, config, value)
        return
    assert run(REDUCE, config, value) == expected


def test_reduce_error_path_names_the_failing_field() -> None:
    with pytest.raises(ExpressionError) as info:
        run(REDUCE, {"expression": "acc + item", "initial": "0", "finalize": "acc.constructor"}, [1])
    assert info.value.path == ("finalize",)
    assert info.value.code == RuntimeErrorCode.EXPR_BLOCKED_ACCESS
    with pytest.raises(ExpressionError) as info:
        run(REDUCE, {"expression": "acc + item", "initial": "this"}, [1])
    assert info.value.path == ("initial",)


def test_map_parse_error_at_run_time() -> None:
    with pytest.raises(ExpressionError) as info:
        run(MAP, {"expression": "item +"}, [1])
    assert info.value.code == RuntimeErrorCode.EXPR_PARSE_ERROR
    assert info.value.path == ("expression",)


def test_missing_field_at_run_time() -> None:
    with pytest.raises(RuntimeConfigError) as info:
        run(MAP, {}, [1])
    assert info.value.message == 'Map transform "t1" requires an "expression"'


def test_map_and_filter_ten_thousand_items() -> None:
    items = [{"id": i, "price": i % 100} for i in range(10_000)]
    mapped = run(MAP, {"expression": "item.price * 2"}, items)
    assert len(mapped) == 10_000 and mapped[150] == 100
    kept = run(FILTER, {"condition": "item.price >= 50"}, items)
    assert len(kept) == 5_000 and kept[0] == {"id": 50, "price": 50}
    total = run(REDUCE, {"expression": "(acc, x) => acc + x.price", "initial": "0"}, items)
    assert total == sum(i % 100 for i in range(10_000))


def test_each_item_has_its_own_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # 200 items x ~200 steps each exceed one shared 20,000-step budget; per item they are fine.
    monkeypatch.setattr("runtimes.expressions.limits.MAX_EVAL_STEPS", 20_000)
    items = list(range(200))
    for expression in ("count(range(0, 50), y => y < item)", "x => count(range(0, 50), y => y < x)"):
        out = run(MAP, {"expression": expression}, items)
        assert out[:3] == [0, 1, 2] and out[-1] == 50
    with pytest.raises(ExpressionError, match="too many steps"):
        run(MAP, {"expression": "count(range(0, 30000), y => y < item)"}, [1])


# -- validate ----------------------------------------------------------------------------------------------------


def test_required_keys() -> None:
    assert [(i.code, i.message) for i in issues(MAP, {})] == [
        ("VALID_MISSING_REQUIRED_FIELD", 'Map transform "t1" requires an "expression"')
    ]
    assert [i.message for i in issues(FILTER, {"condition": "  "})] == ['Filter transform "t1" requires a "condition"']
    assert [i.message for i in issues(REDUCE, {}, None)] == ['Reduce transform "<transform>" requires an "expression"']
    assert [i.message for i in issues(TEMPLATE, {})] == ['Template transform "t1" requires a "template"']


def test_unknown_keys_with_alias_hints() -> None:
    found = issues(MAP, {"expression": "item", "reducer": "x"})
    assert [(i.code, i.target, i.path) for i in found] == [("VALID_UNKNOWN_FIELD", "key", ("reducer",))]
    assert found[0].message == 'Unknown setting "reducer" for transform:map node "t1"'
    assert 'Use "expression" instead of "reducer"' in found[0].hints
    found = issues(FILTER, {"predicate": "x"})
    assert 'Use "condition" instead of "predicate"' in found[0].hints
    found = issues(TEMPLATE, {"body": "x"})
    assert 'Use "template" instead of "body"' in found[0].hints


# (runtime, config, key, reason, span, hints)
PARSE_CASES: list[tuple[NodeRuntime, dict[str, ConfigValue], str, str, tuple[int, int], tuple[str, ...]]] = [
    (MAP, {"expression": "item +"}, "expression", 'Expected expression after "+"', (5, 6), ()),
    (MAP, {"expression": "  item b  "}, "expression", 'Unexpected token "b"', (7, 8), ()),
    (MAP, {"expression": "{{ item + }}"}, "expression", 'Expected expression after "+"', (8, 9), ()),
    (
        MAP,
        {"expression": "{{ item }} + 1"},
        "expression",
        'Unexpected token "{"',
        (1, 2),
        ("Bare fields are expressions; remove {{ }}",),
    ),
    (FILTER, {"condition": "typeof item"}, "condition", 'Unexpected token "item"', (7, 11), ("Write typeof(item)",)),
    (REDUCE, {"expression": "acc", "initial": "[1,,2]"}, "initial", 'Unexpected token ","', (3, 4), ()),
    (REDUCE, {"expression": "acc", "finalize": "a = 1"}, "finalize", "Assignment is not allowed", (2, 3), ()),
    (TEMPLATE, {"template": "x {{ a + }} y"}, "template", 'Expected expression after "+"', (9, 11), ()),
    (TEMPLATE, {"template": "x {{ a b }} y"}, "template", 'Unexpected token "b"', (7, 8), ()),
    (TEMPLATE, {"template": "x {{  }} y"}, "template", "Empty expression", (2, 8), ()),
    (TEMPLATE, {"template": "x {{ a"}, "template", "Unclosed {{", (2, 6), ()),
    (TEMPLATE, {"template": "{{ 'a }}"}, "template", "Unclosed {{", (0, 8), ()),
]


@pytest.mark.parametrize(("runtime", "config", "key", "reason", "span", "hints"), PARSE_CASES)
def test_parse_errors(
    runtime: NodeRuntime,
    config: dict[str, ConfigValue],
    key: str,
    reason: str,
    span: tuple[int, int],
    hints: tuple[str, ...],
) -> None:
    found = [i for i in issues(runtime, config) if i.code == "EXPR_PARSE_ERROR"]
    assert len(found) == 1
    issue = found[0]
    assert issue.message == f"Invalid expression syntax in t1.config.{key}: {reason}"
    assert (issue.path, issue.span, issue.hints, issue.severity) == ((key,), span, hints, "error")


def test_every_template_segment_is_checked() -> None:
    found = issues(TEMPLATE, {"template": "{{ a + }} and {{ b b }} and {{ ok }}"})
    assert [i.span for i in found] == [(7, 9), (19, 20)]


def test_valid_fields_have_no_issues() -> None:
    assert issues(MAP, {"expression": "x => x * 2"}) == []
    assert issues(FILTER, {"condition": "{{ item > 1 }}"}) == []
    assert issues(REDUCE, {"expression": "acc + item", "initial": "0", "finalize": "acc"}) == []
    assert issues(TEMPLATE, {"template": r"Hi {{ input.name }} \{{ not }}"}) == []


def test_non_text_value_is_reported_by_the_common_check_only() -> None:
    found = issues(MAP, {"expression": {"a": "b"}})
    assert [(i.code, i.message) for i in found] == [("RUNTIME_INVALID_CONFIG", '"expression" must be text')]


def test_execution_clock_reaches_the_built_ins(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    monkeypatch.setenv("TZ", "UTC")
    fixed = datetime(2024, 3, 5, 7, 8, 9, 12000, tzinfo=UTC)
    config: dict[str, ConfigValue] = {"expression": "now()"}
    state = ExecutionState(None, Path("."), Scope({}), {}, now=lambda: fixed)
    out = asyncio.run(MAP.execute(ExecutionParams(node(MAP, config), [1], config, state))).output
    assert out == ["2024-03-05T07:08:09.012+00:00"]
    template: dict[str, ConfigValue] = {"template": "{{ date() }}"}
    text = asyncio.run(TEMPLATE.execute(ExecutionParams(node(TEMPLATE, template), None, template, state))).output
    assert text == "2024-03-05"
