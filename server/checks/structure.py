"""Structure checks that need the whole node, not one runtime's config (DIAGNOSTICS.md §4.2 "W" rows).

An ai transform and every sink without an ``input`` reference get a VALID_MISSING_REQUIRED_FIELD warning at the
element anchor. ``input`` is missing when the attribute is absent or blank (LANGUAGE.md §5.3).
"""

from __future__ import annotations

from collections.abc import Iterator

from server.checks.context import CheckContext
from server.diagnostics import Diagnostic
from server.syntax import ast

__all__ = ["check_missing_input"]

INPUT_HINT = 'Add input="source-node-id" to specify data source'


def check_missing_input(ctx: CheckContext) -> Iterator[Diagnostic]:
    for visit in ctx.visits:
        node = visit.node
        if node.input is not None:
            continue
        if isinstance(node, ast.Sink):
            message = f'Sink node "{node.label}" has no input reference'
        elif isinstance(node, ast.Transform) and node.type_valid and node.type == "ai":
            message = f'AI transform "{node.label}" has no input reference'
        else:
            continue
        start, end = node.anchor
        yield Diagnostic("VALID_MISSING_REQUIRED_FIELD", "warning", message, start, end, hints=(INPUT_HINT,))
