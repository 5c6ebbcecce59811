"""What the cursor is in, found lexically (the text being typed is usually not well-formed yet).

Completion, hover and signature help use this: element name, attribute name, attribute value, element text
(key-value line), or expression (inside ``{{ }}`` or a bare-expression attribute).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Cursor", "CursorKind", "OpenElement", "cursor_at", "word_at"]

CursorKind = Literal["element", "attribute", "value", "text", "expression", "none"]

_TAG = re.compile(
    r"<(/?)([A-Za-z_:][\w:.\-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>|<!--.*?-->|<!\[CDATA\[.*?\]\]>", re.S
)
_ATTR = re.compile(r"([A-Za-z_:][\w:.\-]*)\s*=\s*(\"[^\"]*\"|'[^']*')")
_OPEN_VALUE = re.compile(r"([A-Za-z_:][\w:.\-]*)\s*=\s*([\"'])([^\"']*)\Z")
_WORD_BEFORE = re.compile(r"[\w$.\-]*\Z")
_KEY_LINE = re.compile(r"^[ \t]*([A-Za-z0-9_$][\w.$\-]*)[ \t]*:[ \t]*(.*)\Z")
_WORD = re.compile(r"[\w$\-]+")


@dataclass(frozen=True, slots=True)
class OpenElement:
    name: str
    attributes: dict[str, str]
    start: int


@dataclass(frozen=True, slots=True)
class Cursor:
    kind: CursorKind
    offset: int
    prefix: str = ""
    """The part of the current word (or value, or expression) before the cursor."""
    element: str | None = None
    """The element of the tag the cursor is in (attribute/value kinds)."""
    attributes: dict[str, str] = field(default_factory=dict)
    """Attributes already written in that tag."""
    attribute: str | None = None
    """The attribute whose value holds the cursor."""
    parents: tuple[OpenElement, ...] = ()
    """Open elements around the cursor, outermost first."""
    line_key: str | None = None
    """In element text: the key of a ``key: value`` line when the cursor is after its colon."""

    @property
    def parent(self) -> OpenElement | None:
        return self.parents[-1] if self.parents else None

    def nearest(self, *names: str) -> OpenElement | None:
        for element in reversed(self.parents):
            if element.name in names:
                return element
        return None


def _attributes(text: str) -> dict[str, str]:
    return {match.group(1): match.group(2)[1:-1] for match in _ATTR.finditer(text)}


def _open_elements(text: str, start: int, end: int, base: tuple[OpenElement, ...] = ()) -> tuple[OpenElement, ...]:
    stack: list[OpenElement] = list(base)
    for match in _TAG.finditer(text, start, end):
        closing, name = match.group(1), match.group(2)
        if name is None:
            continue
        if closing:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index].name == name:
                    del stack[index:]
                    break
        elif not match.group(4):
            stack.append(OpenElement(name, _attributes(match.group(3) or ""), match.start()))
    return tuple(stack)


def _body_start(text: str) -> int:
    index = text.find("<workflow")
    return max(index, 0)


def cursor_at(
    text: str,
    offset: int,
    bare_attributes: frozenset[str] = frozenset(),
    bare_elements: frozenset[str] = frozenset(),
    origin: tuple[int, tuple[OpenElement, ...]] | None = None,
) -> Cursor:
    """The cursor context at ``offset``. ``origin`` = (offset, open elements there) lets the scan for the enclosing
    elements start near the cursor instead of at the start of the body (the parsed document knows such a place)."""
    scan_start, base = origin if origin is not None and origin[0] <= offset else (_body_start(text), ())

    def open_elements(end: int) -> tuple[OpenElement, ...]:
        return _open_elements(text, min(scan_start, end), end, base if scan_start <= end else ())

    before = text[:offset]
    lt = before.rfind("<")
    gt = before.rfind(">")
    open_expr = before.rfind("{{")
    in_tag = lt > gt
    if open_expr != -1 and before.rfind("}}") < open_expr and (not in_tag or open_expr > lt):
        parents = open_elements(lt if in_tag else offset)
        element: str | None = None
        attributes: dict[str, str] = {}
        if in_tag:
            element, attributes = _tag_head(before[lt + 1 :])
        return Cursor("expression", offset, before[open_expr + 2 :], element, attributes, None, parents)
    if in_tag:
        parents = open_elements(lt)
        tag = before[lt + 1 :]
        if re.fullmatch(r"[\w:.\-]*", tag):
            return Cursor("element", offset, tag, parents=parents)
        if tag.startswith(("/", "!", "?")):
            return Cursor("none", offset, parents=parents)
        close = text.find(">", offset)
        element, attributes = _tag_head(text[lt + 1 : close if close != -1 else offset])
        value = _OPEN_VALUE.search(tag)
        if value is not None:
            name = value.group(1)
            if name in bare_attributes:
                return Cursor("expression", offset, value.group(3), element, attributes, name, parents)
            return Cursor("value", offset, value.group(3), element, attributes, name, parents)
        word = _WORD_BEFORE.search(tag)
        return Cursor("attribute", offset, word.group() if word else "", element, attributes, None, parents)
    parents = open_elements(offset)
    if parents and parents[-1].name in bare_elements:
        content = text.find(">", parents[-1].start) + 1
        if 0 < content <= offset:
            return Cursor("expression", offset, text[content:offset], parents=parents)
    line = before[before.rfind("\n") + 1 :]
    key_line = _KEY_LINE.match(line)
    if key_line is not None:
        return Cursor("text", offset, key_line.group(2), parents=parents, line_key=key_line.group(1))
    word = _WORD_BEFORE.search(line)
    return Cursor("text", offset, word.group() if word else "", parents=parents)


def _tag_head(tag: str) -> tuple[str | None, dict[str, str]]:
    name = re.match(r"[\w:.\-]+", tag)
    return (name.group() if name else None), _attributes(tag)


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    """The ``[\\w$-]`` word around ``offset`` (for hover on element and attribute names)."""
    start = offset
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_$-"):
        start -= 1
    end = offset
    while end < len(text) and (text[end].isalnum() or text[end] in "_$-"):
        end += 1
    return (start, end) if end > start else None
