"""The expression fields of a node (EXPRESSIONS.md §1) reduced to what upstream resolution needs: the parsed
expressions of each field and the context-specific names visible in it.

This deliberately reads only the AST and the runtimes' expression parser (not ``server.checks``), so the preview CLI
starts fast. A field that does not parse contributes nothing (the runtime reports the error when it runs).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from runtimes.expressions.ast import Expr
from runtimes.expressions.errors import ExprSyntaxError
from runtimes.expressions.parser import parse_expression_cached
from runtimes.expressions.template import split_template, unwrap_bare
from server.syntax import ast as A

__all__ = ["FieldExprs", "binding_fields", "container_names", "node_fields"]

_ITEM_NAMES = frozenset({"$item", "item", "$index", "index", "$first", "$last", "$items"})
_BARE_KEYS: dict[str, dict[str, frozenset[str]]] = {
    "map": {"expression": _ITEM_NAMES},
    "filter": {"condition": _ITEM_NAMES},
    "reduce": {
        "expression": frozenset({"$acc", "acc", "$item", "item", "$index", "index", "$items"}),
        "initial": frozenset(),
        "finalize": frozenset({"$acc", "acc"}),
    },
}
_STANDARD_MERGES = ("array", "concat", "object")
_ITERATION = frozenset({"$iteration"})


@dataclass(frozen=True, slots=True)
class FieldExprs:
    exprs: tuple[Expr, ...]
    names: frozenset[str]
    """Names in scope besides the base scope (these shadow node ids)."""


def container_names(ancestors: Sequence[A.Node], node: A.Node) -> frozenset[str]:
    """Context-specific names the enclosing containers give ``node`` (EXPRESSIONS.md §8.2)."""
    names: set[str] = set()
    for container in ancestors:
        if isinstance(container, A.Foreach):
            names |= {container.item_name, "index"}
        elif isinstance(container, A.Loop | A.While):
            names |= _ITERATION
        elif isinstance(container, A.Parallel):
            names.add("$branch")
    return frozenset(names)


def _parse(source: str) -> Expr | None:
    try:
        return parse_expression_cached(source)
    except ExprSyntaxError:
        return None


def _exprs(value: str | None, mode: str) -> tuple[Expr, ...]:
    if value is None:
        return ()
    if mode == "maybe":
        mode = "template" if "{{" in value else "none"
    if mode == "bare":
        bare = unwrap_bare(value)
        tree = _parse(bare.expression) if bare.expression else None
        return (tree,) if tree is not None else ()
    if mode == "template" and "{{" in value:
        trees = (_parse(seg.text) for seg in split_template(value) if seg.kind == "expr" and seg.text)
        return tuple(tree for tree in trees if tree is not None)
    return ()


def _config_strings(config: Mapping[str, Any]) -> Iterator[tuple[tuple[str, ...], str]]:
    stack: list[tuple[tuple[str, ...], Mapping[str, Any]]] = [((), config)]
    while stack:
        path, current = stack.pop()
        for key, value in current.items():
            if isinstance(value, Mapping):
                stack.append(((*path, key), value))
            elif isinstance(value, str):
                yield (*path, key), value


def node_fields(node: A.Node, names: frozenset[str]) -> Iterator[FieldExprs]:
    """The parsed expressions of every expression field of ``node`` (``<on-error>`` excluded: preview never
    applies it)."""

    def field(value: str | None, mode: str, extra: frozenset[str] = frozenset()) -> Iterator[FieldExprs]:
        exprs = _exprs(value, mode)
        if exprs:
            yield FieldExprs(exprs, names | extra)

    if isinstance(node, A.Source | A.Transform | A.Sink):
        bare = _BARE_KEYS.get(node.type, {}) if isinstance(node, A.Transform) else {}
        for path, value in _config_strings(node.config.to_value()):
            if len(path) == 1 and path[0] in bare:
                yield from field(value, "bare", bare[path[0]])
            elif not (isinstance(node, A.Transform) and node.type == "ai" and path == ("output-schema",)):
                yield from field(value, "template")
    elif isinstance(node, A.If):
        yield from field(node.condition, "bare")
    elif isinstance(node, A.While):
        yield from field(node.condition, "bare", _ITERATION)
    elif isinstance(node, A.Branch):
        for case in node.cases:
            yield from field(case.when, "bare")
    elif isinstance(node, A.Loop):
        yield from field(node.max, "maybe")
        yield from field(node.break_, "bare", _ITERATION)
    elif isinstance(node, A.Foreach):
        yield from field(node.collection, "bare")
        yield from field(node.concurrency, "maybe")
    elif isinstance(node, A.Parallel):
        if node.merge is not None and str(node.merge).strip() not in _STANDARD_MERGES:
            yield from field(node.merge, "bare", frozenset({"$branches"}))
    elif isinstance(node, A.Checkpoint):
        yield from field(node.prompt, "template")
        yield from field(node.timeout, "maybe")
        yield from field(node.condition, "bare")
    elif isinstance(node, A.Context):
        for entry in node.entries:
            yield from field(entry.value, "template")
    elif isinstance(node, A.Set):
        yield from field(node.value, "template")
    elif isinstance(node, A.Delay | A.Timeout):
        yield from field(node.duration, "maybe")
    elif isinstance(node, A.Include):
        for binding in node.bindings:
            yield from field(binding.value, "template")
    elif isinstance(node, A.Call):
        for value in node.args.values():
            yield from field(value, "template")


def binding_fields(container: A.Node, names: frozenset[str]) -> Iterator[FieldExprs]:
    """The fields of a container that preview evaluates for the nodes inside it (see :mod:`.bindings`)."""
    if isinstance(container, A.Foreach):
        yield from _one(container.collection, names)
    elif isinstance(container, A.If):
        yield from _one(container.condition, names)
    elif isinstance(container, A.While):
        yield from _one(container.condition, names | _ITERATION)
    elif isinstance(container, A.Branch):
        for case in container.cases:
            yield from _one(case.when, names)


def _one(value: str | None, names: frozenset[str]) -> Iterator[FieldExprs]:
    exprs = _exprs(value, "bare")
    if exprs:
        yield FieldExprs(exprs, names)
