"""Types stage (DIAGNOSTICS.md §4.5, EXPRESSIONS.md §9.2): VALID_TYPE_MISMATCH for ``id.p`` with p ≠ ``output``
and for paths that leave an AI node's output-schema.

A root name resolves to a node when it is an identifier node id not shadowed by a context-specific name of the
field or by ``input`` (EXPRESSIONS.md §8.1 precedence); arrow parameters never reach here (they are not free roots).
"""

from __future__ import annotations

from collections.abc import Iterator

from runtimes.ai.schema import ArraySchema, ObjectSchema, Schema, SchemaError, parse_schema
from runtimes.expressions.analysis import MemberPath, PathPart
from server.checks.context import CheckContext
from server.checks.exprs import ParsedExpression
from server.diagnostics import Diagnostic
from server.syntax import ast

__all__ = ["check_types"]


def _ai_schema(node: ast.Node, cache: dict[int, tuple[Schema, str] | None]) -> tuple[Schema, str] | None:
    key = id(node)
    if key in cache:
        return cache[key]
    result: tuple[Schema, str] | None = None
    if isinstance(node, ast.Transform) and node.type == "ai" and node.type_valid:
        entry = node.config.get("output-schema")
        if entry is not None and not isinstance(entry.value, ast.ConfigMap) and str(entry.value).strip():
            try:
                result = (parse_schema(str(entry.value)), str(entry.value).strip())
            except (SchemaError, RecursionError):
                result = None
    cache[key] = result
    return result


def check_types(ctx: CheckContext) -> Iterator[Diagnostic]:
    cache: dict[int, tuple[Schema, str] | None] = {}
    for parsed in ctx.expressions:
        facts = parsed.facts
        if facts is None:
            continue
        local = parsed.field.names
        for access in facts.paths:
            if access.root in local or not access.parts:
                continue
            if access.root == "input":
                node = parsed.field.node
                target = ctx.nodes_by_id.get(str(node.input)) if node.input is not None else None
                if target is not None:
                    schema = _ai_schema(target, cache)
                    if schema is not None:
                        yield from _schema_path(parsed, access, access.parts, target, schema)
                continue
            if access.root not in ctx.expression_ids:
                continue
            target = ctx.nodes_by_id[access.root]
            first = access.parts[0]
            if first.name is None:
                continue
            if first.name != "output":
                start, end = parsed.span(first.start, first.end)
                yield Diagnostic(
                    "VALID_TYPE_MISMATCH",
                    "warning",
                    f'"{access.root}.{first.name}" is always undefined: node references only expose .output',
                    start,
                    end,
                    hints=(f"Write {access.root}.output.{first.name}",),
                )
                continue
            schema = _ai_schema(target, cache)
            if schema is not None:
                yield from _schema_path(parsed, access, access.parts[1:], target, schema)


def _schema_path(
    parsed: ParsedExpression,
    access: MemberPath,
    steps: tuple[PathPart, ...],
    ai: ast.Node,
    schema_info: tuple[Schema, str],
) -> Iterator[Diagnostic]:
    schema, schema_text = schema_info
    current: Schema = schema
    for step in steps:
        if isinstance(current, ArraySchema):
            if step.computed:
                current = current.items
                continue
            if step.name != "length":
                yield _mismatch(parsed, access, step, ai, schema_text, not_object=True)
            return
        if step.name is None:
            return
        if isinstance(current, ObjectSchema):
            nxt = current.fields.get(step.name)
            if nxt is None:
                yield _mismatch(parsed, access, step, ai, schema_text, not_object=False)
                return
            current = nxt
            continue
        if step.name == "length":
            return
        yield _mismatch(parsed, access, step, ai, schema_text, not_object=True)
        return


def _mismatch(
    parsed: ParsedExpression, access: MemberPath, step: PathPart, ai: ast.Node, schema_text: str, *, not_object: bool
) -> Diagnostic:
    path = parsed.source[access.start : step.access_end if step.access_end >= 0 else step.end]
    field = step.name or ""
    tail = (
        f'does not define field "{field}" (not an object type)' if not_object else f'does not include field "{field}"'
    )
    start, end = parsed.span(step.start, step.end)
    return Diagnostic(
        "VALID_TYPE_MISMATCH",
        "warning",
        f'Node "{parsed.field.node.label}" accesses "{path}" from AI node "{ai.label}", '
        f'but output-schema "{schema_text}" {tail}',
        start,
        end,
        hints=(
            f'Update the output-schema to include the "{field}" field',
            "Or update the reference to use an existing field",
        ),
    )
