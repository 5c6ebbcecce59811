"""Static facts of one expression (EXPRESSIONS.md §9.2), gathered in one iterative walk; nothing is evaluated.

``analyze_expression(expr)`` returns :class:`ExprFacts`:

    variables   free root identifiers (arrow parameters and callees excluded), with ranges
    paths       maximal member chains from a free root: ``$config.x``, ``$secrets['Y']``, ``node.output.z[0]``
    calls       callee name (None for a method call), callee range, ``(``…``)`` range, argument count, spread
    arrows      range, parameters, and where they stand (whole field / predicate of count/every/some/find / other)
    blocked     blocked names (identifier, property, literal computed property, object key) and ``this``

All ranges are ``[start, end)`` offsets into the expression source. ``analyze_source`` parses and analyses in one call.
"""

from __future__ import annotations

from runtimes.expressions.ast import (
    ArrayLit,
    Arrow,
    Binary,
    Call,
    Conditional,
    Expr,
    Identifier,
    Index,
    Member,
    ObjectLit,
    Spread,
    This,
    Unary,
    is_blocked_name,
)
from runtimes.expressions.ast import Literal as LiteralNode
from runtimes.expressions.parser import parse_expression
from runtimes.expressions.values import number_to_string
from runtimes.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Final, Literal, TypeAlias

__all__ = [
    "PREDICATE_FUNCTIONS",
    "ArrowFact",
    "BlockedName",
    "CallFact",
    "ExprFacts",
    "MemberPath",
    "PathPart",
    "VariableRef",
    "analyze_expression",
    "analyze_source",
]

PREDICATE_FUNCTIONS: Final = frozenset({"count", "every", "some", "find"})

ArrowPosition: TypeAlias = 'Literal["whole", "predicate", "other"]'
BlockedKind: TypeAlias = 'Literal["identifier", "property", "key", "this"]'


@record
class VariableRef:
    name: str
    start: int
    end: int


@record
class PathPart:
    """One step of a member chain. ``name`` is None for a computed key that is not a string/number literal."""

    name: str | None
    start: int
    end: int
    computed: bool
    optional: bool = False
    access_end: int = -1
    """End of the whole step: the name for ``.name``, the closing ``]`` for a computed key (-1: same as ``end``)."""

    @property
    def literal(self) -> bool:
        """A dot name or a literal computed key (``['K']``, ``[0]``): its name is known statically."""
        return self.name is not None


@record
class MemberPath:
    root: str
    start: int
    end: int
    parts: tuple[PathPart, ...]

    @property
    def dotted(self) -> str:
        """``root.a.b``; unknown computed keys are written ``[]``."""
        out = [self.root]
        for part in self.parts:
            out.append(f".{part.name}" if part.name is not None else "[]")
        return "".join(out)


@record
class CallFact:
    """A call. ``name``: the callee identifier, None when the callee is anything else (a method call).

    ``qualified``: for a method call on a plain dotted chain, the dotted text (``JSON.parse``), else None.
    ``method``: the last property name of a member callee (``map`` in ``xs.map(f)``), else None.
    """

    name: str | None
    callee_start: int
    callee_end: int
    open_start: int
    close_end: int
    arg_count: int
    has_spread: bool
    qualified: str | None = None
    method: str | None = None


@record
class ArrowFact:
    start: int
    end: int
    params: tuple[str, ...]
    position: ArrowPosition
    predicate_of: str | None = None
    """The function name when ``position == "predicate"``."""

    @property
    def whole(self) -> bool:
        return self.position == "whole"


@record
class BlockedName:
    name: str
    start: int
    end: int
    kind: BlockedKind


@record
class ExprFacts:
    variables: tuple[VariableRef, ...]
    paths: tuple[MemberPath, ...]
    calls: tuple[CallFact, ...]
    arrows: tuple[ArrowFact, ...]
    blocked: tuple[BlockedName, ...]

    @property
    def uses_this(self) -> bool:
        return any(b.kind == "this" for b in self.blocked)


_NO_PARAMS: frozenset[str] = frozenset()


def _dotted(callee: Expr) -> tuple[str | None, str | None]:
    """(qualified dotted text, last property name) of a member-chain callee."""
    if not isinstance(callee, Member):
        return None, None
    names: list[str] = []
    cur: Expr = callee
    while isinstance(cur, Member):
        names.append(cur.name)
        cur = cur.object
    if isinstance(cur, Identifier):
        names.append(cur.name)
        return ".".join(reversed(names)), callee.name
    return None, callee.name


