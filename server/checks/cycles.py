"""Cycles stage: VALID_CIRCULAR_DEPENDENCY with the algorithm of DIAGNOSTICS.md §4.5.

Every node has at most one outgoing edge (its ``input``), so cycles are disjoint: walk the nodes in document order
following ``input`` links; a walk that comes back to a node of the current walk has found a cycle. Each cycle is
reported once, at the ``input`` value of its member that comes first in the document.
"""

from __future__ import annotations

from collections.abc import Iterator

from server.checks.context import CheckContext
from server.diagnostics import Diagnostic, Related
from server.syntax import ast

__all__ = ["check_cycles"]


def _target(ctx: CheckContext, node: ast.Node) -> ast.Node | None:
    if node.input is None:
        return None
    return ctx.nodes_by_id.get(str(node.input))


def _input_span(node: ast.Node) -> tuple[int, int]:
    if node.input_range is not None:
        return node.input_range
    if node.input is not None:
        return node.input.span
    return node.anchor


def check_cycles(ctx: CheckContext) -> Iterator[Diagnostic]:
    order = {id(visit.node): number for number, visit in enumerate(ctx.visits)}
    done: set[int] = set()
    for visit in ctx.visits:
        walk: list[ast.Node] = []
        on_walk: dict[int, int] = {}
        node: ast.Node | None = visit.node
        while node is not None and id(node) not in done and id(node) not in on_walk:
            on_walk[id(node)] = len(walk)
            walk.append(node)
            node = _target(ctx, node)
        if node is not None and id(node) in on_walk:
            members = walk[on_walk[id(node)] :]
            yield _cycle_diagnostic(members, order)
        done.update(on_walk)


def _cycle_diagnostic(members: list[ast.Node], order: dict[int, int]) -> Diagnostic:
    first = min(range(len(members)), key=lambda i: order[id(members[i])])
    path = members[first:] + members[:first]
    names = [member.label for member in path]
    message = f"Circular dependency detected: {' -> '.join([*names, names[0]])}"
    related = tuple(
        Related(f"{member.label} takes its input from {path[(i + 1) % len(path)].label}", *_input_span(member))
        for i, member in enumerate(path)
        if i > 0
    )
    start, end = _input_span(path[0])
    return Diagnostic(
        "VALID_CIRCULAR_DEPENDENCY",
        "error",
        message,
        start,
        end,
        hints=("Break the cycle by removing one of the input references",),
        related=related,
    )
