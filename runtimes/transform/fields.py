"""Expression fields of the transform runtimes: static syntax checks and run-time helpers.

Static (``validate``): a template field is checked segment by segment, a bare field as one expression; each syntax
error becomes EXPR_PARSE_ERROR ``Invalid expression syntax in {label}: {reason}`` with the exact span inside the value
(DIAGNOSTICS.md §4.6), so the duplicate from the server's expression checks is removed by de-duplication.

Run time: items of a map/filter/reduce input, per-item scopes (EXPRESSIONS.md §8.2) and the conversion of results to
JSON-compatible output (RUNTIMES.md §1.4).
"""

from __future__ import annotations

from collections.abc import Mapping

from runtimes.base import NodeSpec, RuntimeIssue
from runtimes.errors import ExpressionError
from runtimes.expressions.errors import ExprSyntaxError
from runtimes.expressions.parser import parse_expression_cached
from runtimes.expressions.template import BARE_FIELD_HINT, split_template, unwrap_bare
from runtimes.expressions.values import UNDEFINED, Function
from runtimes.validation.common import node_label

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Final

__all__ = [
    "check_bare_field",
    "check_template_field",
    "field_label",
    "input_items",
    "tag_error",
    "to_output",
]

PARSE_ERROR: Final = "EXPR_PARSE_ERROR"


def field_label(node: NodeSpec, key: str) -> str:
    """``{id}.config.{key}`` (EXPRESSIONS.md §1)."""
    return f"{node_label(node)}.config.{key}"


def _issue(node: NodeSpec, key: str, reason: str, span: tuple[int, int], hints: tuple[str, ...] = ()) -> RuntimeIssue:
    message = f"Invalid expression syntax in {field_label(node, key)}: {reason}"
    return RuntimeIssue(PARSE_ERROR, "error", message, (key,), span=span, hints=hints)


def check_template_field(node: NodeSpec, key: str, value: str) -> list[RuntimeIssue]:
    """EXPR_PARSE_ERROR issues of every expression segment of a template field."""
    issues: list[RuntimeIssue] = []
    for seg in split_template(value):
        if seg.kind == "unclosed":
            issues.append(_issue(node, key, "Unclosed {{", (seg.start, len(value))))
        elif seg.kind == "expr":
            if not seg.text:
                issues.append(_issue(node, key, "Empty expression", (seg.start, seg.end)))
                continue
            try:
                parse_expression_cached(seg.text)
            except ExprSyntaxError as exc:
                start, end = (
                    (seg.end - 2, seg.end) if exc.at_end else (seg.expr_start + exc.start, seg.expr_start + exc.end)
                )
                span = (start, end)
                issues.append(_issue(node, key, exc.message, span, (exc.hint,) if exc.hint else ()))
    return issues


def check_bare_field(node: NodeSpec, key: str, value: str) -> list[RuntimeIssue]:
    """EXPR_PARSE_ERROR of a bare field (an empty field is left to the required-key check)."""
    bare = unwrap_bare(value)
    if not bare.expression:
        return []
    try:
        parse_expression_cached(bare.expression)
    except ExprSyntaxError as exc:
        hints: list[str] = []
        if bare.has_braces and not bare.redundant:
            hints.append(BARE_FIELD_HINT)
        if exc.hint:
            hints.append(exc.hint)
        span = (bare.start + exc.start, bare.start + exc.end)
        return [_issue(node, key, exc.message, span, tuple(hints))]
    return []


def input_items(value: Any) -> list[Any]:
    """The items of a map/filter/reduce input: a list as is, ``[]`` for null/undefined, else ``[value]``."""
    if isinstance(value, list):
        return value
    if isinstance(value, tuple):
        return list(value)
    if value is None or value is UNDEFINED:
        return []
    return [value]


def tag_error(exc: ExpressionError, node: NodeSpec, key: str) -> ExpressionError:
    """Attach the node id and config path to an expression error raised while executing ``key``."""
    if exc.node_id is None:
        exc.node_id = node.id
    if exc.path is None:
        exc.path = (key,)
    return exc


_PLAIN: Final = frozenset({str, int, bool, type(None)})


def _number(value: float) -> float | None:
    """NaN and ±Infinity have no JSON form: None, as JSON encoding writes ``null`` (EXPRESSIONS.md §5.4)."""
    return value if value - value == 0 else None


def to_output(value: Any) -> Any:
    """A JSON-compatible copy of an expression value: undefined and functions become None at the top and in arrays
    and are dropped from objects, NaN and ±Infinity become None (as JSON encoding does, EXPRESSIONS.md §5.4).
    Iterative, so depth is no problem."""
    if value is UNDEFINED or isinstance(value, Function):
        return None
    if isinstance(value, float):
        return _number(value)
    if not isinstance(value, list | tuple | Mapping):
        return value
    root: list[Any] = [None]
    # (source container, destination container) pairs still to copy
    work: list[tuple[Any, Any]] = []

    def convert(item: Any) -> Any:
        if isinstance(item, list | tuple):
            out_list: list[Any] = []
            work.append((item, out_list))
            return out_list
        if isinstance(item, Mapping):
            out_dict: dict[str, Any] = {}
            work.append((item, out_dict))
            return out_dict
        return item

    root[0] = convert(value)
    while work:
        source, dest = work.pop()
        if isinstance(dest, list):
            for item in source:
                if type(item) in _PLAIN:
                    dest.append(item)
                elif isinstance(item, float):
                    dest.append(_number(item))
                else:
                    dest.append(None if item is UNDEFINED or isinstance(item, Function) else convert(item))
        else:
            for k, item in source.items():
                if type(item) in _PLAIN:
                    dest[k] = item
                elif isinstance(item, float):
                    dest[k] = _number(item)
                elif item is not UNDEFINED and not isinstance(item, Function):
                    dest[k] = convert(item)
    return root[0]
