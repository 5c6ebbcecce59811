"""Resource limits of the expression language (EXPRESSIONS.md §7).

An expression is user text run inside the editor and the linter, so every limit turns a runaway evaluation into a
clear EXPR_EVAL_ERROR instead of a hang or an out-of-memory crash.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Final


__all__ = [
    "MAX_COLLECTION_SIZE",
    "MAX_EVAL_SECONDS",
    "MAX_EVAL_STEPS",
    "MAX_EXPRESSION_LENGTH",
    "MAX_NESTING",
    "MAX_STRING_LENGTH",
]

MAX_NESTING: Final = 100
"""Parse nesting depth (brackets, prefix operators, ``**`` chains, conditionals, arrow bodies)."""

MAX_EXPRESSION_LENGTH: Final = 100_000
"""Longest expression source the parser accepts (real expressions are a few hundred characters at most)."""

MAX_STRING_LENGTH: Final = 10_000_000
"""Longest string an operator may build (same bound as the ``repeat`` built-in)."""

MAX_COLLECTION_SIZE: Final = 1_000_000
"""Most items an array literal or object literal may collect through spreads (same bound as ``range``)."""

MAX_EVAL_STEPS: Final = 5_000_000
"""AST nodes one top-level evaluation may visit, arrow calls from built-ins included."""

MAX_EVAL_SECONDS: Final = 0.75
"""Wall-clock budget of one top-level evaluation."""
