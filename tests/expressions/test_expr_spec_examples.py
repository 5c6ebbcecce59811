"""Every ``expr`` → ``result`` example of EXPRESSIONS.md (§6.2, §10, §12), evaluated as a whole expression.

The clock is fixed at 2024-03-05T07:08:09.012Z and the local zone is UTC, as the spec's examples assume. Results are
compared in the ``js`` form of test_expr_evaluator (JSON, plus ``NaN``/``Infinity``/``-0``/``undefined``).
Non-deterministic examples (``random()``, ``random_int``, ``uuid()``) are checked by shape in the built-in tests.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from test_expr_evaluator import js

from runtimes.errors import ExpressionError, RuntimeErrorCode
from runtimes.expressions.evaluator import EvalContext, evaluate
from runtimes.expressions.parser import parse_expression
from runtimes.expressions.render import render_text
from runtimes.expressions.scope import Scope

NOW = datetime(2024, 3, 5, 7, 8, 9, 12_000, tzinfo=UTC)


def run(source: str) -> Any:
    return evaluate(parse_expression(source), Scope({}), EvalContext(clock=lambda: NOW, tz=UTC))


SPEC_EXAMPLES = [
    ("[1] + [2]", '"12"'),
    ("null + 1", "1"),
    ("undefined + 1", "NaN"),
    ("'3' * '4'", "12"),
    ("'10' < '9'", "true"),
    ("10 < '9'", "false"),
    ("upper('abc')", '"ABC"'),
    ("lower('AbC')", '"abc"'),
    ("trim('  hi  ')", '"hi"'),
    ("replace('a-b-c', '-', '_')", '"a_b_c"'),
    ("split('a,b,c', ',')", '["a","b","c"]'),
    ("join(['a', null, 1], '-')", '"a--1"'),
    ("truncate('hello world', 8)", '"hello..."'),
    ("concat('a', 1, null, true)", '"a1true"'),
    ("includes('hello', 'ell')", "true"),
    ("starts_with('hello', 'he')", "true"),
    ("ends_with('hello', 'lo')", "true"),
    ("substring('FlowScript', 4, 0)", '"Flow"'),
    ("pad_start('7', 3, '0')", '"007"'),
    ("pad_end('ab', 4, '.')", '"ab.."'),
    ("repeat('ab', 3)", '"ababab"'),
    ("char_at('abc', 1)", '"b"'),
    ("len(12345)", "5"),
    ("len('héllo')", "5"),
    ("length([3, 1, 2])", "3"),
    ("first([3, 1, 2])", "3"),
    ("last([3, 1, 2])", "2"),
    ("slice([3, 1, 2], -2, -1)", "[1]"),
    ("flatten([[1, 2], [3, [4]]])", "[1,2,3,[4]]"),
    ("unique([1, 2, 1, '1'])", '[1,2,"1"]'),
    ("reverse([3, 1, 2])", "[2,1,3]"),
    ("contains([3, 1, 2], 2)", "true"),
    ("index_of([3, 1, 2], 9)", "-1"),
    ("sort(['b', 'a', 'C'])", '["C","a","b"]'),
    ("compact([1, null, 0, ''])", '[1,0,""]'),
    ("count([1, 5, 7], x => x > 2)", "2"),
    ("at([3, 1, 2], -1)", "2"),
    ("every([2, 4], x => x % 2 == 0)", "true"),
    ("some([1, 5], x => x > 4)", "true"),
    ("find([{n: 1}, {n: 2}], o => o.n > 1)", '{"n":2}'),
    ("take([3, 1, 2], 2)", "[3,1]"),
    ("skip([3, 1, 2], 2)", "[2]"),
    ("range(5, 0, -2)", "[5,3,1]"),
    ("array_concat([1], [2, 3], null, 4)", "[1,2,3,4]"),
    ("min(3, 1, 4)", "1"),
    ("max(3, '9', 4)", "4"),
    ("sum([1, '2', 'x', null])", "3"),
    ("avg([1, 2, 'x', 3])", "2"),
    ("round(-2.5)", "-2"),
    ("round(1.005, 2)", "1"),
    ("round(3.14159, 2)", "3.14"),
    ("floor('x')", "0"),
    ("floor(2.7)", "2"),
    ("ceil(2.1)", "3"),
    ("abs(-4)", "4"),
    ("sqrt(16)", "4"),
    ("sign(-3)", "-1"),
    ("trunc(-2.7)", "-2"),
    ("pow(2, 10)", "1024"),
    ("clamp(15, 0, 10)", "10"),
    ("mod(-7, 3)", "-1"),
    ("percent(1, 3)", "33.33"),
    ("now()", '"2024-03-05T07:08:09.012+00:00"'),
    ("date('dd.MM.yyyy')", '"05.03.2024"'),
    ("time('HH:mm')", '"07:08"'),
    ("parse_date('05/03/2024', 'dd/MM/yyyy')", '"2024-03-05T00:00:00.000+00:00"'),
    ("format_date('2024-03-05T07:08:09', 'yyyy-MM-dd HH:mm')", '"2024-03-05 07:08"'),
    ("add_time('2024-01-31T00:00:00', 'P1M')", '"2024-02-29T00:00:00.000+00:00"'),
    ("subtract_time('2024-03-01T00:00:00', {days: 1})", '"2024-02-29T00:00:00.000+00:00"'),
    ("diff('2024-03-10T12:00:00', '2024-03-08T00:00:00')", "2.5"),
    ("timestamp()", "1709622489012"),
    ("from_timestamp(0)", '"1970-01-01T00:00:00.000+00:00"'),
    ("start_of('2024-03-05T07:08:09', 'month')", '"2024-03-01T00:00:00.000+00:00"'),
    ("end_of('2024-03-05T07:08:09', 'day')", '"2024-03-05T23:59:59.999+00:00"'),
    ("get_part('2024-03-05', 'weekday')", "2"),
    ("is_before('2024-01-01', '2024-06-01')", "true"),
    ("is_after('2024-01-01', 'garbage')", "false"),
    ("duration('1h30m')", "5400000"),
    ("keys({a: 1, b: 2})", '["a","b"]'),
    ("values({a: 1, b: 2})", "[1,2]"),
    ("entries({a: 1})", '[["a",1]]'),
    ("from_entries([['a', 1]])", '{"a":1}'),
    ("get({a: {b: 2}}, 'a.b')", "2"),
    ("has({a: 1}, 'a')", "true"),
    ("merge({a: 1}, null, {b: 2})", '{"a":1,"b":2}'),
    ("pick({a: 1, b: 2}, ['a', 'z'])", '{"a":1}'),
    ("omit({a: 1, b: 2}, ['a'])", '{"b":2}'),
    ("size({a: 1, b: 2})", "2"),
    ("set({a: {c: 2}}, 'a.d', 3)", '{"a":{"c":2,"d":3}}'),
    ("delete({a: 1, b: 2}, 'a')", '{"b":2}'),
    ("equals([1, {a: 1}], [1, {a: 1}])", "true"),
    ("clone({a: [1]})", '{"a":[1]}'),
    ("typeof([1])", '"array"'),
    ("is_null(null)", "true"),
    ("is_array([])", "true"),
    ("is_object([1])", "false"),
    ("is_string('a')", "true"),
    ("is_number(0 / 0)", "false"),
    ("is_boolean(false)", "true"),
    ("is_empty(0)", "false"),
    ("to_string({a: 1})", '"{\\"a\\":1}"'),
    ("to_number('12px')", "0"),
    ("to_boolean('0')", "true"),
    ("to_array(5)", "[5]"),
    ("coalesce(null, 0, 1)", "0"),
    ("default(0, 'd')", "0"),
    ("if_else(0, 'a', 'b')", '"b"'),
    ("is_finite(1 / 0)", "false"),
    ("is_integer(2.0)", "true"),
    ("is_nan(0 / 0)", "true"),
    ("is_truthy('')", "false"),
    ("is_falsy([])", "false"),
    ("switch('b', {a: 1, b: 2}, 0)", "2"),
    ("json_encode({a: [1, 2]})", '"{\\"a\\":[1,2]}"'),
    ("json_decode('{\"a\":[1,2]}')", '{"a":[1,2]}'),
    ("base64_encode('hello')", '"aGVsbG8="'),
    ("base64_decode('aGVsbG8=')", '"hello"'),
    ("url_encode('a b&c/é')", '"a%20b%26c%2F%C3%A9"'),
    ("url_decode('a%20b')", '"a b"'),
    ("match('order-1234', '[0-9]+')", '"1234"'),
    ("test('abc', '^a')", "true"),
    ("match_all('a1b22c333', '[0-9]+')", '["1","22","333"]'),
    ("hash('abc')", "193409669"),
    ("hash('abc', 'md5')", '"900150983cd24fb0d6963f7d28e17f72"'),
    ("pretty([1], 0)", '"[1]"'),
]


@pytest.mark.parametrize(("source", "expected"), SPEC_EXAMPLES)
def test_spec_example(source: str, expected: str) -> None:
    assert js(run(source)) == expected


# Examples given in prose rather than as `expr` → `result`.
PROSE_EXAMPLES = [
    # §4.1: any other escape yields the character
    ("'\\u0041'", '"u0041"'),
    ("null?.5:1", "1"),
    ("true ? .5 : 1", "0.5"),
    # §4.3: prefix binds tighter than **; ?? and || mix left to right
    ("-2 ** 2", "4"),
    ("null ?? 0 || 5", "5"),
    ("(null ?? 0) || 5", "5"),
    ("0 || null ?? 3", "3"),
    # §5.2 truthiness
    ("!!'0'", "true"),
    ("!!'false'", "true"),
    ("!![]", "true"),
    ("!!{}", "true"),
    ("!!(0 / 0)", "false"),
    ("!!-0", "false"),
    # §5.3 StringToNumber
    ("+'1_000'", "NaN"),
    ("+'inf'", "NaN"),
    ("+'12px'", "NaN"),
    ("+'0x1F'", "31"),
    ("+'0o17'", "15"),
    ("+'0b101'", "5"),
    ("+'  -Infinity '", "-Infinity"),
    ("+''", "0"),
    # §5.3 ToPrimitive
    ("[1, null, undefined, 'a'] + ''", '"1,,,a"'),
    ("({}) + ''", '"[object Object]"'),
    # §6.1 property access
    ("[10, 20][1.0]", "20"),
    ("[10, 20]['01']", "undefined"),
    ("'héllo'.length", "5"),
    ("null.x", "undefined"),
    ("undefined?.x.y", "undefined"),
    ("[...'ab', ...null]", '["a","b"]'),
    ("{...[1, 2], ...'c', ...5}", '{"0":"c","1":2}'),
    ("{a: 1, b: 2, a: 3}", '{"a":3,"b":2}'),
    # §6.2 equality table
    ("'1' == 1", "true"),
    ("[1,2] == '1,2'", "true"),
    ("true == 1", "true"),
    ("null == 0", "false"),
    ("null == undefined", "true"),
    ("(0 / 0) === (0 / 0)", "false"),
    ("0 === -0", "true"),
    ("[1] === [1]", "false"),
    ("7 / 2", "3.5"),
    ("1 / 0", "Infinity"),
    ("0 / 0", "NaN"),
    ("-7 % 3", "-1"),
    ("5 % 0", "NaN"),
    ("(-8) ** (1 / 3)", "NaN"),
    ("1 ** (1 / 0)", "NaN"),
    ("2 ** 1024", "Infinity"),
    # §10 null/edge columns
    ("upper(null)", '""'),
    ("split(null, ',')", '[""]'),
    ("split('abc', '')", '["a","b","c"]'),
    ("join(null)", '""'),
    ("truncate('hello', 4, null)", '"hell"'),
    ("len(null)", "0"),
    ("length(null)", "0"),
    ("first([])", "undefined"),
    ("slice(null)", "[]"),
    ("contains(null, 1)", "false"),
    ("index_of(null, 1)", "-1"),
    ("sort([null, 2, undefined, 1])", "[1,2,null,null]"),
    ("sort([3, 1, 2], '', 'desc')", "[3,2,1]"),
    ("count(null)", "0"),
    ("every([], x => false)", "true"),
    ("some([], x => true)", "false"),
    ("find([1], x => x > 5)", "undefined"),
    ("min()", "Infinity"),
    ("max()", "-Infinity"),
    ("min(1, 0 / 0)", "NaN"),
    ("avg([])", "0"),
    ("round(1.005, 2)", "1"),
    ("sqrt(-1)", "NaN"),
    ("mod(7, 0)", "NaN"),
    ("percent(1, 0)", "0"),
    ("parse_date('garbage')", "null"),
    ("format_date('garbage', 'yyyy')", "null"),
    ("add_time('2024-01-31', '1h')", "null"),
    ("from_timestamp(1 / 0)", "null"),
    ("get_part('2024-03-05', 'bogus')", "undefined"),
    ("relative('2024-03-03T07:08:09.012')", '"2 days ago"'),
    ("relative('2024-03-05T08:08:09.012')", '"in 1 hour"'),
    ("duration(0)", "null"),
    ("keys(5)", "[]"),
    ("from_entries(null)", "{}"),
    ("get(null, 'a', 'd')", '"d"'),
    ("get({a: null}, 'a', 'd')", '"d"'),
    ("pick(null, ['a'])", "{}"),
    ("set(null, 'a.b', 1)", '{"a":{"b":1}}'),
    ("set({a: 1}, '', 2)", '{"a":1}'),
    ("delete(null, 'a')", "{}"),
    ("delete(0, 'a')", "0"),
    ("equals(1, '1')", "false"),
    ("typeof(null)", '"null"'),
    ("typeof(x => 1)", '"function"'),
    ("to_string(null)", '""'),
    ("to_array(null)", "[]"),
    ("switch('c', {a: 1})", "null"),
    ("json_encode(undefined)", "undefined"),
    ("json_decode('NaN')", "null"),
    ("json_decode('[1,]')", "null"),
    ("base64_decode('!!!')", "null"),
    ("url_decode('a+b')", '"a+b"'),
    ("url_decode('%zz')", '"%zz"'),
    ("match('abc', '(')", "null"),
    ("test('abc', '(')", "false"),
    ("match_all('abc', '(')", "[]"),
    ("hash('')", "5381"),
    ("hash('hello world')", "4173747013"),
    ("hash('é😀')", "193641233"),
    ("hash('abc', 'md4')", "0"),
    ("pretty(undefined)", "undefined"),
    # §11.1 durations
    ("duration('10')", "10"),
    ("duration('500ms')", "500"),
    ("duration('1.5s')", "1500"),
    ("duration('PT30S')", "30000"),
    ("duration('P1D')", "86400000"),
    ("duration('PT1.5S')", "1500"),
    ("duration('5 s')", "null"),
    ("duration('1e3')", "null"),
    ("duration('-5s')", "null"),
    ("duration('2M')", "null"),
    ("duration('1H')", "null"),
    ("duration('0s')", "null"),
    ("duration('PT0S')", "null"),
    ("duration('p1d')", "null"),
    ("duration('5sx')", "null"),
    ("duration('2m30')", "null"),
    ("duration('1m1h')", "null"),
    # §12.9
    ("truncate('abcdef', 2)", '"..."'),
    ("replace('a.b', '.', '$&')", '"a$&b"'),
]


@pytest.mark.parametrize(("source", "expected"), PROSE_EXAMPLES)
def test_prose_example(source: str, expected: str) -> None:
    assert js(run(source)) == expected


# §5.3 NumberToString, as rendered into a template (§5.4 ToTemplateString).
@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("1.0", "1"),
        ("1e21", "1e+21"),
        ("1e-7", "1e-7"),
        ("0.1 + 0.2", "0.30000000000000004"),
        ("1e16", "10000000000000000"),
        ("-0", "0"),
        ("0 / 0", "NaN"),
        ("-1 / 0", "-Infinity"),
        ("123e-20", "1.23e-18"),
        ("0.000001", "0.000001"),
        ("null", ""),
        ("undefined", ""),
        ("[1, 'a', null, undefined, 1 / 0]", '[1,"a",null,null,null]'),
        ("{a: undefined, b: [true], c: 'é\\n'}", '{"b":[true],"c":"é\\n"}'),
    ],
)
def test_template_rendering(source: str, text: str) -> None:
    assert render_text("{{ " + source + " }}", Scope({})) == text


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("range(0, 5, 0)", "range: step must not be 0"),
        ("range(0, 2000000)", "range: too many items (limit 1000000)"),
        ("repeat('ab', -1)", "repeat: count must be a non-negative finite number, got -1"),
        ("repeat('a', 10000001)", "repeat: result would exceed 10000000 characters"),
        ("join('abc')", "join: argument 1 must be an array"),
        ("every([1], 5)", "every: argument 2 must be a function"),
        ("diff('2024-01-01', '2024-01-02', 'fortnights')", "diff: unknown unit 'fortnights'"),
        ("start_of('2024-01-01', 'decade')", "start_of: unknown unit 'decade'"),
        ("from_entries([['a']])", "from_entries: item 0 is not a [key, value] pair"),
        ("[...5]", "Cannot spread a non-iterable value into an array"),
    ],
)
def test_spec_errors(source: str, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        run(source)
    assert info.value.code == RuntimeErrorCode.EXPR_EVAL_ERROR
    assert info.value.message == message


def test_cannot_render_a_function() -> None:
    with pytest.raises(ExpressionError) as info:
        render_text("a {{ x => 1 }}", Scope({}))
    assert info.value.code == RuntimeErrorCode.EXPR_EVAL_ERROR
    assert info.value.message == "Cannot render a function"
    assert info.value.segment_range == (2, 14)
