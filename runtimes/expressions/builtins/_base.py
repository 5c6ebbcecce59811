"""The built-in function model: ``BuiltinFunction``, the ``BuiltinContext`` seam and the §10 argument conventions."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from functools import lru_cache

from runtimes.errors import ExpressionError, RuntimeErrorCode
from runtimes.expressions.values import (
    UNDEFINED,
    Function,
    is_nullish,
    to_number,
    to_string,
)
from runtimes.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Literal, Protocol, TypeAlias
else:
    Protocol = object  # BuiltinContext is a structural type for the checker; at run time a plain base class

__all__ = [
    "BuiltinContext",
    "BuiltinFunction",
    "BuiltinImpl",
    "Category",
    "DefaultContext",
    "arg",
    "definer",
    "fail",
    "index_arg",
    "local_timezone",
    "num",
    "num0",
    "require_array",
    "s",
]

Category: TypeAlias = 'Literal["string", "array", "math", "time", "object", "type", "utility"]'


class BuiltinContext(Protocol):
    """What a built-in may use from its caller: the clock, the local zone and a way to call arrow functions."""

    @property
    def local_tz(self) -> tzinfo: ...

    def now(self) -> datetime: ...

    def call(self, fn: Function, args: Sequence[Any]) -> Any: ...


BuiltinImpl: TypeAlias = "Callable[[Sequence[Any], BuiltinContext], Any]"


@record
class BuiltinFunction:
    """One §10 function. ``max_args`` None = variadic. ``signature`` like ``pad_start(s, len, fill?)``."""

    name: str
    category: Category
    min_args: int
    max_args: int | None
    signature: str
    summary: str
    impl: BuiltinImpl

    def call(self, args: Sequence[Any], ctx: BuiltinContext) -> Any:
        """Run the function; any failure surfaces as ExpressionError(EXPR_EVAL_ERROR, ``{name}: {reason}``)."""
        try:
            return self.impl(args, ctx)
        except ExpressionError:
            raise
        except RecursionError as exc:
            raise fail(self.name, "value is nested too deeply") from exc
        except (ArithmeticError, ValueError, TypeError, MemoryError) as exc:
            raise fail(self.name, str(exc) or type(exc).__name__) from exc

    def arity_text(self) -> str:
        """``2``, ``1 to 3`` or ``at least 1`` (as EXPR_TYPE_ERROR messages write it)."""
        if self.max_args is None:
            return f"at least {self.min_args}"
        if self.min_args == self.max_args:
            return str(self.min_args)
        return f"{self.min_args} to {self.max_args}"


_SIGNATURE = re.compile(r"(?P<name>[a-z_][a-z0-9_]*)\((?P<params>[^)]*)\)")


def definer(category: Category) -> Callable[[str, str], Callable[[BuiltinImpl], BuiltinFunction]]:
    """A decorator factory for one category: ``@builtin("pad_start(s, len, fill?)", "summary")``.

    min/max come from the signature: ``x?`` is optional, ``...xs`` is variadic with at least one argument.
    """

    def builtin(signature: str, summary: str) -> Callable[[BuiltinImpl], BuiltinFunction]:
        m = _SIGNATURE.fullmatch(signature)
        if m is None:
            raise ValueError(f"bad signature {signature!r}")
        params = [p.strip() for p in m.group("params").split(",") if p.strip()]
        variadic = any(p.startswith("...") for p in params)
        required = sum(1 for p in params if not p.endswith("?"))
        max_args = None if variadic else len(params)

        def decorate(impl: BuiltinImpl) -> BuiltinFunction:
            return BuiltinFunction(m.group("name"), category, required, max_args, signature, summary, impl)

        return decorate

    return builtin


# ---------------------------------------------------------------------------------------------------------------------
# The default context


@lru_cache(maxsize=16)
def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    key = name.lstrip(":")
    if not key or key.upper() in ("UTC", "UTC0", "Z", "GMT"):
        return UTC
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC


def local_timezone(environ: Mapping[str, str] | None = None) -> tzinfo:
    """The zone named by ``TZ`` (IANA name, optional leading ``:``); UTC when unset or unknown."""
    env = os.environ if environ is None else environ
    return _zone(env.get("TZ", ""))


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DefaultContext:
    """A ready-made BuiltinContext: injectable clock, zone from ``TZ`` unless given, direct arrow calls."""

    __slots__ = ("_resolved_tz", "clock", "tz")

    def __init__(self, clock: Callable[[], datetime] = _utc_now, tz: tzinfo | None = None) -> None:
        self.clock = clock
        self.tz = tz
        self._resolved_tz: tzinfo | None = None

    def __repr__(self) -> str:
        return f"DefaultContext(clock={self.clock!r}, tz={self.tz!r})"

    @property
    def local_tz(self) -> tzinfo:
        if self.tz is not None:
            return self.tz
        if self._resolved_tz is None:
            self._resolved_tz = local_timezone()
        return self._resolved_tz

    def now(self) -> datetime:
        return self.clock()

    def call(self, fn: Function, args: Sequence[Any]) -> Any:
        return fn.call(list(args))


# ---------------------------------------------------------------------------------------------------------------------
# §10 conventions


def fail(function: str, reason: str) -> ExpressionError:
    """The EXPR_EVAL_ERROR of a failing built-in: ``{function}: {reason}``."""
    return ExpressionError(f"{function}: {reason}", RuntimeErrorCode.EXPR_EVAL_ERROR)


def arg(args: Sequence[Any], i: int) -> Any:
    """Argument ``i``, UNDEFINED when missing."""
    return args[i] if i < len(args) else UNDEFINED


def s(x: Any) -> str:
    """S(x): ``""`` for null/undefined, else ToString."""
    return "" if is_nullish(x) else to_string(x)


def num(x: Any) -> int | float:
    """N(x) = ToNumber(x)."""
    return to_number(x)


def num0(x: Any) -> int | float:
    """N0(x): ToNumber with NaN → 0."""
    n = to_number(x)
    return 0 if n != n else n


def index_arg(x: Any) -> int | float:
    """trunc(N0(x)); infinities stay infinite (callers clamp)."""
    n = num0(x)
    if isinstance(n, int) or math.isinf(n):
        return n
    return math.trunc(n)


def require_array(function: str, x: Any, position: int = 1) -> list[Any] | None:
    """The array argument, None for null/undefined, EXPR_EVAL_ERROR for anything else."""
    if isinstance(x, list):
        return x
    if isinstance(x, tuple):
        return list(x)
    if is_nullish(x):
        return None
    raise fail(function, f"argument {position} must be an array")
