"""Template segmentation (EXPRESSIONS.md §2.1) and bare-field unwrapping (§3)."""

from __future__ import annotations

import random

import pytest

from runtimes.expressions.template import is_template, split_template, unwrap_bare

# (template, [(kind, start, end, text), ...])
SEGMENT_CASES = [
    ("plain text", [("text", 0, 10, "plain text")]),
    ("", []),
    ("{{ a }}", [("expr", 0, 7, "a")]),
    ("Hi {{ user.name }}!", [("text", 0, 3, "Hi "), ("expr", 3, 18, "user.name"), ("text", 18, 19, "!")]),
    ("{{a}}{{b}}", [("expr", 0, 5, "a"), ("expr", 5, 10, "b")]),
    (r"\{{x}}", [("escape", 0, 3, "{{"), ("text", 3, 6, "x}}")]),
    (r"a\{{b", [("text", 0, 1, "a"), ("escape", 1, 4, "{{"), ("text", 4, 5, "b")]),
    ("\\\\{{ a }}", [("text", 0, 1, "\\"), ("escape", 1, 4, "{{"), ("text", 4, 9, " a }}")]),
    ("{{ merge(a, {b: {c: 1}}) }}", [("expr", 0, 27, "merge(a, {b: {c: 1}})")]),
    ("{{ '}}' + x }}", [("expr", 0, 14, "'}}' + x")]),
    ('{{ "a\\"}}" }}', [("expr", 0, 13, '"a\\"}}"')]),
    ("{{ a", [("unclosed", 0, 4, "{{ a")]),
    ("x {{ 'abc }} y", [("text", 0, 2, "x "), ("unclosed", 2, 14, "{{ 'abc }} y")]),
    ("{{}}", [("expr", 0, 4, "")]),
    ("{{   }}", [("expr", 0, 7, "")]),
    ("a }} b", [("text", 0, 6, "a }} b")]),
    ("{{ {a: 1} }}", [("expr", 0, 12, "{a: 1}")]),
    ("{{ {a: 1}}}", [("expr", 0, 11, "{a: 1}")]),
    ("{{{a: 1}}}", [("expr", 0, 10, "{a: 1}")]),
    ("{{ a }} {{ b", [("expr", 0, 7, "a"), ("text", 7, 8, " "), ("unclosed", 8, 12, "{{ b")]),
    ("é{{ x }}é", [("text", 0, 1, "é"), ("expr", 1, 8, "x"), ("text", 8, 9, "é")]),
]


@pytest.mark.parametrize(("template", "expected"), SEGMENT_CASES)
def test_split_template(template: str, expected: list[tuple[str, int, int, str]]) -> None:
    got = [(s.kind, s.start, s.end, s.text) for s in split_template(template)]
    assert got == expected


def test_expression_start_maps_to_host() -> None:
    template = "ab {{   x + 1  }} cd"
    (_, seg, _) = split_template(template)
    assert seg.kind == "expr"
    assert template[seg.expr_start : seg.expr_end] == "x + 1"


def test_is_template() -> None:
    assert is_template("a {{ b }}")
    assert not is_template("a { b }")


@pytest.mark.parametrize(
    ("value", "expression", "start", "redundant", "has_braces"),
    [
        ("  a > 1 ", "a > 1", 2, False, False),
        ("{{ a > 1 }}", "a > 1", 3, True, True),
        ("  {{a}}  ", "a", 4, True, True),
        ("{{ a }} > 1", "{{ a }} > 1", 0, False, True),
        ("{{}}", "{{}}", 0, False, True),
        ("", "", 0, False, False),
    ],
)
def test_unwrap_bare(value: str, expression: str, start: int, redundant: bool, has_braces: bool) -> None:
    bare = unwrap_bare(value)
    assert (bare.expression, bare.start, bare.redundant, bare.has_braces) == (expression, start, redundant, has_braces)
    assert value[bare.start : bare.end] == bare.expression


def _spec_segments(t: str) -> list[tuple[str, int, int, str]]:
    """The §2.1 pseudo-code transcribed literally (empty text segments dropped, as split_template documents)."""
    out: list[tuple[str, int, int, str]] = []

    def text(a: int, b: int) -> None:
        if b > a:
            out.append(("text", a, b, t[a:b]))

    def find_close(k: int) -> int:
        depth = 0
        while k < len(t):
            c = t[k]
            if c in "'\"":
                k += 1
                while k < len(t) and t[k] != c:
                    k += 2 if t[k] == "\\" else 1
                k += 1
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                if depth == 0 and t[k + 1 : k + 2] == "}":
                    return k
                if depth > 0:
                    depth -= 1
            k += 1
        return -1

    i = text_start = 0
    while i < len(t):
        if t[i] == "\\" and t[i + 1 : i + 3] == "{{":
            text(text_start, i)
            out.append(("escape", i, i + 3, "{{"))
            i = text_start = i + 3
            continue
        if t[i : i + 2] == "{{":
            text(text_start, i)
            j = find_close(i + 2)
            if j == -1:
                out.append(("unclosed", i, len(t), t[i:]))
                return out
            out.append(("expr", i, j + 2, t[i + 2 : j].strip(" \t\r\n")))
            i = text_start = j + 2
            continue
        i += 1
    text(text_start, len(t))
    return out


def test_split_template_matches_the_spec_pseudo_code_on_random_templates() -> None:
    rng = random.Random(2024)
    for _ in range(20_000):
        template = "".join(rng.choice("{{}}\\'\"a  \n") for _ in range(rng.randint(0, 16)))
        got = [(s.kind, s.start, s.end, s.text) for s in split_template(template)]
        assert got == _spec_segments(template), template
