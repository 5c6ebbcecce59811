"""Property tests: on arbitrary input the template splitter never raises, the parser raises only ExprSyntaxError,
evaluation and rendering raise only ExpressionError, and the analysis never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runtimes.errors import ExpressionError
from runtimes.expressions.analysis import analyze_expression
from runtimes.expressions.errors import ExprSyntaxError
from runtimes.expressions.evaluator import Budget, EvalContext, evaluate
from runtimes.expressions.parser import parse_expression
from runtimes.expressions.render import render_text, render_value
from runtimes.expressions.scope import Scope
from runtimes.expressions.template import split_template

SCOPE = Scope(
    {
        "a": 1,
        "b": "two",
        "xs": [1, "2", None, [3]],
        "o": {"k": {"z": True}, "n": None},
        "input": {"items": [{"p": 1}, {"p": 2}]},
        "$config": {"out": "x"},
    }
)

TOKENS = [
    "a", "b", "xs", "o", "k", "z", "input", "items", "p", "$config", "this", "__proto__", "constructor",
    "true", "false", "null", "undefined", "0", "1", "2.5", "1e3", "-1", "'s'", '"t"', "''",
    "+", "-", "*", "/", "%", "**", "!", "<", ">", "<=", ">=", "==", "!=", "===", "!==", "&&", "||", "??",
    "?", ":", "?.", ".", ",", "...", "=>", "(", ")", "[", "]", "{", "}",
    "upper", "count", "max", "keys", "json_encode", "range", "repeat", "length", "merge", "find", "sort",
    "=", "|", "&", "~", ";", "#", "`", "\\", "'",
]  # fmt: skip

ALPHABET = "ab xyz019._$'\"\\`+-*/%!<>=&|?:,;()[]{}#@~\t\né😀"

token_soup = st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join)
glued_soup = st.lists(st.sampled_from(TOKENS), max_size=25).map("".join)
raw_text = st.text(alphabet=ALPHABET, max_size=60)
any_source = st.one_of(token_soup, glued_soup, raw_text, st.text(max_size=40))

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _small_budget() -> EvalContext:
    return EvalContext(Budget(max_steps=20_000, max_seconds=0.2))


@FUZZ
@given(any_source)
def test_parser_raises_only_syntax_errors(source: str) -> None:
    try:
        expr = parse_expression(source)
    except ExprSyntaxError as exc:
        assert 0 <= exc.start <= exc.end <= max(len(source), 1)
        assert exc.message
        return
    analyze_expression(expr)
    assert 0 <= expr.start <= expr.end <= len(source)


@FUZZ
@given(st.one_of(token_soup, glued_soup))
def test_evaluator_raises_only_expression_errors(source: str) -> None:
    try:
        expr = parse_expression(source)
    except ExprSyntaxError:
        return
    try:
        evaluate(expr, SCOPE, _small_budget())
    except ExpressionError as exc:
        assert exc.message


@FUZZ
@given(any_source)
def test_split_template_covers_the_input(template: str) -> None:
    segments = split_template(template)
    pos = 0
    for seg in segments:
        assert seg.start == pos
        assert seg.end > seg.start
        pos = seg.end
    assert pos == len(template)


@FUZZ
@given(st.lists(st.one_of(raw_text, token_soup.map(lambda s: "{{ " + s + " }}")), max_size=4).map("".join))
def test_rendering_raises_only_expression_errors(template: str) -> None:
    for render in (render_text, render_value):
        try:
            render(template, SCOPE, ctx=_small_budget())
        except ExpressionError as exc:
            assert exc.segment_range is not None
            start, end = exc.segment_range
            assert 0 <= start <= end <= len(template)


LEAVES = ["a", "b", "xs", "o", "input", "x", "1", "0", "-1", "2.5", "1e308", "'s'", "''", "true", "null", "undefined"]
BINARY = ["+", "-", "*", "/", "%", "**", "<", ">", "<=", ">=", "==", "!=", "===", "!==", "&&", "||", "??"]
NAMES = ["k", "z", "n", "items", "p", "length", "0", "constructor"]
FUNCTIONS = ["upper", "count", "max", "keys", "json_encode", "length", "merge", "find", "sort", "concat", "nope"]


def _expressions() -> st.SearchStrategy[str]:
    children = st.deferred(lambda: valid_expressions)
    items = st.lists(st.one_of(children, children.map(lambda c: "..." + c)), max_size=3).map(", ".join)
    return st.one_of(
        st.sampled_from(LEAVES),
        st.sampled_from(LEAVES),
        st.sampled_from(LEAVES),
        st.tuples(children, st.sampled_from(BINARY), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from("!-+"), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, st.sampled_from([".", "?."]), st.sampled_from(NAMES[:-2])).map(
            lambda t: f"({t[0]}){t[1]}{t[2]}"
        ),
        st.tuples(children, children).map(lambda t: f"({t[0]})[{t[1]}]"),
        items.map(lambda s: f"[{s}]"),
        st.tuples(st.sampled_from(FUNCTIONS), items).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
        st.tuples(children, children).map(lambda t: f"count({t[0]}, x => ({t[1]}))"),
        st.tuples(children, children).map(lambda t: f"{{k: {t[0]}, ...{t[1]}}}"),
    )


valid_expressions: st.SearchStrategy[str] = st.deferred(_expressions)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_expressions)
def test_generated_expressions_parse_and_evaluate_safely(source: str) -> None:
    expr = parse_expression(source)
    facts = analyze_expression(expr)
    assert all(0 <= v.start < v.end <= len(source) for v in facts.variables)
    try:
        evaluate(expr, SCOPE, _small_budget())
    except ExpressionError as exc:
        assert exc.message
