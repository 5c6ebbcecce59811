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


Item = tuple["ex.Expr | ex.Spread", frozenset[str], bool]


def _visit_one(node: ex.Expr | ex.Spread, params: frozenset[str], arrow_ok: bool, facts: ExprFacts) -> list[Item]:
    """Record the facts of ``node`` itself; return its children to visit, in source order."""
    if isinstance(node, ex.Spread):
        return [(node.argument, params, False)]
    if isinstance(node, ex.Identifier):
        if node.name not in params:
            if is_blocked(node.name):
                facts.blocked.append((node.name, node.start, node.end))
            else:
                facts.roots.append(node)
        return []
    if isinstance(node, ex.This):
        facts.blocked.append(("this", node.start, node.end))
        return []
    if isinstance(node, ex.Member | ex.Index):
        base, steps = _chain(node)
        for step in steps:
            if step.name is not None and is_blocked(step.name):
                facts.blocked.append((step.name, step.start, step.end))
        if isinstance(base, ex.Identifier) and base.name not in params and not is_blocked(base.name):
            facts.accesses.append(Access(base.name, base.start, base.end, steps))
        children: list[Item] = [(base, params, False)]
        indexes: list[Item] = []
        cur: ex.Expr = node
        while isinstance(cur, ex.Member | ex.Index):
            if isinstance(cur, ex.Index):
                indexes.append((cur.index, params, False))
            cur = cur.object
        children.extend(reversed(indexes))
        return children
    if isinstance(node, ex.Call):
        facts.calls.append(node)
        callee = node.callee
        out: list[Item] = [] if isinstance(callee, ex.Identifier) else [(callee, params, False)]
        predicate = isinstance(callee, ex.Identifier) and callee.name in PREDICATE_FUNCTIONS
        out.extend((arg, params, predicate and position == 1) for position, arg in enumerate(node.args))
        return out
    if isinstance(node, ex.Arrow):
        facts.arrows.append((node, arrow_ok))
        return [(node.body, params | {p.name for p in node.params}, False)]
    if isinstance(node, ex.Unary):
        return [(node.operand, params, False)]
    if isinstance(node, ex.Binary):
        return [(node.left, params, False), (node.right, params, False)]
    if isinstance(node, ex.Conditional):
        return [(node.test, params, False), (node.consequent, params, False), (node.alternate, params, False)]
    if isinstance(node, ex.ArrayLit):
        return [(element, params, False) for element in node.elements]
    if isinstance(node, ex.ObjectLit):
        props: list[Item] = []
        for prop in node.props:
            if isinstance(prop, ex.Spread):
                props.append((prop, params, False))
                continue
            if is_blocked(prop.key):
                facts.blocked.append((prop.key, prop.key_start, prop.key_end))
                if prop.shorthand:
                    continue
            props.append((prop.value, params, False))
        return props
    return []


def collect_facts(tree: ex.Expr, whole_arrow: bool) -> ExprFacts:
    """Facts of ``tree``; iterative, so long operator chains (``1 + 1 + … + 1``) need no recursion."""
    facts = ExprFacts()
    stack: list[Item] = [(tree, frozenset(), whole_arrow)]
    while stack:
        node, params, arrow_ok = stack.pop()
        stack.extend(reversed(_visit_one(node, params, arrow_ok, facts)))
    return facts
