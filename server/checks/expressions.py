"""Expression checks (EXPRESSIONS.md §9, DIAGNOSTICS.md §4.6): syntax, scope, functions, blocked names, arity,
misplaced arrows, redundant braces. Secret/config references and usage live in ``declarations``.

An expression with EXPR_PARSE_ERROR gets no other diagnostic from its contents (DIAGNOSTICS.md §2.5).
"""

from __future__ import annotations

from collections.abc import Iterator

from runtimes.expressions.analysis import CallFact
from runtimes.expressions.arities import ARITIES
from runtimes.lazyre import lazy_compile
from runtimes.validation.suggest import did_you_mean
from server.checks.context import CheckContext
from server.checks.exprs import ParsedExpression
from server.diagnostics import Diagnostic, Fix, TextEdit

__all__ = ["check_expressions"]

# Identifier characters of EXPRESSIONS.md §4.1 written as negated ASCII sets: the same characters, but a class
# spanning up to U+10FFFF costs ~10 ms to compile at start-up.
_ID_START = r"[^\x00-\x23\x25-\x40\x5b-\x5e\x60\x7b-\x7f]"
_ID_PART = r"[^\x00-\x23\x25-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]"
_HYPHEN_RUN = lazy_compile(f"{_ID_START}{_ID_PART}*(?:-{_ID_START}{_ID_PART}*)+")

_ITEM_NAMES = frozenset({"item", "$item", "index", "$index"})
_SPECIAL_HINTS: dict[str, str] = {
    "$acc": '"$acc" is only defined in reduce expressions',
    "acc": '"acc" is only defined in reduce expressions',
    "$iteration": '"$iteration" is only defined inside a loop or while',
    "$input": "Use input",
    "$state": '"$state" is not supported',
    "$output": '"$output" is not supported',
    "$execution": '"$execution" is not supported',
    "$error": '"$error" is not supported',
}

_OPERATOR_ALIASES = {
    "add": "Use the + operator",
    "subtract": "Use the - operator",
    "multiply": "Use the * operator",
    "divide": "Use the / operator",
    "not": "Use the ! operator",
    "and": "Use the && operator",
    "or": "Use the || operator",
}
_FUNCTION_ALIASES = {
    "parse": "json_decode",
    "JSON.parse": "json_decode",
    "parseJSON": "json_decode",
    "stringify": "json_encode",
    "JSON.stringify": "json_encode",
    "str": "to_string",
    "String": "to_string",
    "toString": "to_string",
    "int": "to_number",
    "float": "to_number",
    "Number": "to_number",
    "parseInt": "to_number",
    "parseFloat": "to_number",
    "Boolean": "to_boolean",
    "toUpperCase": "upper",
    "toLowerCase": "lower",
    "includes": "includes",
    "startsWith": "starts_with",
    "endsWith": "ends_with",
    "padStart": "pad_start",
    "slice": "slice",
    "join": "join",
    "split": "split",
}


def _alias_hint(name: str) -> str | None:
    if name in _OPERATOR_ALIASES:
        return _OPERATOR_ALIASES[name]
    if name in ("map", "filter", "reduce"):
        return f'Use a <transform type="{name}"> node, or count/every/some/find with an arrow function'
    if name == "Date.now":
        return "Use timestamp()"
    if name == "includes":
        return "Use includes(…) or contains(…)"
    if name in ("int", "float", "Number", "parseInt", "parseFloat"):
        return "Use to_number(…) (or floor(…))"
    target = _FUNCTION_ALIASES.get(name)
    if target is not None:
        return f"Use {target}(…)"
    if name.startswith("Math.") and name[5:] in ARITIES:
        return f"Use {name[5:]}(…)"
    return None


def _arity_text(min_args: int, max_args: int | None) -> str:
    if max_args is None:
        return f"at least {min_args}"
    if max_args == 0:
        return "no"
    if min_args == max_args:
        return str(min_args)
    return f"{min_args} to {max_args}"


VariableHints = dict[tuple[str, frozenset[str]], tuple[str, ...]]
"""Hints of an unknown variable by (name, names local to the field): computed once per analysis, since the
did-you-mean search is O(nodes) and a large flow may repeat the same unknown name in many fields."""


def check_expressions(ctx: CheckContext) -> Iterator[Diagnostic]:
    node_ids = list(ctx.nodes_by_id)
    hints: VariableHints = {}
    for parsed in ctx.expressions:
        if parsed.error is not None:
            yield parsed.error
            continue
        if parsed.redundant:
            yield _redundant(parsed)
        yield from _check_one(ctx, parsed, node_ids, hints)


def _redundant(parsed: ParsedExpression) -> Diagnostic:
    field = parsed.field
    start, end = parsed.segment_span
    inner_start, inner_end = parsed.span(0, len(parsed.source))
    fix = Fix("Remove the {{ }}", (TextEdit(start, inner_start, ""), TextEdit(inner_end, end, "")), safe=True)
    return Diagnostic(
        "EXPR_REDUNDANT_BRACES",
        "hint",
        f"{field.label} is an expression; the surrounding {{{{ }}}} are not needed",
        start,
        end,
        hints=(f"Write {parsed.source}",),
        fixes=(fix,),
    )


