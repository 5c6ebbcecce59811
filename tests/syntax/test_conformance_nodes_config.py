"""Conformance of config extraction with LANGUAGE.md §6 (cases found by a review against the spec)."""

from __future__ import annotations

from typing import Any

from server.syntax import ConfigMap
from tests.syntax.syntax_helpers import flow, parse


def config_of(element: str) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    doc, diags = parse(flow(element))
    assert doc.workflow is not None
    cmap: ConfigMap = doc.workflow.nodes[0].config  # type: ignore[attr-defined]
    return cmap.to_value(), [(d.code, d.message) for d in diags]


# -- §6.4 step 1: "If the first line starts on the same source line as the start tag, that line counts as top-level"


def test_first_line_in_cdata_on_the_tag_line_is_top_level() -> None:
    value, _ = config_of('<source id="s"><request><![CDATA[method: GET]]>\n  url: https://a\n</request></source>')
    assert value == {"method": "GET", "url": "https://a"}


def test_first_line_after_a_comment_on_the_tag_line_is_top_level() -> None:
    value, _ = config_of('<source id="s"><request><!-- c -->method: GET\n  url: https://a\n</request></source>')
    assert value == {"method": "GET", "url": "https://a"}


def test_first_line_after_a_multi_line_comment_is_not_on_the_tag_line() -> None:
    # the text starts on the comment's last line, not the tag's: base = 0, "url" is nested under "method: GET"
    value, _ = config_of('<source id="s"><request><!--\n-->method: GET\n  url: https://a\n</request></source>')
    assert value == {"request": "method: GET\n  url: https://a"}


def test_first_line_on_the_tag_line_still_counts_as_top_level() -> None:
    value, _ = config_of('<source id="s"><request>method: GET\n  url: https://a\n</request></source>')
    assert value == {"method": "GET", "url": "https://a"}


# -- §6.2: only *non-whitespace* text next to elements makes a child mixed


def test_whitespace_cdata_next_to_elements_is_not_mixed() -> None:
    value, diags = config_of('<source id="s"><headers><![CDATA[ ]]><A>1</A></headers></source>')
    assert value == {"headers": {"A": "1"}}
    assert diags == []


def test_whitespace_entity_next_to_elements_is_not_mixed() -> None:
    value, diags = config_of('<source id="s"><headers>&#32;&#10;<A>1</A></headers></source>')
    assert value == {"headers": {"A": "1"}}
    assert diags == []


def test_non_whitespace_cdata_next_to_elements_is_mixed() -> None:
    value, diags = config_of('<source id="s"><body><![CDATA[x]]><b>y</b></body></source>')
    assert value == {"body": "x"}
    assert diags == [
        ("VALID_INVALID_FIELD_TYPE", '<body> in node "s" mixes text and elements; the elements are ignored')
    ]
