"""The 118 built-in functions of EXPRESSIONS.md §10, one module per category, in one explicit registry.

``FUNCTIONS[name].call(args, ctx)`` runs a function (missing arguments are simply absent from ``args``); it raises
only ``ExpressionError``. ``ctx`` is any :class:`BuiltinContext`; :class:`DefaultContext` is ready-made.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from runtimes.expressions.builtins import array, logic, math_fns, objects, strings, time_fns, utility
from runtimes.expressions.builtins._base import (
    BuiltinContext,
    BuiltinFunction,
    BuiltinImpl,
    Category,
    DefaultContext,
    local_timezone,
)

__all__ = [
    "CATEGORY_MODULES",
    "FUNCTIONS",
    "BuiltinContext",
    "BuiltinFunction",
    "BuiltinImpl",
    "Category",
    "DefaultContext",
    "get_function",
    "local_timezone",
]

CATEGORY_MODULES = (strings, array, math_fns, time_fns, objects, logic, utility)


def _build() -> Mapping[str, BuiltinFunction]:
    table: dict[str, BuiltinFunction] = {}
    for module in CATEGORY_MODULES:
        for fn in module.FUNCTIONS:
            if fn.name in table:
                raise ValueError(f"duplicate built-in function {fn.name!r}")
            table[fn.name] = fn
    return MappingProxyType(table)


FUNCTIONS: Mapping[str, BuiltinFunction] = _build()


def get_function(name: str) -> BuiltinFunction | None:
    return FUNCTIONS.get(name)
