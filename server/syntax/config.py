"""Config extraction of source/transform/sink nodes (LANGUAGE.md §6), with key and value ranges for every entry."""

from __future__ import annotations

import re

from runtimes.keys import key_kind, runtime_key
from runtimes.lazyre import lazy_compile
from server.diagnostics import Diagnostic
from server.syntax.ast import ConfigEntry, ConfigMap, Span
from server.syntax.sourcetext import SourceText, decode_entities
from server.syntax.xmlnodes import XmlElement, XmlText, element_text

__all__ = ["extract_config", "parse_kv_block"]

_KV_LINE = lazy_compile(r"[ \t]*([A-Za-z0-9_$][A-Za-z0-9_.$-]*)[ \t]*:(.*)\Z", re.DOTALL)  # \Z = the line end
# The key, then the value without the blanks around it and without matching quotes (as _value_span): the group that
# matched is the match's lastindex.
_KV_LINES = lazy_compile(
    r"^[ \t]*+([A-Za-z0-9_$][A-Za-z0-9_.$-]*)[ \t]*:[ \t]*+(?:\"([^\n]*)\"|'([^\n]*)'|([^\n]*?))[ \t]*$",
    re.MULTILINE,
)
_CONTENT_LINES = lazy_compile(r"^[ \t]*+[^ \t\n]", re.MULTILINE)
_SKIP_ATTRS = frozenset(("id", "type", "input"))
_NON_BLANK = re.compile(r"[^ \t\r\n]")


# (line start, key start, key end, value start, value end, indent) of every non-blank line
_Line = tuple[int, int, int, int, int, int]


def _value_span(plain: str, vs: int, ve: int, raw: str) -> tuple[int, int]:
    """The value ``raw`` (at ``vs``..``ve``) without the blanks around it and without matching quotes."""
    stripped = raw.lstrip(" \t")
    if stripped:
        vs += len(raw) - len(stripped)
        ve -= len(stripped) - len(stripped.rstrip(" \t"))
    else:
        vs = ve
    if ve - vs >= 2 and plain[vs] in "\"'" and plain[ve - 1] == plain[vs]:
        vs += 1
        ve -= 1
    return vs, ve


def _kv_lines(plain: str) -> list[_Line] | None:
    """The lines of a block whose only line break is ``\\n``: one regex pass over the key-value lines, and a count of
    the non-blank lines (more of those than key-value lines: not a block)."""
    lines: list[_Line] = []
    for m in _KV_LINES.finditer(plain):
        line_start = m.start()
        ks, ke = m.span(1)
        vs, ve = m.span(m.lastindex)  # type: ignore[arg-type]  # group 2, 3 or 4 matched
        lines.append((line_start, ks, ke, vs, ve, ks - line_start))
    if len(lines) != len(_CONTENT_LINES.findall(plain)):
        return None
    return lines


def _kv_lines_any_break(plain: str, spans: list[tuple[int, int]]) -> list[_Line] | None:
    """The lines of a block with ``\\r\\n`` or ``\\r`` breaks too, line by line."""
    lines: list[_Line] = []
    for start, end in spans:
        if not _NON_BLANK.search(plain, start, end):
            continue
        m = _KV_LINE.match(plain, start, end)
        if m is None:
            return None
        vs, ve = _value_span(plain, *m.span(2), m.group(2))
        lines.append((start, m.start(1), m.end(1), vs, ve, m.start(1) - start))
    return lines


