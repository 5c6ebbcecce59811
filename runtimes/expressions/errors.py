"""The parser's one exception type (EXPRESSIONS.md §4.4).

    ExprSyntaxError(message, start, end, hint)   a syntax error; offsets are [start, end) in the parsed source

Run-time failures are ``runtimes.errors.ExpressionError`` (RUNTIMES.md §3); ``render`` converts a syntax error into
one (code EXPR_PARSE_ERROR) when an expression is evaluated.
"""

from __future__ import annotations

__all__ = ["ExprSyntaxError"]


class ExprSyntaxError(Exception):
    """A syntax error at ``[start, end)`` of the parsed source.

    ``at_end`` is true when the parser ran out of input: the range is then the last character of the source, and a
    template maps it to the closing ``}}`` of its segment (EXPRESSIONS.md §4.4).
    """

    def __init__(self, message: str, start: int, end: int, hint: str | None = None, *, at_end: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end
        self.hint = hint
        self.at_end = at_end

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ExprSyntaxError({self.message!r}, {self.start}, {self.end})"
