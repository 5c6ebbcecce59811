"""Lexer and parser (EXPRESSIONS.md §4): tokens, grammar, precedence, rejected syntax with exact ranges, limits."""

from __future__ import annotations

import sys

import pytest

from runtimes.expressions import ast as ex
from runtimes.expressions.errors import ExprSyntaxError
from runtimes.expressions.lexer import tokenize
from runtimes.expressions.parser import parse_expression, parse_expression_cached
from runtimes.expressions.values import UNDEFINED


def show(node: ex.Expr | ex.Spread) -> str:
    """A fully parenthesised rendering of the tree (precedence and associativity made visible)."""
    if isinstance(node, ex.Literal):
        v = node.value
        if isinstance(v, str):
            return repr(v)
        if v is UNDEFINED:
            return "undefined"
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "true" if v else "false"
        return repr(v)
    if isinstance(node, ex.Identifier):
        return node.name
    if isinstance(node, ex.This):
        return "this"
    if isinstance(node, ex.Member):
        return f"{show(node.object)}{'?.' if node.optional else '.'}{node.name}"
    if isinstance(node, ex.Index):
        return f"{show(node.object)}{'?.' if node.optional else ''}[{show(node.index)}]"
    if isinstance(node, ex.Call):
        return f"{show(node.callee)}({', '.join(show(a) for a in node.args)})"
    if isinstance(node, ex.Spread):
        return f"...{show(node.argument)}"
    if isinstance(node, ex.Unary):
        return f"({node.op}{show(node.operand)})"
    if isinstance(node, ex.Binary):
        return f"({show(node.left)} {node.op} {show(node.right)})"
    if isinstance(node, ex.Conditional):
        return f"({show(node.test)} ? {show(node.consequent)} : {show(node.alternate)})"
    if isinstance(node, ex.Arrow):
        return f"(({', '.join(p.name for p in node.params)}) => {show(node.body)})"
    if isinstance(node, ex.ArrayLit):
        return f"[{', '.join(show(e) for e in node.elements)}]"
    assert isinstance(node, ex.ObjectLit)
    parts = [show(p) if isinstance(p, ex.Spread) else f"{p.key}: {show(p.value)}" for p in node.props]
    return "{" + ", ".join(parts) + "}"


PRECEDENCE = [
    ("a + b * c", "(a + (b * c))"),
    ("a * b + c", "((a * b) + c)"),
    ("a - b - c", "((a - b) - c)"),
    ("a / b % c", "((a / b) % c)"),
    ("2 ** 3 ** 2", "(2 ** (3 ** 2))"),
    ("-2 ** 2", "((-2) ** 2)"),
    ("2 ** -1", "(2 ** (-1))"),
    ("a * b ** c", "(a * (b ** c))"),
    ("!a && b", "((!a) && b)"),
    ("- - a", "(-(-a))"),
    ("!!a", "(!(!a))"),
    ("a < b == c > d", "((a < b) == (c > d))"),
    ("a == b != c === d !== e", "((((a == b) != c) === d) !== e)"),
    ("a && b || c", "((a && b) || c)"),
    ("a || b && c", "(a || (b && c))"),
    ("a ?? b || c", "((a ?? b) || c)"),
    ("a || b ?? c", "((a || b) ?? c)"),
    ("a ? b : c ? d : e", "(a ? b : (c ? d : e))"),
    ("a ? b ? c : d : e", "(a ? (b ? c : d) : e)"),
    ("a || b ? c : d", "((a || b) ? c : d)"),
    ("x => x + 1", "((x) => (x + 1))"),
    ("(a, b) => a * b", "((a, b) => (a * b))"),
    ("() => 1", "(() => 1)"),
    ("x => y => x + y", "((x) => ((y) => (x + y)))"),
    ("a ? x => 1 : y => 2", "(a ? ((x) => 1) : ((y) => 2))"),
    ("count(xs, x => x > 1)", "count(xs, ((x) => (x > 1)))"),
    ("(a)", "a"),
    ("(a + b) * c", "((a + b) * c)"),
    ("a.b.c", "a.b.c"),
    ("a?.b?.[c]", "a?.b?.[c]"),
    ("a[0].b(1)(2)", "a[0].b(1)(2)"),
    ("-a.b", "(-a.b)"),
    ("f(...xs, 1)", "f(...xs, 1)"),
    ("[1, ...a, 2,]", "[1, ...a, 2]"),
    ("[]", "[]"),
    ("{}", "{}"),
    ("{a, b: 1, 'c d': 2, 3: x, ...o,}", "{a: a, b: 1, c d: 2, 3: x, ...o}"),
    ("{1.50: x, 1e3: y}", "{1.5: x, 1000: y}"),
    ("{true: 1, if: 2}", "{true: 1, if: 2}"),
    ("a.true.null.this", "a.true.null.this"),
    ("typeof(x)", "typeof(x)"),
    ("delete(o, 'k')", "delete(o, 'k')"),
    ("a?.5:1", "(a ? 0.5 : 1)"),
    ("true", "true"),
    ("undefined", "undefined"),
    ("null", "null"),
    ("this", "this"),
    ("$config.out", "$config.out"),
    ("_x$1", "_x$1"),
    ("héllo", "héllo"),
    ("a\n+\tb", "(a + b)"),
]


