"""XML body tokenizer: markup, entities, trimming and every recovery rule of LANGUAGE.md §4.4 (message + range)."""

from __future__ import annotations

import pytest

from server.syntax.xmltree import XmlElement, XmlText, element_text, tokenize_body
from tests.syntax.syntax_helpers import FRONTMATTER, flow, found, only, parse, summary

XML = "PARSE_XML_INVALID"


def tokenize(body: str) -> tuple[XmlElement | None, int, list[tuple[str, str]]]:
    diags: list = []
    root, end = tokenize_body(body, 0, len(body), diags)
    return root, end, [(d.message, body[d.start : d.end]) for d in diags]


def test_well_formed_tree_with_ranges() -> None:
    body = '<workflow>\n  <source id="a" type="file" path="x.json"/>\n  <sink id="b"><path>y</path></sink>\n</workflow>'
    root, end, diags = tokenize(body)
    assert diags == []
    assert root is not None and end == len(body)
    source, sink = root.elements()
    assert body[source.anchor[0] : source.anchor[1]] == "<source"
    assert body[slice(*source.start_tag)] == '<source id="a" type="file" path="x.json"/>'
    assert source.self_closing and source.end_tag is None
    assert source.range == source.start_tag
    assert [(a.name, str(a.value)) for a in source.attributes] == [("id", "a"), ("type", "file"), ("path", "x.json")]
    attr = source.attributes[2]
    assert body[slice(*attr.name_range)] == "path"
    assert body[slice(*attr.value_range)] == "x.json"
    assert sink.end_tag is not None and body[slice(*sink.end_tag)] == "</sink>"
    assert body[slice(*sink.range)] == '<sink id="b"><path>y</path></sink>'
    (path,) = sink.elements()
    assert str(element_text(path, body)) == "y"


def test_attributes_without_whitespace_between_them_and_single_quotes() -> None:
    root, _, diags = tokenize("<workflow><a x='1'y=\"2\" z = '3'/></workflow>")
    assert diags == []
    assert root is not None
    (a,) = root.elements()
    assert [(x.name, str(x.value)) for x in a.attributes] == [("x", "1"), ("y", "2"), ("z", "3")]


def test_names_with_colons_dots_and_non_ascii() -> None:
    root, _, diags = tokenize("<workflow><a:b.c-d é='1'/><ÄÖ/></workflow>")
    assert diags == []
    assert root is not None
    assert [e.name for e in root.elements()] == ["a:b.c-d", "ÄÖ"]


def test_entities_decoded_in_attributes_and_text_with_offsets() -> None:
    body = '<workflow><a v="x &amp;&lt; &#65;&#x42; &nbsp; a && b &#0;">1 &gt; 0</a></workflow>'
    root, _, diags = tokenize(body)
    assert diags == []
    assert root is not None
    (a,) = root.elements()
    value = a.attributes[0].value
    assert str(value) == "x &< AB &nbsp; a && b &#0;"
    # every character produced by an entity maps to its "&"
    assert body[value.doc_offset(2)] == "&" and body[value.doc_offset(2) : value.doc_offset(2) + 5] == "&amp;"
    assert body[slice(*value.doc_span(3, 4))] == "&lt;"
    assert body[slice(*value.doc_span(5, 7))] == "&#65;&#x42;"
    text = element_text(a, body)
    assert str(text) == "1 > 0"
    assert body[slice(*text.span)] == "1 &gt; 0"


def test_cdata_is_literal_text_and_comments_are_dropped() -> None:
    body = "<workflow><t> a <!-- gone --><![CDATA[<b>&amp;</b>]]> z </t></workflow>"
    root, _, diags = tokenize(body)
    assert diags == []
    assert root is not None
    (t,) = root.elements()
    text = element_text(t, body)
    assert str(text) == "a <b>&amp;</b> z"
    assert body[slice(*text.doc_span(2, 5))] == "<b>"
    assert body[slice(*text.span)] == "a <!-- gone --><![CDATA[<b>&amp;</b>]]> z"


