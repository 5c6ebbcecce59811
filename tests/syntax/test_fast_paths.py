"""The parser's fast paths give exactly what its careful paths give.

* The main loop of :mod:`server.syntax.xmltree` takes text runs and well-formed tags with one regex match each and
  builds plainly written attributes (``name="value"`` separated by single spaces) without the general attribute loop.
  With ``_Tokenizer.fast`` off, every token goes through the careful handlers.
* Before that regex loop, the native scanner (``server/syntax/_fastscan.c``) takes the same tokens when their
  attributes need neither decoding nor a diagnostic. With ``_Tokenizer.native`` off, the regex loop takes them.
* :mod:`server.syntax.plainbuild` classifies and builds a body that needs no diagnostic in one pass. With
  ``PlainBuilding.plain`` off, every body goes through the general two-pass builder.

The references are the careful paths. The whole parse result is compared: element tree, node AST, frontmatter model,
every range, every ``SourceText`` offset, every diagnostic.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.diagnostics import Diagnostic
from server.syntax import SourceText, parse_document
from server.syntax.plainbuild import PlainBuilding
from server.syntax.xmltree import NATIVE, XmlElement, XmlText, _Tokenizer, tokenize_body
from tests.syntax.syntax_helpers import apply_edits, edits

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(ROOT.joinpath("examples").rglob("*.flow.md")) + sorted(
    ROOT.joinpath("tests", "golden", "cases").glob("*.flow.md")
)
SEEDS = [path.read_text(encoding="utf-8") for path in FILES]
FM = '---\nname: fast\nversion: "1.0"\n---\n'

PIECES = st.sampled_from(
    [
        *list("<>/=\"'&;!?[]-{}: \t\r\n\ufeffaxé😀"),
        "<workflow>",
        "</workflow>",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "&amp;",
        "&#x41;",
        "<source ",
        '<source id="s" type="http">',
        "</source>",
        '<transform id="t" type="template"><template>',
        "</template></transform>",
        "<url>",
        "</url>",
        "/>",
        ">",
        '<set var="v"/>',
        '<set var="v" var="w"/>',
        ' id="a"',
        ' id=" a "',
        " id='a'",
        ' x="1 < 2"',
        ' c="a<b"',
        " d='x</y>'",
        ' y="a&amp;b"',
        ' z=""',
        ' w="x\ty"',
        '\tq="1"',
        ' id="a"id="b"',
        "  ",
        "\n  ",
        "<on-error>",
        "</on-error>",
        '<case when="x">',
        "</case>",
        ' a = "1"',
        '\n\tb="2"',
        '<é x="😀"/>',
        "</source >",
        "<a:b c-d.e=\"1\" _f='g h'>",
        "</a:b>",
        "<!DOCTYPE",
        "<?",
        "?>",
    ]
)


def canonical(text: str) -> list[Any]:
    """Everything ``parse_document`` returns, as plain data (SourceText with its offsets, records field by field)."""
    doc = parse_document(text)
    out: list[Any] = []
    for name in ("text", "split", "body", "footer_start", "frontmatter", "workflow", "xml_root", "diagnostics"):
        out.append(name)
        out.extend(_flatten(getattr(doc, name)))
    return out


def _flatten(value: Any) -> Iterator[Any]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, SourceText):
            yield ("text", str(item), item.span, [item.doc_offset(i) for i in range(len(item) + 1)])
        elif hasattr(item, "__record_fields__"):
            yield ("record", type(item).__name__)
            stack.extend(reversed([getattr(item, field) for field in item.__record_fields__]))
        elif isinstance(item, XmlElement):
            yield ("element", item.name, item.anchor, item.start_tag, item.end_tag, item.end, item.self_closing)
            stack.extend(reversed([*item.attributes, ("children", len(item.children)), *item.children]))
        elif isinstance(item, XmlText):
            yield ("xmltext", item.start, item.end, item.cdata)
        elif isinstance(item, list | tuple):
            yield (type(item).__name__, len(item))
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield ("dict", len(item))
            stack.extend(reversed([part for pair in item.items() for part in pair]))
        else:
            yield (type(item).__name__, repr(item))


def assert_same_both_ways(text: str) -> None:
    """The native, regex and careful paths give the same parse (the native one is the default)."""
    native = canonical(text)
    _Tokenizer.native = False
    try:
        regex = canonical(text)
        _Tokenizer.fast = False
        PlainBuilding.plain = False
        careful = canonical(text)
    finally:
        _Tokenizer.native = True
        _Tokenizer.fast = True
        PlainBuilding.plain = True
    assert regex == careful
    assert native == regex


def test_the_native_scanner_is_built() -> None:
    # setup.py builds it wherever a C compiler is available, as on every CI machine; a missing build would leave the
    # comparisons below comparing the regex path with itself.
    assert NATIVE


def test_the_native_scanner_takes_the_plain_tokens_and_leaves_the_rest() -> None:
    from server.syntax import _fastscan

    text = '<workflow>\n  <a x="1" y=\'2\'>t</a>\n  <b z="&amp;"/></workflow>'
    stack = [XmlElement("workflow", (0, 9), (0, 10), ())]
    open_names = {"workflow": 1}
    stop = _fastscan.scan(text, 10, len(text), stack, open_names)
    assert text[stop:].startswith("\n  <b ")  # the entity goes the Python way
    (before, a) = stack[0].children
    assert isinstance(before, XmlText) and (before.start, before.end, before.cdata) == (10, 13, False)
    assert isinstance(a, XmlElement) and not a.self_closing
    assert (a.name, a.anchor, a.start_tag, a.end_tag, a.end) == ("a", (13, 15), (13, 28), (29, 33), 33)
    (inner,) = a.children
    assert isinstance(inner, XmlText) and (inner.start, inner.end) == (28, 29)
    assert [(x.name, x.name_range, str(x.value), x.value.span, x.value_range) for x in a.attributes] == [
        ("x", (16, 17), "1", (19, 20), (19, 20)),
        ("y", (22, 23), "2", (25, 26), (25, 26)),
    ]
    assert open_names == {"workflow": 1, "a": 0} and len(stack) == 1


def test_the_plain_builder_takes_the_examples_and_declines_what_must_be_reported() -> None:
    from server.syntax.builder import _Builder

    for path in FILES:
        text = path.read_text(encoding="utf-8")
        start = text.find("<workflow")
        if start < 0:
            continue
        root, _ = tokenize_body(text, start, len(text), [])
        if root is None:
            continue
        reported: list[Diagnostic] = []
        plain = _Builder(text, reported).build_plain(root)
        assert reported == []  # the fast path never reports
        general: list[Diagnostic] = []
        _Builder(text, general).build(root)
        if general:
            assert plain is None, path.name
        if "problems" not in path.parts and path.parent.name in ("examples", "sub"):
            assert plain is not None, path.name


def test_the_switches_change_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = _Tokenizer.start_tag

    def counting(self: _Tokenizer, lt: int) -> None:
        calls.append(lt)
        original(self, lt)

    monkeypatch.setattr(_Tokenizer, "start_tag", counting)
    monkeypatch.setattr(_Tokenizer, "native", False)  # the regex path against the careful one
    text = SEEDS[0]
    parse_document(text)
    fast_calls = len(calls)
    monkeypatch.setattr(_Tokenizer, "fast", False)
    parse_document(text)
    assert fast_calls == 1  # the root only
    assert len(calls) - fast_calls > 1


def test_the_native_switch_changes_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from server.syntax import _fastscan, xmltree

    calls: list[int] = []

    class Counting:
        @staticmethod
        def scan(*args: Any) -> int:
            calls.append(args[1])
            return _fastscan.scan(*args)

        @staticmethod
        def start_tag(*args: Any) -> XmlElement | None:
            calls.append(args[1])
            return _fastscan.start_tag(*args)

        @staticmethod
        def body(*args: Any) -> Any:
            calls.append(args[1])
            return _fastscan.body(*args)

    monkeypatch.setattr(xmltree, "_fastscan", Counting)
    parse_document(SEEDS[0])
    assert calls
    calls.clear()
    monkeypatch.setattr(_Tokenizer, "native", False)
    parse_document(SEEDS[0])
    assert calls == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_files_parse_the_same_both_ways(path: Path) -> None:
    assert_same_both_ways(path.read_text(encoding="utf-8"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=60).map("".join))
def test_random_bodies_parse_the_same_both_ways(body: str) -> None:
    assert_same_both_ways(FM + "<workflow>\n" + body)
    assert_same_both_ways(FM + body)
    assert_same_both_ways(FM + "\n <workflow" + body)  # the root's own attributes and ending


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEEDS),
    edits(PIECES),
)
def test_mutated_files_parse_the_same_both_ways(seed: str, changes: list[tuple[int, int, str]]) -> None:
    assert_same_both_ways(apply_edits(seed, changes))


KV_PIECES = st.sampled_from(["a", "b.c", "$x", "-", ":", " ", "\t", "\n", "'", '"', "#", "\x0c", "é", "1"])


@settings(max_examples=500, deadline=None)
@given(st.lists(KV_PIECES, max_size=40).map("".join))
def test_key_value_lines_by_one_regex_pass_match_the_line_by_line_reading(block: str) -> None:
    from server.syntax.config import _kv_lines, _kv_lines_any_break

    assert _kv_lines(block) == _kv_lines_any_break(block, SourceText(block, 0).splitlines_keep())
