"""The shared, pre-computed view of one document that every check family reads (``CheckContext``).

Built once per analysis: node visits in document order, the id index (a duplicated id resolves to the first node),
the expression fields, and every expression parsed and analysed exactly once (``expressions``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from runtimes.records import field, record
from server.checks.exprs import ParsedExpression, parse_field
from server.checks.fields import ExprField, NodeVisit, expression_fields, walk_nodes
from server.syntax import ast

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Literal

__all__ = ["AnalyzeOptions", "CheckContext", "build_context"]

IDENTIFIER_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$")


@record
class AnalyzeOptions:
    """How to analyse one document. select/ignore/severity overrides belong to the lint layer, not here."""

    path_base: Literal["workflow", "workspace"] = "workflow"
    workspace_root: Path | None = None
    """Base folder for ``path_base="workspace"`` (lint: the current directory)."""
    base_dir: Path | None = None
    """Explicit path-confinement base (overrides ``path_base``); ignored for unsaved documents."""
    file_exists: Callable[[Path], bool] | None = None
    """Existence test for include/call targets (the LSP passes one that knows its open documents)."""
    strict_internal_errors: bool = False
    """Re-raise exceptions from check modules (tests); otherwise a crashing check is skipped."""
    max_diagnostics: int = 1000
    """Per-file cap; beyond it one TOO_MANY_DIAGNOSTICS summary (an extension of this implementation, not in
    DIAGNOSTICS.md §3). 0 or less: no cap."""


def is_identifier(name: str) -> bool:
    """An expression identifier (EXPRESSIONS.md §4.1)."""
    if not name:
        return False
    first = name[0]
    if ord(first) < 0x80 and not (first.isalpha() or first in "$_"):
        return False
    return all(c in IDENTIFIER_CHARS or ord(c) >= 0x80 for c in name[1:])


@record(frozen=False)
class CheckContext:
    text: str
    path: Path | None
    options: AnalyzeOptions
    frontmatter: ast.Frontmatter | None
    workflow: ast.Workflow | None
    declarations_known: bool
    """False when the frontmatter is missing or unparsable (DIAGNOSTICS.md §2.5)."""
    visits: list[NodeVisit] = field(default_factory=list)
    nodes_by_id: dict[str, ast.Node] = field(default_factory=dict)
    fallback_targets: frozenset[str] = frozenset()
    base_names: frozenset[str] = frozenset()
    """Root names in scope everywhere besides node ids (EXPRESSIONS.md §8.1)."""
    expression_ids: frozenset[str] = frozenset()
    """Node ids usable in expressions (identifiers)."""
    fields: list[ExprField] = field(default_factory=list)
    expressions: list[ParsedExpression] = field(default_factory=list)

    @property
    def declared_secrets(self) -> frozenset[str]:
        return self.frontmatter.secret_names if self.frontmatter is not None else frozenset()

    @property
    def declared_config(self) -> dict[str, ast.ConfigField]:
        return self.frontmatter.config if self.frontmatter is not None else {}

    def node_ids(self) -> list[str]:
        return list(self.nodes_by_id)

    @property
    def workflow_dir(self) -> Path | None:
        """Absolute folder of the document (not symlink-resolved); None for an unsaved document."""
        return Path(os.path.abspath(self.path.parent)) if self.path is not None else None

    @property
    def base_dir(self) -> Path | None:
        """Absolute path-confinement base (RUNTIMES.md §5.6); None for an unsaved document."""
        if self.path is None:
            return None
        if self.options.base_dir is not None:
            return Path(os.path.abspath(self.options.base_dir))
        if self.options.path_base == "workspace":
            return Path(os.path.abspath(self.options.workspace_root or Path.cwd()))
        return self.workflow_dir


BUILTIN_ROOTS = frozenset({"$config", "$secrets", "$env", "$context", "$workflowDir", "input"})


def build_context(
    text: str,
    path: Path | None,
    options: AnalyzeOptions,
    frontmatter: ast.Frontmatter | None,
    workflow: ast.Workflow | None,
) -> CheckContext:
    declarations_known = frontmatter is not None and frontmatter.parsed
    ctx = CheckContext(text, path, options, frontmatter, workflow, declarations_known)
    ctx.visits = walk_nodes(workflow)
    fallback_targets: set[str] = set()
    context_keys: set[str] = set()
    for visit in ctx.visits:
        node = visit.node
        if node.id is not None and str(node.id) not in ctx.nodes_by_id:
            ctx.nodes_by_id[str(node.id)] = node
        if node.on_error is not None and node.on_error.fallback_node:
            fallback_targets.add(node.on_error.fallback_node)
        if isinstance(node, ast.Context):
            context_keys.update(str(entry.key) for entry in node.entries if entry.key)
        elif isinstance(node, ast.Set) and node.var:
            context_keys.add(str(node.var))
    ctx.fallback_targets = frozenset(fallback_targets)
    input_names = set(frontmatter.input) if frontmatter is not None else set()
    ctx.base_names = frozenset(input_names | context_keys | BUILTIN_ROOTS)
    ctx.expression_ids = frozenset(i for i in ctx.nodes_by_id if is_identifier(i))
    for visit in ctx.visits:
        ctx.fields.extend(expression_fields(visit, ctx.fallback_targets))
    for expr_field in ctx.fields:
        ctx.expressions.extend(parse_field(expr_field))
    return ctx
