"""Every expression of a document, parsed exactly once per analysis (EXPRESSIONS.md §2, §3, §9.1).

``parse_field`` splits a template field into its ``{{ }}`` segments (or unwraps a bare field) and parses each
expression with the shared parser. A ``ParsedExpression`` maps offsets inside its expression to document ranges
through the field's SourceText, and carries either the tree or the syntax error (as an EXPR_PARSE_ERROR).
"""

from __future__ import annotations

from functools import lru_cache

from runtimes.expressions import ast as ex
from runtimes.expressions.analysis import ExprFacts, analyze_expression
from runtimes.expressions.errors import ExprSyntaxError
from runtimes.expressions.parser import parse_expression
from runtimes.expressions.template import BARE_FIELD_HINT, split_template, unwrap_bare
from runtimes.records import record
from server.checks.fields import ExprField
from server.diagnostics import Diagnostic

__all__ = ["ParsedExpression", "parse_field"]

_WS = " \t\r\n"


@record(frozen=False)
class ParsedExpression:
    field: ExprField
    source: str
    """The (trimmed) expression text."""
    offset: int
    """Index in ``field.value`` where ``source`` starts."""
    segment: tuple[int, int]
    """Indices in ``field.value`` of the ``{{ }}`` segment (bare field: the trimmed value)."""
    tree: ex.Expr | None
    error: Diagnostic | None
    redundant: bool = False
    """A bare field written as one ``{{ expr }}`` (EXPR_REDUNDANT_BRACES)."""
    facts: ExprFacts | None = None
    """Static facts of ``tree`` (None when the expression did not parse)."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Document range of ``[start, end)`` of ``source``."""
        return self.field.value.doc_span(self.offset + start, self.offset + end)

    @property
    def segment_span(self) -> tuple[int, int]:
        return self.field.value.doc_span(*self.segment)


def _error(field: ExprField, reason: str, span: tuple[int, int], hints: tuple[str, ...] = ()) -> Diagnostic:
    return Diagnostic(
        "EXPR_PARSE_ERROR",
        "error",
        f"Invalid expression syntax in {field.label}: {reason}",
        span[0],
        span[1],
        hints=hints,
    )


def _analyse(source: str) -> tuple[ex.Expr, ExprFacts]:
    tree = parse_expression(source)
    return tree, analyze_expression(tree)


@lru_cache(maxsize=4096)
def _analysed_or_error(source: str) -> tuple[ex.Expr, ExprFacts] | ExprSyntaxError:
    try:
        return _analyse(source)
    except ExprSyntaxError as exc:
        return exc


def _analysed(source: str) -> tuple[ex.Expr, ExprFacts]:
    """Tree and facts of ``source``, shared between documents (both are immutable)."""
    result = _analysed_or_error(source)
    if isinstance(result, ExprSyntaxError):
        raise ExprSyntaxError(result.message, result.start, result.end, result.hint, at_end=result.at_end)
    return result


def _parse(field: ExprField, source: str, offset: int, segment: tuple[int, int], bare_hint: bool) -> ParsedExpression:
    parsed = ParsedExpression(field, source, offset, segment, None, None)
    try:
        parsed.tree, parsed.facts = _analysed(source) if len(source) <= 4096 else _analyse(source)
    except ExprSyntaxError as exc:
        hints: list[str] = []
        if bare_hint:
            hints.append(BARE_FIELD_HINT)
        if exc.hint:
            hints.append(exc.hint)
        if exc.at_end and field.mode == "template":
            span = field.value.doc_span(segment[1] - 2, segment[1])
        elif exc.at_end and source:
            span = parsed.span(len(source) - 1, len(source))
        else:
            span = parsed.span(exc.start, max(exc.end, exc.start))
        parsed.error = _error(field, exc.message, span, tuple(hints))
    except RecursionError:
        parsed.error = _error(field, "Expression is nested too deeply", parsed.span(0, len(source)))
    return parsed


def parse_field(field: ExprField) -> list[ParsedExpression]:
    value = field.value
    if field.mode == "bare":
        bare = unwrap_bare(value)
        if not bare.expression:
            return []
        segment = (len(value) - len(value.lstrip(_WS)), len(value.rstrip(_WS)))
        parsed = _parse(field, bare.expression, bare.start, segment, bare.has_braces and not bare.redundant)
        parsed.redundant = bare.redundant
        return [parsed]
    if "{{" not in value:
        return []
    out: list[ParsedExpression] = []
    for seg in split_template(value):
        if seg.kind == "unclosed":
            out.append(
                ParsedExpression(
                    field,
                    "",
                    seg.start,
                    (seg.start, seg.end),
                    None,
                    _error(field, "Unclosed {{", value.doc_span(seg.start, len(value))),
                )
            )
        elif seg.kind == "expr":
            if not seg.text:
                error = _error(field, "Empty expression", value.doc_span(seg.start, seg.end))
                out.append(ParsedExpression(field, "", seg.start, (seg.start, seg.end), None, error))
            else:
                out.append(_parse(field, seg.text, seg.expr_start, (seg.start, seg.end), False))
    return out