@pytest.mark.parametrize(("source", "expected"), PRECEDENCE)
def test_precedence_and_grammar(source: str, expected: str) -> None:
    assert show(parse_expression(source)) == expected


NUMBERS = [
    ("0", 0),
    ("42", 42),
    ("1.5", 1.5),
    ("1.", 1),
    (".5", 0.5),
    ("1e3", 1000),
    ("1E-2", 0.01),
    ("2.5e+2", 250),
    ("1e400", float("inf")),
]


@pytest.mark.parametrize(("source", "value"), NUMBERS)
def test_numbers(source: str, value: float) -> None:
    node = parse_expression(source)
    assert isinstance(node, ex.Literal)
    assert node.value == value
    assert type(node.value) is not bool


STRINGS = [
    ("'abc'", "abc"),
    ('"abc"', "abc"),
    (r"'a\nb'", "a\nb"),
    (r"'\r\t\b\f\v'", "\r\t\b\f\v"),
    (r"'\\'", "\\"),
    (r"'\''", "'"),
    (r'"\""', '"'),
    (r"'\u0041'", "u0041"),
    (r"'\x'", "x"),
    ("'a\"b'", 'a"b'),
    ("''", ""),
]


@pytest.mark.parametrize(("source", "value"), STRINGS)
def test_strings(source: str, value: str) -> None:
    node = parse_expression(source)
    assert isinstance(node, ex.Literal)
    assert node.value == value


