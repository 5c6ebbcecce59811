"""YAML 1.2 core schema on top of PyYAML's C composer, with exact positions (LANGUAGE.md §3.1).

PyYAML's C parser (loaded by ``server.syntax.libyaml`` without the rest of PyYAML) gives a node graph with marks;
this module resolves plain scalars itself with the §3.1 table (so ``yes`` stays a string and ``2024-01-01`` is no
timestamp), reports duplicate keys, applies ``<<`` merge keys, and bounds alias expansion (a node budget, checked
iteratively: aliases can also make cycles).
"""

from __future__ import annotations

import math
import re

from runtimes.lazyre import lazy_compile
from server.diagnostics import Diagnostic, Related
from server.syntax import libyaml
from server.syntax.ast import Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, TypeGuard

    import yaml

__all__ = ["YamlDoc", "compose_frontmatter", "is_mapping", "items", "scalar_value"]

PLAIN = "!plain"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE_TAGS = (PLAIN, "tag:yaml.org,2002:merge")
MAX_EXPANDED_NODES = 100_000
_MAX_RECURSION = 40  # levels converted by recursion before the iterative fallback

_INT = lazy_compile(r"[-+]?[0-9]+\Z")
_OCT = lazy_compile(r"0o[0-7]+\Z")
_HEX = lazy_compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = lazy_compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = lazy_compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = lazy_compile(r"\.(?:nan|NaN|NAN)\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))

_loader: type | None = None
_ScalarNode: Any = None
_SequenceNode: Any = None
_MappingNode: Any = None


def _loader_class() -> type:
    """A bare C parser with our resolver: composing needs no constructor, and ``resolve`` only marks plain scalars.

    The node classes are bound as module globals here (``import yaml`` inside hot functions costs per call).
    """
    global _loader, _ScalarNode, _SequenceNode, _MappingNode
    if _loader is None:
        lib = libyaml.load()
        _ScalarNode, _SequenceNode, _MappingNode = lib.ScalarNode, lib.SequenceNode, lib.MappingNode
        c_parser = lib.CParser
        scalar = lib.ScalarNode
        sequence = lib.SequenceNode

        def resolve(self: Any, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
            if kind is scalar:
                return PLAIN if implicit[0] else _STR
            if kind is sequence:
                return _SEQ
            return _MAP

        def no_path(self: Any, *args: Any) -> None:
            return None

        if c_parser is not None:
            _loader = type(
                "_CoreLoader",
                (c_parser,),
                {"resolve": resolve, "descend_resolver": no_path, "ascend_resolver": no_path},
            )
        else:  # pragma: no cover - PyYAML without its C extension
            import yaml

            _loader = type("_CoreLoader", (yaml.SafeLoader,), {"resolve": resolve})
    return _loader


def _node_classes() -> None:
    if _ScalarNode is None:
        _loader_class()


def is_mapping(node: object) -> TypeGuard[yaml.MappingNode]:
    """``isinstance(node, yaml.MappingNode)`` without importing yaml on every call."""
    _node_classes()
    return isinstance(node, _MappingNode)


def resolve_plain(text: str) -> Any:
    """A plain scalar under the YAML 1.2 core schema (LANGUAGE.md §3.1)."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    first = text[0]
    if first.isdigit() or first in "+-.":
        if _INT.match(text):
            return int(text, 10)
        if _OCT.match(text):
            return int(text[2:], 8)
        if _HEX.match(text):
            return int(text[2:], 16)
        if _FLOAT.match(text):
            return float(text)
        if _INF.match(text):
            return -math.inf if text[0] == "-" else math.inf
        if _NAN.match(text):
            return math.nan
    return text


def scalar_value(node: yaml.Node) -> Any:
    tag = node.tag
    value = node.value
    if tag == PLAIN:
        return resolve_plain(value)
    if tag == _STR or not tag.startswith("tag:yaml.org,2002:"):
        return value
    kind = tag[18:]
    if kind == "null":
        return None
    if kind == "bool":
        return value in _TRUE if value in _TRUE or value in _FALSE else value
    if kind in ("int", "float"):
        resolved = resolve_plain(value)
        if isinstance(resolved, int | float) and not isinstance(resolved, bool):
            return float(resolved) if kind == "float" else resolved
    return value


class YamlDoc:
    """A composed frontmatter: root node, offset of the YAML text in the document, converted values."""

    def __init__(self, root: yaml.Node | None, offset: int, text: str, diagnostics: list[Diagnostic]) -> None:
        self.root = root
        self.diagnostics = diagnostics
        self.offset = offset
        self.text = text
        self._values: dict[int, Any] = {}
        self._items: dict[int, list[tuple[Any, yaml.Node, yaml.Node]]] = {}
        self._merges = "<<" in text
        """Whether a merge key may occur (else a mapping's items need no merge pass)."""

    def span(self, node: yaml.Node) -> Span:
        """The node's range without trailing blanks and line breaks (PyYAML ends a block collection or a block scalar
        at the start of the next line)."""
        start = node.start_mark.index
        end = node.end_mark.index
        text = self.text
        while end > start and text[end - 1] in " \t\r\n":
            end -= 1
        return self.offset + start, self.offset + end

    def raw(self, node: yaml.Node) -> str:
        return self.text[node.start_mark.index : node.end_mark.index]

    def value(self, node: yaml.Node) -> Any:
        """The converted value of ``node`` (shared for aliased nodes)."""
        values = self._values
        key = id(node)
        if key in values:
            return values[key]
        scalar_cls = _ScalarNode
        if scalar_cls is None:
            _node_classes()
            scalar_cls = _ScalarNode
        if type(node) is scalar_cls:
            value = values[key] = scalar_value(node)
            return value
        return self._convert(node, _MAX_RECURSION)

    def _convert(self, node: yaml.Node, depth: int) -> Any:
        """Convert a collection node, recursing at most ``depth`` levels (the rest goes iteratively: nesting depth is
        user-controlled)."""
        if depth <= 0:
            return self._convert_iteratively(node)
        values = self._values
        scalar_cls = _ScalarNode
        value: Any
        if type(node) is _SequenceNode:
            value = []
            for child in node.value:
                key = id(child)
                if key in values:
                    value.append(values[key])
                elif type(child) is scalar_cls:
                    value.append(scalar_value(child))
                    values[key] = value[-1]
                else:
                    value.append(self._convert(child, depth - 1))
        else:
            pairs = self._items.get(id(node))
            if pairs is None:
                pairs = self._items[id(node)] = _merged_items(self, node)
            value = {}
            for item_key, _, child in pairs:
                key = id(child)
                if key in values:
                    value[item_key] = values[key]
                elif type(child) is scalar_cls:
                    value[item_key] = values[key] = scalar_value(child)
                else:
                    value[item_key] = self._convert(child, depth - 1)
        values[id(node)] = value
        return value

    def _convert_iteratively(self, node: yaml.Node) -> Any:
        values = self._values
        scalar_cls = _ScalarNode
        sequence_cls = _SequenceNode
        stack: list[tuple[yaml.Node, bool]] = [(node, False)]
        while stack:
            current, ready = stack.pop()
            key = id(current)
            if key in values:
                continue
            kind = type(current)
            if kind is scalar_cls:
                values[key] = scalar_value(current)
            elif kind is sequence_cls:
                if ready:
                    values[key] = [values[id(child)] for child in current.value]
                else:
                    stack.append((current, True))
                    stack.extend((child, False) for child in current.value if id(child) not in values)
            else:
                pairs = self._items.get(key)
                if pairs is None:
                    pairs = self._items[key] = _merged_items(self, current)
                if ready:
                    values[key] = {k: values[id(v)] for k, _, v in pairs}
                else:
                    stack.append((current, True))
                    stack.extend((v, False) for _, _, v in pairs if id(v) not in values)
        return values[id(node)]

    def items(self, node: yaml.MappingNode) -> list[tuple[Any, yaml.Node, yaml.Node]]:
        """(key, key node, value node) of a mapping after merge keys; duplicates: the last value is kept."""
        pairs = self._items.get(id(node))
        if pairs is None:
            pairs = self._items[id(node)] = _merged_items(self, node)
        return pairs


def _identity(key: Any) -> Any:
    """What makes two keys equal nodes (YAML 1.2 core schema): the value and its type (``true`` is not ``1``, ``1.0``
    is not ``1``); a string is its own identity."""
    return key if type(key) is str else (type(key), key)


def _merge_sources(node: yaml.Node) -> list[yaml.Node]:
    """The mappings that ``<<`` keys of ``node`` merge in, in order."""
    sources: list[yaml.Node] = []
    for key_node, value_node in node.value:
        if type(key_node) is _ScalarNode and key_node.value == "<<" and key_node.tag in _MERGE_TAGS:
            for source in value_node.value if type(value_node) is _SequenceNode else [value_node]:
                if type(source) is _MappingNode and source is not node:
                    sources.append(source)
    return sources


def _merged_items(doc: YamlDoc, node: yaml.Node) -> list[tuple[Any, yaml.Node, yaml.Node]]:
    """(key, key node, value node) of a mapping after its merge keys, cached in ``doc._items``. The merged mappings
    are done first, without recursion (merge keys can nest as deep as the text)."""
    _node_classes()
    cache = doc._items
    pairs = cache.get(id(node))
    if pairs is not None:
        return pairs
    if not doc._merges:
        pairs = cache[id(node)] = _own_items(doc, node)
        return pairs
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    on_path: set[int] = set()
    while stack:
        current, ready = stack.pop()
        key = id(current)
        if ready:
            on_path.discard(key)
            cache[key] = _own_items(doc, current)
            continue
        if key in cache or key in on_path:
            continue
        on_path.add(key)
        stack.append((current, True))
        for source in _merge_sources(current):
            if id(source) not in cache and id(source) not in on_path:
                stack.append((source, False))
    return cache[id(node)]


def _own_items(doc: YamlDoc, node: yaml.Node) -> list[tuple[Any, yaml.Node, yaml.Node]]:
    """The items of ``node`` given the items of the mappings it merges (in ``doc._items``; a cycle merges nothing)."""
    scalar_cls = _ScalarNode
    cache = doc._items
    explicit: dict[Any, tuple[Any, yaml.Node, yaml.Node]] = {}
    merged: list[tuple[Any, yaml.Node, yaml.Node]] = []
    first: dict[Any, yaml.Node] = {}
    for key_node, value_node in node.value:
        if type(key_node) is scalar_cls:
            if key_node.value == "<<" and key_node.tag in _MERGE_TAGS:
                sources = value_node.value if type(value_node) is _SequenceNode else [value_node]
                for source in sources:
                    if type(source) is _MappingNode and source is not node:
                        merged.extend(cache.get(id(source), ()))
                continue
            key = scalar_value(key_node)
            if type(key) is float and math.isnan(key):
                key = "nan"
                ident: Any = (float, "nan")
            else:
                ident = key if type(key) is str else (type(key), key)
        else:
            key = doc.raw(key_node)
            ident = (type(key_node), key)
        try:
            previous = explicit.get(ident)
        except TypeError:  # pragma: no cover - keys are scalars or strings
            continue
        if previous is not None:
            _duplicate(doc, key, key_node, first.get(ident, previous[1]))
        else:
            first[ident] = key_node
        explicit[ident] = (key, key_node, value_node)
    if not merged:
        return list(explicit.values())
    result = dict(explicit)
    for item in merged:
        ident = _identity(item[0])
        if ident not in result:
            result[ident] = item
    return list(result.values())


def items(doc: YamlDoc, node: yaml.MappingNode) -> list[tuple[Any, yaml.Node, yaml.Node]]:
    return doc.items(node)


def _check_graph(doc: YamlDoc, root: yaml.Node, diagnostics: list[Diagnostic]) -> bool:
    """The expansion budget (aliases may share nodes or refer to themselves); False when it is exceeded."""
    _node_classes()
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        key = id(node)
        if ready:
            on_path.discard(key)
            if isinstance(node, _ScalarNode):
                sizes[key] = 1
            else:
                children = _children(node)
                total = 1 + sum(sizes[id(c)] for c in children)
                sizes[key] = total
                if total > MAX_EXPANDED_NODES:
                    _budget_error(doc, node, diagnostics)
                    return False
            continue
        if key in sizes:
            continue
        if key in on_path:
            _budget_error(doc, node, diagnostics)
            return False
        on_path.add(key)
        stack.append((node, True))
        if not isinstance(node, _ScalarNode):
            for child in _children(node):
                if id(child) in on_path:
                    _budget_error(doc, child, diagnostics)
                    return False
                if id(child) not in sizes:
                    stack.append((child, False))
    return True


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, _SequenceNode):
        return list(node.value)
    out: list[yaml.Node] = []
    for k, v in node.value:
        out.append(k)
        out.append(v)
    return out


def _budget_error(doc: YamlDoc, node: yaml.Node, diagnostics: list[Diagnostic]) -> None:
    start, _ = doc.span(node)
    line_end = _line_end(doc.text, node.start_mark.index) + doc.offset
    diagnostics.append(
        Diagnostic(
            "PARSE_YAML_INVALID",
            "error",
            "Invalid YAML in frontmatter: aliases expand to more than 100000 nodes or refer to themselves",
            start,
            max(start, line_end),
            ("Check YAML syntax", "Ensure proper indentation"),
        )
    )


def _duplicate(doc: YamlDoc, key: Any, key_node: yaml.Node, first: yaml.Node) -> None:
    """PARSE_YAML_INVALID at the second key, related to the first (LANGUAGE.md §3.1)."""
    start, end = doc.span(key_node)
    f_start, f_end = doc.span(first)
    if not isinstance(key, str):  # a null, boolean or number key: as written, not as Python prints it
        key = doc.raw(key_node)
    doc.diagnostics.append(
        Diagnostic(
            "PARSE_YAML_INVALID",
            "error",
            f'Duplicate key "{key}" in frontmatter',
            start,
            end,
            ("The last value is used",),
            (Related("first defined here", f_start, f_end),),
        )
    )


def _line_end(text: str, index: int) -> int:
    for i in range(index, len(text)):
        if text[i] in "\r\n":
            return i
    return len(text)


_DOCUMENT_END = lazy_compile(r"(?:^|(?<=\r))\.\.\.(?:[ \t\r\n]|\Z)", re.M)


def _bare_document_after_end(text: str, index: int, problem: str) -> bool:
    """A YAML 1.2 bare document after a ``...`` document end marker: a second document, not a syntax error.

    PyYAML follows YAML 1.1, where only ``---`` may start a document after ``...`` (LANGUAGE.md §3.1 is YAML 1.2).
    """
    if "<document start>" not in problem:
        return False
    return _DOCUMENT_END.search(text, 0, index) is not None


_YAML11_BREAKS = ("\x85", "\u2028", "\u2029")


def _yaml11_breaks(text: str) -> dict[int, str] | None:
    """Stand-ins for the characters libyaml (YAML 1.1) takes as line breaks but YAML 1.2 does not (NEL, LS, PS), or
    None when the text has none. A stand-in is an ordinary character of the same length (positions are unchanged)
    that is not in the text; the composed scalars get the originals back (:func:`_restore_breaks`)."""
    present = [ch for ch in _YAML11_BREAKS if ch in text]
    if not present:
        return None
    table: dict[int, str] = {}
    candidate = 0x10FFFD
    for ch in present:
        while chr(candidate) in text:
            candidate -= 1
        table[ord(ch)] = chr(candidate)
        candidate -= 1
    return table


def _restore_breaks(root: yaml.Node, table: dict[int, str]) -> None:
    """Put the original characters back into every scalar (keys too) of a graph composed from stand-ins."""
    back = {ord(stand_in): chr(original) for original, stand_in in table.items()}
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if type(node) is _ScalarNode:
            node.value = node.value.translate(back)
        elif type(node) is _SequenceNode:
            stack.extend(node.value)
        else:
            for key_node, value_node in node.value:
                stack.append(key_node)
                stack.append(value_node)


_MAX_C_DEPTH = 1000
"""Nesting the C composer is given (about 350 bytes of C stack a level: within a 512 KB thread stack)."""
# An anchor can only start a node: after the start, blanks, a line break or a flow indicator (":" for a JSON-like
# key's adjacent value). Without one no alias can resolve (the composer rejects an undefined alias), so the expansion
# budget needs no pass: "*" alone is common (cron schedules, globs).
_ANCHOR = lazy_compile(r"(?:^|[ \t\r\n\[{,:])&[^ \t\r\n\[\]{},]")

_SHALLOW_TEXT = _MAX_C_DEPTH
"""A frontmatter this short nests at most this deep (each level takes a character)."""


def _may_nest_deeply(text: str) -> bool:
    """Whether the nesting depth could exceed ``_MAX_C_DEPTH``: a bound, cheap to compute. A block level deeper than
    its parent is indented further or opened by an indicator (``-``, ``?``, ``:``) on the same line; a flow level
    takes a ``[`` or ``{``."""
    bound = text.count("[") + text.count("{") + text.count("-") + text.count("?") + text.count(":")
    if bound > _MAX_C_DEPTH:
        return True
    pad = " " * (_MAX_C_DEPTH - bound + 1)  # an indentation that would take the bound over
    return text.startswith(pad) or "\n" + pad in text or "\r" + pad in text


def _compose_events(loader: Any, lib: Any) -> yaml.Node | None:
    """``get_single_node`` composed from the parser's events without recursion, with YAML 1.2 anchors (a redefined
    anchor is valid; an alias refers to the latest node with it). PyYAML's composer recurses and rejects redefined
    anchors; this path is taken when the text may nest deeply or reuses an anchor."""
    _node_classes()
    scalar_cls, sequence_cls, mapping_cls = _ScalarNode, _SequenceNode, _MappingNode
    get = loader.get_event
    get()  # stream start
    event = get()
    if type(event).__name__ == "StreamEndEvent":
        return None
    anchors: dict[str, yaml.Node] = {}
    stack: list[Any] = []  # open collections
    keys: list[Any] = []  # per open mapping: its key waiting for a value (None: none)
    root: Any = None
    while True:
        event = get()
        kind = type(event).__name__
        if kind == "DocumentEndEvent":
            break
        if kind == "SequenceEndEvent" or kind == "MappingEndEvent":
            stack.pop().end_mark = event.end_mark
            keys.pop()
            continue
        node: Any
        if kind == "AliasEvent":
            node = anchors.get(event.anchor)
            if node is None:
                raise lib.MarkedYAMLError(None, None, "found undefined alias", event.start_mark)
            opened = False
        else:
            tag = event.tag
            if kind == "ScalarEvent":
                if tag is None or tag == "!":
                    tag = PLAIN if event.implicit[0] else _STR
                node = scalar_cls(tag, event.value, event.start_mark, event.end_mark, style=event.style)
                opened = False
            elif kind == "SequenceStartEvent":
                node = sequence_cls(
                    _SEQ if tag is None or tag == "!" else tag, [], event.start_mark, None, flow_style=event.flow_style
                )
                opened = True
            else:
                node = mapping_cls(
                    _MAP if tag is None or tag == "!" else tag, [], event.start_mark, None, flow_style=event.flow_style
                )
                opened = True
            if event.anchor is not None:
                anchors[event.anchor] = node
        if not stack:
            root = node
        else:
            parent = stack[-1]
            if type(parent) is sequence_cls:
                parent.value.append(node)
            elif keys[-1] is None:
                keys[-1] = node
            else:
                parent.value.append((keys[-1], node))
                keys[-1] = None
        if opened:
            stack.append(node)
            keys.append(None)
    event = get()
    if type(event).__name__ != "StreamEndEvent":
        raise lib.MarkedYAMLError(
            "expected a single document in the stream", root.start_mark, "but found another document", event.start_mark
        )
    document: yaml.Node = root
    return document


def _unexpected(exc: BaseException, offset: int) -> Diagnostic:
    return Diagnostic(
        "PARSE_YAML_INVALID",
        "error",
        f"Invalid YAML in frontmatter: {exc}",
        offset,
        offset,
        ("Check YAML syntax", "Ensure proper indentation"),
    )


def compose_frontmatter(text: str, offset: int, diagnostics: list[Diagnostic]) -> tuple[YamlDoc | None, bool]:
    """Compose the frontmatter. Returns (document or None when unreadable, ok) where ``ok`` is False after any
    PARSE_YAML_INVALID (syntax error, duplicate key, alias budget).

    Without an alias (``*``) every node is reached once, so the expansion budget needs no separate pass."""
    lib = libyaml.load()
    yaml_breaks = None if text.isascii() else _yaml11_breaks(text)
    yaml_text = text if yaml_breaks is None else text.translate(yaml_breaks)
    try:
        loader = _loader_class()(yaml_text)
        try:
            if len(yaml_text) > _SHALLOW_TEXT and _may_nest_deeply(yaml_text):
                root = _compose_events(loader, lib)  # PyYAML's C composer recurses in C (deep nesting: a crash)
            else:
                try:
                    root = loader.get_single_node()
                except lib.MarkedYAMLError as exc:
                    if not (exc.context or "").startswith("found duplicate anchor"):
                        raise
                    loader.dispose()  # YAML 1.2: an anchor may be redefined (an alias takes the latest)
                    loader = _loader_class()(yaml_text)
                    root = _compose_events(loader, lib)
        finally:
            loader.dispose()
        if yaml_breaks is not None and root is not None:
            _restore_breaks(root, yaml_breaks)
    except lib.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        index = min(mark.index, len(text)) if mark is not None else 0
        problem = exc.problem or exc.context or "syntax error"
        if exc.context == "expected a single document in the stream" or _bare_document_after_end(text, index, problem):
            start = offset + index
            diagnostics.append(
                Diagnostic(
                    "PARSE_YAML_INVALID",
                    "error",
                    "Frontmatter must be a YAML object",
                    start,
                    offset + _line_end(text, index),
                    ("Frontmatter should contain key-value pairs",),
                )
            )
            return None, False
        diagnostics.append(
            Diagnostic(
                "PARSE_YAML_INVALID",
                "error",
                f"Invalid YAML in frontmatter: {problem}",
                offset + index,
                offset + _line_end(text, index),
                ("Check YAML syntax", "Ensure proper indentation"),
            )
        )
        return None, False
    except lib.YAMLError as exc:
        if not hasattr(exc, "position") or not hasattr(exc, "reason"):  # pragma: no cover - defensive
            diagnostics.append(_unexpected(exc, offset))
            return None, False
        # a character YAML does not allow (ReaderError): libyaml reports a UTF-8 byte offset, PyYAML's pure-Python
        # reader a character offset
        index = exc.position if isinstance(exc.position, int) else 0
        if lib.CParser is not None:
            index = len(yaml_text.encode("utf-8", "surrogatepass")[:index].decode("utf-8", "ignore"))
        index = min(index, len(text))
        problem = str(exc).split("\n", 1)[0]
        diagnostics.append(
            Diagnostic(
                "PARSE_YAML_INVALID",
                "error",
                f"Invalid YAML in frontmatter: {problem}",
                offset + index,
                offset + _line_end(text, index),
                ("Check YAML syntax", "Ensure proper indentation"),
            )
        )
        return None, False
    except (ValueError, RecursionError) as exc:  # pragma: no cover - defensive
        diagnostics.append(_unexpected(exc, offset))
        return None, False
    doc = YamlDoc(root, offset, text, diagnostics)
    if root is None:
        return doc, True
    if "*" in text and _ANCHOR.search(text) and not _check_graph(doc, root, diagnostics):
        return None, False
    before = len(diagnostics)
    doc.value(root)  # converts every node once; reports duplicate keys
    return doc, len(diagnostics) == before
