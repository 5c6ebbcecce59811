"""Rendering (EXPRESSIONS.md §2.2), bare fields (§3) and run-time error reporting (§6.4)."""

from __future__ import annotations

from typing import Any

import pytest

from runtimes.errors import ExpressionError, RuntimeErrorCode
from runtimes.expressions.render import evaluate_bare, prepare_bare, render_text, render_value
from runtimes.expressions.scope import Scope
from runtimes.expressions.values import UNDEFINED

SCOPE = Scope(
    {"input": {"name": "Ada", "n": 3, "tags": ["a", "b"], "nested": {"x": None}}, "$config": {"out": "build"}},
)


TEXT_CASES = [
    ("plain", "plain"),
    ("Hi {{ input.name }}!", "Hi Ada!"),
    ("{{ input.n }}", "3"),
    ("{{ input.n / 2 }}", "1.5"),
    ("{{ input.tags }}", '["a","b"]'),
    ("{{ input.nested }}", '{"x":null}'),
    ("[{{ input.missing }}]", "[]"),
    ("[{{ null }}]", "[]"),
    ("{{ true }}/{{ 1e21 }}", "true/1e+21"),
    (r"\{{ input.name }}", "{{ input.name }}"),
    ("{{ $config.out }}/x.json", "build/x.json"),
    ("a {{ 'x' + '}}' }} b", "a x}} b"),
    ("{{ {a: {b: 1}} }}", '{"a":{"b":1}}'),
    ("unclosed {{ input.name", "unclosed {{ input.name"),
    ("stray }} braces", "stray }} braces"),
]


@pytest.mark.parametrize(("template", "expected"), TEXT_CASES)
def test_render_text(template: str, expected: str) -> None:
    assert render_text(template, SCOPE) == expected


VALUE_CASES: list[tuple[str, Any]] = [
    ("{{ input.n }}", 3),
    ("  {{ input.tags }}\n", ["a", "b"]),
    ("{{ input.missing }}", UNDEFINED),
    ("{{ null }}", None),
    ("{{ input.n }} items", "3 items"),
    ("{{ input.n }}{{ input.n }}", "33"),
    ("literal", "literal"),
    ("42", "42"),
    (r"\{{ x }}", "{{ x }}"),
]


@pytest.mark.parametrize(("template", "expected"), VALUE_CASES)
def test_render_value(template: str, expected: Any) -> None:
    assert render_value(template, SCOPE) == expected


def test_template_evaluated_once_per_segment() -> None:
    calls: list[int] = []

    class Counting(dict[str, Any]):
        def get(self, key: str, default: Any = None) -> Any:
            calls.append(1)
            return super().get(key, default)

    scope = Scope({"o": Counting(a=1)})
    assert render_value("{{ o.a }}", scope) == 1
    assert render_text("{{ o.a }}-{{ o.a }}", scope) == "1-1"
    assert len(calls) == 3


BARE_CASES: list[tuple[str, Any]] = [
    ("input.n > 2", True),
    ("  input.name  ", "Ada"),
    ("{{ input.n }}", 3),
    ("  {{ input.tags }} ", ["a", "b"]),
]


@pytest.mark.parametrize(("expr", "expected"), BARE_CASES)
def test_evaluate_bare(expr: str, expected: Any) -> None:
    assert evaluate_bare(expr, SCOPE) == expected


def test_parse_error_message_and_range_in_template() -> None:
    with pytest.raises(ExpressionError) as info:
        render_text("ab {{ 1 + }} cd", SCOPE, label="n.config.template")
    err = info.value
    assert err.code == RuntimeErrorCode.EXPR_PARSE_ERROR
    assert err.message == 'Failed to parse expression: 1 + (Expected expression after "+" at column 3)'
    assert err.segment_range == (3, 12)
    assert err.expression == "1 +"
    assert err.label == "n.config.template"


def test_empty_expression_raises_at_run_time() -> None:
    with pytest.raises(ExpressionError) as info:
        render_text("a {{ }} b", SCOPE)
    assert info.value.code == RuntimeErrorCode.EXPR_PARSE_ERROR
    assert "Empty expression" in info.value.message
    assert info.value.segment_range == (2, 7)


def test_eval_error_carries_segment_range_and_expression() -> None:
    with pytest.raises(ExpressionError) as info:
        render_text("x {{ input.name }} {{ input.constructor }}", SCOPE, label="lbl")
    err = info.value
    assert err.code == RuntimeErrorCode.EXPR_BLOCKED_ACCESS
    assert err.segment_range == (19, 42)
    assert err.expression == "input.constructor"
    assert err.label == "lbl"


def test_cannot_render_a_function() -> None:
    with pytest.raises(ExpressionError) as info:
        render_text("f = {{ x => x }}", SCOPE)
    assert info.value.message == "Cannot render a function"
    assert info.value.segment_range == (4, 16)


def test_bare_parse_error_column_is_within_expression() -> None:
    with pytest.raises(ExpressionError) as info:
        evaluate_bare("  a b", SCOPE)
    assert info.value.message == 'Failed to parse expression: a b (Unexpected token "b" at column 3)'
    assert info.value.segment_range == (2, 5)


def test_prepared_whole_field_arrow_is_called() -> None:
    prepared = prepare_bare("(x, i) => x * 10 + i")
    assert prepared.is_arrow
    assert prepared.call(SCOPE, [2, 1]) == 21
    assert prepared.call(SCOPE, [2]) != prepared.call(SCOPE, [2])  # NaN: missing argument is undefined
    plain = prepare_bare("input.n")
    assert not plain.is_arrow
    assert plain.call(SCOPE, [1]) == 3


def test_parse_error_message_quotes_at_most_1000_characters() -> None:
    with pytest.raises(ExpressionError) as info:
        evaluate_bare("a" * 5000 + " b", SCOPE)
    assert info.value.message == f'Failed to parse expression: {"a" * 1000}… (Unexpected token "b" at column 5002)'
    assert info.value.expression == "a" * 5000 + " b"


def test_entry_points_accept_a_plain_mapping_as_scope() -> None:
    from runtimes.expressions.evaluator import evaluate
    from runtimes.expressions.parser import parse_expression
    from runtimes.expressions.render import evaluate_bare, prepare_bare, render_text, render_value

    names = {"x": 3, "xs": [1, 2]}
    assert render_text("x = {{ x }}", names) == "x = 3"
    assert render_value("{{ xs }}", names) == [1, 2]
    assert evaluate_bare("x * 2", names) == 6
    assert evaluate(parse_expression("count(xs, v => v > 1)"), names) == 1
    assert prepare_bare("(a, b) => a + b + x").call(names, [1, 2]) == 6
