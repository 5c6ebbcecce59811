"""Lexical patterns and the tokenizer's base: state, errors, the line index, the careful (slow) start-tag parser and
the recovery of unclosed elements (LANGUAGE.md §4.1, §4.4). :mod:`server.syntax.xmltree` adds the fast paths."""

from __future__ import annotations

import re
from bisect import bisect_right

from runtimes.lazyre import lazy_compile
from server.diagnostics import Diagnostic, Related
from server.syntax.ast import Attribute, Span
from server.syntax.sourcetext import SourceText, decode_entities
from server.syntax.xmlnodes import XmlElement, XmlText

__all__ = [
    "ATTR_ALL",
    "ATTR_PLAIN",
    "END_FAST",
    "NAME_RE",
    "NAME_START",
    "NON_BLANK",
    "ROOT",
    "START_FAST",
    "TEXT_TOKEN",
    "TOKEN",
    "WS_RUN",
    "TokenizerBase",
]

# NameStart = A-Z a-z _ : or any character >= U+00C0; NameChar adds - . 0-9 U+00B7 (LANGUAGE.md §4.1). Written as
# negated classes: a class reaching U+10FFFF costs ~10 ms to compile per pattern, and startup time is measured.
_NS = r"^\x00-\x39\x3b-\x40\x5b-\x5e\x60\x7b-\xbf"
_NC = r"^\x00-\x2c\x2f\x3b-\x40\x5b-\x5e\x60\x7b-\xb6\xb8-\xbf"
_NAME = f"[{_NS}][{_NC}]*+"
_W = "[ \t\r\n]"
NAME_RE = lazy_compile(_NAME)
NAME_START = lazy_compile(f"[{_NS}]")
WS_RUN = re.compile(f"{_W}*")
START_FAST = re.compile(f"<({_NAME})((?:{_W}+{_NAME}{_W}*={_W}*(?:\"[^\"\\r\\n<]*\"|'[^'\\r\\n<]*'))*+){_W}*(/?)>")
ATTR_ALL = lazy_compile(f"({_W}*)({_NAME})({_W}*={_W}*)(?:\"([^\"]*)\"|'([^']*)')")
END_FAST = lazy_compile(f"</({_NAME}){_W}*>")
TOKEN = lazy_compile(
    f"<(?:({_NAME})((?:{_W}+{_NAME}{_W}*={_W}*(?:\"[^\"\\r\\n<]*\"|'[^'\\r\\n<]*'))*+){_W}*(/?)>|/({_NAME}){_W}*>)"
)
# Text up to the next "<", then a well-formed start or end tag: the whole of a typical body, one match per tag.
# Groups: text, start-tag name, its attributes, "/" of a self-closing tag, end-tag name.
TEXT_TOKEN = re.compile(
    f"([^<]*+)<(?:({_NAME})((?:{_W}+{_NAME}{_W}*={_W}*(?:\"[^\"\\r\\n<]*\"|'[^'\\r\\n<]*'))*+){_W}*(/?)>"
    f"|/({_NAME}){_W}*>)"
)
# One attribute of the plainest form: one space, name="value", no entity, value not blank at either end.
ATTR_PLAIN = re.compile(f' ({_NAME})="((?![ \t])[^"&]*(?<![ \t]))"')
_UNQUOTED = lazy_compile(r"[^ \t\r\n>]*")
ROOT = re.compile(f"<workflow(?={_W}|>|/)")
NON_BLANK = re.compile(r"[^ \t\r\n]")
_EOL = lazy_compile(r"[\r\n]")
_WS_ONLY = lazy_compile(f"{_W}*\\Z")
_BLANKS = lazy_compile("[ \t]*")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")

_ERR = "PARSE_XML_INVALID"


def _attr_value(text: str, start: int, end: int) -> SourceText:
    raw = text[start:end]
    value = decode_entities(raw, start) if "&" in raw else SourceText(raw, start)
    if value and (value[0] in " \t\r\n" or value[-1] in " \t\r\n"):
        return value.trim()
    return value


