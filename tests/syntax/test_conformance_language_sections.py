"""Conformance with LANGUAGE.md §2–4 and the PARSE_* rows of DIAGNOSTICS.md §4.1: cases found in review."""

from __future__ import annotations

import pytest

from tests.syntax.syntax_helpers import flow, found, parse

BODY = "<workflow/>\n"


def frontmatter(yaml_text: str) -> str:
    return f"---\n{yaml_text}\n---\n{BODY}"


# -- §3.1: a character YAML does not allow is a syntax error at the parser's problem position ----------------------


@pytest.mark.parametrize("before", ["a", "é", "😀x"])
def test_unacceptable_character_is_reported_at_its_position_with_the_problem_text(before: str) -> None:
    text = frontmatter(f"name: {before}\nversion: '1.0'\nx: y\x01z\nw: 1")
    items = found(text, "PARSE_YAML_INVALID")
    assert len(items) == 1
    item = items[0]
    assert item.message == (
        "Invalid YAML in frontmatter: unacceptable character #x0001: control characters are not allowed"
    )
    assert item.hints == ("Check YAML syntax", "Ensure proper indentation")
    start = text.index("\x01")
    assert (item.diagnostic.start, item.diagnostic.end) == (start, text.index("\nw: 1"))


# -- §3.1: duplicate keys are equal nodes of the core schema (a boolean is not an integer, 1.0 is not 1) ------------


@pytest.mark.parametrize(
    ("first", "second"),
    [("true", "1"), ("false", "0"), ("1", "1.0"), ("0", "0.0"), ("1", "'1'")],
)
def test_keys_of_different_core_schema_types_are_not_duplicates(first: str, second: str) -> None:
    text = frontmatter(f"name: demo\nversion: '1.0'\nschemas:\n  {first}: a\n  {second}: b")
    assert found(text, "PARSE_YAML_INVALID") == []


@pytest.mark.parametrize(("first", "second"), [("1", "0x1"), ("1", "0o1"), ("true", "True"), ("~", "null")])
def test_keys_of_the_same_core_schema_value_are_duplicates(first: str, second: str) -> None:
    text = frontmatter(f"name: demo\nversion: '1.0'\nschemas:\n  {first}: a\n  {second}: b")
    items = found(text, "PARSE_YAML_INVALID")
    assert len(items) == 1
    assert items[0].covered == second


# -- §4.2: only &#xHHH; (lower-case x) is a hexadecimal reference ----------------------------------------------------


def test_upper_case_hex_reference_is_kept_literally() -> None:
    doc, diags = parse(flow('<set var="x" value="&#X41;&#x42;"/>'))
    assert diags == []
    assert doc.xml_root is not None
    (element,) = doc.xml_root.elements()
    values = {a.name: str(a.value) for a in element.attributes}
    assert values["value"] == "&#X41;B"
