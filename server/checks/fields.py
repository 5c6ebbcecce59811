"""Every node of a workflow with its enclosing scope, and every expression field of EXPRESSIONS.md §1.

``walk_nodes`` visits nodes in document order at every depth (iteratively: nesting depth is user-controlled) and
records the context-specific names a node's fields see (EXPRESSIONS.md §8.2: foreach item/index, ``$iteration``,
``$branch``). ``expression_fields`` lists a node's expression fields with their label, mode and extra names.
"""

from __future__ import annotations

from collections.abc import Iterator

from runtimes.records import record
from server.syntax import ast
from server.syntax.sourcetext import SourceText
from server.syntax.walk import walk

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

__all__ = ["BARE_CONFIG_KEYS", "ExprField", "NodeVisit", "expression_fields", "walk_nodes"]

FieldMode: TypeAlias = 'Literal["template", "bare"]'

BARE_CONFIG_KEYS: dict[str, dict[str, frozenset[str]]] = {
    "map": {"expression": frozenset({"$item", "item", "$index", "index", "$first", "$last", "$items"})},
    "filter": {"condition": frozenset({"$item", "item", "$index", "index", "$first", "$last", "$items"})},
    "reduce": {
        "expression": frozenset({"$acc", "acc", "$item", "item", "$index", "index", "$items"}),
        "initial": frozenset(),
        "finalize": frozenset({"$acc", "acc"}),
    },
}
"""transform type -> bare config key -> its context-specific names."""

_WHOLE_ARROW_KEYS = {("map", "expression"), ("filter", "condition"), ("reduce", "expression"), ("reduce", "finalize")}
_STANDARD_MERGES = ("array", "concat", "object")


@record
class NodeVisit:
    node: ast.Node
    names: frozenset[str]
    """Context-specific names from enclosing foreach / loop / while / parallel branch."""


@record
class ExprField:
    node: ast.Node
    label: str
    value: SourceText
    mode: FieldMode
    names: frozenset[str]
    """Names in scope besides the base scope (EXPRESSIONS.md §8.2)."""
    whole_arrow: bool = False
    """A whole-value arrow function is allowed here (EXPRESSIONS.md §6.3)."""
    config_path: tuple[str, ...] = ()
    """For source/transform/sink config values: the key path."""


def _added_names(node: ast.Node) -> frozenset[str]:
    """The names a node adds for the nodes inside it (EXPRESSIONS.md §8.2)."""
    if isinstance(node, ast.Loop | ast.While):
        return _ITERATION
    if isinstance(node, ast.Foreach):
        item = str(node.item) if node.item else "item"  # the parser may leave it None when absent
        return frozenset({item, "index"})
    if isinstance(node, ast.Parallel):
        return _BRANCH
    return frozenset()


_ITERATION = frozenset({"$iteration"})
_BRANCH = frozenset({"$branch"})


def walk_nodes(workflow: ast.Workflow | None) -> list[NodeVisit]:
    """All nodes in document order (``server.syntax.walk``), each with the names its enclosing nodes add."""
    if workflow is None:
        return []
    visits: list[NodeVisit] = []
    inside: dict[int, frozenset[str]] = {}
    for node, ancestors in walk(workflow):
        names = inside[id(ancestors[-1])] if ancestors else frozenset[str]()
        added = _added_names(node)
        inside[id(node)] = names | added if added else names
        visits.append(NodeVisit(node, names))
    return visits


