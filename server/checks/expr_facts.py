"""Static facts of one parsed expression (EXPRESSIONS.md §9.2), collected in one walk over the tree.

Free root identifiers (arrow parameters excluded, callees excluded: functions are a separate namespace), maximal
member-access chains from a free root (``$secrets.K``, ``node.output.a[0]``), calls, arrows with whether their
position allows them (§6.3), and blocked names. Offsets are relative to the expression source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from runtimes.expressions import ast as ex

__all__ = ["Access", "ExprFacts", "Step", "collect_facts", "is_blocked"]

PREDICATE_FUNCTIONS = frozenset({"count", "every", "some", "find"})


def is_blocked(name: str) -> bool:
    """EXPRESSIONS.md §7."""
    if name in ("__proto__", "constructor", "prototype"):
        return True
    return len(name) >= 4 and name.startswith("__") and name.endswith("__")


@dataclass(frozen=True, slots=True)
class Step:
    name: str | None
    """Property name (dot access or string-literal index); None for any other computed index."""
    start: int
    end: int
    computed: bool


@dataclass(slots=True)
class Access:
    root: str
    start: int
    end: int
    steps: list[Step] = field(default_factory=list)


@dataclass(slots=True)
class ExprFacts:
    roots: list[ex.Identifier] = field(default_factory=list)
    accesses: list[Access] = field(default_factory=list)
    calls: list[ex.Call] = field(default_factory=list)
    arrows: list[tuple[ex.Arrow, bool]] = field(default_factory=list)
    blocked: list[tuple[str, int, int]] = field(default_factory=list)
    """(name, start, end); name ``this`` for the keyword."""


def _chain(node: ex.Member | ex.Index) -> tuple[ex.Expr, list[Step]]:
    steps: list[Step] = []
    cur: ex.Expr = node
    while isinstance(cur, ex.Member | ex.Index):
        if isinstance(cur, ex.Member):
            steps.append(Step(cur.name, cur.name_start, cur.name_end, False))
        else:
            idx = cur.index
            name = idx.value if isinstance(idx, ex.Literal) and isinstance(idx.value, str) else None
            steps.append(Step(name, idx.start, idx.end, True))
        cur = cur.object
    steps.reverse()
    return cur, steps


class _Collector:
    def __init__(self) -> None:
        self.facts = ExprFacts()

    def visit(self, node: ex.Expr | ex.Spread, params: frozenset[str], arrow_ok: bool = False) -> None:
        facts = self.facts
        if isinstance(node, ex.Spread):
            self.visit(node.argument, params)
        elif isinstance(node, ex.Identifier):
            if node.name not in params:
                if is_blocked(node.name):
                    facts.blocked.append((node.name, node.start, node.end))
                else:
                    facts.roots.append(node)
        elif isinstance(node, ex.This):
            facts.blocked.append(("this", node.start, node.end))
        elif isinstance(node, ex.Member | ex.Index):
            base, steps = _chain(node)
            for step in steps:
                if step.name is not None and is_blocked(step.name):
                    facts.blocked.append((step.name, step.start, step.end))
            if isinstance(base, ex.Identifier) and base.name not in params and not is_blocked(base.name):
                facts.accesses.append(Access(base.name, base.start, base.end, steps))
            self.visit(base, params)
            cur: ex.Expr = node
            while isinstance(cur, ex.Member | ex.Index):
                if isinstance(cur, ex.Index):
                    self.visit(cur.index, params)
                cur = cur.object
        elif isinstance(node, ex.Call):
            facts.calls.append(node)
            callee = node.callee
            if not isinstance(callee, ex.Identifier):
                self.visit(callee, params)
            predicate = isinstance(callee, ex.Identifier) and callee.name in PREDICATE_FUNCTIONS
            for position, arg in enumerate(node.args):
                self.visit(arg, params, arrow_ok=predicate and position == 1)
        elif isinstance(node, ex.Arrow):
            facts.arrows.append((node, arrow_ok))
            self.visit(node.body, params | {p.name for p in node.params})
        elif isinstance(node, ex.Unary):
            self.visit(node.operand, params)
        elif isinstance(node, ex.Binary):
            self.visit(node.left, params)
            self.visit(node.right, params)
        elif isinstance(node, ex.Conditional):
            self.visit(node.test, params)
            self.visit(node.consequent, params)
            self.visit(node.alternate, params)
        elif isinstance(node, ex.ArrayLit):
            for element in node.elements:
                self.visit(element, params)
        elif isinstance(node, ex.ObjectLit):
            for prop in node.props:
                if isinstance(prop, ex.Spread):
                    self.visit(prop, params)
                    continue
                if is_blocked(prop.key):
                    facts.blocked.append((prop.key, prop.key_start, prop.key_end))
                    if prop.shorthand:
                        continue
                self.visit(prop.value, params)


def collect_facts(tree: ex.Expr, whole_arrow: bool) -> ExprFacts:
    collector = _Collector()
    collector.visit(tree, frozenset(), arrow_ok=whole_arrow)
    return collector.facts