def test_attribute_values_are_trimmed_but_keep_line_breaks_inside() -> None:
    body = '<workflow><a v="  x\n  y  "/></workflow>'
    root, _, diags = tokenize(body)
    assert diags == []
    assert root is not None
    value = root.elements()[0].attributes[0]
    assert str(value.value) == "x\n  y"
    assert body[slice(*value.value_range)] == "  x\n  y  "
    assert body[slice(*value.value.span)] == "x\n  y"


def test_empty_attribute_value_has_zero_length_range_between_the_quotes() -> None:
    body = '<workflow><a v=""/></workflow>'
    root, _, _ = tokenize(body)
    assert root is not None
    attr = root.elements()[0].attributes[0]
    assert attr.value == "" and attr.value_range == (16, 16) and body[15] == '"'


def test_raw_lt_allowed_inside_attribute_values() -> None:
    _, _, diags = tokenize('<workflow><while id="w" condition="$iteration < 5"/></workflow>')
    assert diags == []


def test_processing_instruction_and_comments_before_root() -> None:
    root, _, diags = tokenize('<?xml version="1.0"?>\n<!-- c -->\n<workflow/>')
    assert diags == [] and root is not None and root.self_closing


def test_footer_starts_after_root_end_tag() -> None:
    text = flow("") + "## Notes\n<b broken {{$secrets.X}}\n"
    doc, diags = parse(text)
    assert diags == []
    assert doc.body is not None and text[doc.body[1] - len("</workflow>") : doc.body[1]] == "</workflow>"
    assert doc.footer_start == doc.body[1]


def test_self_closing_root_ends_the_body() -> None:
    text = FRONTMATTER + "<workflow/>\n<broken"
    doc, diags = parse(text)
    assert diags == []
    assert doc.footer_start == len(FRONTMATTER) + len("<workflow/>")
    assert doc.workflow is not None and doc.workflow.nodes == ()


# -- §4.4 recovery rules --------------------------------------------------------------------------------------------


def test_element_never_closed_at_eof() -> None:
    text = FRONTMATTER + '<workflow>\n  <sink id="s">\n'
    assert summary(text) == [
        (XML, "Element <workflow> is not closed", "<workflow"),
        (XML, "Element <sink> is not closed", "<sink"),
    ]
    d = found(text)[1]
    assert d.hints == ("Add </sink> or write <sink ... />",)
    doc, _ = parse(text)
    assert doc.footer_start is None


def test_end_tag_without_open_element() -> None:
    text = flow("  </nothing >")
    d = only(text)
    assert (d.code, d.message, d.covered) == (XML, "Unexpected closing tag </nothing>", "</nothing >")


def test_end_tag_closing_an_outer_element_closes_the_inner_ones() -> None:
    text = flow('  <if id="i" condition="true"><then><set var="x"></if>\n  <delay id="d" duration="1s"/>')
    assert summary(text) == [
        (XML, "Element <then> is not closed", "<then"),
        (XML, "Element <set> is not closed", "<set"),
    ]
    doc, _ = parse(text)
    assert doc.workflow is not None
    assert [n.kind for n in doc.workflow.nodes] == ["if", "delay"]


def test_unterminated_attribute_value_without_slash_opens_the_element() -> None:
    text = flow('  <sink id="s" path="x.json>\n    <format>json</format>\n  </sink>')
    d = only(text, "PARSE_XML_INVALID")
    assert (d.message, d.covered) == ("Unterminated attribute value", '"x.json>')
    doc, _ = parse(text)
    assert doc.workflow is not None
    (sink,) = doc.workflow.nodes
    assert sink.config.to_value() == {"path": "x.json", "format": "json"}  # type: ignore[attr-defined]


def test_unterminated_attribute_value_at_the_end_of_the_body() -> None:
    text = FRONTMATTER + '<workflow>\n  <delay id="d" duration="1s\n'
    items = [(d.message, d.covered) for d in found(text, "PARSE_XML_INVALID")]
    assert ("Unterminated attribute value", '"1s') in items