# (source, message, start, end)
REJECTED = [
    ("a = 1", "Assignment is not allowed", 2, 3),
    ("a += 1", "Assignment is not allowed", 2, 4),
    ("a -= 1", "Assignment is not allowed", 2, 4),
    ("a **= 2", "Assignment is not allowed", 2, 5),
    ("a ??= 2", "Assignment is not allowed", 2, 5),
    ("a >>>= 2", "Assignment is not allowed", 2, 6),
    ("a | b", 'Bitwise operator "|" is not supported', 2, 3),
    ("a & b", 'Bitwise operator "&" is not supported', 2, 3),
    ("a ^ b", 'Bitwise operator "^" is not supported', 2, 3),
    ("~a", 'Bitwise operator "~" is not supported', 0, 1),
    ("a << 1", 'Bitwise operator "<<" is not supported', 2, 4),
    ("a >> 1", 'Bitwise operator ">>" is not supported', 2, 4),
    ("a >>> 1", 'Bitwise operator ">>>" is not supported', 2, 5),
    ("`x`", "Template literals are not supported", 0, 1),
    ("a `x`", "Template literals are not supported", 2, 3),
    ("a b", 'Unexpected token "b"', 2, 3),
    ("a, b", 'Unexpected token ","', 1, 2),
    ("a; b", 'Unexpected token ";"', 1, 2),
    ("typeof x", 'Unexpected token "x"', 7, 8),
    ("new X()", 'Unexpected token "X"', 4, 5),
    ("x in y", 'Unexpected token "in"', 2, 4),
    ("[a, , b]", 'Unexpected token ","', 4, 5),
    ("[,]", 'Unexpected token ","', 1, 2),
    ("f(a,)", 'Unexpected token ")"', 4, 5),
    ("f(,)", 'Unexpected token ","', 2, 3),
    ("f?.(x)", "Optional call is not supported", 1, 3),
    ("x => { a: 1 }", "Arrow function body must be an expression; wrap an object literal in parentheses", 5, 6),
    ("(x) => {}", "Arrow function body must be an expression; wrap an object literal in parentheses", 7, 8),
    ("a +", 'Expected expression after "+"', 2, 3),
    ("a + ", 'Expected expression after "+"', 2, 3),
    ("a * / b", 'Expected expression after "*"', 4, 5),
    ("!", 'Expected expression after "!"', 0, 1),
    ("a ? b :", 'Expected expression after ":"', 6, 7),
    ("x =>", 'Expected expression after "=>"', 3, 4),
    ("[...]", 'Expected expression after "..."', 4, 5),
    ("a.", 'Expected expression after "."', 1, 2),
    ("a.1", 'Unexpected token ".1"', 1, 3),
    ("(a", 'Expected ")"', 1, 2),
    ("(a b)", 'Expected ")"', 3, 4),
    ("f(a b)", 'Expected ")"', 4, 5),
    ("f(a", 'Expected ")"', 2, 3),
    ("f(", 'Expected ")"', 1, 2),
    ("f(a,", 'Expected expression after ","', 3, 4),
    ("[", 'Expected "]"', 0, 1),
    ("[1,", 'Expected "]"', 2, 3),
    ("{", 'Expected "}"', 0, 1),
    ("{a: 1,", 'Expected "}"', 5, 6),
    ("(", 'Expected expression after "("', 0, 1),
    ("a[1", 'Expected "]"', 2, 3),
    ("[1 2]", 'Expected "]"', 3, 4),
    ("{a: 1", 'Expected "}"', 4, 5),
    ("{a: 1 b: 2}", 'Expected "}"', 6, 7),
    ("{a 1}", 'Expected ":"', 3, 4),
    ("{'a'}", 'Expected ":"', 4, 5),
    ("{true}", 'Expected ":"', 5, 6),
    ("a ? b", 'Expected ":"', 4, 5),
    ("a ? b c", 'Expected ":"', 6, 7),
    ("'abc", "Unclosed string literal", 0, 4),
    ('x + "ab', "Unclosed string literal", 4, 7),
    ("#", 'Unexpected character "#"', 0, 1),
    ("a @ b", 'Unexpected character "@"', 2, 3),
    ("a \\ b", 'Unexpected character "\\"', 2, 3),
    ("1px", "Invalid number", 0, 3),
    ("1.5e3x", "Invalid number", 0, 6),
    ("0x10", "Invalid number", 0, 4),
    ("1_000", "Invalid number", 0, 5),
    ("(a, a) => 1", "Duplicate parameter", 4, 5),
    ("(a, 1) => 1", "Invalid arrow function parameter", 4, 5),
    ("(a b) => 1", "Invalid arrow function parameter", 3, 4),
    ("(a,) => 1", "Invalid arrow function parameter", 2, 3),
    ("(true) => 1", "Invalid arrow function parameter", 1, 5),
    ("null => 1", "Invalid arrow function parameter", 0, 4),
    ("a => 1 => 2", 'Unexpected token "=>"', 7, 9),
    ("a + b => 1", 'Unexpected token "=>"', 6, 8),
    (")", 'Unexpected token ")"', 0, 1),
    ("", "Empty expression", 0, 0),
    ("   ", "Empty expression", 0, 3),
]


@pytest.mark.parametrize(("source", "message", "start", "end"), REJECTED)
def test_rejected_syntax(source: str, message: str, start: int, end: int) -> None:
    with pytest.raises(ExprSyntaxError) as info:
        parse_expression(source)
    assert (info.value.message, info.value.start, info.value.end) == (message, start, end)


def test_end_of_input_points_at_last_character_and_is_flagged() -> None:
    with pytest.raises(ExprSyntaxError) as info:
        parse_expression("f(a, b  ")
    assert (info.value.start, info.value.end, info.value.at_end) == (5, 6, True)
    with pytest.raises(ExprSyntaxError) as info:
        parse_expression("a b")
    assert not info.value.at_end


def test_typeof_hint() -> None:
    with pytest.raises(ExprSyntaxError) as info:
        parse_expression("typeof x")
    assert info.value.hint == "Write typeof(x)"


def test_first_error_in_source_order() -> None:
    with pytest.raises(ExprSyntaxError) as info:
        parse_expression("a b = c")
    assert info.value.message == 'Unexpected token "b"'


