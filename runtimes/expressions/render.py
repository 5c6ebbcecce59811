"""Rendering entry points (EXPRESSIONS.md §2.2 and §3) used by ``ExecutionState`` and the runtimes.

    render_text(template, scope)    text mode: always a string
    render_value(template, scope)   value mode: a lone {{ expr }} keeps the expression's type
    evaluate_bare(expr, scope)      a bare field; a lone {{ expr }} is accepted as the inner expression
    prepare_bare(expr)              parse a bare field once, evaluate it many times (map/filter/reduce)

Every failure is a ``runtimes.errors.ExpressionError`` carrying the expression text, the field label and the
segment's ``[start, end)`` range in the host string. Parsing goes through an LRU cache.
"""

from __future__ import annotations

from runtimes.errors import ExpressionError, RuntimeErrorCode
from runtimes.expressions.ast import Arrow, Expr
from runtimes.expressions.errors import ExprSyntaxError
from runtimes.expressions.evaluator import EvalContext, evaluate
from runtimes.expressions.parser import parse_expression_cached
from runtimes.expressions.scope import Scope, ScopeLike, as_scope
from runtimes.expressions.template import Segment, split_template, unwrap_bare
from runtimes.expressions.values import UNDEFINED, Function, to_template_string

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["PreparedExpression", "evaluate_bare", "prepare_bare", "render_text", "render_value"]

_MAX_SHOWN = 1000
"""Longest expression text quoted in a parse error message (longer ones are cut, marked with …)."""


def _parse_error(expression: str, exc: ExprSyntaxError, label: str, segment_range: tuple[int, int]) -> ExpressionError:
    reason = exc.message
    shown = expression if len(expression) <= _MAX_SHOWN else expression[:_MAX_SHOWN] + "…"
    return ExpressionError(
        f"Failed to parse expression: {shown} ({reason} at column {exc.start + 1})",
        RuntimeErrorCode.EXPR_PARSE_ERROR,
        expression=expression,
        label=label,
        segment_range=segment_range,
        cause=exc,
    )


def _annotate(exc: ExpressionError, expression: str, label: str, segment_range: tuple[int, int]) -> ExpressionError:
    if not exc.expression:
        exc.expression = expression
    if not exc.label:
        exc.label = label
    if exc.segment_range is None:
        exc.segment_range = segment_range
    return exc


def _parse(expression: str, label: str, segment_range: tuple[int, int]) -> Expr:
    try:
        return parse_expression_cached(expression)
    except ExprSyntaxError as exc:
        raise _parse_error(expression, exc, label, segment_range) from exc


class PreparedExpression:
    """A parsed bare field. ``is_arrow``: the whole field is an arrow function (EXPRESSIONS.md §6.3)."""

    __slots__ = ("_params", "expr", "label", "segment_range", "source")

    def __init__(self, source: str, expr: Expr, label: str, segment_range: tuple[int, int]) -> None:
        self.source = source
        self.expr = expr
        self.label = label
        self.segment_range = segment_range
        self._params = tuple(p.name for p in expr.params) if isinstance(expr, Arrow) else ()

    @property
    def is_arrow(self) -> bool:
        return isinstance(self.expr, Arrow)

    def evaluate(self, scope: ScopeLike, ctx: EvalContext | None = None) -> Any:
        try:
            return evaluate(self.expr, scope, ctx)
        except ExpressionError as exc:
            raise _annotate(exc, self.source, self.label, self.segment_range) from exc.cause

    def call(self, scope: ScopeLike, args: list[Any], ctx: EvalContext | None = None) -> Any:
        """Call a whole-field arrow with ``args`` (EXPRESSIONS.md §6.3): its parameters are bound over ``scope``
        (missing arguments are undefined) and its body is evaluated under a fresh budget per call. A field that is not
        an arrow is evaluated and, if its value is a function, called."""
        arrow = self.expr
        if type(arrow) is Arrow:
            names = self._params
            if len(args) >= len(names):
                layer = dict(zip(names, args, strict=False))
            else:
                layer = {name: (args[i] if i < len(args) else UNDEFINED) for i, name in enumerate(names)}
            try:
                return evaluate(arrow.body, as_scope(scope).child(layer), ctx)
            except ExpressionError as exc:
                raise _annotate(exc, self.source, self.label, self.segment_range) from exc.cause
        value = self.evaluate(scope, ctx)
        if not isinstance(value, Function):
            return value
        try:
            return value.call(args)
        except ExpressionError as exc:
            raise _annotate(exc, self.source, self.label, self.segment_range) from exc.cause
        except RecursionError as exc:
            error = ExpressionError("Evaluation failed: the expression is nested too deeply", cause=exc)
            raise _annotate(error, self.source, self.label, self.segment_range) from exc
        except Exception as exc:  # a defect below must still surface as an expression error
            error = ExpressionError(f"Evaluation failed: {type(exc).__name__}: {exc}", cause=exc)
            raise _annotate(error, self.source, self.label, self.segment_range) from exc