def test_unterminated_attribute_value_recovers_at_the_first_gt_of_the_line() -> None:
    text = flow('  <source id="a" type="file" path="x.json/>\n  <delay id="d" duration="1s"/>')
    d = only(text, XML)
    assert (d.message, d.covered, d.hints) == ("Unterminated attribute value", '"x.json/>', ("Close the quote",))
    doc, _ = parse(text)
    assert doc.workflow is not None
    source, delay = doc.workflow.nodes
    assert source.attribute("path") is not None and str(source.attribute("path").value) == "x.json"  # type: ignore[union-attr]
    assert delay.kind == "delay"


def test_multi_line_attribute_value_without_gt_on_the_first_line_is_fine() -> None:
    text = flow('  <set var="x" value="a\n  b"/>')
    assert found(text) == []


def test_attribute_without_value() -> None:
    text = flow('  <sink id="s" flag input="x"/>')
    d = only(text, XML)
    assert (d.message, d.covered, d.hints) == ('Attribute "flag" has no value', "flag", ('Write flag="..."',))


def test_unquoted_value_is_accepted() -> None:
    text = flow("  <delay id=d duration=5s/>")
    items = found(text, XML)
    assert [(d.message, d.covered, d.hints) for d in items] == [
        ("Attribute value must be quoted", "d", ('Write id="d"',)),
        ("Attribute value must be quoted", "5s", ('Write duration="5s"',)),
    ]
    doc, _ = parse(text)
    assert doc.workflow is not None
    (delay,) = doc.workflow.nodes
    assert str(delay.id) == "d" and delay.element.start_tag[1] - delay.element.start_tag[0] == len(
        "<delay id=d duration=5s/>"
    )


def test_duplicate_attribute_last_wins() -> None:
    text = flow('  <delay id="a" duration="1s" id="b"/>')
    d = only(text, XML)
    assert (d.message, d.covered) == ('Duplicate attribute "id"', "id")
    assert d.diagnostic.start == text.index('id="b"')
    (related,) = d.diagnostic.related
    assert related.message == "first defined here" and related.start == text.index('id="a"')
    doc, _ = parse(text)
    assert doc.workflow is not None and str(doc.workflow.nodes[0].id) == "b"


def test_raw_lt_in_text_is_kept_as_text() -> None:
    text = flow('  <transform id="t"><template>a < b</template></transform>')
    d = only(text, XML)
    assert (d.message, d.covered) == ('Unescaped "<" in text; write &lt;', "<")
    doc, _ = parse(text)
    assert doc.workflow is not None
    (t,) = doc.workflow.nodes
    assert str(t.config.get("template").value) == "a < b"  # type: ignore[attr-defined,union-attr]


@pytest.mark.parametrize(
    ("tag", "char"),
    [('<delay "x" id="d" duration="1s"/>', '"'), ('<delay id="d" / duration="1s"/>', "/")],
)
def test_unexpected_character_in_tag_is_skipped(tag: str, char: str) -> None:
    text = flow("  " + tag)
    messages = [(d.message, d.covered) for d in found(text, XML)]
    assert (f'Unexpected character "{char}" in tag <delay>', char) in messages
    doc, _ = parse(text)
    assert doc.workflow is not None and str(doc.workflow.nodes[0].id) == "d"


def test_tag_not_finished_before_eof() -> None:
    text = FRONTMATTER + '<workflow>\n  <delay id="d" duration="1s"'
    assert summary(text) == [
        (XML, "Element <workflow> is not closed", "<workflow"),
        (XML, "Tag <delay is not terminated", "<delay"),
    ]
    doc, _ = parse(text)
    assert doc.workflow is not None and [str(n.id) for n in doc.workflow.nodes] == ["d"]


def test_lt_inside_a_start_tag_is_an_unexpected_character() -> None:
    # LANGUAGE.md §4.4: "not terminated" is only for a tag unfinished at the end of the body; a "<" mid-file is a
    # stray character (skipped), so the rest is read as attributes of the same tag (review finding 8)
    text = flow('<set var="a" <set var="b"/>')
    assert summary(text) == [
        (XML, 'Unexpected character "<" in tag <set>', "<"),
        (XML, 'Attribute "set" has no value', "set"),
        (XML, 'Duplicate attribute "var"', "var"),
    ]
    (related,) = found(text, XML)[2].diagnostic.related
    assert (related.message, text[related.start : related.end]) == ("first defined here", "var")
    assert text.index("var") == related.start
    doc, _ = parse(text)
    assert doc.workflow is not None and [str(n.id) for n in doc.workflow.nodes] == ["b"]


