"""``transform:ai``: one chat completion, optionally constrained by an output schema (RUNTIMES.md §6.9)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from runtimes.ai.schema import Schema, SchemaError, parse_schema
from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.errors import RuntimeConfigError
from runtimes.http.fields import render_text, rendered_int
from runtimes.validation.common import (
    check_common,
    check_non_negative_int,
    check_positive_int,
    is_missing,
    node_label,
)

__all__ = ["AiTransformRuntime"]

SCHEMA_HINT = "Check the output-schema syntax follows TypeScript-like DSL"
TIMEOUT_HINT = "Milliseconds, e.g. 30000"
DEFAULT_MAX_TOKENS = 4096
DEFAULT_MAX_RETRIES = 3
DEFAULT_TIMEOUT_MS = 60_000


class AiTransformRuntime:
    type = "transform:ai"

    def __init__(
        self,
        *,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        random: Callable[[], float] | None = None,
    ) -> None:
        # asyncio and random are imported only when the runtime executes (see _retry_tools): the linter creates this
        # runtime through the registry for ``validate``, and its start-up time is a target.
        self._sleep = sleep
        self._random = random

    def _retry_tools(self) -> tuple[Callable[[float], Awaitable[None]], Callable[[], float]]:
        sleep = self._sleep
        if sleep is None:
            import asyncio

            sleep = asyncio.sleep
        random = self._random
        if random is None:
            import random as _random

            random = _random.random
        return sleep, random

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        config = node.config
        label = node_label(node)
        issues = check_common(node)
        if is_missing(config.get("user")):
            message = f'AI transform "{label}" has no user prompt'
            issues.append(
                RuntimeIssue("VALID_MISSING_REQUIRED_FIELD", "warning", message, hints=("Add a <user> child",))
            )
        schema_text = config.get("output-schema")
        if isinstance(schema_text, str) and not is_missing(schema_text):
            try:
                parse_schema(schema_text)
            except SchemaError as exc:
                message = f'AI node "{label}" has invalid output-schema: {exc.message}'
                issues.append(
                    RuntimeIssue("VALID_INVALID_SCHEMA", "warning", message, ("output-schema",), hints=(SCHEMA_HINT,))
                )
        issues.extend(check_positive_int(config, "max-tokens", ctx))
        issues.extend(check_non_negative_int(config, "max-retries", ctx))
        issues.extend(check_positive_int(config, "timeout", ctx, hints=(TIMEOUT_HINT,)))
        return issues

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        from runtimes.ai.openrouter import DEFAULT_BASE_URL, ChatRequest, run_chat
        from runtimes.http.transport import client_for  # execution only (the linter imports this module)

        state, config, node = params.state, params.config, params.node
        label = node_label(node)
        api_key = state.environ.get("OPENROUTER_API_KEY", "")
        if not api_key.strip():
            raise RuntimeConfigError("OPENROUTER_API_KEY is not set")
        scope = state.scope.child({"input": params.input})
        model = render_text(state, config.get("model"), scope, path=("model",)).strip()
        if not model:
            raise RuntimeConfigError(f'AI transform "{label}" requires a "model"', ("model",))
        system = (
            render_text(state, config.get("system"), scope, path=("system",))
            if not is_missing(config.get("system"))
            else None
        )
        user = render_text(state, config.get("user"), scope, path=("user",))
        schema: Schema | None = None
        schema_text = config.get("output-schema")
        if isinstance(schema_text, str) and not is_missing(schema_text):
            try:
                schema = parse_schema(schema_text)
            except SchemaError as exc:
                raise RuntimeConfigError(
                    f'AI node "{label}" has invalid output-schema: {exc.message}', ("output-schema",)
                ) from exc
        base_url = str(state.settings.get("openrouter_base_url") or DEFAULT_BASE_URL).rstrip("/")
        request = ChatRequest(
            url=f"{base_url}/chat/completions",
            api_key=api_key,
            model=model,
            system=system,
            user=user,
            max_tokens=rendered_int(state, config, "max-tokens", DEFAULT_MAX_TOKENS),
            max_retries=rendered_int(state, config, "max-retries", DEFAULT_MAX_RETRIES, positive=False),
            timeout_ms=rendered_int(state, config, "timeout", DEFAULT_TIMEOUT_MS),
            schema=schema,
        )
        async with client_for(state) as client:
            sleep, random = self._retry_tools()
            result = await run_chat(client, request, sleep=sleep, random=random)
        metadata = {"model": model, "attempts": result.attempts}
        if result.usage is not None:
            metadata["usage"] = result.usage
        return RuntimeExecuteResult(result.output, metadata)
