"""Placeholder: math_fns built-ins (filled in next)."""

from __future__ import annotations

from runtimes.expressions.builtins._base import BuiltinFunction

FUNCTIONS: tuple[BuiltinFunction, ...] = ()