def test_lt_inside_a_start_tag_on_the_next_line() -> None:
    text = flow('  <delay id="a" duration="1s"\n  <delay id="b" duration="2s"/>')
    assert [m for _, m, _ in summary(text)] == [
        'Unexpected character "<" in tag <delay>',
        'Attribute "delay" has no value',
        'Duplicate attribute "id"',
        'Duplicate attribute "duration"',
    ]
    doc, _ = parse(text)
    assert doc.workflow is not None and [str(n.id) for n in doc.workflow.nodes] == ["b"]


def test_lt_inside_an_end_tag_is_an_unexpected_character() -> None:
    text = flow('<set var="a"></set <x>\n<set var="b"/>')
    assert summary(text) == [
        (XML, 'Unexpected character "<" in tag <set>', "<"),
        (XML, 'Unexpected character "x" in tag <set>', "x"),
    ]
    doc, _ = parse(text)
    assert doc.workflow is not None and [str(n.id) for n in doc.workflow.nodes] == ["a", "b"]


def test_stray_characters_in_an_end_tag_name_the_element() -> None:
    # DIAGNOSTICS.md §4.1: Unexpected character "{c}" in tag <{tag}>, with {tag} the element name (review finding 10)
    text = flow('<set var="d"></set x="1">')
    assert summary(text) == [(XML, f'Unexpected character "{c}" in tag <set>', c) for c in 'x="1"']


def test_unterminated_value_to_eof_without_gt_leaves_the_tag_unterminated() -> None:
    # no closing quote before the end of the body and no ">" on its line: the tag is never finished (finding 9)
    text = FRONTMATTER + '<workflow>\n<source id="s" type="file" path="x.json\n'
    assert summary(text) == [
        (XML, "Element <workflow> is not closed", "<workflow"),
        (XML, "Tag <source is not terminated", "<source"),
        (XML, "Unterminated attribute value", '"x.json'),
    ]
    doc, _ = parse(text)
    assert doc.workflow is not None
    (source,) = doc.workflow.nodes
    assert str(source.id) == "s"
    assert doc.xml_root is not None
    element = doc.xml_root.children[-1]
    assert isinstance(element, XmlElement) and element.self_closing and not element.children
    assert element.end == len(text)
    assert [(a.name, str(a.value)) for a in element.attributes][-1] == ("path", "x.json")


def test_unterminated_value_runs_to_eof_across_lines() -> None:
    text = FRONTMATTER + '<workflow>\n<source id="s" type="file" path="x.json\n<sink id=k/>\n</workflow>\n'
    messages = [(m, c) for _, m, c in summary(text)]
    assert ("Tag <source is not terminated", "<source") in messages
    assert ("Unterminated attribute value", '"x.json') in messages
    assert not any("Element <source>" in m for m, _ in messages)
    assert ("Element <workflow> is not closed", "<workflow") in messages


@pytest.mark.parametrize(
    ("opening", "message"),
    [
        ("<!--", "Comment is not closed"),
        ("<![CDATA[", "CDATA section is not closed"),
        ("<?", "Processing instruction is not closed"),
    ],
)
def test_unterminated_comment_cdata_pi(opening: str, message: str) -> None:
    text = FRONTMATTER + f"<workflow>\n  {opening} and the rest\n"
    items = [(d.message, d.covered) for d in found(text, XML)]
    assert (message, opening) in items
    assert ("Element <workflow> is not closed", "<workflow") in items


def test_doctype_is_an_error_and_never_expanded() -> None:
    decl = '<!DOCTYPE workflow [<!ENTITY x "boom">]>'
    text = FRONTMATTER + decl + '\n<workflow><set var="v" value="&x;"/></workflow>\n'
    d = only(text)
    assert (d.message, d.covered) == ("DOCTYPE declarations are not allowed", decl)
    doc, _ = parse(text)
    assert doc.workflow is not None
    assert str(doc.workflow.nodes[0].value) == "&x;"  # type: ignore[attr-defined]