def _check_one(
    ctx: CheckContext, parsed: ParsedExpression, node_ids: list[str], hints: VariableHints
) -> Iterator[Diagnostic]:
    facts = parsed.facts
    if facts is None:
        return
    field = parsed.field
    label = field.label
    # Membership in each set, not their union: building a union per expression is O(nodes) each time.
    base_names, expression_ids, local_names = ctx.base_names, ctx.expression_ids, field.names
    covered: list[tuple[int, int]] = []
    if "-" in parsed.source:
        for match in _HYPHEN_RUN.finditer(parsed.source):
            prefix = _hyphen_prefix(match.group(0), ctx)
            if prefix is None or not any(var.start == match.start() for var in facts.variables):
                continue
            start, end = match.start(), match.start() + len(prefix)
            covered.append((start, end))
            doc = parsed.span(start, end)
            yield Diagnostic(
                "EXPR_UNDEFINED_VARIABLE",
                "error",
                f'"{prefix}" is a node id, but ids containing "-" cannot be used in expressions',
                doc[0],
                doc[1],
                hints=(
                    f"Rename the node to {prefix.replace('-', '_')}",
                    f'Or set input="{prefix}" on this node and use input',
                ),
            )
    blocked_at = {b.start for b in facts.blocked}
    for root in facts.variables:
        name = root.name
        if name in base_names or name in expression_ids or name in local_names:
            continue
        if root.start in blocked_at or any(s <= root.start < e for s, e in covered):
            continue
        doc = parsed.span(root.start, root.end)
        key = (name, local_names)
        if key not in hints:
            hints[key] = _variable_hints(name, ctx, local_names, node_ids)
        yield Diagnostic(
            "EXPR_UNDEFINED_VARIABLE",
            "error",
            f'Unknown variable "{name}" in {label}',
            doc[0],
            doc[1],
            hints=hints[key],
        )
    for blocked in facts.blocked:
        doc = parsed.span(blocked.start, blocked.end)
        message = (
            '"this" is not allowed in expressions'
            if blocked.kind == "this"
            else f'Access to "{blocked.name}" is not allowed in expressions'
        )
        yield Diagnostic("EXPR_BLOCKED_ACCESS", "error", message, doc[0], doc[1])
    for call in facts.calls:
        yield from _check_call(parsed, call)
    for arrow in facts.arrows:
        if arrow.position == "predicate" or (arrow.whole and field.whole_arrow):
            continue
        doc = parsed.span(arrow.start, arrow.end)
        yield Diagnostic(
            "EXPR_TYPE_ERROR",
            "error",
            "Arrow functions are only allowed as a whole map/filter/reduce expression, a custom parallel merge, "
            "or the predicate of count/every/some/find",
            doc[0],
            doc[1],
        )


def _hyphen_prefix(run: str, ctx: CheckContext) -> str | None:
    parts = run.split("-")
    for k in range(len(parts), 1, -1):
        candidate = "-".join(parts[:k])
        if candidate in ctx.nodes_by_id:
            return candidate
    return None


def _variable_hints(name: str, ctx: CheckContext, local: frozenset[str], node_ids: list[str]) -> tuple[str, ...]:
    if name in _ITEM_NAMES:
        return (f'"{name}" is only defined in map/filter expressions and inside a foreach body',)
    special = _SPECIAL_HINTS.get(name)
    if special is not None:
        return (special,)
    candidates = [
        *sorted(local),
        "input",
        *(i for i in node_ids if i in ctx.expression_ids),
        *sorted(ctx.base_names - {"input"}),
    ]
    close = did_you_mean(name, candidates)
    return (f"Did you mean: {', '.join(close)}?",) if close else ()


def _check_call(parsed: ParsedExpression, call: CallFact) -> Iterator[Diagnostic]:
    label = parsed.field.label
    callee = parsed.span(call.callee_start, call.callee_end)
    if call.name is not None:
        arity = ARITIES.get(call.name)
        if arity is None:
            hints: list[str] = []
            close = did_you_mean(call.name, list(ARITIES))
            if close:
                hints.append(f"Did you mean: {', '.join(close)}?")
            alias = _alias_hint(call.name)
            if alias is not None:
                hints.append(alias)
            yield Diagnostic(
                "EXPR_UNDEFINED_FUNCTION",
                "error",
                f'Unknown function "{call.name}" in {label}',
                callee[0],
                callee[1],
                hints=tuple(hints),
            )
            return
        if call.has_spread:
            return
        min_args, max_args = arity
        if call.arg_count < min_args or (max_args is not None and call.arg_count > max_args):
            doc = parsed.span(call.open_start, call.close_end)
            yield Diagnostic(
                "EXPR_TYPE_ERROR",
                "error",
                f"{call.name}() takes {_arity_text(min_args, max_args)} argument(s), got {call.arg_count}",
                doc[0],
                doc[1],
            )
        return
    text = parsed.source[call.callee_start : call.callee_end]
    hint = _alias_hint(call.qualified) if call.qualified is not None else None
    if hint is None and call.method is not None:
        hint = _alias_hint(call.method)
    yield Diagnostic(
        "EXPR_UNDEFINED_FUNCTION",
        "error",
        f'"{text}(...)" is a method call; only built-in functions can be called',
        callee[0],
        callee[1],
        hints=(hint,) if hint else (),
    )
