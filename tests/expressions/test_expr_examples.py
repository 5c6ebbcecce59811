"""Every expression in the shipped examples (outside examples/problems) parses, and the facts are consistent."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from runtimes.expressions.analysis import analyze_source
from runtimes.expressions.template import split_template, unwrap_bare

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
_BARE_ATTRIBUTES = re.compile(r'\b(?:condition|when|break|collection)="([^"]*)"')
_BARE_ELEMENTS = re.compile(r"<(expression|condition|initial|finalize)>(.*?)</\1>", re.DOTALL)


def _expressions() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in sorted(EXAMPLES.glob("*.flow.md")):
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---", 2)[-1] if text.startswith("---") else text
        for seg in split_template(body):
            if seg.kind == "expr":
                found.append((path.name, html.unescape(seg.text)))
        for match in _BARE_ATTRIBUTES.finditer(body):
            found.append((path.name, unwrap_bare(html.unescape(match.group(1))).expression))
        for match in _BARE_ELEMENTS.finditer(body):
            found.append((path.name, unwrap_bare(html.unescape(match.group(2))).expression))
    return found


EXPRESSIONS = _expressions()


def test_examples_have_expressions() -> None:
    assert len(EXPRESSIONS) >= 20


@pytest.mark.parametrize(("file", "source"), EXPRESSIONS)
def test_example_expression_parses(file: str, source: str) -> None:
    expr, facts = analyze_source(source)
    assert 0 <= expr.start <= expr.end <= len(source)
    for ref in facts.variables:
        assert source[ref.start : ref.end] == ref.name
    for path in facts.paths:
        assert source[path.start : path.end] == path.root