def parse_kv_block(text: SourceText, first_on_tag_line: bool) -> tuple[list[ConfigEntry], int] | None:
    """Parse a key-value block (LANGUAGE.md §6.4); None when the text is not one. Returns (entries, line count).

    Lines are matched on the plain string; SourceText slices are made only for the keys and values kept.
    """
    plain = str(text)
    lines = _kv_lines(plain) if "\r" not in plain else _kv_lines_any_break(plain, text.splitlines_keep())
    if lines is None:
        return None
    if not lines:
        return [], 0
    top_first = first_on_tag_line and lines[0][0] == 0  # the first non-blank line is the tag's line
    rest = lines[1:] if top_first else lines
    base = min((line[5] for line in rest), default=0)
    entries: dict[str, ConfigEntry] = {}
    group: dict[str, ConfigEntry] = {}
    group_entry: ConfigEntry | None = None
    group_indent = -1

    def close_group() -> None:
        if group_entry is None:
            return
        if group:
            ranges = [e.key_range[0] for e in group.values()], [e.value_range[1] for e in group.values()]
            span = (min(ranges[0]), max(ranges[1]))
            entries[group_entry.key] = ConfigEntry(
                group_entry.key, group_entry.key_range, ConfigMap(tuple(group.values())), span, "block"
            )
        else:
            entries[group_entry.key] = group_entry

    at = text._at if text.is_contiguous else -1
    for position, (_, ks, ke, vs, ve, indent) in enumerate(lines):
        if at >= 0:  # an unmodified slice of the document: offsets by addition
            key_name = plain[ks:ke]
            value = SourceText(plain[vs:ve], at + vs)
            entry = ConfigEntry(key_name, (at + ks, at + ke), value, (at + vs, at + ve), "block")
        else:
            key = text.sub(ks, ke)
            value = text.sub(vs, ve)
            entry = ConfigEntry(str(key), key.span, value, value.span, "block")
        if (position == 0 and top_first) or indent == base:
            close_group()
            group_entry = entry
            group = {}
            group_indent = -1
            continue
        if group_entry is None or group_entry.value or indent < base:
            return None
        if group_indent < 0:
            group_indent = indent
        elif indent != group_indent:
            return None
        group[entry.key] = entry
    close_group()
    return list(entries.values()), len(lines)


class _Extractor:
    def __init__(self, text: str, label: str, diagnostics: list[Diagnostic]) -> None:
        self.text = text
        self.label = label
        self.diags = diagnostics

    def ignored_attributes(self, element: XmlElement) -> None:
        for attr in element.attributes:
            self.diags.append(
                Diagnostic(
                    "VALID_UNKNOWN_FIELD",
                    "warning",
                    f"Attributes on <{element.name}> are ignored",
                    attr.name_range[0],
                    attr.name_range[1],
                )
            )

    def content(self, element: XmlElement) -> str:
        """``text``, ``elements`` or ``mixed``."""
        has_elements = False
        has_text = False
        text = self.text
        for child in element.children:
            if isinstance(child, XmlElement):
                has_elements = True
            elif not has_text and _has_text(child, text):
                has_text = True
        if has_elements and has_text:
            return "mixed"
        return "elements" if has_elements else "text"

    def mixed(self, element: XmlElement) -> SourceText:
        self.diags.append(
            Diagnostic(
                "VALID_INVALID_FIELD_TYPE",
                "error",
                f'<{element.name}> in node "{self.label}" mixes text and elements; the elements are ignored',
                element.anchor[0],
                element.anchor[1],
                ("Wrap markup in <![CDATA[ ... ]]>",),
            )
        )
        return element_text(element, self.text)

    def object_value(self, root: XmlElement) -> ConfigMap:
        """Value of an element whose children are elements only (recursively, no key-value detection)."""
        order: list[XmlElement] = []
        stack = [root]
        kinds: dict[int, str] = {}
        while stack:
            element = stack.pop()
            order.append(element)
            kind = kinds[id(element)] = self.content(element)
            if element is not root:
                self.ignored_attributes(element)
            if kind == "elements":
                stack.extend(c for c in element.children if isinstance(c, XmlElement))
        built: dict[int, SourceText | ConfigMap] = {}
        for element in reversed(order):
            kind = kinds[id(element)]
            if kind == "elements":
                entries: dict[str, ConfigEntry] = {}
                for child in element.children:
                    if isinstance(child, XmlElement):
                        value = built[id(child)]
                        entries[child.name] = ConfigEntry(
                            child.name, _key_range(child), value, _value_range(child, value), "element"
                        )
                built[id(element)] = ConfigMap(tuple(entries.values()))
            elif kind == "mixed":
                built[id(element)] = self.mixed(element)
            else:
                built[id(element)] = element_text(element, self.text)
        result = built[id(root)]
        assert isinstance(result, ConfigMap)
        return result