def analyze_expression(expr: Expr) -> ExprFacts:
    """Collect the static facts of a parsed expression (EXPRESSIONS.md §9.2)."""
    variables: list[VariableRef] = []
    paths: list[MemberPath] = []
    calls: list[CallFact] = []
    arrows: list[ArrowFact] = []
    blocked: list[BlockedName] = []
    # (node, names bound by enclosing arrows, arrow position if the node is an arrow)
    stack: list[tuple[Expr | Spread, frozenset[str], ArrowPosition, str | None]] = [(expr, _NO_PARAMS, "whole", None)]
    push = stack.append
    while stack:
        node, bound, position, predicate_of = stack.pop()
        kind = type(node)
        if kind is Identifier:
            assert isinstance(node, Identifier)
            if node.name not in bound:
                variables.append(VariableRef(node.name, node.start, node.end))
                if node.blocked:
                    blocked.append(BlockedName(node.name, node.start, node.end, "identifier"))
        elif kind is Member or kind is Index:
            assert isinstance(node, Member | Index)
            parts: list[PathPart] = []
            cur: Expr = node
            while isinstance(cur, Member | Index):
                if isinstance(cur, Member):
                    parts.append(PathPart(cur.name, cur.name_start, cur.name_end, False, cur.optional, cur.name_end))
                    if cur.blocked:
                        blocked.append(BlockedName(cur.name, cur.name_start, cur.name_end, "property"))
                else:
                    index = cur.index
                    name: str | None = None
                    if isinstance(index, LiteralNode):
                        value = index.value
                        if isinstance(value, str):
                            name = value
                            if is_blocked_name(value):
                                blocked.append(BlockedName(value, index.start, index.end, "property"))
                        elif isinstance(value, int | float) and not isinstance(value, bool):
                            name = number_to_string(value)
                    else:
                        push((index, bound, "other", None))
                    parts.append(PathPart(name, index.start, index.end, True, cur.optional, cur.end))
                cur = cur.object
            if isinstance(cur, Identifier) and cur.name not in bound:
                parts.reverse()
                paths.append(MemberPath(cur.name, cur.start, cur.end, tuple(parts)))
            push((cur, bound, "other", None))
        elif kind is LiteralNode:
            continue
        elif kind is Binary:
            assert isinstance(node, Binary)
            # Walk the left spine iteratively (long a + b + c chains).
            cur = node
            while isinstance(cur, Binary):
                push((cur.right, bound, "other", None))
                cur = cur.left
            push((cur, bound, "other", None))
        elif kind is Call:
            assert isinstance(node, Call)
            callee = node.callee
            has_spread = any(isinstance(a, Spread) for a in node.args)
            if isinstance(callee, Identifier):
                fname: str | None = callee.name
                qualified = method = None
            else:
                fname = None
                qualified, method = _dotted(callee)
                push((callee, bound, "other", None))
            calls.append(
                CallFact(
                    fname,
                    callee.start,
                    callee.end,
                    node.open_start,
                    node.end,
                    len(node.args),
                    has_spread,
                    qualified,
                    method,
                )
            )
            for i in range(len(node.args) - 1, -1, -1):
                arg = node.args[i]
                if i == 1 and fname in PREDICATE_FUNCTIONS and isinstance(arg, Arrow):
                    push((arg, bound, "predicate", fname))
                else:
                    push((arg, bound, "other", None))
        elif kind is Arrow:
            assert isinstance(node, Arrow)
            params = tuple(p.name for p in node.params)
            arrows.append(ArrowFact(node.start, node.end, params, position, predicate_of))
            push((node.body, bound | frozenset(params) if params else bound, "other", None))
        elif kind is Unary:
            assert isinstance(node, Unary)
            push((node.operand, bound, "other", None))
        elif kind is Conditional:
            assert isinstance(node, Conditional)
            push((node.alternate, bound, "other", None))
            push((node.consequent, bound, "other", None))
            push((node.test, bound, "other", None))
        elif kind is Spread:
            assert isinstance(node, Spread)
            push((node.argument, bound, "other", None))
        elif kind is ArrayLit:
            assert isinstance(node, ArrayLit)
            for element in reversed(node.elements):
                push((element, bound, "other", None))
        elif kind is ObjectLit:
            assert isinstance(node, ObjectLit)
            for prop in reversed(node.props):
                if isinstance(prop, Spread):
                    push((prop.argument, bound, "other", None))
                else:
                    if is_blocked_name(prop.key) and not prop.shorthand:
                        blocked.append(BlockedName(prop.key, prop.key_start, prop.key_end, "key"))
                    push((prop.value, bound, "other", None))
        elif kind is This:
            blocked.append(BlockedName("this", node.start, node.end, "this"))
    if len(variables) > 1:
        variables.sort(key=_start)
    if len(paths) > 1:
        paths.sort(key=_start)
    if len(calls) > 1:
        calls.sort(key=_callee_start)
    if len(arrows) > 1:
        arrows.sort(key=_start)
    if len(blocked) > 1:
        blocked.sort(key=_start)
    return ExprFacts(tuple(variables), tuple(paths), tuple(calls), tuple(arrows), tuple(blocked))


def _start(fact: VariableRef | MemberPath | ArrowFact | BlockedName) -> int:
    return fact.start


def _callee_start(fact: CallFact) -> int:
    return fact.callee_start


def analyze_source(source: str) -> tuple[Expr, ExprFacts]:
    """Parse and analyse; raises ``ExprSyntaxError`` like ``parse_expression``."""
    expr = parse_expression(source)
    return expr, analyze_expression(expr)
