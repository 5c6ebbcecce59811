"""Expression evaluation (EXPRESSIONS.md §6) over a parsed tree.

``evaluate(expr, scope)`` returns the value or raises ``runtimes.errors.ExpressionError`` with the codes and messages
of §6.4. Nothing reaches Python objects: member access only reads dict keys, list/str indexes and ``length``; calls go
to the built-in registry only. Every evaluation runs under a :class:`Budget` (steps and wall-clock time, shared with
the arrow functions it creates), strings and spread collections are size-capped, and a recursion overflow becomes a
clear error, so a hostile expression fails fast instead of hanging the editor.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo

from runtimes.errors import ExpressionError, RuntimeErrorCode
from runtimes.expressions import limits
from runtimes.expressions.ast import (
    ArrayLit,
    Arrow,
    Binary,
    Call,
    Conditional,
    Expr,
    Identifier,
    Index,
    Literal,
    Member,
    ObjectLit,
    Spread,
    This,
    Unary,
    is_blocked_name,
)
from runtimes.expressions.limits import MAX_COLLECTION_SIZE
from runtimes.expressions.operators import binary_operator, to_float
from runtimes.expressions.scope import Scope, ScopeLike, as_scope
from runtimes.expressions.values import (
    UNDEFINED,
    Function,
    is_truthy,
    normalize_number,
    to_number,
    to_string,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Final

__all__ = ["Budget", "Closure", "EvalContext", "evaluate", "is_blocked_name"]

_METHOD_CALL: Final = "Only direct function calls are allowed (e.g., fn(x), not obj.method(x))"
_CHECK_EVERY: Final = 1024
_LOGICAL: Final = frozenset({"&&", "||", "??"})


def _blocked(name: str) -> ExpressionError:
    return ExpressionError(
        f"Access to '{name}' is not allowed for security reasons", RuntimeErrorCode.EXPR_BLOCKED_ACCESS
    )


def _failed(detail: str) -> ExpressionError:
    return ExpressionError(f"Evaluation failed: {detail}", RuntimeErrorCode.EXPR_EVAL_ERROR)


class Budget:
    """Steps and wall-clock time left for one top-level evaluation (arrow calls from built-ins included)."""

    __slots__ = ("_chunk", "_chunk_size", "deadline", "max_seconds", "max_steps", "steps_left")

    def __init__(self, max_steps: int | None = None, max_seconds: float | None = None) -> None:
        self.max_steps = limits.MAX_EVAL_STEPS if max_steps is None else max_steps
        self.max_seconds = limits.MAX_EVAL_SECONDS if max_seconds is None else max_seconds
        self.reset()

    def reset(self) -> None:
        """Start a new top-level evaluation with the full budget."""
        self.steps_left = self.max_steps
        self._chunk = self._chunk_size = max(1, min(_CHECK_EVERY, self.max_steps))
        self.deadline = time.monotonic() + self.max_seconds

    def tick(self) -> None:
        """Called when the current chunk of steps is used up: enforce the step and time limits."""
        self.steps_left -= self._chunk_size
        if self.steps_left <= 0:
            raise _failed("the expression takes too many steps (limit reached)")
        if time.monotonic() > self.deadline:
            raise _failed("the expression takes too long (time limit reached)")
        self._chunk = self._chunk_size = min(_CHECK_EVERY, self.steps_left)


class EvalContext:
    """The BuiltinContext of one evaluation: clock, local zone, arrow calls under the shared budget."""

    __slots__ = ("_clock", "_evaluator", "_tz", "budget")

    def __init__(
        self,
        budget: Budget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        self.budget = budget if budget is not None else Budget()
        self._clock = clock
        self._tz = tz
        self._evaluator: _Evaluator | None = None

    def fresh(self) -> EvalContext:
        """This context with its budget reset (one per top-level evaluation, e.g. per item of a map)."""
        self.budget.reset()
        return self

    @property
    def local_tz(self) -> tzinfo:
        if self._tz is None:
            from runtimes.expressions.builtins import local_timezone

            self._tz = local_timezone()
        return self._tz

    def now(self) -> datetime:
        if self._clock is not None:
            return self._clock()
        from datetime import UTC

        return datetime.now(UTC)

    def call(self, fn: Function, args: Sequence[Any]) -> Any:
        return fn.call(list(args))


class Closure(Function):
    """An arrow function value: parameters, body and the scope it was created in."""

    __slots__ = ("_evaluator", "arrow", "names", "scope")

    def __init__(self, arrow: Arrow, scope: Scope, evaluator: _Evaluator) -> None:
        self.arrow = arrow
        self.names = tuple(p.name for p in arrow.params)
        self.scope = scope
        self._evaluator = evaluator

    def call(self, args: Sequence[Any]) -> Any:
        names = self.names
        if len(args) >= len(names):
            layer = dict(zip(names, args, strict=False))
        else:
            layer = {name: (args[i] if i < len(args) else UNDEFINED) for i, name in enumerate(names)}
        return self._evaluator.eval(self.arrow.body, self.scope.child(layer))

    def __repr__(self) -> str:
        return f"Closure(params={[p.name for p in self.arrow.params]})"


def _canonical_index(key: str, length: int) -> int:
    """The list/string index named by ``key`` (``0``, ``1``, … without leading zeros), or -1."""
    if not key or not key.isascii() or not key.isdigit() or (len(key) > 1 and key[0] == "0"):
        return -1
    i = int(key)
    return i if i < length else -1


def _property(obj: Any, key: str) -> Any:
    if type(obj) is dict:
        return obj.get(key, UNDEFINED)
    if isinstance(obj, Mapping):
        return obj.get(key, UNDEFINED)
    if isinstance(obj, list | tuple):
        if key == "length":
            return len(obj)
        i = _canonical_index(key, len(obj))
        return obj[i] if i >= 0 else UNDEFINED
    if isinstance(obj, str):
        if key == "length":
            return len(obj)
        i = _canonical_index(key, len(obj))
        return obj[i] if i >= 0 else UNDEFINED
    return UNDEFINED


def _index(obj: Any, key: Any) -> Any:
    if type(key) is int:
        if isinstance(obj, list | tuple | str):
            return obj[key] if 0 <= key < len(obj) else UNDEFINED
        name = to_string(key)
    else:
        name = key if isinstance(key, str) else to_string(key)
        if is_blocked_name(name):  # checked whatever the object, like a blocked `.name` (§6.1, §7)
            raise _blocked(name)
    if obj is None or obj is UNDEFINED:
        return UNDEFINED
    return _property(obj, name)


def _iter_spread(value: Any) -> Sequence[Any]:
    if isinstance(value, list | tuple):
        return value
    if isinstance(value, str):
        return list(value)
    if value is None or value is UNDEFINED:
        return ()
    raise ExpressionError("Cannot spread a non-iterable value into an array", RuntimeErrorCode.EXPR_EVAL_ERROR)


def _too_many() -> ExpressionError:
    return _failed(f"collection has more than {MAX_COLLECTION_SIZE:,} items")


class _Evaluator:
    __slots__ = ("budget", "ctx")

    def __init__(self, ctx: EvalContext) -> None:
        self.ctx = ctx
        self.budget = ctx.budget

    def eval(self, node: Expr, scope: Scope) -> Any:
        budget = self.budget
        budget._chunk -= 1
        if budget._chunk <= 0:
            budget.tick()
        return _DISPATCH[type(node)](self, node, scope)

    # -- leaves --------------------------------------------------------------------------------------------------

    def _literal(self, node: Literal, scope: Scope) -> Any:
        return node.value

    def _identifier(self, node: Identifier, scope: Scope) -> Any:
        if node.blocked:
            raise _blocked(node.name)
        return scope.lookup(node.name)

    def _this(self, node: This, scope: Scope) -> Any:
        raise ExpressionError("'this' is not allowed in expressions", RuntimeErrorCode.EXPR_BLOCKED_ACCESS)

    # -- member chains (iterative: a.b.c… of any length) ---------------------------------------------------------

    def _chain(self, node: Member | Index, scope: Scope) -> Any:
        if type(node) is Member:
            base = node.object
            if type(base) is Identifier:  # the common name.prop: no chain walk
                if base.blocked:
                    raise _blocked(base.name)
                if node.blocked:
                    raise _blocked(node.name)
                value = scope.lookup(base.name)
                if type(value) is dict:
                    return value.get(node.name, UNDEFINED)
                if value is None or value is UNDEFINED:
                    return UNDEFINED
                return _property(value, node.name)
        links: list[Member | Index] = []
        cur: Expr = node
        kind = type(cur)
        while kind is Member or kind is Index:
            links.append(cur)  # type: ignore[arg-type]
            cur = cur.object  # type: ignore[union-attr]
            kind = type(cur)
        value = self.eval(cur, scope)
        for link in reversed(links):
            if type(link) is Member:
                if link.blocked:
                    raise _blocked(link.name)
                if value is None or value is UNDEFINED:
                    value = UNDEFINED
                elif type(value) is dict:
                    value = value.get(link.name, UNDEFINED)
                else:
                    value = _property(value, link.name)
            else:
                assert isinstance(link, Index)
                key = self.eval(link.index, scope)
                value = _index(value, key)
        return value

    # -- operators -----------------------------------------------------------------------------------------------

    def _binary(self, node: Binary, scope: Scope) -> Any:
        op = node.op
        if type(node.left) is not Binary and op not in _LOGICAL:  # the common single operator
            return binary_operator(op, self.eval(node.left, scope), self.eval(node.right, scope))
        # Iterative over the left spine, so a long chain a + b + c + … never recurses deeply.
        spine: list[Binary] = []
        cur: Expr = node
        while isinstance(cur, Binary):
            spine.append(cur)
            cur = cur.left
        value = self.eval(cur, scope)
        for link in reversed(spine):
            op = link.op
            if op == "&&":
                if is_truthy(value):
                    value = self.eval(link.right, scope)
            elif op == "||":
                if not is_truthy(value):
                    value = self.eval(link.right, scope)
            elif op == "??":
                if value is None or value is UNDEFINED:
                    value = self.eval(link.right, scope)
            else:
                value = binary_operator(op, value, self.eval(link.right, scope))
        return value

    def _unary(self, node: Unary, scope: Scope) -> Any:
        value = self.eval(node.operand, scope)
        if node.op == "!":
            return not is_truthy(value)
        n = to_number(value)
        if node.op == "-":
            return normalize_number(-to_float(n))
        return n

    def _conditional(self, node: Conditional, scope: Scope) -> Any:
        if is_truthy(self.eval(node.test, scope)):
            return self.eval(node.consequent, scope)
        return self.eval(node.alternate, scope)

    # -- functions -----------------------------------------------------------------------------------------------

    def _arrow(self, node: Arrow, scope: Scope) -> Any:
        return Closure(node, scope, self)

    def _call(self, node: Call, scope: Scope) -> Any:
        callee = node.callee
        if not isinstance(callee, Identifier):
            raise ExpressionError(_METHOD_CALL, RuntimeErrorCode.EXPR_UNDEFINED_FUNCTION)
        from runtimes.expressions.builtins import FUNCTIONS

        fn = FUNCTIONS.get(callee.name)
        if fn is None:
            raise ExpressionError(
                f"Function '{callee.name}' is not defined or not allowed", RuntimeErrorCode.EXPR_UNDEFINED_FUNCTION
            )
        args = self._items(node.args, scope)
        return fn.call(args, self.ctx)

    def _items(self, elements: tuple[Expr | Spread, ...], scope: Scope) -> list[Any]:
        out: list[Any] = []
        for element in elements:
            if isinstance(element, Spread):
                items = _iter_spread(self.eval(element.argument, scope))
                if len(out) + len(items) > MAX_COLLECTION_SIZE:
                    raise _too_many()
                out.extend(items)
            else:
                out.append(self.eval(element, scope))
        return out

    # -- literals ------------------------------------------------------------------------------------------------

    def _array(self, node: ArrayLit, scope: Scope) -> Any:
        return self._items(node.elements, scope)

    def _object(self, node: ObjectLit, scope: Scope) -> Any:
        out: dict[str, Any] = {}
        for prop in node.props:
            if isinstance(prop, Spread):
                value = self.eval(prop.argument, scope)
                if isinstance(value, Mapping):
                    entries: Any = value.items()
                    count = len(value)
                elif isinstance(value, list | tuple | str):
                    entries = ((str(i), item) for i, item in enumerate(value))
                    count = len(value)
                else:
                    continue
                if len(out) + count > MAX_COLLECTION_SIZE:
                    raise _too_many()
                for key, item in entries:
                    out[key if isinstance(key, str) else to_string(key)] = item
            else:
                if is_blocked_name(prop.key):
                    raise _blocked(prop.key)
                out[prop.key] = self.eval(prop.value, scope)
        return out


_DISPATCH: Final[dict[type, Callable[[_Evaluator, Any, Scope], Any]]] = {
    Literal: _Evaluator._literal,
    Identifier: _Evaluator._identifier,
    Member: _Evaluator._chain,
    Index: _Evaluator._chain,
    Binary: _Evaluator._binary,
    Unary: _Evaluator._unary,
    Call: _Evaluator._call,
    Conditional: _Evaluator._conditional,
    Arrow: _Evaluator._arrow,
    ArrayLit: _Evaluator._array,
    ObjectLit: _Evaluator._object,
    This: _Evaluator._this,
}


def evaluate(expr: Expr, scope: ScopeLike, ctx: EvalContext | None = None) -> Any:
    """The value of ``expr`` in ``scope`` (EXPRESSIONS.md §6). Raises only ``ExpressionError``.

    ``ctx`` carries the budget and the clock; pass the same context to share one budget across several evaluations.
    """
    if type(scope) is not Scope:
        scope = as_scope(scope)
    if ctx is None:
        ctx = EvalContext()
    evaluator = ctx._evaluator
    if evaluator is None:
        evaluator = ctx._evaluator = _Evaluator(ctx)
    try:
        return evaluator.eval(expr, scope)
    except ExpressionError:
        raise
    except RecursionError as exc:
        raise ExpressionError(
            "Evaluation failed: the expression is nested too deeply", RuntimeErrorCode.EXPR_EVAL_ERROR, cause=exc
        ) from exc
    except MemoryError as exc:
        raise ExpressionError("Evaluation failed: out of memory", RuntimeErrorCode.EXPR_EVAL_ERROR, cause=exc) from exc
    except Exception as exc:  # a bug below us must still surface as an expression error, never a crash
        raise ExpressionError(
            f"Evaluation failed: {type(exc).__name__}: {exc}", RuntimeErrorCode.EXPR_EVAL_ERROR, cause=exc
        ) from exc
