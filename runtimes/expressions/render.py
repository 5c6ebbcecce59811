"""Template rendering entry points used by ExecutionState. Placeholder until the expression engine lands."""

from __future__ import annotations

from typing import Any

from runtimes.expressions.scope import Scope


def render_text(value: str, scope: Scope) -> str:
    raise NotImplementedError


def render_value(value: str, scope: Scope) -> Any:
    raise NotImplementedError


def evaluate_bare(expr: str, scope: Scope) -> Any:
    raise NotImplementedError
