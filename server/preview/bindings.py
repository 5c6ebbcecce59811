"""Body bindings of a node inside containers (RUNTIMES.md §7), and the ``context`` entries that report them.

Containers are visited from the outermost to the innermost; each adds names to the scope of the nodes inside it:

========== =================================================================================================
foreach    the item variable = the first element of the evaluated collection (undefined when empty), ``index`` = 0
loop       ``$iteration`` = 0
while      ``$iteration`` = 0; the condition is evaluated (with ``$iteration`` = 0) and reported
parallel   ``$branch`` = the index of the branch holding the node
if         the condition is evaluated; the branch that would run is reported; the node is previewed anyway
branch     the ``when``\\ s are evaluated in order; the matching case (or default) is reported
phase      transparent (nothing bound, nothing reported)
timeout    transparent
========== =================================================================================================

A failing container expression raises :class:`BindingError` naming the container and the config path of the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from runtimes.errors import ExpressionError
from runtimes.expressions.render import evaluate_bare
from runtimes.expressions.scope import Scope
from runtimes.expressions.values import UNDEFINED, is_truthy
from runtimes.transform.fields import to_output
from server.syntax import ast as A
from server.syntax.walk import child_slots

__all__ = ["BindingError", "Bindings", "bind_containers"]


class BindingError(Exception):
    def __init__(self, container: A.Node, path: tuple[str | int, ...], error: ExpressionError) -> None:
        super().__init__(error.message)
        self.container = container
        self.path = path
        self.error = error


@dataclass(frozen=True, slots=True)
class Bindings:
    layer: dict[str, Any]
    """Names the node sees (item, index, ``$iteration``, ``$branch``)."""
    context: list[dict[str, Any]]
    """One entry per container that bound or decided something, outermost first."""


def _slot_of(container: A.Node, child: A.Node) -> str | None:
    for name, nodes in child_slots(container):
        if any(node is child for node in nodes):
            return name
    return None


def _evaluate(container: A.Node, value: str, path: tuple[str | int, ...], label: str, scope: Scope) -> Any:
    try:
        return evaluate_bare(value, scope, label=f"{container.label}.{label}")
    except ExpressionError as exc:
        if exc.node_id is None:
            exc.node_id = str(container.id) if container.id is not None else None
        raise BindingError(container, path, exc) from exc


def _base(container: A.Node, kind: str) -> dict[str, Any]:
    return {"kind": kind, "nodeId": str(container.id) if container.id is not None else None}


def bind_containers(node: A.Node, ancestors: Sequence[A.Node], scope: Scope) -> Bindings:
    """Evaluate the binding fields of ``ancestors`` (outermost first) for ``node``; ``scope`` is the node's scope
    without the bindings."""
    layer: dict[str, Any] = {}
    context: list[dict[str, Any]] = []
    chain = [*ancestors, node]
    for depth, container in enumerate(ancestors):
        child = chain[depth + 1]
        inner = scope.child(dict(layer))
        if isinstance(container, A.Foreach):
            collection = (
                _evaluate(container, container.collection, ("collection",), "collection", inner)
                if container.collection is not None and container.collection.strip()
                else None
            )
            items = (
                collection if isinstance(collection, list) else [] if collection in (None, UNDEFINED) else [collection]
            )
            first = items[0] if items else UNDEFINED
            layer[container.item_name] = first
            layer["index"] = 0
            entry = _base(container, "foreach")
            entry.update(itemVar=container.item_name, index=0, count=len(items), item=to_output(first))
            context.append(entry)
        elif isinstance(container, A.Loop):
            layer["$iteration"] = 0
            context.append({**_base(container, "loop"), "iteration": 0})
        elif isinstance(container, A.While):
            layer["$iteration"] = 0
            entry = {**_base(container, "while"), "iteration": 0}
            if container.condition is not None and container.condition.strip():
                condition = _evaluate(container, container.condition, ("condition",), "condition", inner.child(layer))
                entry["condition"] = is_truthy(condition)
            context.append(entry)
        elif isinstance(container, A.Parallel):
            slot = _slot_of(container, child) or "branches[0]"
            index = int(slot[len("branches[") : -1])
            layer["$branch"] = index
            context.append({**_base(container, "parallel"), "branch": index})
        elif isinstance(container, A.If):
            condition = False
            if container.condition is not None and container.condition.strip():
                condition = is_truthy(_evaluate(container, container.condition, ("condition",), "condition", inner))
            has_else = bool(container.else_)
            taken = "then" if condition else "else" if has_else else "none"
            slot = _slot_of(container, child) or "then"
            context.append(
                {
                    **_base(container, "if"),
                    "condition": condition,
                    "branch": taken,
                    "nodeBranch": slot,
                    "wouldRun": taken == slot,
                }
            )
        elif isinstance(container, A.Branch):
            matched: int | None = None
            for index, case in enumerate(container.cases):
                if case.when is None or not case.when.strip():
                    continue
                value = _evaluate(container, case.when, ("cases", index, "when"), f"cases[{index}].when", inner)
                if is_truthy(value):
                    matched = index
                    break
            taken = (
                f"cases[{matched}]" if matched is not None else "default" if container.default is not None else "none"
            )
            slot = _slot_of(container, child) or "default"
            context.append(
                {
                    **_base(container, "branch"),
                    "caseIndex": matched,
                    "branch": taken,
                    "nodeBranch": slot,
                    "wouldRun": taken == slot,
                }
            )
    return Bindings(layer, context)