@pytest.mark.parametrize(
    ("open_", "close"),
    [("(", ")"), ("[", "]"), ("f(", ")"), ("-", ""), ("!", ""), ("a[", "]"), ("{k: ", "}"), ("x => ", "")],
)
def test_nesting_limit(open_: str, close: str) -> None:
    ok = open_ * 100 + "1" + close * 100
    parse_expression(ok)
    too_deep = open_ * 101 + "1" + close * 101
    with pytest.raises(ExprSyntaxError) as info:
        parse_expression(too_deep)
    assert info.value.message == "Expression is nested too deeply"


def test_nesting_limit_power_chain_and_conditionals() -> None:
    parse_expression("a" + " ** a" * 100)
    with pytest.raises(ExprSyntaxError, match="nested too deeply"):
        parse_expression("a" + " ** a" * 101)
    with pytest.raises(ExprSyntaxError, match="nested too deeply"):
        parse_expression("a ? b : " * 101 + "c")


def test_long_flat_chains_parse_without_recursion() -> None:
    node = parse_expression(" + ".join(["a"] * 5000))
    assert isinstance(node, ex.Binary)
    node = parse_expression("a" + ".b" * 5000)
    assert isinstance(node, ex.Member)
    node = parse_expression("[" + ", ".join(["1"] * 5000) + "]")
    assert isinstance(node, ex.ArrayLit)


def test_adversarial_nesting_never_recursion_error() -> None:
    for source in (
        "(" * 20_000,
        "[" * 20_000,
        "-" * 20_000 + "a",
        "a ? " * 5_000,
        "x => " * 5_000,
        "{a:" * 5_000,
    ):
        with pytest.raises(ExprSyntaxError) as info:
            parse_expression(source)
        assert info.value.message == "Expression is nested too deeply"


def test_too_long_expression_is_rejected_before_lexing() -> None:
    source = "'" + "x" * 100_000 + "'"
    for parse in (parse_expression, parse_expression_cached):
        with pytest.raises(ExprSyntaxError) as info:
            parse(source)
        assert info.value.message == "Expression is too long (more than 100,000 characters)"
        assert (info.value.start, info.value.end) == (0, len(source))


def test_ranges_on_nodes() -> None:
    node = parse_expression("  foo.bar[0] + f(x, ...y)")
    assert isinstance(node, ex.Binary)
    left, right = node.left, node.right
    assert (left.start, left.end) == (2, 12)
    assert isinstance(left, ex.Index) and isinstance(left.object, ex.Member)
    assert (left.object.name_start, left.object.name_end) == (6, 9)
    assert isinstance(right, ex.Call)
    assert (right.start, right.open_start, right.end) == (15, 16, 25)
    spread = right.args[1]
    assert isinstance(spread, ex.Spread) and (spread.start, spread.end) == (20, 24)


def test_arrow_ranges_and_params() -> None:
    node = parse_expression("(a, b) => a")
    assert isinstance(node, ex.Arrow)
    assert (node.start, node.end) == (0, 11)
    assert [(p.name, p.start, p.end) for p in node.params] == [("a", 1, 2), ("b", 4, 5)]


def test_parenthesised_non_arrow_with_arrow_later() -> None:
    assert show(parse_expression("(a) + (b => b)")) == "(a + ((b) => b))"
    assert show(parse_expression("f((a), (b) => b)")) == "f(a, ((b) => b))"


def test_question_dot_before_digit_is_conditional() -> None:
    tokens = [t.kind for t in tokenize("a?.5:1")]
    assert tokens == ["name", "?", "num", ":", "num", "eof"]


def test_lexer_never_raises_and_ends_with_one_terminal() -> None:
    tokens = tokenize("a + 'unterminated")
    assert tokens[-1].kind == "error"
    assert tokens[-1].value == "Unclosed string literal"
    assert tokenize("a")[-1].kind == "eof"


def test_cached_parse_returns_same_tree_and_raises_fresh_errors() -> None:
    assert parse_expression_cached("a + b") is parse_expression_cached("a + b")
    for _ in range(2):
        with pytest.raises(ExprSyntaxError) as info:
            parse_expression_cached("a +")
        assert info.value.message == 'Expected expression after "+"'


def test_deep_caller_stack_gives_nesting_error_not_recursion_error() -> None:
    def nest(levels: int) -> None:
        if levels:
            nest(levels - 1)
            return
        with pytest.raises(ExprSyntaxError) as info:
            parse_expression("(" * 100 + "1" + ")" * 100)
        assert info.value.message == "Expression is nested too deeply"

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(400)
    try:
        nest(150)
    finally:
        sys.setrecursionlimit(limit)