def _has_text(piece: XmlText, text: str) -> bool:
    """Whether a text or CDATA piece holds non-whitespace text once decoded (LANGUAGE.md §6.2)."""
    start, end = piece.start, piece.end
    if not _NON_BLANK.search(text, start, end):
        return False
    if piece.cdata:
        return True
    raw = text[start:end]
    return "&" not in raw or bool(_NON_BLANK.search(decode_entities(raw, start)))


def _key_range(element: XmlElement) -> Span:
    return element.anchor[0] + 1, element.anchor[1]


def _value_range(element: XmlElement, value: SourceText | ConfigMap) -> Span:
    if isinstance(value, SourceText):
        return value.span
    end = element.end_tag[0] if element.end_tag is not None else element.end
    return element.start_tag[1], max(element.start_tag[1], end)


def _starts_on_tag_line(element: XmlElement, raw: SourceText, text: str) -> bool:
    """Whether the text's first character is on the start tag's source line (after CDATA markup or comments too)."""
    if not raw:
        return False
    tag_end = element.start_tag[1]
    first = raw.doc_offset(0)
    if first == tag_end:
        return True
    between = text[tag_end:first]
    return "\n" not in between and "\r" not in between


def extract_config(
    element: XmlElement,
    children: list[XmlElement],
    kind: str,
    type_name: str,
    label: str,
    text: str,
    diagnostics: list[Diagnostic],
) -> ConfigMap:
    """The ordered config of a source/transform/sink node (LANGUAGE.md §6.1–6.4)."""
    entries: dict[str, ConfigEntry] = {}
    for attr in element.attributes:
        name = attr.name
        if name not in _SKIP_ATTRS:
            entries[name] = ConfigEntry(name, attr.name_range, attr.value, attr.value_range, "attribute")
    if not children:
        return ConfigMap(tuple(entries.values()))
    extractor = _Extractor(text, label, diagnostics)
    runtime = runtime_key(kind, type_name)
    for child in children:
        name = child.name
        if child.attributes:
            extractor.ignored_attributes(child)
        pieces = child.children
        # the common case: one text run (or CDATA section), or nothing
        simple = not pieces or (len(pieces) == 1 and type(pieces[0]) is XmlText)
        content = "text" if simple else extractor.content(child)
        value: SourceText | ConfigMap
        if content == "elements":
            value = extractor.object_value(child)
        elif content == "mixed":
            value = extractor.mixed(child)
        else:
            k = key_kind(runtime, name)
            piece = pieces[0] if simple and pieces else None
            if isinstance(piece, XmlText) and not piece.cdata:
                raw_text = text[piece.start : piece.end]
                raw = decode_entities(raw_text, piece.start) if "&" in raw_text else SourceText(raw_text, piece.start)
            else:
                raw = element_text(child, text, trim=False)
            trimmed = raw.trim()
            value = trimmed
            if k != "text" and trimmed:
                parsed = parse_kv_block(raw, _starts_on_tag_line(child, raw, text))
                if parsed is not None:
                    block, count = parsed
                    if k == "flattened":
                        for entry in block:
                            entries[entry.key] = entry
                        continue
                    if k == "object" or count >= 2:
                        value = ConfigMap(tuple(block))
            elif k == "flattened" and not trimmed:
                continue
        anchor = child.anchor
        entries[name] = ConfigEntry(name, (anchor[0] + 1, anchor[1]), value, _value_range(child, value), "element")
    return ConfigMap(tuple(entries.values()))
