"""``http:source``: one request; its decoded (optionally extracted) response is the output (RUNTIMES.md §6.1)."""

from __future__ import annotations

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.errors import FlowScriptRuntimeError, HttpError, RuntimeConfigError
from runtimes.http.fields import render_text
from runtimes.http.validate import jmespath_error, validate_http

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["HttpSourceRuntime"]

SOURCE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


class HttpSourceRuntime:
    type = "http:source"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return validate_http(node, ctx, SOURCE_METHODS, "GET")

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        # The request machinery is imported on execution only: the linter imports this module for validate.
        from runtimes.http.request import dry_run_output, perform, plan_request
        from runtimes.http.transport import decode_body, display_url

        plan = plan_request(
            params, allowed_methods=SOURCE_METHODS, default_method="GET", payload=None, with_params=True
        )
        extract = (
            render_text(params.state, params.config.get("extract"), path=("extract",)).strip()
            if "extract" in params.config
            else ""
        )
        if extract:
            detail = jmespath_error(extract)
            if detail is not None:
                raise RuntimeConfigError(f'Invalid JMESPath expression in "extract": {detail}', ("extract",))
        if plan.method != "GET" and not params.state.allow_side_effects:
            return RuntimeExecuteResult(dry_run_output(plan), {"dry_run": True})
        response = await perform(params.state, plan)
        if not response.ok:
            raise HttpError(f"HTTP {response.status}: {response.reason}", response.status, response.text())
        output: Any = decode_body(response)
        if extract:
            output = _apply_extract(extract, output)
        metadata = {
            "status": response.status,
            "statusText": response.reason,
            "headers": response.headers,
            "url": display_url(response.url),
        }
        return RuntimeExecuteResult(output, metadata)


def _apply_extract(expression: str, data: Any) -> Any:
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        return jmespath.search(expression, data)
    except JMESPathError as exc:
        detail = str(exc).splitlines()[0].strip() if str(exc).strip() else type(exc).__name__
        raise FlowScriptRuntimeError(f'Cannot apply "extract" to the response: {detail}') from exc
