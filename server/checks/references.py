"""References stage (DIAGNOSTICS.md §4.5): duplicate ids, undefined node references, include/call targets."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from runtimes.lazyre import lazy_compile
from runtimes.validation.suggest import did_you_mean
from server.checks.context import CheckContext
from server.diagnostics import Diagnostic, Fix, Related, TextEdit
from server.syntax import ast
from server.syntax.positions import PositionIndex
from server.syntax.sourcetext import SourceText

__all__ = ["check_duplicate_ids", "check_node_refs", "check_workflow_refs"]

_ROOT_ID = lazy_compile(r"[^\s.{}\[\]()]+")


def check_duplicate_ids(ctx: CheckContext) -> Iterator[Diagnostic]:
    index: PositionIndex | None = None
    for visit in ctx.visits:
        node = visit.node
        if node.id is None or node.id_range is None:
            continue
        first = ctx.nodes_by_id.get(str(node.id))
        if first is None or first is node or first.id_range is None:
            continue
        if index is None:
            index = PositionIndex(ctx.text)
        line = index.line_of(first.id_range[0]) + 1
        hints = [
            f'Another node with ID "{node.id}" exists at line {line}',
            "Each node must have a unique ID within the workflow",
        ]
        if isinstance(node, ast.Set) and node.attribute("id") is None:
            hints.append('Give each <set> its own id="..."')
        yield Diagnostic(
            "VALID_DUPLICATE_NODE_ID",
            "error",
            f'Duplicate node ID "{node.id}"',
            node.id_range[0],
            node.id_range[1],
            hints=tuple(hints),
            related=(Related("first defined here", first.id_range[0], first.id_range[1]),),
        )


class _CloseIds:
    """did_you_mean over the node ids, once per distinct reference (it is O(nodes), and a large flow may repeat the
    same wrong reference many times)."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self._found: dict[str, list[str]] = {}

    def __call__(self, value: str) -> list[str]:
        found = self._found.get(value)
        if found is None:
            found = self._found[value] = did_you_mean(value, self.ids)
        return found


def _ref_diagnostic(
    ctx: CheckContext, message: str, ref: SourceText, span: tuple[int, int], close_ids: _CloseIds
) -> Diagnostic:
    ids = close_ids.ids
    value = str(ref)
    hints: list[str] = []
    fixes: tuple[Fix, ...] = ()
    close = close_ids(value)
    if close:
        hints.append(f"Did you mean: {', '.join(close)}?")
        fixes = (Fix(f'Replace with "{close[0]}"', (TextEdit(span[0], span[1], close[0]),), safe=False),)
    else:
        hints.append(f"Defined nodes: {', '.join(ids) if ids else 'none'}")
    if "{{" in value or "." in value:
        root = _ROOT_ID.search(value.replace("{{", " ").replace("}}", " "))
        if root is not None:
            hints.append(f'References take a node id, not an expression: write "{root.group(0)}"')
            if root.group(0) in ctx.nodes_by_id:
                edit = TextEdit(span[0], span[1], root.group(0))
                fixes = (Fix(f'Replace with "{root.group(0)}"', (edit,), safe=True),)
    return Diagnostic("VALID_UNDEFINED_NODE_REF", "error", message, span[0], span[1], hints=tuple(hints), fixes=fixes)


def check_node_refs(ctx: CheckContext) -> Iterator[Diagnostic]:
    known = ctx.nodes_by_id
    close_ids = _CloseIds(ctx.node_ids())
    for visit in ctx.visits:
        node = visit.node
        label = node.label
        if node.input is not None and str(node.input) and str(node.input) not in known:
            span = node.input_range or node.input.span
            yield _ref_diagnostic(
                ctx, f'Node "{label}" references undefined node "{node.input}"', node.input, span, close_ids
            )
        fallback = node.on_error.fallback if node.on_error is not None else None
        if fallback is not None and fallback.node is not None and str(fallback.node) not in known:
            span = fallback.node_range or fallback.node.span
            message = f'Fallback of node "{label}" references undefined node "{fallback.node}"'
            yield _ref_diagnostic(ctx, message, fallback.node, span, close_ids)
        on_timeout = node.on_timeout if isinstance(node, ast.Timeout) else None
        if on_timeout is not None and str(on_timeout) and str(on_timeout) not in known:
            message = f'Timeout "{label}" references undefined on-timeout node "{on_timeout}"'
            yield _ref_diagnostic(ctx, message, on_timeout, on_timeout.span, close_ids)
        if isinstance(node, ast.Checkpoint):
            for action in node.actions:
                if action.goto is None or not str(action.goto) or str(action.goto) in known:
                    continue
                name = str(action.id) if action.id else "<action>"
                message = f'Action "{name}" of checkpoint "{label}" references undefined node "{action.goto}"'
                yield _ref_diagnostic(ctx, message, action.goto, action.goto.span, close_ids)


def check_workflow_refs(ctx: CheckContext) -> Iterator[Diagnostic]:
    """VALID_UNDEFINED_WORKFLOW_REF: include/call targets resolved from the flow's folder (saved documents only)."""
    folder = ctx.workflow_dir
    if folder is None:
        return
    exists = ctx.options.file_exists or Path.is_file
    for visit in ctx.visits:
        node = visit.node
        if not isinstance(node, ast.Include | ast.Call) or node.workflow is None:
            continue
        value = str(node.workflow)
        if not value or "{{" in value or "\0" in value:
            continue
        resolved = Path(os.path.normpath(os.path.join(folder, value)))
        try:
            found = exists(resolved)
        except (OSError, ValueError):
            found = False
        if found:
            continue
        hints = [f"Resolved to {resolved}", "Paths are relative to the folder of this file"]
        if value.startswith("@"):
            hints.append("Package aliases such as @workflows/... are not supported; use a relative path")
        start, end = node.workflow.span
        yield Diagnostic(
            "VALID_UNDEFINED_WORKFLOW_REF",
            "error",
            f'Workflow file "{value}" not found',
            start,
            end,
            hints=tuple(hints),
        )
