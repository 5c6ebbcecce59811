"""``database:source`` (RUNTIMES.md §6.5): one parameterised query; writes are dry runs unless side effects are on."""

from __future__ import annotations

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.database.connection import check_connection, open_connection
from runtimes.database.values import is_read_query, parse_params, to_driver
from runtimes.errors import RuntimeConfigError
from runtimes.validation.common import check_common

__all__ = ["DatabaseSource", "render_connection"]


def render_connection(params: ExecutionParams) -> str:
    raw = params.config.get("connection")
    if not isinstance(raw, str):
        raise RuntimeConfigError('"connection" is missing', ("connection",))
    text = params.state.render_text(raw, path=("connection",)).strip()
    open_connection(text)  # validates the form after rendering
    return text


class DatabaseSource:
    type = "database:source"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return [*check_common(node, self.type), *check_connection(node, ctx)]

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        state = params.state
        connection = render_connection(params)
        raw_query = params.config.get("query")
        if not isinstance(raw_query, str) or not raw_query.strip():
            raise RuntimeConfigError('"query" is missing', ("query",))
        query = state.render_text(raw_query, path=("query",))
        raw_params = params.config.get("params")
        # A string is rendered in value mode; a list or mapping (Python API) is used as is (RUNTIMES.md §6.5).
        rendered = state.render_value(raw_params, path=("params",)) if isinstance(raw_params, str) else raw_params
        values = parse_params(rendered)
        postgres = connection.lower().startswith("postgres")
        if isinstance(values, dict):
            bound: list[object] | dict[str, object] = {k: to_driver(v, booleans=postgres) for k, v in values.items()}
        else:
            bound = [to_driver(v, booleans=postgres) for v in values]
        write = not is_read_query(query)
        if write and not state.allow_side_effects:
            description = {"dryRun": True, "operation": "query", "query": query, "params": bound}
            return RuntimeExecuteResult(description, {"dry_run": True})
        from runtimes.database.drivers import fetch_rows

        rows = await fetch_rows(connection, state.base_dir, query, bound, write=write, node_id=params.node.id)
        return RuntimeExecuteResult(rows, {"rows": len(rows)})
