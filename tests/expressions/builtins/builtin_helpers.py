"""Shared helpers for the built-in function tests: a fixed clock, UTC, a Python-backed arrow, deep comparison."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any

from runtimes.expressions.builtins import FUNCTIONS, DefaultContext
from runtimes.expressions.values import Function, type_name

FIXED_NOW = datetime(2024, 3, 5, 7, 8, 9, 12_000, tzinfo=UTC)


class Arrow(Function):
    """An arrow function backed by a Python callable (the evaluator's closure plays this role in production)."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn

    def call(self, args: Sequence[Any]) -> Any:
        return self.fn(*args)


def make_ctx(tz: tzinfo = UTC, now: datetime = FIXED_NOW) -> DefaultContext:
    return DefaultContext(clock=lambda: now, tz=tz)


def call(name: str, *args: Any, ctx: DefaultContext | None = None) -> Any:
    return FUNCTIONS[name].call(list(args), ctx or make_ctx())


def same(a: Any, b: Any) -> bool:
    """Deep equality that also compares value kinds (1 is not true) and treats NaN as equal to NaN."""
    if type_name(a) != type_name(b):
        return False
    if isinstance(a, float | int) and not isinstance(a, bool):
        if math.isnan(a) and math.isnan(b):
            return True
        return bool(a == b)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return bool(a == b) or a is b
