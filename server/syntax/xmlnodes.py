"""The body's element tree: elements with their ranges, text and CDATA pieces (LANGUAGE.md §4.3, §8)."""

from __future__ import annotations

from server.syntax.ast import Attribute, ElementInfo, Span
from server.syntax.sourcetext import SourceText, decode_entities

__all__ = ["XmlElement", "XmlText", "element_text"]


class XmlText:
    """A text run or CDATA section: document range ``[start, end)`` of its raw content."""

    __slots__ = ("cdata", "end", "start")

    def __init__(self, start: int, end: int, cdata: bool = False) -> None:
        self.start = start
        self.end = end
        self.cdata = cdata


class XmlElement:
    """One element of the body. ``end_tag`` is None when self-closing or never closed."""

    __slots__ = ("anchor", "attributes", "children", "end", "end_tag", "name", "self_closing", "start_tag")

    def __init__(self, name: str, anchor: Span, start_tag: Span, attributes: tuple[Attribute, ...]) -> None:
        self.name = name
        self.anchor = anchor
        self.start_tag = start_tag
        self.attributes = attributes
        self.children: list[XmlElement | XmlText] = []
        self.end_tag: Span | None = None
        self.end = start_tag[1]
        self.self_closing = False

    @property
    def range(self) -> Span:
        return self.anchor[0], self.end

    def info(self) -> ElementInfo:
        anchor = self.anchor
        return ElementInfo(self.name, anchor, self.start_tag, self.end_tag, (anchor[0], self.end), self.attributes)

    def elements(self) -> list[XmlElement]:
        return [c for c in self.children if isinstance(c, XmlElement)]

    def __repr__(self) -> str:
        return f"<XmlElement {self.name} {self.range}>"


def element_text(element: XmlElement, text: str, trim: bool = True) -> SourceText:
    """Text of an element (LANGUAGE.md §4.3): text and CDATA pieces in order, decoded, then (optionally) trimmed."""
    pieces: list[SourceText] = []
    for child in element.children:
        if isinstance(child, XmlText):
            raw = text[child.start : child.end]
            pieces.append(SourceText(raw, child.start) if child.cdata else decode_entities(raw, child.start))
    if not pieces:
        joined = SourceText.empty(element.start_tag[1])
    elif len(pieces) == 1:
        joined = pieces[0]
    else:
        joined = SourceText.concat(pieces)
    return joined.trim() if trim else joined
