"""An OpenRouter-compatible chat-completions call with the retry rules of RUNTIMES.md §6.9.

Retries share one budget of ``max_retries`` extra attempts: HTTP 429 waits
``floor(random() × min(1000 × 2^attempt, 32000))`` ms; a schema failure or an unusable tool answer retries at once with
the user prompt extended by the previous output and the validation message. ``sleep`` and ``random`` are injected.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable, Sequence

from runtimes.ai.conform import conform
from runtimes.ai.schema import ObjectSchema, Schema, to_json_schema
from runtimes.errors import AIError, HttpError
from runtimes.http.transport import HttpResponse, send_request
from runtimes.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

    import httpx

__all__ = ["DEFAULT_BASE_URL", "ChatRequest", "ChatResult", "backoff_ms", "run_chat"]

DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"
TOOL_NAME = "output"
MAX_BODY_IN_MESSAGE = 500

Sleep = Callable[[float], Awaitable[None]]


@record
class ChatRequest:
    url: str
    api_key: str
    model: str
    system: str | None
    user: str
    max_tokens: int
    max_retries: int
    timeout_ms: int
    schema: Schema | None


@record
class ChatResult:
    output: Any
    attempts: int
    usage: Any = None


class _Unusable(Exception):
    """The answer cannot be checked (not JSON, no tool arguments); retried like a schema failure."""

    def __init__(self, message: str, previous: Any) -> None:
        super().__init__(message)
        self.message = message
        self.previous = previous


def backoff_ms(attempt: int, random: Callable[[], float]) -> int:
    return math.floor(random() * min(1000 * (1 << min(attempt, 16)), 32000))


def _field_list(schema: Schema) -> str:
    if isinstance(schema, ObjectSchema):
        return ", ".join(f"{key} ({_describe(value)})" for key, value in schema.fields.items())
    return _describe(schema)


def _describe(schema: Schema) -> str:
    if isinstance(schema, ObjectSchema):
        return "{" + ", ".join(f"{key}: {_describe(value)}" for key, value in schema.fields.items()) + "}"
    if schema.type_name == "array":
        return _describe(schema.items) + "[]"  # type: ignore[union-attr]
    return schema.type_name


def _schema_instruction(schema: Schema) -> str:
    if isinstance(schema, ObjectSchema):
        names = ", ".join(schema.fields) or "(none)"
        return f"Answer only by calling the `{TOOL_NAME}` tool, using exactly these top-level field names: {names}."
    return f"Answer only by calling the `{TOOL_NAME}` tool with a value of type {_describe(schema)}."


def build_body(request: ChatRequest, user: str) -> dict[str, Any]:
    system = request.system
    if request.schema is not None:
        instruction = _schema_instruction(request.schema)
        system = f"{system}\n\n{instruction}" if system else instruction
    messages: list[dict[str, str]] = []
    if system:
        messages.append({"role": "system", "content": system})
    messages.append({"role": "user", "content": user})
    body: dict[str, Any] = {"model": request.model, "messages": messages, "max_tokens": request.max_tokens}
    if request.schema is not None:
        body["tools"] = [
            {
                "type": "function",
                "function": {
                    "name": TOOL_NAME,
                    "description": f"Return the result with these fields: {_field_list(request.schema)}",
                    "parameters": to_json_schema(request.schema),
                    "strict": True,
                },
            }
        ]
        body["tool_choice"] = {"type": "function", "function": {"name": TOOL_NAME}}
    return body


def _retry_prompt(user: str, previous: Any, message: str) -> str:
    shown = json.dumps(previous, indent=2, ensure_ascii=False, default=str)
    return (
        f"{user}\n\n---\n\n"
        "Your previous answer did not match the required output schema.\n\n"
        f"Previous output:\n```json\n{shown}\n```\n\n"
        f"Validation errors: {message}\n\n"
        "Answer again, matching the schema exactly."
    )


def _headers(api_key: str) -> Sequence[tuple[str, str]]:
    return (
        ("Authorization", f"Bearer {api_key}"),
        ("Content-Type", "application/json"),
        ("HTTP-Referer", "https://flowscript.dev"),
        ("X-Title", "FlowScript"),
    )


async def run_chat(
    client: httpx.AsyncClient,
    request: ChatRequest,
    *,
    sleep: Sleep,
    random: Callable[[], float],
) -> ChatResult:
    user = request.user
    attempt = 0
    while True:
        body = json.dumps(build_body(request, user), ensure_ascii=False).encode("utf-8")
        response = await send_request(
            client,
            "POST",
            request.url,
            _headers(request.api_key),
            body,
            request.timeout_ms,
            timeout_message="AI request timed out after {ms}ms",
        )
        if response.status == 429:
            if attempt >= request.max_retries:
                raise HttpError(f"Rate limit exceeded after {request.max_retries} retries", 429, response.text())
            await sleep(backoff_ms(attempt, random) / 1000)
            attempt += 1
            continue
        _raise_for_status(response)
        payload = _json_payload(response)
        try:
            output = _answer(payload, request.schema)
            if request.schema is not None:
                conformed = conform(request.schema, output)
                if not conformed.ok:
                    raise _Unusable(conformed.message, output)
                output = conformed.value
        except _Unusable as failure:
            if attempt >= request.max_retries:
                raise AIError(
                    f"Validation failed after {request.max_retries} retries: {failure.message}", "validation", False
                ) from None
            user = _retry_prompt(request.user, failure.previous, failure.message)
            attempt += 1
            continue
        return ChatResult(output, attempt + 1, payload.get("usage"))


def _raise_for_status(response: HttpResponse) -> None:
    if response.ok:
        return
    text = response.text()
    if response.status == 401:
        raise HttpError("OpenRouter rejected the API key", 401, text)
    shown = text.strip()
    if len(shown) > MAX_BODY_IN_MESSAGE:
        shown = shown[:MAX_BODY_IN_MESSAGE] + "…"
    raise HttpError(f"OpenRouter API error ({response.status}): {shown}", response.status, text)


def _json_payload(response: HttpResponse) -> dict[str, Any]:
    try:
        payload = json.loads(response.text())
    except ValueError as exc:
        raise AIError("Invalid JSON response from API") from exc
    if not isinstance(payload, dict):
        raise AIError("Invalid JSON response from API")
    return payload


def _answer(payload: dict[str, Any], schema: Schema | None) -> Any:
    choices = payload.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise AIError("No response choice from API")
    message = choices[0].get("message")
    if not isinstance(message, dict):
        raise AIError("No content in response")
    if schema is not None:
        arguments = _tool_arguments(message)
        if arguments is not None:
            try:
                return json.loads(arguments)
            except ValueError:
                raise _Unusable("The output tool arguments are not valid JSON", arguments) from None
    content = message.get("content")
    if not isinstance(content, str) or not content.strip():
        if schema is not None and content is None and message.get("tool_calls"):
            raise _Unusable("The answer did not call the output tool", None)
        raise AIError("No content in response")
    try:
        return json.loads(content)
    except ValueError:
        if schema is not None:
            raise _Unusable("The answer is not valid JSON", content) from None
        return content


def _tool_arguments(message: dict[str, Any]) -> str | None:
    calls = message.get("tool_calls")
    if not isinstance(calls, list):
        return None
    fallback: str | None = None
    for call in calls:
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict):
            continue
        arguments = function.get("arguments")
        if isinstance(arguments, dict | list):
            arguments = json.dumps(arguments)
        if not isinstance(arguments, str):
            continue
        if function.get("name") == TOOL_NAME:
            return arguments
        fallback = fallback if fallback is not None else arguments
    return fallback
