"""Expression syntax tree (EXPRESSIONS.md §4.2). Every node carries ``[start, end)`` offsets into its source.

    Expr
    ├── Literal(value)                      numbers, strings, true/false/null/undefined
    ├── Identifier(name)
    ├── This
    ├── Member(object, name, optional)      o.p / o?.p       (name_start/name_end: the property token)
    ├── Index(object, index, optional)      o[e] / o?.[e]
    ├── Call(callee, args, open_start)      f(a, ...b)       (open_start: the "(")
    ├── Unary(op, operand)                  ! - +
    ├── Binary(op, left, right)             arithmetic, comparison, equality, && || ??
    ├── Conditional(test, consequent, alternate)
    ├── Arrow(params, body)
    ├── ArrayLit(elements)                  elements: Expr | Spread
    └── ObjectLit(props)                    props: Property | Spread
    Spread(argument), Property(key, value, key_start, key_end, shorthand), Param(name, start, end) are not Exprs.

Nodes are shared between parse-cache users: treat them as immutable.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Final, TypeAlias


__all__ = [
    "ArrayLit",
    "Arrow",
    "Binary",
    "Call",
    "Conditional",
    "Expr",
    "Identifier",
    "Index",
    "Literal",
    "Member",
    "Node",
    "ObjectLit",
    "Param",
    "Property",
    "Spread",
    "This",
    "Unary",
    "is_blocked_name",
]

_BLOCKED: Final = frozenset({"__proto__", "constructor", "prototype"})


def is_blocked_name(name: str) -> bool:
    """EXPRESSIONS.md §7: ``__proto__``, ``constructor``, ``prototype`` and ``__x__`` names of length ≥ 4."""
    return name in _BLOCKED or (len(name) >= 4 and name[:2] == "__" and name[-2:] == "__")


class Node:
    __slots__ = ("end", "start")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields())
        return f"{type(self).__name__}({fields})"

    def _fields(self) -> tuple[str, ...]:
        return tuple(
            s for cls in type(self).__mro__ for s in getattr(cls, "__slots__", ()) if s not in ("start", "end")
        )


class Literal(Node):
    __slots__ = ("value",)

    def __init__(self, value: Any, start: int, end: int) -> None:
        super().__init__(start, end)
        self.value = value


class Identifier(Node):
    __slots__ = ("blocked", "name")

    def __init__(self, name: str, start: int, end: int) -> None:
        super().__init__(start, end)
        self.name = name
        self.blocked = is_blocked_name(name)


class This(Node):
    __slots__ = ()


class Member(Node):
    __slots__ = ("blocked", "name", "name_end", "name_start", "object", "optional")

    def __init__(
        self, obj: Expr, name: str, optional: bool, name_start: int, name_end: int, start: int, end: int
    ) -> None:
        super().__init__(start, end)
        self.object = obj
        self.name = name
        self.optional = optional
        self.name_start = name_start
        self.name_end = name_end
        self.blocked = is_blocked_name(name)


class Index(Node):
    __slots__ = ("index", "object", "optional")

    def __init__(self, obj: Expr, index: Expr, optional: bool, start: int, end: int) -> None:
        super().__init__(start, end)
        self.object = obj
        self.index = index
        self.optional = optional


class Spread(Node):
    __slots__ = ("argument",)

    def __init__(self, argument: Expr, start: int, end: int) -> None:
        super().__init__(start, end)
        self.argument = argument


class Call(Node):
    __slots__ = ("args", "callee", "open_start")

    def __init__(self, callee: Expr, args: tuple[Expr | Spread, ...], open_start: int, start: int, end: int) -> None:
        super().__init__(start, end)
        self.callee = callee
        self.args = args
        self.open_start = open_start


class Unary(Node):
    __slots__ = ("op", "operand")

    def __init__(self, op: str, operand: Expr, start: int, end: int) -> None:
        super().__init__(start, end)
        self.op = op
        self.operand = operand


class Binary(Node):
    __slots__ = ("left", "op", "right")

    def __init__(self, op: str, left: Expr, right: Expr, start: int, end: int) -> None:
        super().__init__(start, end)
        self.op = op
        self.left = left
        self.right = right


class Conditional(Node):
    __slots__ = ("alternate", "consequent", "test")

    def __init__(self, test: Expr, consequent: Expr, alternate: Expr, start: int, end: int) -> None:
        super().__init__(start, end)
        self.test = test
        self.consequent = consequent
        self.alternate = alternate


class Param(Node):
    __slots__ = ("name",)

    def __init__(self, name: str, start: int, end: int) -> None:
        super().__init__(start, end)
        self.name = name


class Arrow(Node):
    __slots__ = ("body", "params")

    def __init__(self, params: tuple[Param, ...], body: Expr, start: int, end: int) -> None:
        super().__init__(start, end)
        self.params = params
        self.body = body


class ArrayLit(Node):
    __slots__ = ("elements",)

    def __init__(self, elements: tuple[Expr | Spread, ...], start: int, end: int) -> None:
        super().__init__(start, end)
        self.elements = elements


class Property(Node):
    __slots__ = ("key", "key_end", "key_start", "shorthand", "value")

    def __init__(
        self, key: str, value: Expr, key_start: int, key_end: int, shorthand: bool, start: int, end: int
    ) -> None:
        super().__init__(start, end)
        self.key = key
        self.value = value
        self.key_start = key_start
        self.key_end = key_end
        self.shorthand = shorthand


class ObjectLit(Node):
    __slots__ = ("props",)

    def __init__(self, props: tuple[Property | Spread, ...], start: int, end: int) -> None:
        super().__init__(start, end)
        self.props = props


Expr: TypeAlias = (
    Literal | Identifier | This | Member | Index | Call | Unary | Binary | Conditional | Arrow | ArrayLit | ObjectLit
)
