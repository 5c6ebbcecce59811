"""The recovering XML tokenizer of the body (LANGUAGE.md §4): text → element tree with exact ranges.

No third-party XML parser, no DTD, no entity expansion beyond LANGUAGE.md §4.2. Never raises, never recurses on user
nesting; every well-formedness problem is a PARSE_XML_INVALID diagnostic (DIAGNOSTICS.md §4.1) and parsing goes on.
This module holds the main loop and the fast paths for well-formed markup; :mod:`server.syntax.xmlscan` the careful
parsing and the recovery rules.
"""

from __future__ import annotations

from server.diagnostics import Diagnostic
from server.syntax.ast import Attribute, Span
from server.syntax.sourcetext import SourceText, decode_entities
from server.syntax.xmlnodes import XmlElement, XmlText, element_text
from server.syntax.xmlscan import (
    ATTR_ALL,
    ATTR_PLAIN,
    END_FAST,
    NAME_RE,
    NAME_START,
    NON_BLANK,
    ROOT,
    START_FAST,
    TEXT_TOKEN,
    WS_RUN,
    TokenizerBase,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["NATIVE", "XmlElement", "XmlText", "element_text", "tokenize_body"]

_WS = " \t\r\n"

try:  # the optional native fast path (setup.py builds it when a C compiler is available)
    from server.syntax import _fastscan
except ImportError:  # pragma: no cover - a pure-Python installation
    _fastscan = None  # type: ignore[assignment]
if _fastscan is not None and getattr(_fastscan, "VERSION", 0) != 4:  # pragma: no cover - a stale build: rebuild it
    _fastscan = None  # type: ignore[assignment]  # (pip install -e . rebuilds it)
if _fastscan is not None:
    try:
        _fastscan.configure(XmlElement, XmlText, Attribute, SourceText)
    except (TypeError, AttributeError):  # pragma: no cover - the classes no longer have the slots it fills
        _fastscan = None  # type: ignore[assignment]

NATIVE = _fastscan is not None
"""Whether the native fast path (``server/syntax/_fastscan.c``) is installed."""


class _Tokenizer(TokenizerBase):
    """Prolog, skipped markup, tags and the main loop."""

    fast = True
    """Whether the main loop takes text runs and well-formed tags with one regex match (False: every token goes the
    careful way; tests compare both)."""

    native = True
    """Whether the fast path starts with the native scanner when it is installed (tests compare both)."""

    @classmethod
    def scanner(cls) -> ModuleType | None:
        """The native scanner module when it is installed and both switches are on, else None."""
        return _fastscan if cls.fast and cls.native else None

    # -- prolog ------------------------------------------------------------------------------------------------

    def prolog(self) -> bool:
        """Skip to the root start tag; False when there is none (diagnostics reported)."""
        text, end = self.text, self.end
        while True:
            pos = WS_RUN.match(text, self.pos, end).end()  # type: ignore[union-attr]
            self.pos = pos
            if pos >= end:
                self.no_root()
                return False
            if text.startswith("<!--", pos):
                self.comment(pos)
            elif text.startswith("<?", pos):
                self.pi(pos)
            elif text.startswith("<!DOCTYPE", pos):
                self.doctype(pos)
            elif ROOT.match(text, pos, end):
                return True
            else:
                found = ROOT.search(text, pos, end)
                if found is None:
                    self.no_root()
                    return False
                self.error("Unexpected content before <workflow>", pos, self.line_end(pos))
                self.pos = found.start()
                return True

    def no_root(self) -> None:
        m = NON_BLANK.search(self.text, self.body_start, self.end)
        start = m.start() if m else self.body_start
        self.error(
            "XML body must contain a <workflow> root element",
            start,
            self.line_end(start),
            ("Wrap nodes in <workflow>...</workflow>",),
        )

    # -- markup that is skipped --------------------------------------------------------------------------------

    def comment(self, lt: int) -> None:
        close = self.text.find("-->", lt + 4, self.end)
        if close < 0:
            self.error("Comment is not closed", lt, lt + 4)
            self.pos = self.end
        else:
            self.pos = close + 3

    def pi(self, lt: int) -> None:
        close = self.text.find("?>", lt + 2, self.end)
        if close < 0:
            self.error("Processing instruction is not closed", lt, lt + 2)
            self.pos = self.end
        else:
            self.pos = close + 2

    def doctype(self, lt: int) -> None:
        text, end = self.text, self.end
        gt = text.find(">", lt, end)
        bracket = text.find("[", lt, end)
        if bracket >= 0 and (gt < 0 or bracket < gt):
            close = text.find("]", bracket, end)
            gt = text.find(">", close, end) if close >= 0 else -1
        stop = gt + 1 if gt >= 0 else end
        self.error("DOCTYPE declarations are not allowed", lt, stop)
        self.pos = stop

    def bang(self, lt: int) -> None:
        text = self.text
        if text.startswith("<!--", lt):
            self.comment(lt)
        elif text.startswith("<![CDATA[", lt):
            close = text.find("]]>", lt + 9, self.end)
            if close < 0:
                self.error("CDATA section is not closed", lt, lt + 9)
                close = self.end
                self.pos = self.end
            else:
                self.pos = close + 3
            if self.stack:
                self.stack[-1].children.append(XmlText(lt + 9, close, True))
        elif text.startswith("<!DOCTYPE", lt):
            self.doctype(lt)
        else:
            gt = text.find(">", lt, self.end)
            stop = gt + 1 if gt >= 0 else self.end
            self.error("Invalid markup declaration", lt, stop)
            self.pos = stop

    # -- tags --------------------------------------------------------------------------------------------------

    def start_tag(self, lt: int) -> None:
        native = self.scanner()
        if native is not None:
            made = native.start_tag(self.text, lt, self.end)
            if made is not None:
                self.pos = made.start_tag[1]
                self.open(made, made.self_closing)
                return
        m = START_FAST.match(self.text, lt, self.end)
        if m is not None:
            name = m.group(1)
            a_start, a_end = m.span(2)
            attrs = self.fast_attributes(a_start, a_end) if a_end > a_start else ()
            element = XmlElement(name, (lt, lt + 1 + len(name)), (lt, m.end()), attrs)
            self.pos = m.end()
            self.open(element, bool(m.group(3)))
            return
        self.start_tag_slow(lt)

    def end_tag(self, lt: int) -> None:
        text, end = self.text, self.end
        m = END_FAST.match(text, lt, end)
        if m is not None:
            name = m.group(1)
            stop = m.end()
        else:
            nm = NAME_RE.match(text, lt + 2, end)
            if nm is None:
                self.raw_lt(lt)
                return
            name = nm.group()
            p = nm.end()
            stop = -1
            while p < end:
                ch = text[p]
                if ch == ">":
                    stop = p + 1
                    break
                if ch not in " \t\r\n":  # a "<" too: only the end of the body leaves a tag unfinished (§4.4)
                    self.error(f'Unexpected character "{ch}" in tag <{name}>', p, p + 1)
                p += 1
            if stop < 0:
                self.error(f"Tag </{name} is not terminated", lt, nm.end())
                stop = p
        self.pos = stop
        self.close_tag(name, lt, stop)

    def close_tag(self, name: str, lt: int, stop: int) -> None:
        """Apply the end tag ``</name>`` spanning ``[lt, stop)``."""
        stack = self.stack
        if not self.open_names.get(name):
            self.error(f"Unexpected closing tag </{name}>", lt, stop)
            return
        if stack[-1].name != name:
            index = len(stack) - 1
            while stack[index].name != name:  # cost: the elements about to be closed
                index -= 1
            self.close_unclosed(index + 1, lt)
        element = self.pop()
        element.end_tag = (lt, stop)
        element.end = stop
        if not stack:
            self.body_end = stop

    # -- main loop ---------------------------------------------------------------------------------------------

    def fast_attributes(self, a_start: int, a_end: int) -> tuple[Attribute, ...]:
        """Attributes of a well-formed start tag. Positions follow from the lengths of the captured pieces."""
        text = self.text
        attrs: list[Attribute] = []
        pos = a_start
        names: dict[str, Span] | None = None
        first_name = ""
        first_range: Span = (0, 0)
        for ws, attr_name, eq, dq, sq in ATTR_ALL.findall(text, a_start, a_end):
            ns = pos + len(ws)
            ne = ns + len(attr_name)
            vs = ne + len(eq) + 1
            raw = dq or sq
            ve = vs + len(raw)
            pos = ve + 1
            if not attrs:
                first_name, first_range = attr_name, (ns, ne)
            else:
                if names is None:
                    names = {first_name: first_range}
                if attr_name in names:
                    self.duplicate(attr_name, (ns, ne), names[attr_name])
                else:
                    names[attr_name] = (ns, ne)
            value = decode_entities(raw, vs) if "&" in raw else SourceText(raw, vs)
            if value and (value[0] in _WS or value[-1] in _WS):  # decoded, then trimmed (LANGUAGE.md §4.3)
                value = value.trim()
            attrs.append(Attribute(attr_name, (ns, ne), value, (vs, ve)))
        return tuple(attrs)

    def run(self) -> None:
        if not self.prolog():
            return
        self.start_tag(self.pos)
        self.main_loop()

    def main_loop(self) -> None:
        """From ``self.pos``, with the root read (and open, unless the stack is empty), to the end of the body."""
        text, end = self.text, self.end
        stack = self.stack
        open_names = self.open_names
        attributes = self.fast_attributes
        token = TEXT_TOKEN.match
        fast = self.fast
        native = self.scanner()
        scan = native.scan if native is not None else None
        pos = self.pos
        while stack and pos < end:
            if scan is not None:
                # native fast path: the same tokens as the regex loop below, as many as it takes
                pos = scan(text, pos, end, stack, open_names)
                if not stack:
                    self.body_end = pos
                    break
                if pos >= end:
                    break
            # fast path: text runs and well-formed tags, one regex match each
            m = token(text, pos, end) if fast else None
            if m is not None:
                children = stack[-1].children
                first, name, a_text, slash, end_name = m.groups()
                if first and children:  # text after markup the slow path handled may continue a text run
                    last = children[-1]
                    if type(last) is XmlText and not last.cdata and last.end == pos:
                        pos += len(first)
                        last.end = pos
                        first = ""
            while m is not None:
                lt = pos + len(first)
                if first:
                    children.append(XmlText(pos, lt))
                pos = m.end()
                if name is not None:  # start tag
                    name_end = lt + 1 + len(name)
                    attrs: tuple[Attribute, ...] = ()
                    if a_text:
                        plain = _plain_attributes(a_text, name_end)
                        attrs = plain if plain is not None else attributes(name_end, name_end + len(a_text))
                    element = XmlElement(name, (lt, name_end), (lt, pos), attrs)
                    children.append(element)
                    if slash:
                        element.self_closing = True
                    else:
                        stack.append(element)
                        children = element.children
                        open_names[name] = open_names.get(name, 0) + 1
                elif stack[-1].name == end_name:  # end tag of the innermost element
                    element = stack.pop()
                    open_names[end_name] -= 1
                    element.end_tag = (lt, pos)
                    element.end = pos
                    if not stack:
                        self.body_end = pos
                        break
                    children = stack[-1].children
                else:
                    self.close_tag(end_name, lt, pos)
                    if not stack:
                        break
                    children = stack[-1].children
                if scan is not None:
                    break  # back to the native scanner
                m = token(text, pos, end)
                if m is not None:
                    first, name, a_text, slash, end_name = m.groups()
            if not stack or pos >= end:
                break
            if m is not None:  # the regex loop took a token the native scanner left
                continue
            # slow path: one piece of anything else
            lt = text.find("<", pos, end)
            if lt < 0:
                self.add_text(pos, end)
                pos = end
                break
            self.add_text(pos, lt)
            self.pos = pos
            nxt = text[lt + 1 : lt + 2]
            if nxt == "/":
                self.end_tag(lt)
            elif nxt == "!":
                self.bang(lt)
            elif nxt == "?":
                self.pi(lt)
            elif nxt and NAME_START.match(nxt):
                self.start_tag(lt)
            else:
                self.raw_lt(lt)
            pos = self.pos
        self.pos = pos
        if len(stack) > 1:
            self.close_unclosed(1, end)
        if stack:
            root = self.pop()
            self.not_closed(root)
            root.end = end
        if self.root is not None and self.root.end_tag is None and not self.root.self_closing:
            self.body_end = end


_new_str = str.__new__


def _plain_attributes(attr_text: str, offset: int) -> tuple[Attribute, ...] | None:
    """Attributes written ``name="value"`` separated by single spaces (no entity, no blank at a value's ends), found
    at ``offset``; None when the text is not all of that form or a name repeats (the careful path takes those)."""
    pairs = ATTR_PLAIN.findall(attr_text)
    attrs: list[Attribute] = []
    append = attrs.append
    pos = offset
    for name, raw in pairs:
        ns = pos + 1
        ne = ns + len(name)
        vs = ne + 2
        pos = vs + len(raw)
        value = _new_str(SourceText, raw)  # SourceText(raw, vs) without the Python-level __new__
        value._at = vs
        append(Attribute(name, (ns, ne), value, (vs, pos)))
        pos += 1
    # The matches do not overlap, so they are the whole text exactly when their lengths add up to its length (the
    # positions above assumed so).
    if pos - offset != len(attr_text) or (len(pairs) > 1 and len(dict(pairs)) < len(pairs)):
        return None
    return tuple(attrs)


def tokenize_body(text: str, start: int, end: int, diagnostics: list[Diagnostic]) -> tuple[XmlElement | None, int]:
    """Tokenise ``text[start:end]``; returns the root element (or None) and the body end (footer start)."""
    native = _Tokenizer.scanner()
    if native is not None:
        # the common body in one native call: blanks, a plain <workflow> tag and as many tokens as the fast path takes
        quick = native.body(text, start, end)
        if quick is not None:
            root, pos, stack, open_names = quick
            if not stack:  # closed (or self-closing): the rest is the footer
                return root, pos
            tokenizer = _Tokenizer(text, start, end, diagnostics)
            tokenizer.root, tokenizer.stack, tokenizer.open_names, tokenizer.pos = root, stack, open_names, pos
            tokenizer.main_loop()
            return tokenizer.root, tokenizer.body_end
    tokenizer = _Tokenizer(text, start, end, diagnostics)
    tokenizer.run()
    return tokenizer.root, tokenizer.body_end
