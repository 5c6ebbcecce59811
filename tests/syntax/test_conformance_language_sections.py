"""Conformance with LANGUAGE.md §2–4 and the PARSE_* rows of DIAGNOSTICS.md §4.1: cases found in review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from server.syntax import libyaml, yamlnodes
from server.syntax.xmltree import _Tokenizer
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


# -- §4.3: an attribute value is decoded, then trimmed (whitespace from a reference is trimmed too) -----------------


def _attribute_values(body: str) -> list[tuple[str, str, tuple[int, int]]]:
    doc, _ = parse(flow(body))
    assert doc.xml_root is not None
    return [(a.name, str(a.value), a.value.span) for e in doc.xml_root.elements() for a in e.attributes]


@pytest.mark.parametrize(
    "body",
    [
        '<set var="x" value="&#32;a&#x9;&#10;"/>',  # the regex fast path
        '<set var="x" value="&#32;a&#x9;&#10;" other = "1"/>',
        '<set var="x"value="&#32;a&#x9;&#10;"/>',  # the careful path
    ],
)
@pytest.mark.parametrize("paths", [(True, True), (True, False), (False, False)])
def test_whitespace_decoded_from_references_is_trimmed(
    body: str, paths: tuple[bool, bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_Tokenizer, "fast", paths[0])
    monkeypatch.setattr(_Tokenizer, "native", paths[1])
    values = _attribute_values(body)
    name, value, span = values[1]
    assert (name, value) == ("value", "a")
    text = flow(body)
    assert text[span[0] : span[1]] == "a"


# -- §4.4 / DIAGNOSTICS §4.1: every repeat of an attribute relates to the first definition -------------------------


@pytest.mark.parametrize(
    "body",
    ['<set var="a" var="b" var="c"/>', '<set var="a"var="b"var="c"/>', '<set var="a" var=\'b\' var="&amp;c"/>'],
)
@pytest.mark.parametrize("paths", [(True, True), (True, False), (False, False)])
def test_duplicate_attributes_relate_to_the_first_definition(
    body: str, paths: tuple[bool, bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_Tokenizer, "fast", paths[0])
    monkeypatch.setattr(_Tokenizer, "native", paths[1])
    text = flow(body)
    items = found(text, "PARSE_XML_INVALID")
    first = text.index("var")
    assert [(d.diagnostic.start, d.message) for d in items] == [
        (text.index("var", first + 1), 'Duplicate attribute "var"'),
        (text.rindex("var"), 'Duplicate attribute "var"'),
    ]
    for item in items:
        (related,) = item.diagnostic.related
        assert (related.message, related.start, related.end) == ("first defined here", first, first + 3)
    assert _attribute_values(body)[-1][1].endswith("c")


# -- DIAGNOSTICS §4.1 / §4.4: a key that is not a string is named as written (not as Python prints the value) ------


@pytest.mark.parametrize(("first", "second"), [("~", "null"), ("true", "True"), ("1", "0x1"), ("1e3", "1000.0")])
def test_duplicate_non_string_key_is_named_as_written(first: str, second: str) -> None:
    text = frontmatter(f"name: demo\nversion: '1.0'\n{first}: a\n{second}: b")
    (item,) = found(text, "PARSE_YAML_INVALID")
    assert item.message == f'Duplicate key "{second}" in frontmatter'
    (unknown,) = found(text, "VALID_UNKNOWN_FIELD")
    assert unknown.message == f'Unknown frontmatter field "{second}"'


@pytest.mark.parametrize("key", ["~", "null", "false", "0x10", "1.50"])
def test_unknown_non_string_key_is_named_as_written(key: str) -> None:
    text = frontmatter(f"name: demo\nversion: '1.0'\n{key}: a\ntrigger:\n  {key}: b")
    assert [(d.message, d.covered) for d in found(text, "VALID_UNKNOWN_FIELD")] == [
        (f'Unknown frontmatter field "{key}"', key),
        (f'Unknown field "{key}" in trigger', key),
    ]


# -- §3.1: YAML 1.2 line breaks are only CR and LF (NEL, LS and PS are ordinary characters, as in YAML 1.2) ---------


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_are_ordinary_characters_in_the_frontmatter(char: str) -> None:
    text = frontmatter(
        f"name: a{char}b\nversion: '1.0'\ndescription: \"x{char}y\"  # note{char}more\n"
        f"secrets: [S{char}T]\nschemas:\n  k{char}: v"
    )
    doc, diags = parse(text)
    assert [(d.code, d.message) for d in diags] == [
        ("VALID_INVALID_FIELD_TYPE", f"Secret name S{char}T must be a name matching [A-Za-z_][A-Za-z0-9_]*")
    ]
    assert doc.frontmatter is not None
    assert doc.frontmatter.name == f"a{char}b"
    assert doc.frontmatter.description == f"x{char}y"
    assert doc.frontmatter.schemas == {f"k{char}": "v"}
    field = doc.frontmatter.fields["description"]
    assert text[field.value_range[0] : field.value_range[1]] == f'"x{char}y"'


def test_unacceptable_character_after_a_line_separator_keeps_its_position() -> None:
    text = frontmatter("name: a\u2028\x85b\nversion: '1.0'\nx: y\x01z")
    (item,) = found(text, "PARSE_YAML_INVALID")
    assert item.diagnostic.start == text.index("\x01")


# -- the parser never raises and never recurses on user nesting: merge keys nested deeply --------------------------


@pytest.mark.parametrize("depth", [2000, 10000])
def test_deeply_nested_merge_keys_do_not_recurse(depth: int) -> None:
    nested = "{<<: " * depth + "{a: 1}" + "}" * depth
    doc, diags = parse(frontmatter(f"name: demo\nversion: '1.0'\nschemas: {nested}"))
    assert [d.code for d in diags] == []
    assert doc.frontmatter is not None
    assert doc.frontmatter.schemas == {"a": 1}


def test_merge_chains_through_aliases_keep_precedence() -> None:
    text = frontmatter(
        "name: demo\nversion: '1.0'\nbase: &b {a: 1, b: 1}\nmid: &m {<<: *b, b: 2, c: 2}\n"
        "schemas: {<<: [*m, {a: 3, d: 3}], c: 4}"
    )
    doc, _ = parse(text)
    assert doc.frontmatter is not None
    assert doc.frontmatter.schemas == {"c": 4, "b": 2, "a": 1, "d": 3}


@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_deeply_nested_frontmatter_does_not_crash(opening: str) -> None:
    # PyYAML's C composer recurses in C: 30 000 levels overflowed the stack (a crash, not an exception)
    depth = 30_000
    if opening == "- ":
        depth //= 10
        nested = "\n" + "".join(" " * k + "-\n" for k in range(depth)) + " " * depth + "x"
    else:
        nested = opening * depth + "1" + ("]" if opening == "[" else "}") * depth
    doc, diags = parse(frontmatter(f"name: demo\nversion: '1.0'\nschemas: {nested}"))
    assert [d.code for d in diags] == []
    assert doc.frontmatter is not None
    value: object = doc.frontmatter.schemas
    for _ in range(depth):
        value = value["a"] if isinstance(value, dict) else value[0]  # type: ignore[index]
    assert value in (1, "x")


# -- §3.1: YAML 1.2 anchors need not be unique; an alias refers to the most recent node with its anchor -------------


def test_a_redefined_anchor_is_valid_and_aliases_take_the_latest() -> None:
    text = frontmatter(
        "name: demo\nversion: '1.0'\nschemas:\n  a: &x 1\n  b: *x\n  c: &x [2]\n  d: *x\n  e: {<<: &x {f: 3}}\n  g: *x"
    )
    doc, diags = parse(text)
    assert [(d.code, d.message) for d in diags] == []
    assert doc.frontmatter is not None
    assert doc.frontmatter.schemas == {"a": 1, "b": 1, "c": [2], "d": [2], "e": {"f": 3}, "g": {"f": 3}}


def _node_shape(node: Any) -> Any:
    if node is None:
        return None
    if isinstance(node.value, str):
        return (type(node).__name__, node.tag, node.value, node.start_mark.index, node.end_mark.index, node.style)
    if node.value and isinstance(node.value[0], tuple):
        items = [(_node_shape(k), _node_shape(v)) for k, v in node.value]
    else:
        items = [_node_shape(c) for c in node.value]
    return (type(node).__name__, node.tag, items, node.start_mark.index, node.end_mark.index, node.flow_style)


EXAMPLES = sorted(Path(__file__).resolve().parents[2].joinpath("examples").rglob("*.flow.md"))


@pytest.mark.parametrize(
    "yaml_text",
    [
        "",
        "# only a comment\n",
        "a: 1\nb: [x, 'y', \"z\"]\nc: {d: ~, e: !!str 3, f: !custom g}\n",
        "a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n  e: |\n    block\n    text\n  f: >-\n    folded\n",
        "- a\n- - b\n  - c\n- ? complex\n  : key\n",
        "--- !!map\na: ! 1\n...\n",
        *[p.read_text(encoding="utf-8").split("---\n")[1] for p in EXAMPLES],
    ],
)
def test_the_event_composer_builds_what_the_c_composer_builds(yaml_text: str) -> None:
    lib = libyaml.load()
    loader = yamlnodes._loader_class()(yaml_text)
    try:
        expected = _node_shape(loader.get_single_node())
    finally:
        loader.dispose()
    loader = yamlnodes._loader_class()(yaml_text)
    try:
        assert _node_shape(yamlnodes._compose_events(loader, lib)) == expected
    finally:
        loader.dispose()


@pytest.mark.parametrize("yaml_text", ["a: *nope\n", "a: 1\n---\nb: 2\n", "a: [1\n"])
def test_the_event_composer_raises_what_the_c_composer_raises(yaml_text: str) -> None:
    lib = libyaml.load()
    messages = []
    for compose in (lambda loader: loader.get_single_node(), lambda loader: yamlnodes._compose_events(loader, lib)):
        loader = yamlnodes._loader_class()(yaml_text)
        try:
            with pytest.raises(lib.MarkedYAMLError) as info:
                compose(loader)
        finally:
            loader.dispose()
        error = info.value
        messages.append((error.context, error.problem, error.problem_mark.index))
    assert messages[0] == messages[1]
