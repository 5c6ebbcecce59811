"""Config extraction (LANGUAGE.md §6): order, child values, key kinds, key-value blocks, ranges."""

from __future__ import annotations

from typing import Any

import pytest

from server.syntax import ConfigMap, SourceText
from server.syntax.config import parse_kv_block
from tests.syntax.syntax_helpers import flow, found, only, parse


def config_of(element: str) -> tuple[dict[str, Any], ConfigMap, str]:
    text = flow(element)
    doc, _diags = parse(text)
    assert doc.workflow is not None
    node = doc.workflow.nodes[0]
    cmap: ConfigMap = node.config  # type: ignore[attr-defined]
    return cmap.to_value(), cmap, text


# -- §6.5 examples ----------------------------------------------------------------------------------------------


def test_child_wins_over_attribute_and_request_is_flattened() -> None:
    value, cmap, _ = config_of(
        '<source id="s" url="https://a" method="GET"><request>\nmethod: POST\nurl: https://b\n</request></source>'
    )
    assert value == {"url": "https://b", "method": "POST"}
    assert list(value) == ["url", "method"]
    assert cmap.get("url").origin == "block"  # type: ignore[union-attr]


def test_sink_request_with_nested_headers() -> None:
    value, cmap, text = config_of(
        '<sink id="k" type="http"><request>\n  url: "{{$config.api}}"\n  headers:\n'
        '    Content-Type: application/json\n    Authorization: "Bearer {{$secrets.KEY}}"\n</request></sink>'
    )
    assert value == {
        "url": "{{$config.api}}",
        "headers": {"Content-Type": "application/json", "Authorization": "Bearer {{$secrets.KEY}}"},
    }
    headers = cmap.get("headers")
    assert headers is not None and isinstance(headers.value, ConfigMap)
    auth = headers.value.get("Authorization")
    assert auth is not None
    assert text[slice(*auth.key_range)] == "Authorization"
    assert text[slice(*auth.value_range)] == "Bearer {{$secrets.KEY}}"
    url = cmap.get("url")
    assert url is not None and text[slice(*url.value_range)] == "{{$config.api}}"


def test_element_only_children_become_objects() -> None:
    value, cmap, text = config_of(
        '<source id="s" url="https://x"><headers><Authorization>Bearer x</Authorization>'
        "<Accept>*/*</Accept></headers></source>"
    )
    assert value == {"url": "https://x", "headers": {"Authorization": "Bearer x", "Accept": "*/*"}}
    headers = cmap.get("headers")
    assert headers is not None and text[slice(*headers.key_range)] == "headers"
    inner = headers.value.get("Accept")  # type: ignore[union-attr]
    assert inner is not None and text[slice(*inner.key_range)] == "Accept" and text[slice(*inner.value_range)] == "*/*"


def test_auth_block_on_the_tag_line() -> None:
    value, _, _ = config_of(
        '<source id="s" url="https://x"><auth>type: bearer\ntoken: "{{$secrets.T}}"</auth></source>'
    )
    assert value["auth"] == {"type": "bearer", "token": "{{$secrets.T}}"}


def test_text_keys_are_never_parsed() -> None:
    value, _, _ = config_of('<transform id="t" type="ai"><model>m</model><user>Title: X\nBody: Y</user></transform>')
    assert value["user"] == "Title: X\nBody: Y"


def test_unknown_key_needs_two_valid_lines() -> None:
    value, _, _ = config_of(
        '<source id="s" url="https://x"><notes>a: 1\nno colon</notes><extra>a: 1</extra>'
        "<more>a: 1\nb: 2</more></source>"
    )
    assert value["notes"] == "a: 1\nno colon"
    assert value["extra"] == "a: 1"
    assert value["more"] == {"a": "1", "b": "2"}


def test_cdata_template() -> None:
    value, cmap, text = config_of('<transform id="t"><template><![CDATA[<b>{{name}}</b>]]></template></transform>')
    assert value == {"template": "<b>{{name}}</b>"}
    entry = cmap.get("template")
    assert entry is not None and isinstance(entry.value, SourceText)
    assert text[slice(*entry.value.doc_span(3, 11))] == "{{name}}"


# -- kinds -----------------------------------------------------------------------------------------------------


def test_object_key_single_line_and_empty() -> None:
    value, _, _ = config_of('<source id="s" url="https://x"><params>page: 2</params><headers></headers></source>')
    assert value["params"] == {"page": "2"}
    assert value["headers"] == ""


def test_object_key_with_invalid_text_stays_text() -> None:
    value, _, _ = config_of('<source id="s" url="https://x"><params>?page=2</params></source>')
    assert value["params"] == "?page=2"


def test_flattened_block_that_is_not_a_block_stays_under_its_key() -> None:
    value, _, _ = config_of('<source id="s"><request>GET https://x</request></source>')
    assert value == {"request": "GET https://x"}


