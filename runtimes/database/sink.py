"""``database:sink`` (RUNTIMES.md §6.6): insert / upsert / update rows in one transaction."""

from __future__ import annotations

import math
from collections.abc import Mapping

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.database.connection import Connection, check_connection, open_connection
from runtimes.database.identifiers import is_column, is_table, parse_columns, quote_column, quote_table
from runtimes.database.source import render_connection
from runtimes.database.values import to_driver
from runtimes.errors import DatabaseError, RuntimeConfigError
from runtimes.validation.common import (
    check_common,
    check_enum,
    check_positive_int,
    effective_text,
    is_missing,
    value_issue,
)
from runtimes.validation.nodes import is_positive_int_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

    from runtimes.database.sql import Dialect, Statement

__all__ = ["OPERATIONS", "DatabaseSink", "build_statements"]

OPERATIONS = ("insert", "upsert", "update")
INVALID = "RUNTIME_INVALID_CONFIG"


def _validate_table_and_columns(node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
    issues: list[RuntimeIssue] = []
    config = node.config
    table = effective_text(config.get("table"), ctx)
    if table is not None and not is_table(table.text.strip()):
        issues.append(value_issue(INVALID, "error", f'Invalid table name "{table.text.strip()}"', ("table",), table))
    operation_value = config.get("operation")
    operation = effective_text(operation_value, ctx) if operation_value is not None else None
    op = operation.text.strip() if operation is not None else ("insert" if operation_value is None else None)
    columns = effective_text(config.get("conflictColumns"), ctx)
    if op == "upsert" and not (
        isinstance(config.get("conflictColumns"), str) and str(config["conflictColumns"]).strip()
    ):
        message = 'Upsert operation requires "conflictColumns" to be specified'
        issues.append(
            RuntimeIssue(
                "VALID_MISSING_REQUIRED_FIELD", "error", message, ("operation",), hints=('Add conflictColumns="id"',)
            )
        )
    if columns is not None:
        for name in parse_columns(columns.text):
            if not is_column(name):
                message = f'Invalid column name "{name}" in conflictColumns'
                issues.append(value_issue(INVALID, "error", message, ("conflictColumns",), columns))
    if not is_missing(config.get("where")) and op is not None and op != "update":  # "" after trimming is missing
        message = 'where is only used by operation="update"'
        issues.append(RuntimeIssue(INVALID, "warning", message, ("where",), target="key"))
    return issues


def _rows(value: Any) -> list[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, Mapping)]
    raise DatabaseError("Database sink input must be an object or array of objects")


def build_statements(
    dialect: Dialect,
    table: str,
    rows: list[Mapping[str, Any]],
    operation: str,
    batch: int,
    conflict: list[str],
    where: str | None,
) -> list[Statement]:
    """The SQL of RUNTIMES.md §6.6 with driver placeholders; columns = keys of the first row."""
    from runtimes.database.sql import Statement

    columns = [str(name) for name in rows[0]]
    for name in columns:
        if not is_column(name):
            raise RuntimeConfigError(f'Invalid column name "{name}"', ("table",))
    quoted_table = quote_table(table)
    column_list = ", ".join(quote_column(name) for name in columns)

    def values(row: Mapping[str, Any]) -> list[Any]:
        return [to_driver(row.get(name), booleans=dialect.booleans) for name in columns]

    statements: list[Statement] = []
    if operation == "insert":
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params: list[Any] = []
            groups: list[str] = []
            for row in chunk:
                row_marks = [dialect.placeholder(len(params) + i) for i in range(len(columns))]
                groups.append("(" + ", ".join(row_marks) + ")")
                params.extend(values(row))
            sql = f"INSERT INTO {quoted_table} ({column_list}) VALUES {', '.join(groups)}"
            statements.append(Statement(sql, params))
    elif operation == "upsert":
        marks = ", ".join(dialect.placeholder(i) for i in range(len(columns)))
        target = ", ".join(quote_column(name) for name in conflict)
        updates = [name for name in columns if name not in conflict]
        if updates:
            sets = ", ".join(f"{quote_column(name)} = excluded.{quote_column(name)}" for name in updates)
            action = f"DO UPDATE SET {sets}"
        else:
            action = "DO NOTHING"
        sql = f"INSERT INTO {quoted_table} ({column_list}) VALUES ({marks}) ON CONFLICT ({target}) {action}"
        statements.extend(Statement(sql, values(row)) for row in rows)
    else:
        sets = ", ".join(f"{quote_column(name)} = {dialect.placeholder(i)}" for i, name in enumerate(columns))
        sql = f"UPDATE {quoted_table} SET {sets}" + (f" WHERE {where}" if where else "")
        statements.extend(Statement(sql, values(row)) for row in rows)
    return statements


class DatabaseSink:
    type = "database:sink"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return [
            *check_common(node, self.type),
            *check_connection(node, ctx),
            *check_enum(node.config, "operation", OPERATIONS, ctx),
            *check_positive_int(node.config, "batch", ctx),
            *_validate_table_and_columns(node, ctx),
        ]

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        state = params.state
        config = params.config

        def setting(key: str, default: str | None = None) -> str | None:
            raw = config.get(key)
            return state.render_text(raw, path=(key,)).strip() if isinstance(raw, str) else default

        connection_text = render_connection(params)
        connection: Connection = open_connection(connection_text)
        table = setting("table") or ""
        if not is_table(table):
            raise RuntimeConfigError(f'Invalid table name "{table}"', ("table",))
        operation = setting("operation", "insert") or "insert"
        if operation not in OPERATIONS:
            raise RuntimeConfigError(
                f'"operation" must be one of {", ".join(OPERATIONS)}: "{operation}"', ("operation",)
            )
        batch_text = setting("batch", "100") or "100"
        if not is_positive_int_text(batch_text):
            raise RuntimeConfigError(f'"batch" must be a positive integer: "{batch_text}"', ("batch",))
        batch = int(batch_text)
        conflict: list[str] = []
        if operation == "upsert":
            conflict = parse_columns(setting("conflictColumns") or "")
            if not conflict:
                raise RuntimeConfigError('Upsert operation requires "conflictColumns" to be specified', ("operation",))
            for name in conflict:
                if not is_column(name):
                    raise RuntimeConfigError(f'Invalid column name "{name}" in conflictColumns', ("conflictColumns",))
        where = setting("where") if operation == "update" else None

        rows = _rows(params.input)
        if not rows:
            return RuntimeExecuteResult({"rowsAffected": 0, "batches": 0})
        batches = math.ceil(len(rows) / batch)
        from runtimes.database.sql import dialect_of

        statements = build_statements(dialect_of(connection), table, rows, operation, batch, conflict, where)
        if not state.allow_side_effects:
            description = {
                "dryRun": True,
                "operation": operation,
                "table": table,
                "rows": len(rows),
                "batches": batches,
            }
            return RuntimeExecuteResult(description, {"dry_run": True, "statements": [s.sql for s in statements]})
        from runtimes.database.drivers import run_statements

        affected = await run_statements(connection_text, state.base_dir, statements, node_id=params.node.id)
        return RuntimeExecuteResult({"rowsAffected": affected, "batches": batches}, {"statements": len(statements)})