class TokenizerBase:
    """State shared by the tokenizer passes; every method is linear in what it consumes."""

    def __init__(self, text: str, start: int, end: int, diagnostics: list[Diagnostic]) -> None:
        self.text = text
        self.end = end
        self.pos = start
        self.body_start = start
        self.diags = diagnostics
        self.stack: list[XmlElement] = []
        self.open_names: dict[str, int] = {}
        """How many elements of each name are open (an end tag for a name not open is rejected in O(1))."""
        self._line_starts: list[int] | None = None
        self._line_ends: list[int] = []
        self._no_quote_from: dict[str, int] = {}
        self.root: XmlElement | None = None
        self.body_end = end

    # -- helpers -----------------------------------------------------------------------------------------------

    def error(
        self, message: str, start: int, end: int, hints: tuple[str, ...] = (), related: tuple[Related, ...] = ()
    ) -> None:
        self.diags.append(Diagnostic(_ERR, "error", message, start, end, hints, related))

    def _lines(self) -> tuple[list[int], list[int]]:
        """Line starts and line-content ends of the body, computed once on first use (only recovery needs them)."""
        if self._line_starts is None:
            starts = [self.body_start]
            ends: list[int] = []
            for m in _LINE_BREAK.finditer(self.text, self.body_start, self.end):
                ends.append(m.start())
                starts.append(m.end())
            ends.append(self.end)
            self._line_starts = starts
            self._line_ends = ends
        return self._line_starts, self._line_ends

    def line_end(self, pos: int) -> int:
        """End of the content of the line holding ``pos`` (O(log n): single-line files stay linear)."""
        starts, ends = self._lines()
        return ends[max(0, bisect_right(starts, pos) - 1)]

    def line_start(self, pos: int) -> int:
        starts, _ = self._lines()
        return starts[max(0, bisect_right(starts, pos) - 1)]

    def find_quote(self, quote: str, start: int) -> int:
        """Next ``quote`` at or after ``start``, or -1; remembers a failed search so it is not repeated."""
        if start >= self._no_quote_from.get(quote, self.end + 1):
            return -1
        found = self.text.find(quote, start, self.end)
        if found < 0:
            self._no_quote_from[quote] = start
        return found

    def add_text(self, start: int, end: int) -> None:
        if end <= start or not self.stack:
            return
        children = self.stack[-1].children
        if children:
            last = children[-1]
            if isinstance(last, XmlText) and not last.cdata and last.end == start:
                last.end = end
                return
        children.append(XmlText(start, end))

    def duplicate(self, name: str, name_range: Span, first: Span) -> None:
        self.error(
            f'Duplicate attribute "{name}"',
            name_range[0],
            name_range[1],
            ("The last value is used",),
            (Related("first defined here", first[0], first[1]),),
        )

    def start_tag_slow(self, lt: int) -> None:
        text, end = self.text, self.end
        nm = NAME_RE.match(text, lt + 1, end)
        assert nm is not None  # the caller saw a NameStart
        name = nm.group()
        anchor = (lt, nm.end())
        p = nm.end()
        attrs: list[Attribute] = []
        seen: dict[str, Span] = {}

        def finish(stop: int, self_closing: bool, terminated: bool = True) -> None:
            element = XmlElement(name, anchor, (lt, stop), tuple(attrs))
            self.pos = stop
            if not terminated:
                self.error(f"Tag <{name} is not terminated", anchor[0], anchor[1])
                element.self_closing = True
                self.attach(element)
                return
            self.open(element, self_closing)

        while True:
            p = WS_RUN.match(text, p, end).end()  # type: ignore[union-attr]
            if p >= end:
                finish(end, False, terminated=False)
                return
            ch = text[p]
            if ch == ">":
                finish(p + 1, False)
                return
            if ch == "/" and text.startswith("/>", p):
                finish(p + 2, True)
                return
            am = NAME_RE.match(text, p, end)
            if am is None:
                self.error(f'Unexpected character "{ch}" in tag <{name}>', p, p + 1)
                p += 1
                continue
            attr_name = am.group()
            name_range = am.span()
            q = WS_RUN.match(text, am.end(), end).end()  # type: ignore[union-attr]
            if q >= end or text[q] != "=":
                self.error(
                    f'Attribute "{attr_name}" has no value', name_range[0], name_range[1], (f'Write {attr_name}="..."',)
                )
                p = am.end()
                continue
            q = WS_RUN.match(text, q + 1, end).end()  # type: ignore[union-attr]
            quote = text[q] if q < end else ""
            if quote in ('"', "'"):
                close = self.find_quote(quote, q + 1)
                line_end = self.line_end(q + 1) if close < 0 or _EOL.search(text, q + 1, close) else close
                # searched only when the value leaves its line: the cost is covered by the text consumed
                gt_on_line = text.find(">", q + 1, line_end) if close < 0 or close > line_end else -1
                if close < 0 or (close > line_end and gt_on_line >= 0):
                    self.error("Unterminated attribute value", q, line_end, ("Close the quote",))
                    if gt_on_line < 0:  # the quote never closes, so the tag never ends: not terminated before EOF
                        self.add_attr(attrs, seen, attr_name, name_range, q + 1, line_end)
                        finish(end, False, terminated=False)
                        return
                    self_closing = gt_on_line > q + 1 and text[gt_on_line - 1] == "/"
                    v_end = gt_on_line - 1 if self_closing else gt_on_line
                    self.add_attr(attrs, seen, attr_name, name_range, q + 1, v_end)
                    finish(gt_on_line + 1, self_closing)
                    return
                self.add_attr(attrs, seen, attr_name, name_range, q + 1, close)
                p = close + 1
                continue
            if q >= end or text[q] == ">" or text.startswith("/>", q):
                self.error(
                    f'Attribute "{attr_name}" has no value', name_range[0], name_range[1], (f'Write {attr_name}="..."',)
                )
                p = q
                continue
            um = _UNQUOTED.match(text, q, end)
            v_end = um.end() if um else q
            slash = text.find("/>", q, v_end + 2)
            if slash >= 0 and slash < v_end:
                v_end = slash
            raw = text[q:v_end]
            self.error("Attribute value must be quoted", q, v_end, (f'Write {attr_name}="{raw}"',))
            self.add_attr(attrs, seen, attr_name, name_range, q, v_end)
            p = v_end

    def add_attr(
        self, attrs: list[Attribute], seen: dict[str, Span], name: str, name_range: Span, vs: int, ve: int
    ) -> None:
        if name in seen:  # related to the first definition
            self.duplicate(name, name_range, seen[name])
        else:
            seen[name] = name_range
        attrs.append(Attribute(name, name_range, _attr_value(self.text, vs, ve), (vs, ve)))

    def open(self, element: XmlElement, self_closing: bool) -> None:
        if self_closing:
            element.self_closing = True
            self.attach(element)
            if not self.stack:  # <workflow/>
                self.body_end = element.end
            return
        self.attach(element)
        self.stack.append(element)
        self.open_names[element.name] = self.open_names.get(element.name, 0) + 1

    def attach(self, element: XmlElement) -> None:
        if self.stack:
            self.stack[-1].children.append(element)
        elif self.root is None:
            self.root = element

    def pop(self) -> XmlElement:
        element = self.stack.pop()
        self.open_names[element.name] -= 1
        return element

    def not_closed(self, element: XmlElement) -> None:
        name = element.name
        self.error(
            f"Element <{name}> is not closed",
            element.anchor[0],
            element.anchor[1],
            (f"Add </{name}> or write <{name} ... />",),
        )

    def close_unclosed(self, index: int, at: int) -> None:
        """Close ``stack[index:]`` (elements never closed) at offset ``at`` (LANGUAGE.md §4.4).

        Recovery for half-typed files: the children of the unclosed elements are re-parented by indentation, so an
        element starting on a later line no deeper than an unclosed element becomes its sibling instead of its child
        (later nodes are not swallowed). One pass in document order; every child moves at most once.
        """
        stack = self.stack
        chain = stack[index:]
        del stack[index:]
        for element in chain:
            self.open_names[element.name] -= 1
            self.not_closed(element)
        base = stack[index - 1]
        new_children: dict[int, list[XmlElement | XmlText]] = {id(element): [] for element in chain}
        levels: list[tuple[XmlElement, float]] = [(base, -1.0)]
        first = chain[0]
        levels.append((first, self.own_indent(first, -1.0)))
        for position, element in enumerate(chain):
            following = chain[position + 1] if position + 1 < len(chain) else None
            for child in element.children:
                if isinstance(child, XmlElement):
                    line = self.line_start(child.anchor[0])
                    indent = _indent(self.text, line, child.anchor[0])
                    if indent is not None and line > levels[-1][0].anchor[0]:
                        while len(levels) > 1 and levels[-1][1] >= indent:
                            levels.pop()
                    target = levels[-1][0]
                    (base.children if target is base else new_children[id(target)]).append(child)
                    if child is following:
                        levels.append((child, self.own_indent(child, levels[-1][1])))
                else:
                    target = levels[-1][0]
                    (base.children if target is base else new_children[id(target)]).append(child)
        for element in reversed(chain):
            kept = new_children[id(element)]
            lost = len(kept) != len(element.children)
            element.children = kept
            if not lost:
                element.end = at
            else:
                element.end = kept[-1].end if kept else element.start_tag[1]

    def own_indent(self, element: XmlElement, parent_indent: float) -> float:
        indent = _indent(self.text, self.line_start(element.anchor[0]), element.anchor[0])
        return float(indent) if indent is not None else parent_indent + 0.5

    def raw_lt(self, lt: int) -> None:
        self.error('Unescaped "<" in text; write &lt;', lt, lt + 1)
        self.add_text(lt, lt + 1)
        self.pos = lt + 1


def _indent(text: str, line_start: int, pos: int) -> int | None:
    """Columns before ``pos`` on its line when they are all blanks, else None (cost: the blanks, not the line)."""
    blanks = _BLANKS.match(text, line_start, pos)
    return pos - line_start if blanks is not None and blanks.end() == pos else None