def test_email_message_and_config_are_flattened() -> None:
    value, _, _ = config_of(
        '<sink id="m" type="email" input="x"><config>api_key: "{{$secrets.K}}"</config>'
        "<message>\n  to: a@example.com\n  subject: 'Hi'\n</message></sink>"
    )
    assert value == {"api_key": "{{$secrets.K}}", "to": "a@example.com", "subject": "Hi"}


def test_database_params_are_text() -> None:
    value, _, _ = config_of(
        '<source id="d" type="database" connection="sqlite:x.db" query="q"><params>[1]</params></source>'
    )
    assert value["params"] == "[1]"


def test_order_attributes_then_children_and_skip_id_type_input() -> None:
    value, _, _ = config_of(
        '<sink id="f" type="file" input="x" path="a" format="json"><pretty>false</pretty><on-error/></sink>'
    )
    assert list(value) == ["path", "format", "pretty"]


def test_mixed_content() -> None:
    text = flow('<transform id="t"><template>Hello <b>there</b> you</template></transform>')
    d = only(text)
    assert (d.code, d.message, d.hints, d.covered) == (
        "VALID_INVALID_FIELD_TYPE",
        '<template> in node "t" mixes text and elements; the elements are ignored',
        ("Wrap markup in <![CDATA[ ... ]]>",),
        "<template",
    )
    doc, _ = parse(text)
    assert doc.workflow is not None
    assert doc.workflow.nodes[0].config.to_value() == {"template": "Hello  you"}  # type: ignore[attr-defined]


def test_attributes_on_config_children() -> None:
    d = only(flow('<transform id="t"><template lang="en">x</template></transform>'))
    assert (d.code, d.message, d.covered) == ("VALID_UNKNOWN_FIELD", "Attributes on <template> are ignored", "lang")


def test_deeply_nested_object_children() -> None:
    depth = 3000
    inner = "<a>" * depth + "x" + "</a>" * depth
    value, _, _ = config_of(f'<source id="s" url="https://x"><headers>{inner}</headers></source>')
    node = value["headers"]
    for _ in range(depth - 1):
        node = node["a"]
    assert node == {"a": "x"}


# -- key-value block rules (§6.4) -------------------------------------------------------------------------------


def kv(text: str, first_on_tag_line: bool = False) -> dict[str, Any] | None:
    parsed = parse_kv_block(SourceText(text, 0), first_on_tag_line)
    if parsed is None:
        return None
    return ConfigMap(tuple(parsed[0])).to_value()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: 2", {"a": "1", "b": "2"}),
        ("  a: 1\n  b: x: y", {"a": "1", "b": "x: y"}),
        ("url: https://x/a?b=c", {"url": "https://x/a?b=c"}),
        ('a: "q"\nb: \'r\'\nc: "\nd: ""', {"a": "q", "b": "r", "c": '"', "d": ""}),
        ("a: \"x'", {"a": "\"x'"}),
        ("a:\n  b: 1\n  c: 2\nd: 3", {"a": {"b": "1", "c": "2"}, "d": "3"}),
        ("a:\nb: 2", {"a": "", "b": "2"}),
        ("a: 1\na: 2", {"a": "2"}),
        ("$x.y-z: 1\n_k: 2", {"$x.y-z": "1", "_k": "2"}),
        ("\n\n  a: 1\n\n", {"a": "1"}),
        ("a:\n\tb: 1", {"a": {"b": "1"}}),
    ],
)
def test_valid_blocks(text: str, expected: dict[str, Any]) -> None:
    assert kv(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "no colon",
        "a: 1\n  b: 2",  # nested under a non-empty value
        "a:\n  b: 1\n    c: 2",  # two nesting levels
        "a:\n    b: 1\n  c: 2",  # inconsistent nested indent
        "-a: 1",
        "a b: 1",
    ],
)
def test_invalid_blocks(text: str) -> None:
    assert kv(text) is None


def test_first_line_on_the_tag_line_is_top_level() -> None:
    assert kv("type: bearer\n    token: x", first_on_tag_line=True) == {"type": "bearer", "token": "x"}
    assert kv("a:\n    b: 1\n    c: 2", first_on_tag_line=True) == {"a": "", "b": "1", "c": "2"}


def test_kv_ranges() -> None:
    text = "  key:  'v a l'  "
    parsed = parse_kv_block(SourceText(text, 100), False)
    assert parsed is not None
    (entry,) = parsed[0]
    assert entry.key_range == (102, 105)
    assert entry.value_range == (109, 114)


def test_entity_in_block_value_maps_to_the_ampersand() -> None:
    _value, cmap, text = config_of(
        '<source id="s" url="https://x"><headers>\n  X: a&amp;b\n  Y: 2\n</headers></source>'
    )
    entry = cmap.get("headers").value.get("X")  # type: ignore[union-attr]
    assert entry is not None and str(entry.value) == "a&b"
    assert text[slice(*entry.value.doc_span(1, 2))] == "&amp;"  # type: ignore[union-attr]
    assert text[slice(*entry.value_range)] == "a&amp;b"


def test_no_diagnostics_for_plain_configs() -> None:
    assert found(flow('<source id="s" url="https://x"><params>page: 1</params><extract>a</extract></source>')) == []
