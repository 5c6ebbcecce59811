"""Pass 1 of the node model: classification of elements and the structure diagnostics (LANGUAGE.md §5.1–5.5)."""

from __future__ import annotations

import re

from server.diagnostics import Diagnostic, Severity
from server.syntax import rules as R
from server.syntax.ast import NODE_KINDS, Attribute
from server.syntax.sourcetext import SourceText
from server.syntax.suggest import did_you_mean_hint
from server.syntax.xmlnodes import XmlElement, XmlText, element_text

__all__ = ["Classifier", "attr_map", "attr_value", "present"]

_NON_BLANK = re.compile(r"[^ \t\r\n]")


class Classifier:
    """Pass 1: sorts the children of every node-holding element into slots and reports unknown and misplaced
    elements, unknown attributes and stray text. Iterative (pre-order with an explicit stack)."""

    def __init__(self, text: str, diagnostics: list[Diagnostic]) -> None:
        self.text = text
        self.diags = diagnostics
        # per element: slot name -> child elements
        self.slots: dict[int, dict[str, list[XmlElement]]] = {}

    def report(
        self, code: str, severity: Severity, message: str, span: tuple[int, int], hints: tuple[str, ...] = ()
    ) -> None:
        self.diags.append(Diagnostic(code, severity, message, span[0], span[1], hints))

    # -- pass 1: classification --------------------------------------------------------------------------------

    def stray_text(self, element: XmlElement, hint: str | None = None) -> None:
        """Report each non-blank run of text directly inside ``element`` (runs are split by child elements)."""
        text = self.text
        search = _NON_BLANK.search
        for piece in element.children:
            if type(piece) is XmlText and (piece.cdata or search(text, piece.start, piece.end)):
                break
        else:
            return  # the common case: only indentation between child elements
        self._report_stray_text(element, hint)

    def _report_stray_text(self, element: XmlElement, hint: str | None) -> None:
        run: list[XmlText] = []
        for child in [*element.children, None]:
            if isinstance(child, XmlText):
                run.append(child)
                continue
            if run:
                if any(self.text[t.start : t.end].strip(" \t\r\n") for t in run):
                    temp = XmlElement("", (0, 0), (run[0].start, run[0].start), ())
                    temp.children = list(run)
                    value = element_text(temp, self.text)
                    if value:
                        self.report(
                            "VALID_UNKNOWN_FIELD",
                            "warning",
                            f"Unexpected text inside <{element.name}>; it is ignored",
                            value.span,
                            (hint,) if hint else (),
                        )
                run = []

    def node_list(self, container: XmlElement, owner: str | None) -> list[XmlElement]:
        """Classify the children of a node-list position; ``owner`` is the node kind when the container is a node."""
        nodes: list[XmlElement] = []
        self.stray_text(container)
        node_set = R.NODE_SET
        for child in container.children:
            if type(child) is not XmlElement:
                continue
            name = child.name
            if name in node_set:
                nodes.append(child)
            elif name == "on-error":
                if owner is not None:
                    self.own_on_error(container, child)
                else:
                    self.report(
                        "VALID_UNKNOWN_NODE_TYPE",
                        "error",
                        "<on-error> must be placed inside the node it applies to",
                        child.anchor,
                    )
            elif name in R.STRUCTURAL:
                self.report(
                    "VALID_UNKNOWN_NODE_TYPE",
                    "error",
                    f"<{name}> is not allowed inside <{container.name}>",
                    child.anchor,
                    (R.PROPER_PARENT[name],),
                )
            else:
                self.unknown_node(child)
        return nodes

    def unknown_node(self, child: XmlElement) -> None:
        name = child.name
        hints: list[str] = []
        specific = R.SPECIFIC_HINTS.get(name)
        if specific is not None:
            hints.append(specific)
        else:
            suggestion = did_you_mean_hint(name, NODE_KINDS, element=True)
            if suggestion:
                hints.append(suggestion)
        hints.append(R.VALID_NODE_TYPES)
        self.report("VALID_UNKNOWN_NODE_TYPE", "error", f"Unknown node type: <{name}>", child.anchor, tuple(hints))

    def own_on_error(self, node: XmlElement, child: XmlElement) -> None:
        slots = self.slots.setdefault(id(node), {})
        if "on-error" in slots:
            self.report("VALID_UNKNOWN_FIELD", "warning", "Only the first <on-error> of a node is used", child.anchor)
        else:
            slots["on-error"] = [child]

    def classify_node(self, element: XmlElement) -> list[XmlElement]:
        """Sort the children of a node element into slots; returns the child elements that hold nodes."""
        kind = element.name
        slots = self.slots.get(id(element))
        if slots is None:
            slots = self.slots[id(element)] = {}
        if kind in R.CONFIGURED:
            # one pass: config children, <on-error>s and whether there is stray text (reported first)
            text = self.text
            search = _NON_BLANK.search
            config: list[XmlElement] = []
            on_errors: list[XmlElement] = []
            stray = False
            for child in element.children:
                if isinstance(child, XmlElement):
                    if child.name == "on-error":
                        on_errors.append(child)
                    else:
                        config.append(child)
                elif not stray and (child.cdata or search(text, child.start, child.end)):
                    stray = True
            if stray:
                self._report_stray_text(element, "Put it in a child element such as <template>")
            for child in on_errors:
                self.own_on_error(element, child)
            slots["config"] = config
            return []
        if kind in R.LIST_NODES:
            nodes = self.node_list(element, kind)
            slots["nodes"] = nodes
            return nodes
        self.stray_text(element)
        allowed = R.SLOTS[kind]
        holders: list[XmlElement] = []
        for child in element.children:
            if type(child) is not XmlElement:
                continue
            name = child.name
            if name == "on-error":
                self.own_on_error(element, child)
            elif name in allowed:
                slots.setdefault(name, []).append(child)
                self.check_child_attributes(child, name)
                if kind in ("branch", "if", "parallel"):
                    holders.append(child)
            elif kind in ("branch", "if", "parallel"):
                if name in R.NODE_SET:
                    hint = R.MISPLACED_NODE_HINT[kind]
                elif name in ("wait", "merge") and kind == "parallel":
                    hint = f'Use the {name}="..." attribute'
                elif name in R.PROPER_PARENT:
                    hint = R.PROPER_PARENT[name]
                elif name in R.SPECIFIC_HINTS:
                    hint = R.SPECIFIC_HINTS[name]
                else:
                    hint = did_you_mean_hint(name, allowed, element=True) or ""
                self.report(
                    "VALID_UNKNOWN_NODE_TYPE",
                    "error",
                    f"<{name}> is not allowed inside <{kind}>",
                    child.anchor,
                    (hint,) if hint else (),
                )
            else:
                self.report(
                    "VALID_UNKNOWN_FIELD",
                    "warning",
                    f"Unknown element <{name}> inside <{kind}>; it is ignored",
                    child.anchor,
                )
        return holders

    def check_child_attributes(self, child: XmlElement, name: str) -> None:
        allowed = R.CHILD_ATTRS.get(name, ())
        for attr in child.attributes:
            if attr.name not in allowed:
                self.unknown_attribute(attr, child.name, allowed)

    def unknown_attribute(self, attr: Attribute, tag: str, allowed: tuple[str, ...]) -> None:
        alias = R.ATTR_ALIASES.get(attr.name)
        hint = f"Did you mean: {alias}?" if alias in allowed else did_you_mean_hint(attr.name, allowed)
        self.report(
            "VALID_UNKNOWN_FIELD",
            "warning",
            f'Unknown attribute "{attr.name}" on <{tag}>',
            attr.name_range,
            (hint,) if hint else (),
        )

    def classify(self, root: XmlElement) -> list[tuple[XmlElement, str]]:
        """Pre-order list of (element, role); role is ``workflow``, ``node`` or ``list``."""
        order: list[tuple[XmlElement, str]] = []
        for attr in root.attributes:
            self.report("VALID_UNKNOWN_FIELD", "warning", "Attributes on <workflow> are ignored", attr.name_range)
        slots = self.slots
        list_nodes = R.LIST_NODES
        stack: list[tuple[XmlElement, str]] = [(root, "workflow")]
        while stack:
            item = stack.pop()
            order.append(item)
            element, role = item
            if role == "node":
                holders = self.classify_node(element)
                if holders:
                    holder_role = "node" if element.name in list_nodes else "list"
                    stack += [(c, holder_role) for c in reversed(holders)]
            else:
                nodes = self.node_list(element, None)
                slot = slots.get(id(element))
                if slot is None:
                    slots[id(element)] = {"nodes": nodes}
                else:
                    slot["nodes"] = nodes
                if nodes:
                    stack += [(c, "node") for c in reversed(nodes)]
        return order


def attr_map(element: XmlElement) -> dict[str, Attribute]:
    """Attributes by name (the last of duplicates wins, LANGUAGE.md §4.4)."""
    return {attr.name: attr for attr in element.attributes}


def present(attr: Attribute | None) -> Attribute | None:
    """The attribute when its (trimmed) value is non-empty: empty values count as absent (LANGUAGE.md §4.3)."""
    return attr if attr is not None and attr.value else None


def attr_value(attr: Attribute | None) -> SourceText | None:
    return attr.value if attr is not None else None
