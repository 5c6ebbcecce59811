"""``http:sink``: send the node input (or the rendered ``body``) to a URL (RUNTIMES.md §6.2). Always a write."""

from __future__ import annotations

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.errors import HttpError
from runtimes.expressions.values import UNDEFINED
from runtimes.http.fields import render_value
from runtimes.http.validate import validate_http

__all__ = ["HttpSinkRuntime"]

SINK_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class HttpSinkRuntime:
    type = "http:sink"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return validate_http(node, ctx, SINK_METHODS, "POST")

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        # Imported on execution only: the linter imports this module for validate.
        from runtimes.http.request import dry_run_output, perform, plan_request

        if "body" in params.config:
            payload = render_value(params.state, params.config["body"], path=("body",))
        else:
            payload = None if params.input is UNDEFINED else params.input
        plan = plan_request(
            params, allowed_methods=SINK_METHODS, default_method="POST", payload=(True, payload), with_params=False
        )
        if not params.state.allow_side_effects:
            return RuntimeExecuteResult(dry_run_output(plan), {"dry_run": True})
        response = await perform(params.state, plan)
        if not response.ok:
            raise HttpError(f"HTTP {response.status}: {response.reason}", response.status, response.text())
        output = {"status": response.status, "statusText": response.reason, "headers": response.headers}
        return RuntimeExecuteResult(output, {"status": response.status})
