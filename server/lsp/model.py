"""A navigation index over one parsed document: nodes, declarations and every reference to them.

Used by definition, references, rename, hover, completion and the re-check of dependent flows. References inside
expressions are found with the expression lexer (so string literals never count), in ``{{ }}`` segments of any value
and in the whole value of bare-expression fields.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from runtimes.expressions.lexer import tokenize
from runtimes.expressions.template import split_template
from server.lsp.collector import COLLECTOR
from server.lsp.cursor import OpenElement
from server.lsp.documents import Snapshot, uri_to_path
from server.syntax import ast
from server.syntax.sourcetext import SourceText

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer

__all__ = [
    "BARE_ATTRIBUTES",
    "BARE_ELEMENTS",
    "Model",
    "Ref",
    "RefKind",
    "child_nodes",
    "dependents",
    "model_of",
    "walk_nodes",
    "workflow_targets",
]

RefKind = Literal["node", "config", "secret"]

BARE_ATTRIBUTES = frozenset({"condition", "when", "collection", "break", "merge"})
"""Attributes whose whole value is an expression (LANGUAGE.md §5.4, §7)."""
_BARE_KEYS = frozenset({"expression", "condition", "initial", "finalize"})
BARE_ELEMENTS = _BARE_KEYS
"""Child elements whose text is a bare expression (map/filter/reduce keys, checkpoint condition)."""
_NODE_REF_ATTRIBUTES = frozenset({"input", "on-timeout", "goto", "node", "ref"})


@dataclass(frozen=True, slots=True)
class Ref:
    kind: RefKind
    name: str
    start: int
    end: int
    declaration: bool = False
    in_expression: bool = False


def child_nodes(node: ast.Node) -> Iterator[ast.Node]:
    """The direct child nodes of ``node`` in document order."""
    if isinstance(node, ast.Branch):
        for case in node.cases:
            yield from case.nodes
        yield from node.default or ()
    elif isinstance(node, ast.If):
        yield from node.then
        yield from node.else_ or ()
    elif isinstance(node, ast.Loop | ast.While | ast.Foreach):
        yield from node.body
    elif isinstance(node, ast.Parallel):
        for slot in node.branch_slots:
            yield from slot.nodes
    elif isinstance(node, ast.Phase | ast.Timeout):
        yield from node.children


def walk_nodes(nodes: tuple[ast.Node, ...] | list[ast.Node]) -> Iterator[ast.Node]:
    """Every node at every depth, in document order (iterative: nesting depth is user-controlled)."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(list(child_nodes(node))))


def _sub_elements(node: ast.Node) -> Iterator[ast.ElementInfo]:
    """Elements inside a node that carry attributes of their own (case, action, set, bind, on-error children)."""
    if isinstance(node, ast.Branch):
        yield from (case.element for case in node.cases)
    elif isinstance(node, ast.Checkpoint):
        yield from (action.element for action in node.actions)
    elif isinstance(node, ast.Context):
        yield from (entry.element for entry in node.entries)
    elif isinstance(node, ast.Include):
        yield from (binding.element for binding in node.bindings)
    if node.on_error is not None:
        if node.on_error.retry is not None:
            yield node.on_error.retry.element
        if node.on_error.fallback is not None:
            yield node.on_error.fallback.element


def _config_values(config: ast.ConfigMap) -> Iterator[tuple[str, SourceText]]:
    stack = [config]
    while stack:
        current = stack.pop()
        for entry in current.entries:
            if isinstance(entry.value, ast.ConfigMap):
                stack.append(entry.value)
            else:
                yield entry.key, entry.value


