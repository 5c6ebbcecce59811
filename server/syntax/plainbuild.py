"""The builder's fast path: a body whose structure needs no diagnostic, classified and built in one pass.

The general builder classifies every element first (pre-order, reporting as it goes) and then builds the nodes in
reverse pre-order. When nothing is to be reported, neither order matters, so this path sorts the children of an
element into slots and builds its nodes in one walk, reusing the per-kind builders. It declines (returns None, having
reported nothing) at the first thing the classifier would report or that it leaves to the general path: stray text,
an unknown or misplaced element, an unknown attribute on a slot element, a second ``<on-error>``, nesting deeper than
:data:`MAX_DEPTH`, or any diagnostic of a node builder. ``tests/syntax/test_fast_paths.py`` checks that both paths
give the same result.
"""

from __future__ import annotations

import re

from server.diagnostics import Diagnostic
from server.syntax import ast as A
from server.syntax import rules as R
from server.syntax.structure import Classifier
from server.syntax.xmlnodes import XmlElement

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["MAX_DEPTH", "PlainBuilding"]

MAX_DEPTH = 48
"""Node nesting the fast path handles (by recursion); deeper bodies go the general, iterative way."""

_NON_BLANK = re.compile(r"[^ \t\r\n]")
_HOLDERS = frozenset(("branch", "if", "parallel"))


class _Decline(Exception):
    """Raised inside the fast path when the general builder must do the work."""


class PlainBuilding(Classifier):
    """The fast path of :class:`server.syntax.builder._Builder` (which supplies ``build_node``)."""

    plain = True
    """Whether the fast path is tried (tests switch it off to compare)."""

    built: dict[int, Any]

    def build_node(self, element: XmlElement) -> A.Node:  # pragma: no cover - supplied by the builder
        raise NotImplementedError

    def build_plain(self, root: XmlElement) -> A.Workflow | None:
        """The workflow when the body needs no diagnostic from the builder, else None (nothing reported)."""
        if not self.plain or root.attributes:
            return None
        reported = self.diags
        scratch: list[Diagnostic] = []
        self.diags = scratch
        try:
            nodes = self._plain_list(root, 0)
        except _Decline:
            return None
        finally:
            self.diags = reported
        built = self.built
        return A.Workflow(root.info(), tuple([built[id(n)] for n in nodes]))

    def _plain_list(self, container: XmlElement, depth: int) -> list[XmlElement]:
        """A node list without an owner (the root, ``<case>``, ``<then>``, a parallel ``<branch>`` ...)."""
        nodes: list[XmlElement] = []
        node_set = R.NODE_SET
        text = self.text
        search = _NON_BLANK.search
        for child in container.children:
            if isinstance(child, XmlElement):
                if child.name not in node_set:
                    raise _Decline
                nodes.append(child)
            elif child.cdata or search(text, child.start, child.end):  # stray text
                raise _Decline
        self.slots[id(container)] = {"nodes": nodes}
        for node in nodes:
            self._plain_node(node, depth + 1)
        return nodes

    def _plain_node(self, element: XmlElement, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise _Decline
        kind = element.name
        text = self.text
        search = _NON_BLANK.search
        slots: dict[str, list[XmlElement]] = {}
        self.slots[id(element)] = slots
        built = self.built
        if kind in R.CONFIGURED:
            config: list[XmlElement] = []
            for child in element.children:
                if isinstance(child, XmlElement):
                    if child.name != "on-error":
                        config.append(child)
                    elif "on-error" in slots:
                        raise _Decline
                    else:
                        slots["on-error"] = [child]
                elif child.cdata or search(text, child.start, child.end):  # stray text
                    raise _Decline
            slots["config"] = config
        elif kind in R.LIST_NODES:
            nodes: list[XmlElement] = []
            for child in element.children:
                if isinstance(child, XmlElement):
                    name = child.name
                    if name in R.NODE_SET:
                        nodes.append(child)
                    elif name != "on-error" or "on-error" in slots:
                        raise _Decline
                    else:
                        slots["on-error"] = [child]
                elif child.cdata or search(text, child.start, child.end):  # stray text
                    raise _Decline
            slots["nodes"] = nodes
            for node in nodes:
                self._plain_node(node, depth + 1)
        else:
            allowed = R.SLOTS[kind]
            holds_nodes = kind in _HOLDERS
            for child in element.children:
                if isinstance(child, XmlElement):
                    name = child.name
                    if name == "on-error":
                        if "on-error" in slots:
                            raise _Decline
                        slots["on-error"] = [child]
                    elif name in allowed:
                        slots.setdefault(name, []).append(child)
                        child_attrs = R.CHILD_ATTRS.get(name, ())
                        for attr in child.attributes:
                            if attr.name not in child_attrs:
                                raise _Decline
                        if holds_nodes:
                            inner = self._plain_list(child, depth)
                            built[id(child)] = tuple([built[id(n)] for n in inner])
                    else:
                        raise _Decline
                elif child.cdata or search(text, child.start, child.end):  # stray text
                    raise _Decline
        result = self.build_node(element)
        if self.diags:
            raise _Decline
        built[id(element)] = result
