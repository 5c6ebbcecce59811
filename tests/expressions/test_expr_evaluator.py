"""Evaluation semantics (EXPRESSIONS.md §5, §6, §7) through whole expressions."""

from __future__ import annotations

import math
import time
from typing import Any

import pytest

from runtimes.errors import ExpressionError, RuntimeErrorCode
from runtimes.expressions.evaluator import Budget, Closure, EvalContext, evaluate, is_blocked_name
from runtimes.expressions.parser import parse_expression
from runtimes.expressions.scope import Scope
from runtimes.expressions.values import UNDEFINED, json_encode

SCOPE = Scope(
    {
        "input": {"items": [{"name": "a", "price": 3}, {"name": "b", "price": 5}], "count": 2},
        "$config": {"out": "build", "n": 3},
        "s": "héllo",
        "xs": [3, 1, 2],
        "o": {"a": 1, "b": 2},
        "nul": None,
        "t": True,
        "e": "",
    },
)


def ev(source: str, scope: Scope = SCOPE) -> Any:
    return evaluate(parse_expression(source), scope)


def js(value: Any) -> str:
    """Compare results in JSON form, which also distinguishes 1 from true and keeps NaN/undefined visible."""
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, float) and math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, float) and value == 0 and math.copysign(1, value) < 0:
        return "-0"
    encoded = json_encode(value)
    assert isinstance(encoded, str)
    return encoded