@dataclass
class Model:
    snapshot: Snapshot
    document: Any
    nodes: list[ast.Node] = field(default_factory=list)
    definitions: dict[str, ast.Node] = field(default_factory=dict)
    refs: list[Ref] = field(default_factory=list)

    @property
    def frontmatter(self) -> ast.Frontmatter | None:
        value = getattr(self.document, "frontmatter", None)
        return value if isinstance(value, ast.Frontmatter) else None

    @property
    def workflow(self) -> ast.Workflow | None:
        value = getattr(self.document, "workflow", None)
        return value if isinstance(value, ast.Workflow) else None

    def build(self) -> Model:
        workflow = self.workflow
        if workflow is not None:
            self.nodes = list(walk_nodes(workflow.nodes))
        for node in self.nodes:
            if node.id is not None and node.id_range is not None:
                self.definitions.setdefault(str(node.id), node)
                self.refs.append(Ref("node", str(node.id), *node.id_range, declaration=True))
        frontmatter = self.frontmatter
        if frontmatter is not None:
            for config_field in frontmatter.config.values():
                self.refs.append(Ref("config", config_field.name, *config_field.key_range, declaration=True))
            for secret in frontmatter.secrets:
                self.refs.append(Ref("secret", secret.name, *secret.range, declaration=True))
        for node in self.nodes:
            self._node_refs(node)
        self.refs.sort(key=lambda ref: (ref.start, ref.end))
        return self

    def _node_refs(self, node: ast.Node) -> None:
        elements = [node.element, *_sub_elements(node)]
        for element in elements:
            for attribute in element.attributes:
                if attribute.name in ("id", "type"):
                    continue
                if attribute.name in _NODE_REF_ATTRIBUTES and attribute.value and "{{" not in attribute.value:
                    start, end = attribute.value.span
                    self.refs.append(Ref("node", str(attribute.value), start, end))
                    continue
                self._value_refs(attribute.value, bare=attribute.name in BARE_ATTRIBUTES)
        if isinstance(node, ast.Source | ast.Transform | ast.Sink):
            for key, value in _config_values(node.config):
                self._value_refs(value, bare=key in _BARE_KEYS and node.kind == "transform")
        if isinstance(node, ast.Checkpoint):
            for text, bare in ((node.prompt, False), (node.condition, True)):
                if text is not None and not _is_attribute_value(node.element, text):
                    self._value_refs(text, bare=bare)

    def _value_refs(self, value: SourceText, bare: bool) -> None:
        if not value:
            return
        if "{{" in value:
            for segment in split_template(value):
                if segment.kind == "expr":
                    self._expression_refs(value, segment.expr_start, segment.text)
        elif bare:
            self._expression_refs(value, 0, str(value))

    def _expression_refs(self, host: SourceText, base: int, source: str) -> None:
        definitions = self.definitions
        for kind, name, start, end in expression_names(source):
            if kind is None:
                if name not in definitions:
                    continue
                kind = "node"
            doc_start, doc_end = host.doc_span(base + start, base + end)
            self.refs.append(Ref(kind, name, doc_start, doc_end, in_expression=True))

    # -- queries ----------------------------------------------------------------------------------------------

    def ref_at(self, offset: int) -> Ref | None:
        for ref in self.refs:
            if ref.start <= offset <= ref.end:
                return ref
            if ref.start > offset:
                break
        return None

    def references(self, kind: RefKind, name: str) -> list[Ref]:
        return [ref for ref in self.refs if ref.kind == kind and ref.name == name]

    def declaration(self, kind: RefKind, name: str) -> Ref | None:
        for ref in self.refs:
            if ref.kind == kind and ref.name == name and ref.declaration:
                return ref
        return None

    def cursor_origin(self, offset: int) -> tuple[int, tuple[OpenElement, ...]] | None:
        """Where a lexical scan for the elements enclosing ``offset`` may start: the start of the top-level node
        at or before ``offset`` (every earlier sibling is closed there), with only ``<workflow>`` open."""
        workflow = self.workflow
        if workflow is None or offset < workflow.element.start_tag[1]:
            return None
        if "starts" not in self.snapshot.cache:
            self.snapshot.cache["starts"] = [node.range[0] for node in workflow.nodes]
        starts: list[int] = self.snapshot.cache["starts"]
        index = bisect_left(starts, offset) - 1
        start = starts[index] if index >= 0 else workflow.element.start_tag[1]
        return start, (OpenElement("workflow", {}, workflow.element.range[0]),)

    def node_at(self, offset: int) -> ast.Node | None:
        """The innermost node whose range contains ``offset``."""
        found: ast.Node | None = None
        for node in self.nodes:
            start, end = node.range
            if start <= offset <= end:
                found = node  # document order visits parents before children
        return found

    def workflow_targets(self) -> set[Path]:
        """Resolved paths of the include/call targets (for re-checking dependents)."""
        return workflow_targets(self.snapshot)


