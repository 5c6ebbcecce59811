"""Which nodes a preview must run first (RUNTIMES.md §7 "Upstream resolution"), and in which order.

A node depends on the node named by its ``input`` attribute and on every node id that is a free root identifier of
one of its expressions (EXPRESSIONS.md §8.1, found with the shared expression analysis; names shadowed by
context-specific names such as ``item`` are not node references). A node inside containers also depends on what the
containers' binding fields read (a foreach ``collection``, an if/while ``condition``, branch ``when``\\ s), because
preview evaluates them to bind ``item`` / report the branch taken (§7 "Body bindings").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from runtimes.expressions.analysis import analyze_expression
from server.preview.fields import FieldExprs, binding_fields, container_names, node_fields
from server.syntax import ast as A
from server.syntax.document import Document
from server.syntax.walk import walk

__all__ = ["CycleError", "FlowGraph", "NodeInfo", "Read"]

Read = tuple[str, str | None]
"""A value a node reads from outside: (``$config`` | ``$secrets`` | ``$env``, key or None for the whole object)."""

_ENV_ROOTS = ("$config", "$secrets", "$env")


class CycleError(Exception):
    """The nodes needed for a preview depend on each other in a cycle."""

    def __init__(self, cycle: list[str]) -> None:
        self.cycle = cycle
        super().__init__(f"Cannot preview: dependency cycle {' -> '.join(cycle)}")


@dataclass(frozen=True, slots=True)
class NodeInfo:
    node: A.Node
    ancestors: tuple[A.Node, ...]
    names: frozenset[str]
    """Context-specific names of the enclosing containers (foreach item/index, ``$iteration``, ``$branch``)."""
    refs: tuple[str, ...]
    """Node ids read by the node's own fields and ``input`` (document order, no duplicates, no self reference)."""
    reads: frozenset[Read]
    source: str
    """The node's source text (its cache identity)."""


@dataclass(frozen=True, slots=True)
class _FieldFacts:
    refs: list[str]
    reads: set[Read]


def _field_facts(fields: Iterable[FieldExprs], ids: frozenset[str]) -> _FieldFacts:
    refs: list[str] = []
    reads: set[Read] = set()
    for field in fields:
        for tree in field.exprs:
            facts = analyze_expression(tree)
            paths = {(path.root, path.start): path for path in facts.paths}
            for variable in facts.variables:
                name = variable.name
                if name in _ENV_ROOTS:
                    path = paths.get((name, variable.start))
                    first = path.parts[0].name if path is not None and path.parts else None
                    reads.add((name, first))
                elif name in ids and name not in field.names and name not in refs:
                    refs.append(name)
    return _FieldFacts(refs, reads)


class FlowGraph:
    """The nodes of one document with their references, built once per document text."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.by_id: dict[str, NodeInfo] = {}
        self._binding: dict[int, _FieldFacts] = {}
        visits = list(walk(document.workflow)) if document.workflow is not None else []
        ids = frozenset(str(node.id) for node, _ in visits if node.id is not None)
        for node, ancestors in visits:
            names = container_names(ancestors, node)
            self._binding[id(node)] = _field_facts(binding_fields(node, names), ids)
            if node.id is None or str(node.id) in self.by_id:
                continue
            node_id = str(node.id)
            facts = _field_facts(node_fields(node, names), ids)
            refs = list(facts.refs)
            if node.input is not None and str(node.input) in ids:  # the input node first, then expression order
                refs = [str(node.input), *(ref for ref in refs if ref != str(node.input))]
            start, end = node.range
            self.by_id[node_id] = NodeInfo(
                node=node,
                ancestors=ancestors,
                names=names,
                refs=tuple(ref for ref in refs if ref != node_id),
                reads=frozenset(facts.reads),
                source=document.text[start:end],
            )

    def binding_refs(self, container: A.Node) -> list[str]:
        return self._binding[id(container)].refs

    def binding_reads(self, container: A.Node) -> set[Read]:
        return self._binding[id(container)].reads

    def dependencies(self, node_id: str) -> list[str]:
        """Direct dependencies: the node's own references, then those of its containers' binding fields."""
        info = self.by_id[node_id]
        deps = list(info.refs)
        for container in info.ancestors:
            deps.extend(ref for ref in self.binding_refs(container) if ref not in deps and ref != node_id)
        return deps

    def order(self, node_id: str) -> list[str]:
        """Every node the preview of ``node_id`` runs, dependencies first, ``node_id`` last.

        Raises :class:`CycleError` naming the cycle when the dependencies loop back.
        """
        order: list[str] = []
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        path: list[str] = []
        stack: list[tuple[str, list[str]]] = [(node_id, list(reversed(self.dependencies(node_id))))]
        state[node_id] = 1
        path.append(node_id)
        while stack:
            current, pending = stack[-1]
            if not pending:
                stack.pop()
                path.pop()
                state[current] = 2
                order.append(current)
                continue
            dep = pending.pop()
            mark = state.get(dep)
            if mark == 2:
                continue
            if mark == 1:
                raise CycleError([*path[path.index(dep) :], dep])
            state[dep] = 1
            path.append(dep)
            stack.append((dep, list(reversed(self.dependencies(dep)))))
        return order