def test_other_markup_declaration() -> None:
    text = flow("  <!ELEMENT x ANY>")
    d = only(text)
    assert (d.message, d.covered) == ("Invalid markup declaration", "<!ELEMENT x ANY>")


# -- §4.5 root ----------------------------------------------------------------------------------------------------


def test_content_before_root() -> None:
    text = FRONTMATTER + "hello there\n<workflow/>\n"
    d = only(text)
    assert (d.code, d.message, d.covered) == (XML, "Unexpected content before <workflow>", "hello there")


def test_other_element_before_root() -> None:
    text = FRONTMATTER + "<flow>\n  <workflow>\n</workflow>\n"
    d = only(text)
    assert (d.message, d.covered) == ("Unexpected content before <workflow>", "<flow>")
    doc, _ = parse(text)
    assert doc.workflow is not None


def test_no_root() -> None:
    text = FRONTMATTER + "\n  <flow>\n  </flow>\n"
    d = only(text)
    assert (d.message, d.covered, d.hints) == (
        "XML body must contain a <workflow> root element",
        "<flow>",
        ("Wrap nodes in <workflow>...</workflow>",),
    )
    doc, _ = parse(text)
    assert doc.workflow is None


def test_workflowx_is_not_a_root() -> None:
    text = FRONTMATTER + "<workflows/>\n"
    assert [d.message for d in found(text)] == ["XML body must contain a <workflow> root element"]


def test_several_errors_in_one_file() -> None:
    text = flow('  <delay id=d duration="1s"/>\n  <set var="a" value="1 < 2" x/>\n  </oops>\n  <set var="b" y/>')
    messages = [d.message for d in found(text, XML)]
    assert messages == [
        "Attribute value must be quoted",
        'Attribute "x" has no value',
        "Unexpected closing tag </oops>",
        'Attribute "y" has no value',
    ]


def test_half_typed_file_keeps_nodes_before_and_after_the_damage() -> None:
    body = (
        '  <source id="first" type="file" path="a.json"/>\n'
        '  <transform id="typing" type="template" input="first">\n'
        "    <template>a < b</template>\n"
        '  <transform id="quote" type="template" input="first><template>x</template></transform>\n'
        '  <sink id="last" type="file" input="first" path="out.json"/>'
    )
    doc, diags = parse(flow(body))
    assert doc.workflow is not None
    assert [str(n.id) for n in doc.workflow.nodes] == ["first", "typing", "quote", "last"]
    typing = doc.workflow.nodes[1]
    assert str(typing.config.get("template").value) == "a < b"  # type: ignore[attr-defined,union-attr]
    assert {d.message for d in diags} >= {"Element <transform> is not closed", 'Unescaped "<" in text; write &lt;'}


def test_text_pieces_are_merged() -> None:
    root, _, _ = tokenize("<workflow><t>a < b</t></workflow>")
    assert root is not None
    (t,) = root.elements()
    assert len(t.children) == 1 and isinstance(t.children[0], XmlText)


def test_unclosed_element_keeps_deeper_children_and_hands_back_siblings() -> None:
    body = (
        '  <loop id="outer" max="2">\n'
        '    <if id="gate" condition="x"><then><set var="inside"/>\n'
        '      <set var="deeper"/>\n'
        '    <set var="loop_child"/>\n'
        '  <set var="top"/>'
    )
    doc, diags = parse(flow(body))
    assert [d.message for d in diags] == [
        "Element <loop> is not closed",
        "Element <if> is not closed",
        "Element <then> is not closed",
    ]
    assert doc.workflow is not None
    outer, top = doc.workflow.nodes
    assert str(top.id) == "top"
    gate, loop_child = outer.body  # type: ignore[attr-defined]
    assert str(loop_child.id) == "loop_child"
    assert [str(n.id) for n in gate.then] == ["inside", "deeper"]


def test_unclosed_cascade_is_linear() -> None:
    lines = "".join(f'  <delay id="d{i}" duration="1s">\n' for i in range(20_000))
    doc, diags = parse(flow(lines))
    assert len(diags) == 20_000
    assert doc.workflow is not None and len(doc.workflow.nodes) == 20_000
