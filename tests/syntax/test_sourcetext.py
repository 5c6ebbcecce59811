"""SourceText offsets through entities, CDATA, trimming, slicing and concatenation (LANGUAGE.md §8)."""

from __future__ import annotations

import pickle

from server.syntax import SourceText, decode_entities


def test_contiguous_text() -> None:
    text = SourceText("hello", 10)
    assert text == "hello" and isinstance(text, str)
    assert [text.doc_offset(i) for i in range(6)] == [10, 11, 12, 13, 14, 15]
    assert text.span == (10, 15) and text.doc_span(1, 3) == (11, 13)
    assert text.is_contiguous


def test_entities_map_to_the_ampersand_and_spans_cover_the_entity() -> None:
    raw = "a&lt;b&#x1F600;c"
    text = decode_entities(raw, 100)
    assert str(text) == "a<b\U0001f600c"
    assert [text.doc_offset(i) for i in range(len(text))] == [100, 101, 105, 106, 115]
    assert text.doc_span(1, 2) == (101, 105)
    assert text.doc_span(3, 4) == (106, 115)
    assert text.span == (100, 116)
    assert not text.is_contiguous


def test_entities_kept_literally() -> None:
    for raw in ("&nbsp;", "a && b", "&#0;", "&#xD800;", "&#x110000;", "&amp", "&;"):
        assert str(decode_entities(raw, 0)) == raw


def test_sub_and_trim_keep_offsets() -> None:
    text = decode_entities("  x &amp; y  ", 50)
    trimmed = text.trim()
    assert str(trimmed) == "x & y"
    assert trimmed.span == (52, 61)
    piece = trimmed.sub(2, 3)
    assert str(piece) == "&" and piece.span == (54, 59)
    assert trimmed.sub(4).span == (60, 61)


def test_empty_values_keep_a_position() -> None:
    assert SourceText.empty(7).span == (7, 7)
    assert SourceText("   ", 3).trim().span == (6, 6)
    assert SourceText("ab", 3).sub(1, 1).span == (4, 4)


def test_concat_merges_contiguous_runs() -> None:
    joined = SourceText.concat([SourceText("ab", 0), SourceText("cd", 2), SourceText("ef", 10)])
    assert str(joined) == "abcdef"
    assert [joined.doc_offset(i) for i in range(6)] == [0, 1, 2, 3, 10, 11]
    assert joined.doc_span(0, 4) == (0, 4) and joined.doc_span(3, 5) == (3, 11)


def test_split_lines_and_pickle() -> None:
    text = decode_entities("a\r\nb&amp;\rc\n", 0)
    assert [str(text.sub(s, e)) for s, e in text.splitlines_keep()] == ["a", "b&", "c", ""]
    clone = pickle.loads(pickle.dumps(text))
    assert clone == text and clone.span == text.span and clone.doc_offset(3) == text.doc_offset(3)


def test_out_of_range_indices_are_clamped() -> None:
    text = SourceText("abc", 5)
    assert text.doc_offset(-3) == 5 and text.doc_offset(99) == 8
    assert text.doc_span(2, 99) == (7, 8) and text.doc_span(3, 1) == (8, 8)