CASES = [
    # literals and identifiers
    ("1", "1"),
    ("'a'", '"a"'),
    ("true", "true"),
    ("null", "null"),
    ("undefined", "undefined"),
    ("missing", "undefined"),
    ("$config.out", '"build"'),
    # arithmetic (§6.2)
    ("7 / 2", "3.5"),
    ("6 / 2", "3"),
    ("1 / 0", "Infinity"),
    ("-1 / 0", "-Infinity"),
    ("1 / -0", "-Infinity"),
    ("0 / 0", "NaN"),
    ("-0", "-0"),
    ("'3' * '4'", "12"),
    ("'a' * 2", "NaN"),
    ("10 - '4'", "6"),
    ("-7 % 3", "-1"),
    ("7 % -3", "1"),
    ("5.5 % 2", "1.5"),
    ("5 % 0", "NaN"),
    ("(1/0) % 2", "NaN"),
    ("5 % (1/0)", "5"),
    ("2 ** 10", "1024"),
    ("-2 ** 2", "4"),
    ("2 ** -1", "0.5"),
    ("2 ** 0.5", "1.4142135623730951"),
    ("(-8) ** (1/3)", "NaN"),
    ("1 ** (1/0)", "NaN"),
    ("(-1) ** (1/0)", "NaN"),
    ("2 ** (0/0)", "NaN"),
    ("(0/0) ** 0", "1"),
    ("10 ** 400", "Infinity"),
    ("(-10) ** 401", "-Infinity"),
    ("0 ** -1", "Infinity"),
    ("(-0) ** -1", "-Infinity"),
    ("(-0) ** -2", "Infinity"),
    ("0.1 + 0.2", "0.30000000000000004"),
    ("9007199254740992 + 2", "9007199254740994"),
    # + (§6.2)
    ("1 + 2", "3"),
    ("'a' + 1", '"a1"'),
    ("1 + '2'", '"12"'),
    ("[1] + [2]", '"12"'),
    ("[1, 2] + 3", '"1,23"'),
    ("{} + 1", '"[object Object]1"'),
    ("null + 1", "1"),
    ("undefined + 1", "NaN"),
    ("true + 1", "2"),
    ("'x' + null", '"xnull"'),
    ("'x' + undefined", '"xundefined"'),
    ("'n=' + 1.5", '"n=1.5"'),
    ("'' + 1e21", '"1e+21"'),
    ("'' + [null, undefined, 1]", '",,1"'),
    ("'' + 1e-7", '"1e-7"'),
    ("'' + 1e16", '"10000000000000000"'),
    ("'' + 123456789012345680000", '"123456789012345680000"'),
    ("'' + 0.000001", '"0.000001"'),
    ("'' + -1.5e-10", '"-1.5e-10"'),
    ("'' + (0/0)", '"NaN"'),
    ("'' + (-1/0)", '"-Infinity"'),
    ("'' + -0", '"0"'),
    ("'' + {}", '"[object Object]"'),
    ("'' + [[1, 2], [3]]", '"1,2,3"'),
    ("+'1_000'", "NaN"),
    ("+'inf'", "NaN"),
    ("+' -Infinity '", "-Infinity"),
    ("+'0b101'", "5"),
    ("+'0o17'", "15"),
    ("+'.5e1'", "5"),
    # unary
    ("!0", "true"),
    ("!'0'", "false"),
    ("![]", "false"),
    ("-'3'", "-3"),
    ("+'3'", "3"),
    ("+''", "0"),
    ("+'12px'", "NaN"),
    ("+' 0x1F '", "31"),
    ("+true", "1"),
    ("+null", "0"),
    ("+undefined", "NaN"),
    ("+[5]", "5"),
    ("+[1,2]", "NaN"),
    # comparison
    ("'10' < '9'", "true"),
    ("10 < '9'", "false"),
    ("'a' < 'b'", "true"),
    ("'B' < 'a'", "true"),
    ("null < 1", "true"),
    ("undefined < 1", "false"),
    ("(0/0) <= (0/0)", "false"),
    ("2 >= 2", "true"),
    ("[2] > 1", "true"),
    # equality
    ("1 === 1", "true"),
    ("1 === 1.0", "true"),
    ("'1' === 1", "false"),
    ("(0/0) === (0/0)", "false"),
    ("0 === -0", "true"),
    ("null === undefined", "false"),
    ("o === o", "true"),
    ("{} === {}", "false"),
    ("1 !== '1'", "true"),
    ("'1' == 1", "true"),
    ("[1,2] == '1,2'", "true"),
    ("true == 1", "true"),
    ("true == '1'", "true"),
    ("false == ''", "true"),
    ("null == 0", "false"),
    ("null == undefined", "true"),
    ("undefined == null", "true"),
    ("null == false", "false"),
    ("[] == ''", "true"),
    ("[] == []", "false"),
    ("'a' != 'b'", "true"),
    # logical (§6.1)
    ("0 || 'x'", '"x"'),
    ("1 && 'x'", '"x"'),
    ("'' && x.y.z", '""'),
    ("null ?? 'd'", '"d"'),
    ("0 ?? 'd'", "0"),
    ("'' ?? 'd'", '""'),
    ("undefined ?? null ?? 3", "3"),
    ("a ?? b || 'c'", '"c"'),
    ("t ? 'yes' : 'no'", '"yes"'),
    ("[] ? 1 : 2", "1"),
    ("'' ? 1 : 2", "2"),
    # members (§6.1)
    ("input.items[0].name", '"a"'),
    ("input.items[1]['price']", "5"),
    ("input.items[1.0].name", '"b"'),
    ("input.items['1'].name", '"b"'),
    ("input.items['01']", "undefined"),
    ("input.items[-1]", "undefined"),
    ("input.items[2]", "undefined"),
    ("input.items.length", "2"),
    ("input.items['length']", "2"),
    ("xs[true]", "undefined"),
    ("s.length", "5"),
    ("s[1]", '"é"'),
    ("s[9]", "undefined"),
    ("s.x", "undefined"),
    ("o.length", "undefined"),
    ("o['a']", "1"),
    ("o[1]", "undefined"),
    ("({1: 'one'})[1]", '"one"'),
    ("({1: 'one'})[1.0]", '"one"'),
    ("nul.x", "undefined"),
    ("nul.x.y.z", "undefined"),
    ("missing.x", "undefined"),
    ("missing?.x", "undefined"),
    ("input?.items?.[0]?.name", '"a"'),
    ("(1).x", "undefined"),
    ("t.length", "undefined"),
    # literals (§6.1)
    ("[1, ...xs, 4]", "[1,3,1,2,4]"),
    ("[...'héllo']", '["h","é","l","l","o"]'),
    ("[...null, ...undefined]", "[]"),
    ("{a: 1, b: 2, a: 3}", '{"a":3,"b":2}'),
    ("{...o, c: 3}", '{"a":1,"b":2,"c":3}'),
    ("{c: 3, ...o, a: 9}", '{"c":3,"a":9,"b":2}'),
    ("{...xs}", '{"0":3,"1":1,"2":2}'),
    ("{...'ab'}", '{"0":"a","1":"b"}'),
    ("{...null, ...1, ...true}", "{}"),
    ("{s}", '{"s":"héllo"}'),
    ("{'a b': 1, 2: 'x', 1.5: 'y'}", '{"a b":1,"2":"x","1.5":"y"}'),
    # calls
    ("upper('abc')", '"ABC"'),
    ("max(...xs)", "3"),
    ("max(...xs, 10)", "10"),
    ("count(input.items, x => x.price > 4)", "1"),
    ("count(input.items, (x, i) => i == 0)", "1"),
    ("find(input.items, x => x.name == 'b').price", "5"),
    ("some(xs, x => x > $config.n - 1)", "true"),
    ("every(xs, x => x > 0)", "true"),
    ("length(xs)", "3"),
    ("concat()", '""'),
    # arrows
    ("count(xs, x => xs.length == 3)", "3"),
    ("count(xs, xs => xs > 1)", "2"),
    ("count(xs, (a, b, c) => c === undefined)", "3"),
    ("count([[1, 2], [3]], p => some(p, q => q == p.length))", "1"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_evaluation(source: str, expected: str) -> None:
    assert js(ev(source)) == expected


def test_booleans_are_not_numbers() -> None:
    assert ev("1 === 1") is True
    assert ev("true + true") == 2
    assert type(ev("true + true")) is int


def test_arrow_value_is_a_closure() -> None:
    fn = ev("(a, b) => a + b + $config.n")
    assert isinstance(fn, Closure)
    assert fn.call([1, 2]) == 6
    assert js(fn.call([1])) == "NaN"
    shadow = ev("input => input")
    assert isinstance(shadow, Closure)
    assert shadow.call(["mine"]) == "mine"


ERRORS = [
    ("this", RuntimeErrorCode.EXPR_BLOCKED_ACCESS, "'this' is not allowed in expressions"),
    ("this.x", RuntimeErrorCode.EXPR_BLOCKED_ACCESS, "'this' is not allowed in expressions"),
    ("__proto__", RuntimeErrorCode.EXPR_BLOCKED_ACCESS, "Access to '__proto__' is not allowed for security reasons"),
    (
        "o.constructor",
        RuntimeErrorCode.EXPR_BLOCKED_ACCESS,
        "Access to 'constructor' is not allowed for security reasons",
    ),
    ("o.prototype", RuntimeErrorCode.EXPR_BLOCKED_ACCESS, "Access to 'prototype' is not allowed for security reasons"),
    (
        "o['__class__']",
        RuntimeErrorCode.EXPR_BLOCKED_ACCESS,
        "Access to '__class__' is not allowed for security reasons",
    ),
    (
        "o['__' + 'init__']",
        RuntimeErrorCode.EXPR_BLOCKED_ACCESS,
        "Access to '__init__' is not allowed for security reasons",
    ),
    (
        "nul.constructor",
        RuntimeErrorCode.EXPR_BLOCKED_ACCESS,
        "Access to 'constructor' is not allowed for security reasons",
    ),
    ("s?.__len__", RuntimeErrorCode.EXPR_BLOCKED_ACCESS, "Access to '__len__' is not allowed for security reasons"),
    (
        "{__proto__: 1}",
        RuntimeErrorCode.EXPR_BLOCKED_ACCESS,
        "Access to '__proto__' is not allowed for security reasons",
    ),
    (
        "{'constructor': 1}",
        RuntimeErrorCode.EXPR_BLOCKED_ACCESS,
        "Access to 'constructor' is not allowed for security reasons",
    ),
    ("nope(1)", RuntimeErrorCode.EXPR_UNDEFINED_FUNCTION, "Function 'nope' is not defined or not allowed"),
    ("add(1, 2)", RuntimeErrorCode.EXPR_UNDEFINED_FUNCTION, "Function 'add' is not defined or not allowed"),
    (
        "s.toUpperCase()",
        RuntimeErrorCode.EXPR_UNDEFINED_FUNCTION,
        "Only direct function calls are allowed (e.g., fn(x), not obj.method(x))",
    ),
    (
        "upper('a')('b')",
        RuntimeErrorCode.EXPR_UNDEFINED_FUNCTION,
        "Only direct function calls are allowed (e.g., fn(x), not obj.method(x))",
    ),
    (
        "(x => x)(1)",
        RuntimeErrorCode.EXPR_UNDEFINED_FUNCTION,
        "Only direct function calls are allowed (e.g., fn(x), not obj.method(x))",
    ),
    ("count(xs, f => f(1))", RuntimeErrorCode.EXPR_UNDEFINED_FUNCTION, "Function 'f' is not defined or not allowed"),
    ("[...1]", RuntimeErrorCode.EXPR_EVAL_ERROR, "Cannot spread a non-iterable value into an array"),
    ("[...o]", RuntimeErrorCode.EXPR_EVAL_ERROR, "Cannot spread a non-iterable value into an array"),
    ("max(...5)", RuntimeErrorCode.EXPR_EVAL_ERROR, "Cannot spread a non-iterable value into an array"),
]


@pytest.mark.parametrize(("source", "code", "message"), ERRORS)
def test_errors(source: str, code: RuntimeErrorCode, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        ev(source)
    assert info.value.code == code
    assert info.value.message == message


def test_short_circuit_skips_errors() -> None:
    assert ev("false && nope(1)") is False
    assert ev("true || this") is True
    assert ev("1 ?? o.constructor") == 1
    assert ev("t ? 1 : this") == 1


def test_arguments_evaluated_left_to_right_before_the_call() -> None:
    with pytest.raises(ExpressionError) as info:
        ev("upper(this, nope(1))")
    assert info.value.code == RuntimeErrorCode.EXPR_BLOCKED_ACCESS


@pytest.mark.parametrize(
    "name", ["__proto__", "constructor", "prototype", "__init__", "__x__", "____", "__class__", "__globals__"]
)
def test_blocked_names(name: str) -> None:
    assert is_blocked_name(name)


@pytest.mark.parametrize("name", ["__", "___", "__a", "a__", "proto", "_x_", "__a_", "Constructor"])
def test_allowed_names(name: str) -> None:
    assert not is_blocked_name(name)


def test_never_python_attribute_access() -> None:
    class Sneaky:
        secret = "leak"

    scope = Scope({"obj": Sneaky(), "f": len})
    assert ev("obj.secret", scope) is UNDEFINED
    assert ev("f.name", scope) is UNDEFINED
    assert ev("f.length", scope) is UNDEFINED
    assert ev("obj.length", scope) is UNDEFINED


# -- resource limits ----------------------------------------------------------------------------------------------


def _fails_fast(source: str, scope: Scope = SCOPE) -> ExpressionError:
    started = time.monotonic()
    with pytest.raises(ExpressionError) as info:
        ev(source, scope)
    assert time.monotonic() - started < 5.0  # generous: shared CI machines; the benchmark measures the real figure
    assert info.value.code == RuntimeErrorCode.EXPR_EVAL_ERROR
    return info.value


def test_exponential_string_growth_is_capped() -> None:
    err = _fails_fast("repeat('x', 6000000) + repeat('y', 6000000)")
    assert "longer than 10,000,000 characters" in err.message


BIG = Scope({"big": list(range(600_000)), "text": "x" * 600_000})


def test_huge_spread_is_capped() -> None:
    for source in ("[...big, ...big]", "[...text, ...big]", "{...big, ...text}", "max(...big, ...big)"):
        err = _fails_fast(source, BIG)
        assert err.message == "Evaluation failed: collection has more than 1,000,000 items"
    assert len(ev("[...big, ...text[0]]", BIG)) == 600_001


def test_step_budget_stops_runaway_work() -> None:
    expr = parse_expression("count(range(0, 10000), x => count(range(0, 1000), y => y > x))")
    started = time.monotonic()
    with pytest.raises(ExpressionError) as info:
        evaluate(expr, SCOPE, EvalContext(Budget(max_steps=200_000, max_seconds=10)))
    assert time.monotonic() - started < 5.0  # generous: shared CI machines; the benchmark measures the real figure
    assert "too many steps" in info.value.message


def test_time_budget_stops_runaway_work() -> None:
    expr = parse_expression("count(range(0, 10000), x => count(range(0, 1000), y => y > x))")
    started = time.monotonic()
    with pytest.raises(ExpressionError) as info:
        evaluate(expr, SCOPE, EvalContext(Budget(max_steps=10**12, max_seconds=0.2)))
    assert time.monotonic() - started < 5.0
    assert "too long" in info.value.message


def test_default_budget_bounds_adversarial_expression() -> None:
    err = _fails_fast("count(range(0, 100000), x => count(range(0, 100000), y => y > x))")
    assert err.message.startswith("Evaluation failed:")


def test_long_flat_chains_evaluate_without_recursion() -> None:
    assert ev(" + ".join(["1"] * 5000)) == 5000
    assert ev("o" + ".a" * 5000) is UNDEFINED
    assert ev(" && ".join(["t"] * 5000)) is True


def test_deep_but_legal_nesting_evaluates_or_fails_cleanly() -> None:
    # 100 levels of brackets, each with every precedence level: either a value or a clean error, never a crash.
    inner = "1"
    for _ in range(50):
        inner = f"(t || t && 1 == 1 < 2 + 3 * 2 ** ({inner}))"
    try:
        value = ev(inner)
    except ExpressionError as exc:
        assert exc.code == RuntimeErrorCode.EXPR_EVAL_ERROR
    else:
        assert value is True


def test_step_budget_is_exact() -> None:
    expr = parse_expression("[1, 2, 3]")  # four nodes: the array and three literals
    assert evaluate(expr, SCOPE, EvalContext(Budget(max_steps=5))) == [1, 2, 3]
    with pytest.raises(ExpressionError, match="too many steps"):
        evaluate(expr, SCOPE, EvalContext(Budget(max_steps=3)))
