"""Runtime stage (RUNTIMES.md §1.3, §1.5): every node with a registered runtime is validated by its runtime, and each
``RuntimeIssue`` is mapped to a document range (config path, key/value target, span inside the value).

Nodes with an invalid ``type`` and unknown elements have no runtime (RUNTIMES.md §4). RUNTIME_HARDCODED_SECRET gets
an (unsafe) fix: replace the literal with ``{{$secrets.NAME}}`` and declare NAME in the frontmatter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from runtimes.base import RuntimeIssue, ValidateContext
from runtimes.lazyre import lazy_compile
from server.checks.context import CheckContext
from server.checks.frontmatter_edits import declare_secret_fix
from server.diagnostics import Diagnostic, Fix, TextEdit
from server.syntax import ast

__all__ = ["check_runtimes"]

_NOT_NAME = lazy_compile(r"[^A-Za-z0-9]+")
_AUTH_SCHEME = lazy_compile(r"(?:Bearer|Basic|Token)[ \t]+(?=\S)", re.IGNORECASE)


def check_runtimes(ctx: CheckContext) -> Iterator[Diagnostic]:
    from runtimes.keys import runtime_key
    from runtimes.registry import runtime_registry
    from server.syntax.nodespec import build_node_spec, issue_range

    validate_ctx = ValidateContext(
        workflow_dir=ctx.workflow_dir,
        base_dir=ctx.base_dir,
        config_defaults=ctx.frontmatter.config_defaults if ctx.declarations_known and ctx.frontmatter else {},
        declared_secrets=ctx.declared_secrets,
    )
    for visit in ctx.visits:
        node = visit.node
        if isinstance(node, ast.Source | ast.Transform | ast.Sink):
            if not node.type_valid:
                continue
            key = runtime_key(node.kind, node.type)
        else:
            key = runtime_key(node.kind, None)
        runtime = runtime_registry.get(key)
        if runtime is None:
            continue
        spec = build_node_spec(node)
        for issue in runtime.validate(spec, validate_ctx):
            start, end = issue_range(node, issue.path, issue.target, issue.span)
            fixes: tuple[Fix, ...] = ()
            if issue.code == "RUNTIME_HARDCODED_SECRET" and "$config" not in ctx.text[start:end]:
                fixes = _secret_fix(ctx, node, issue, start, end)
            yield Diagnostic(
                issue.code,
                issue.severity,
                issue.message,
                start,
                end,
                hints=tuple(issue.hints),
                fixes=fixes,
            )


def _secret_name(node: ast.Node, issue: RuntimeIssue) -> str:
    parts = [str(node.id) if node.id else node.kind, *(str(p) for p in issue.path[-1:])]
    name = _NOT_NAME.sub("_", "_".join(parts)).strip("_").upper()
    if not name or name[0].isdigit():
        name = f"SECRET_{name}"
    return name


def _secret_fix(ctx: CheckContext, node: ast.Node, issue: RuntimeIssue, start: int, end: int) -> tuple[Fix, ...]:
    if start >= end:
        return ()
    name = _secret_name(node, issue)
    scheme = _AUTH_SCHEME.match(ctx.text, start, end)
    if scheme is not None:  # keep "Bearer " of a header value: only the credential moves
        start = scheme.end()
    edits = [TextEdit(start, end, f"{{{{$secrets.{name}}}}}")]
    if name not in ctx.declared_secrets:
        declare = declare_secret_fix(ctx, name)
        if declare is None:
            return ()
        edits.extend(declare.edits)
    edits.sort(key=lambda edit: edit.start)
    return (Fix(f"Move the credential to secret {name}", tuple(edits), safe=False),)