ExpressionName = tuple["RefKind | None", str, int, int]
"""(kind, name, start, end) relative to the expression source; kind None: a name that is a node reference if the
document defines a node of that id."""

_EXPRESSION_NAMES: dict[str, tuple[ExpressionName, ...]] = {}
_EXPRESSION_NAMES_MAX = 50_000


def expression_names(source: str) -> tuple[ExpressionName, ...]:
    """The names an expression can refer to: ``$config.x`` / ``$secrets.X`` members and root names that are not
    object-literal keys. They depend on the source text alone, so they are kept across versions (the lexer was
    most of the time of building the model of a 2,000-node flow after each edit)."""
    cached = _EXPRESSION_NAMES.get(source)
    if cached is not None:
        return cached
    found: list[ExpressionName] = []
    tokens = tokenize(source)
    for i, token in enumerate(tokens):
        if token.kind != "name":
            continue
        if i > 0 and tokens[i - 1].kind in (".", "?."):
            continue
        if token.text in ("$config", "$secrets"):
            if i + 2 < len(tokens) and tokens[i + 1].kind == "." and tokens[i + 2].kind == "name":
                member = tokens[i + 2]
                kind: RefKind = "config" if token.text == "$config" else "secret"
                found.append((kind, member.text, member.start, member.end))
            continue
        if i + 1 < len(tokens) and tokens[i + 1].kind == ":":
            continue  # an object-literal key
        found.append((None, token.text, token.start, token.end))
    result = tuple(found)
    if len(_EXPRESSION_NAMES) >= _EXPRESSION_NAMES_MAX:
        _EXPRESSION_NAMES.clear()
    _EXPRESSION_NAMES[source] = result
    return result


def _is_attribute_value(element: ast.ElementInfo, text: SourceText) -> bool:
    return any(attribute.value is text for attribute in element.attributes)


def model_of(snapshot: Snapshot) -> Model | None:
    """The navigation model of a snapshot (None while the document cannot be parsed)."""
    cached = snapshot.cache.get("model")
    if cached is None:
        with COLLECTOR.paused():  # lives as long as the snapshot, like the check's results (``collector``)
            cached = Model(snapshot, snapshot.document).build()
        snapshot.cache["model"] = cached
    return cached if isinstance(cached, Model) else None


def workflow_targets(snapshot: Snapshot) -> set[Path]:
    """Resolved paths of the include/call targets of a snapshot (computed once per text: a re-check of the same
    version keeps them, see ``documents.TEXT_RESULTS``; no navigation model needed)."""
    cached = snapshot.cache.get("targets")
    if isinstance(cached, set):
        return cached
    targets: set[Path] = set()
    base = snapshot.path
    workflow = getattr(snapshot.document, "workflow", None)
    if base is not None and isinstance(workflow, ast.Workflow):
        for node in walk_nodes(workflow.nodes):
            if isinstance(node, ast.Include | ast.Call) and node.workflow:
                targets.add((base.parent / str(node.workflow)).resolve())
    snapshot.cache["targets"] = targets
    return targets


def dependents(server: FlowScriptServer, uri: str) -> list[str]:
    """Open documents that include or call the document ``uri``."""
    path = uri_to_path(uri)
    if path is None:
        return []
    target = path.resolve()
    found = []
    for other in server.open_uris():
        if other == uri:
            continue
        snapshot = server.snapshot(other)
        if snapshot is not None and target in workflow_targets(snapshot):
            found.append(other)
    return found