def prepare_bare(value: str, *, label: str = "") -> PreparedExpression:
    """Parse a bare field (EXPRESSIONS.md §3); a syntax error raises ExpressionError(EXPR_PARSE_ERROR)."""
    bare = unwrap_bare(value)
    segment_range = (bare.start, bare.end)
    if not bare.expression:
        raise _parse_error(bare.expression, ExprSyntaxError("Empty expression", 0, 0), label, segment_range)
    return PreparedExpression(bare.expression, _parse(bare.expression, label, segment_range), label, segment_range)


def evaluate_bare(expr: str, scope: ScopeLike, *, label: str = "", ctx: EvalContext | None = None) -> Any:
    """The value of a bare expression field."""
    return prepare_bare(expr, label=label).evaluate(scope, ctx)


def _segment_value(segment: Segment, scope: Scope, label: str, ctx: EvalContext | None) -> Any:
    segment_range = (segment.start, segment.end)
    if not segment.text:
        raise _parse_error("", ExprSyntaxError("Empty expression", 0, 0), label, segment_range)
    expr = _parse(segment.text, label, segment_range)
    try:
        return evaluate(expr, scope, ctx)
    except ExpressionError as exc:
        raise _annotate(exc, segment.text, label, segment_range) from exc.cause


def _render_segments(segments: tuple[Segment, ...], scope: Scope, label: str, ctx: EvalContext | None) -> str:
    parts: list[str] = []
    for segment in segments:
        if segment.kind == "expr":
            value = _segment_value(segment, scope, label, ctx)
            try:
                parts.append(to_template_string(value))
            except ExpressionError as exc:
                raise _annotate(exc, segment.text, label, (segment.start, segment.end)) from exc.cause
        else:
            parts.append(segment.text)
    return "".join(parts)


def render_text(template: str, scope: ScopeLike, *, label: str = "", ctx: EvalContext | None = None) -> str:
    """Text mode: text segments and ``ToTemplateString`` of every expression segment, concatenated."""
    if "{{" not in template:
        return str(template)
    return _render_segments(split_template(template), as_scope(scope), label, ctx)


def render_value(template: str, scope: ScopeLike, *, label: str = "", ctx: EvalContext | None = None) -> Any:
    """Value mode: a template that is exactly one ``{{ expr }}`` (surrounding blanks aside) keeps the value's type."""
    if "{{" not in template:
        return str(template)
    segments = split_template(template)
    expressions = [s for s in segments if s.kind == "expr"]
    if len(expressions) == 1 and all(
        s.kind == "expr" or (s.kind == "text" and not s.text.strip(" \t\r\n")) for s in segments
    ):
        return _segment_value(expressions[0], as_scope(scope), label, ctx)
    return _render_segments(segments, as_scope(scope), label, ctx)
