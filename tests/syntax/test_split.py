"""Splitting into frontmatter, body and footer (LANGUAGE.md §2, DIAGNOSTICS.md §4.1)."""

from __future__ import annotations

import pytest

from tests.syntax.syntax_helpers import found, only, parse

BODY = "<workflow/>\n"


def test_plain_file() -> None:
    text = '---\nname: a\nversion: "1.0"\n---\n' + BODY
    doc, diags = parse(text)
    assert diags == []
    assert doc.split.opening == (0, 3)
    assert doc.split.closing is not None and text[slice(*doc.split.closing)] == "---"
    assert doc.split.frontmatter is not None and text[slice(*doc.split.frontmatter)] == 'name: a\nversion: "1.0"\n'
    assert doc.body is not None and text[doc.body[0] :].startswith("<workflow/>")


def test_bom_is_removed_and_positions_refer_to_the_text_after_it() -> None:
    doc, diags = parse('\ufeff---\nname: a\nversion: "1.0"\n---\n' + BODY)
    assert diags == []
    assert doc.text.startswith("---")


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_breaks(eol: str) -> None:
    text = eol.join(
        ["---", "name: a", 'version: "1.0"', "---", "<workflow>", '<delay id="d" duration="1s"/>', "</workflow>", ""]
    )
    doc, diags = parse(text)
    assert diags == []
    assert doc.frontmatter is not None and doc.frontmatter.name == "a"
    assert doc.workflow is not None and len(doc.workflow.nodes) == 1


def test_delimiters_with_trailing_blanks() -> None:
    doc, diags = parse('--- \t\nname: a\nversion: "1.0"\n---  \n' + BODY)
    assert diags == []
    assert doc.frontmatter is not None and doc.frontmatter.version == "1.0"


def test_missing_opening_delimiter() -> None:
    text = 'name: a\n<workflow>\n<delay id="d" duration="1s"/>\n</workflow>\n'
    d = only(text, "PARSE_MISSING_FRONTMATTER")
    assert d.message == "File must start with YAML frontmatter (---)"
    assert d.covered == "name: a"
    assert d.hints == ("Start the file with a line containing only ---",)
    doc, _ = parse(text)
    assert doc.frontmatter is None
    assert doc.workflow is not None and len(doc.workflow.nodes) == 1


def test_missing_opening_delimiter_empty_first_line_gives_zero_length_range() -> None:
    d = only("\n<workflow/>\n", "PARSE_MISSING_FRONTMATTER")
    assert (d.diagnostic.start, d.diagnostic.end) == (0, 0)


def test_missing_opening_delimiter_and_no_workflow_line_means_no_body() -> None:
    doc, diags = parse("just some text\n")
    assert [d.code for d in diags] == ["PARSE_MISSING_FRONTMATTER"]
    assert doc.body is None and doc.workflow is None


def test_missing_closing_delimiter() -> None:
    text = "---\nname: a\n  <workflow>\n</workflow>\n"
    d = only(text, "PARSE_MISSING_FRONTMATTER")
    assert d.message == "Could not find closing frontmatter delimiter (---)"
    assert d.covered == "---"
    assert d.hints == ("Add a line containing only --- after the frontmatter",)
    doc, diags = parse(text)
    assert [x.code for x in diags] == ["PARSE_MISSING_FRONTMATTER"]  # the frontmatter is not parsed
    assert doc.frontmatter is None and doc.workflow is not None


def test_closing_delimiter_may_end_the_file() -> None:
    d = only('---\nname: a\nversion: "1.0"\n---', "PARSE_MISSING_BODY")
    assert d.covered == "---" and d.diagnostic.start == len('---\nname: a\nversion: "1.0"\n')


def test_empty_frontmatter_is_not_an_object() -> None:
    d = only("---\n---\n<workflow/>\n")
    assert (d.code, d.message, d.covered) == ("PARSE_YAML_INVALID", "Frontmatter must be a YAML object", "---")
    assert d.diagnostic.start == 0
    assert d.hints == ("Frontmatter should contain key-value pairs",)


@pytest.mark.parametrize("body", ["", "\n\n  \t\n"])
def test_blank_body(body: str) -> None:
    text = '---\nname: a\nversion: "1.0"\n---\n' + body
    d = only(text, "PARSE_MISSING_BODY")
    assert d.message == "File must contain XML body after frontmatter"
    assert d.hints == ("Add <workflow>...</workflow> after the frontmatter",)
    assert d.covered == "---" and d.diagnostic.start > 0


def test_footer_is_never_parsed() -> None:
    text = '---\nname: a\nversion: "1.0"\n---\n<workflow/>\n## Notes\n<b here {{$secrets.X}} </nothing>\n'
    assert found(text) == []


def test_dashes_inside_the_frontmatter_value_do_not_close_it() -> None:
    doc, diags = parse('---\nname: a\nversion: "1.0"\ndescription: "--- x"\n---\n' + BODY)
    assert diags == []
    assert doc.frontmatter is not None and doc.frontmatter.description == "--- x"
