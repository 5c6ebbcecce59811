"""Iterating over the node tree: every node at every depth, in document order, with its ancestors."""

from __future__ import annotations

from collections.abc import Iterator

from server.syntax import ast as A

__all__ = ["child_slots", "iter_nodes", "walk"]


def child_slots(node: A.Node) -> list[tuple[str, tuple[A.Node, ...]]]:
    """The child node lists of ``node`` by slot name (RUNTIMES.md §1.2 ``slots``), in document order."""
    if isinstance(node, A.Branch):
        slots = [(f"cases[{i}]", case.nodes) for i, case in enumerate(node.cases)]
        if node.default is not None:
            slots.append(("default", node.default))
        return _in_document_order(slots)
    if isinstance(node, A.If):
        slots = [("then", node.then)]
        if node.else_ is not None:
            slots.append(("else", node.else_))
        return _in_document_order(slots)
    if isinstance(node, A.Loop | A.While | A.Foreach):
        return [("body", node.body)]
    if isinstance(node, A.Parallel):
        return [(f"branches[{i}]", slot.nodes) for i, slot in enumerate(node.branch_slots)]
    if isinstance(node, A.Phase | A.Timeout):
        return [("children", node.children)]
    return []


def _in_document_order(slots: list[tuple[str, tuple[A.Node, ...]]]) -> list[tuple[str, tuple[A.Node, ...]]]:
    return sorted(slots, key=lambda slot: slot[1][0].range[0] if slot[1] else -1)


def walk(nodes: A.Workflow | tuple[A.Node, ...]) -> Iterator[tuple[A.Node, tuple[A.Node, ...]]]:
    """Yield ``(node, ancestors)`` for every node, depth first, in document order (iterative).

    ``ancestors`` runs from the outermost enclosing node to the direct parent; checks use it to find the enclosing
    foreach/loop/while/parallel for scopes.
    """
    roots = nodes.nodes if isinstance(nodes, A.Workflow) else nodes
    stack: list[tuple[A.Node, tuple[A.Node, ...]]] = [(n, ()) for n in sorted(roots, key=_start, reverse=True)]
    leaves = _LEAVES
    while stack:
        node, ancestors = stack.pop()
        yield node, ancestors
        if type(node) in leaves:
            continue
        children = [child for _, slot in child_slots(node) for child in slot]
        if children:
            inner = (*ancestors, node)
            stack.extend([(child, inner) for child in sorted(children, key=_start, reverse=True)])


_LEAVES = frozenset((A.Source, A.Transform, A.Sink, A.Checkpoint, A.Context, A.Set, A.Delay, A.Include, A.Call))
"""Node classes without child node lists (``child_slots`` gives nothing for them)."""


def _start(node: A.Node) -> int:
    return node.range[0]


def iter_nodes(workflow: A.Workflow | None) -> Iterator[A.Node]:
    """Every node, in document order (without ancestors)."""
    if workflow is None:
        return
    for node, _ in walk(workflow):
        yield node