def expression_fields(visit: NodeVisit, fallback_targets: frozenset[str]) -> Iterator[ExprField]:
    """The expression fields of one node (EXPRESSIONS.md §1) in document order of their definition.

    Template fields with neither ``{{`` nor ``$`` are left out: they hold no expression and no uninterpolated
    reference, so no check looks at them.
    """
    node = visit.node
    base = visit.names
    if node.id is not None and str(node.id) in fallback_targets:
        base = base | {"$primaryError", "$primaryInput"}
    label = node.label

    def field(
        suffix: str,
        value: SourceText | None,
        mode: FieldMode,
        extra: frozenset[str] = frozenset(),
        whole_arrow: bool = False,
    ) -> Iterator[ExprField]:
        if value is None or (mode == "template" and "{{" not in value and "$" not in value):
            return
        yield ExprField(node, f"{label}.{suffix}", value, mode, base | extra if extra else base, whole_arrow)

    def maybe(suffix: str, value: SourceText | None, extra: frozenset[str] = frozenset()) -> Iterator[ExprField]:
        if value is not None and "{{" in value:
            yield from field(suffix, value, "template", extra)

    if isinstance(node, ast.Source | ast.Transform | ast.Sink):
        yield from _config_fields(node, base)
    elif isinstance(node, ast.If | ast.While):
        extra = frozenset({"$iteration"}) if isinstance(node, ast.While) else frozenset[str]()
        yield from field("condition", node.condition, "bare", extra)
    elif isinstance(node, ast.Branch):
        for index, case in enumerate(node.cases):
            yield from field(f"cases[{index}].when", case.when, "bare")
    elif isinstance(node, ast.Loop):
        yield from maybe("max", node.max)
        yield from field("break", node.break_, "bare", frozenset({"$iteration"}))
    elif isinstance(node, ast.Foreach):
        yield from field("collection", node.collection, "bare")
        yield from maybe("concurrency", node.concurrency)
    elif isinstance(node, ast.Parallel):
        if node.merge is not None and str(node.merge).strip() not in _STANDARD_MERGES:
            yield from field("merge", node.merge, "bare", frozenset({"$branches"}), whole_arrow=True)
    elif isinstance(node, ast.Checkpoint):
        yield from field("prompt", node.prompt, "template")
        yield from maybe("timeout", node.timeout)
        yield from field("condition", node.condition, "bare")
    elif isinstance(node, ast.Context):
        for entry in node.entries:
            if entry.key is not None:
                yield from field(f"context.{entry.key}", entry.value, "template")
    elif isinstance(node, ast.Set):
        yield from field("value", node.value, "template")
    elif isinstance(node, ast.Delay | ast.Timeout):
        yield from maybe("duration", node.duration)
    elif isinstance(node, ast.Include):
        for binding in node.bindings:
            if binding.key is not None:
                yield from field(f"bind.{binding.key}", binding.value, "template")
    elif isinstance(node, ast.Call):
        for name, value in node.args.items():
            yield from field(f"args.{name}", value, "template")
    if node.on_error is not None and node.on_error.retry is not None:
        retry = node.on_error.retry
        yield from field(
            "on-error.retry.when", retry.when, "bare", frozenset({"error", "status", "retryable", "attempt"})
        )
        yield from maybe("max", retry.max)  # EXPRESSIONS.md §1: retry `max` is labelled {id}.{attribute}


def _config_fields(node: ast.Source | ast.Transform | ast.Sink, names: frozenset[str]) -> Iterator[ExprField]:
    bare_keys = BARE_CONFIG_KEYS.get(node.type, {}) if isinstance(node, ast.Transform) else {}
    is_ai = isinstance(node, ast.Transform) and node.type == "ai"
    stack: list[tuple[ast.ConfigMap, tuple[str, ...]]] = [(node.config, ())]
    out: list[ExprField] = []
    while stack:
        cmap, path = stack.pop()
        for entry in cmap.entries:
            key_path = (*path, entry.key)
            if isinstance(entry.value, ast.ConfigMap):
                stack.append((entry.value, key_path))
                continue
            value = entry.value
            if not path and entry.key in bare_keys:
                label = f"{node.label}.config.{entry.key}"
                whole = (node.type, entry.key) in _WHOLE_ARROW_KEYS
                out.append(ExprField(node, label, value, "bare", names | bare_keys[entry.key], whole, key_path))
            elif not path and is_ai and entry.key == "output-schema":
                continue
            elif "{{" in value or "$" in value:
                label = f"{node.label}.config.{'.'.join(key_path)}"
                out.append(ExprField(node, label, value, "template", names, False, key_path))
    out.sort(key=lambda f: f.value.span[0])
    yield from out
