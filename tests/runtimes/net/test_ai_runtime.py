"""transform:ai against a fake OpenRouter service on 127.0.0.1 (RUNTIMES.md §6.9)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from runtimes.ai import AiTransformRuntime
from runtimes.ai.conform import conform
from runtimes.ai.openrouter import backoff_ms
from runtimes.ai.schema import parse_schema
from runtimes.base import ConfigValue, ValidateContext
from runtimes.errors import AIError, FlowScriptRuntimeError, HttpError, RuntimeConfigError, RuntimeTimeout
from tests.runtimes.net.helpers import node, params
from tests.support.local_server import LocalServer, RecordedRequest, Reply, json_reply, text_reply

KEY = {"OPENROUTER_API_KEY": "or-key"}
CTX = ValidateContext(workflow_dir=None, base_dir=None)


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def completion(content: str | None = None, arguments: str | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if arguments is not None:
        message["tool_calls"] = [
            {"id": "c1", "type": "function", "function": {"name": "output", "arguments": arguments}}
        ]
    return {"choices": [{"message": message}], "usage": {"total_tokens": 7}}


class FakeOpenRouter:
    """Replies are consumed in order; every request is kept."""

    def __init__(self, server: LocalServer, replies: list[Reply]) -> None:
        self.replies = list(replies)
        self.bodies: list[dict[str, Any]] = []
        self.server = server
        server.route("POST", "/api/v1/chat/completions", self._handle)

    def _handle(self, request: RecordedRequest) -> Reply:
        self.bodies.append(request.json())
        return self.replies.pop(0)

    @property
    def settings(self) -> dict[str, str]:
        return {"openrouter_base_url": self.server.url("/api/v1")}


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as http:
        yield http


async def run(
    config: dict[str, ConfigValue],
    fake: FakeOpenRouter,
    client: httpx.AsyncClient,
    sleeps: Sleeps | None = None,
    input: Any = None,
) -> Any:
    runtime = AiTransformRuntime(sleep=sleeps or Sleeps(), random=lambda: 0.5)
    result = await runtime.execute(
        params("transform:ai", config, client=client, environ=KEY, settings=fake.settings, input=input)
    )
    return result


async def test_plain_answer_request_shape(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    fake = FakeOpenRouter(local_server, [json_reply(completion("just text"))])
    config: dict[str, ConfigValue] = {
        "model": "openai/gpt-4o-mini",
        "system": "Be brief.",
        "user": "Hi",
        "max-tokens": "50",
    }
    result = await run(config, fake, client)
    assert result.output == "just text"
    assert result.metadata["attempts"] == 1
    [request] = local_server.requests
    assert request.headers["authorization"] == "Bearer or-key"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["http-referer"] == "https://flowscript.dev"
    assert request.headers["x-title"] == "FlowScript"
    assert fake.bodies[0] == {
        "model": "openai/gpt-4o-mini",
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}],
        "max_tokens": 50,
    }


async def test_json_content_is_parsed_without_schema(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    fake = FakeOpenRouter(local_server, [json_reply(completion('{"a": [1, 2]}'))])
    result = await run({"model": "m", "user": "u"}, fake, client)
    assert result.output == {"a": [1, 2]}
    assert fake.bodies[0]["messages"] == [{"role": "user", "content": "u"}]
    assert fake.bodies[0]["max_tokens"] == 4096


async def test_schema_uses_the_output_tool(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    fake = FakeOpenRouter(local_server, [json_reply(completion(None, '{"score": 0.9, "tags": ["a"], "extra": 1}'))])
    config: dict[str, ConfigValue] = {"model": "m", "user": "rate", "output-schema": "{score: number, tags: string[]}"}
    result = await run(config, fake, client)
    assert result.output == {"score": 0.9, "tags": ["a"]}
    body = fake.bodies[0]
    assert body["tool_choice"] == {"type": "function", "function": {"name": "output"}}
    [tool] = body["tools"]
    assert tool["type"] == "function"
    assert tool["function"]["name"] == "output"
    assert tool["function"]["strict"] is True
    assert tool["function"]["parameters"] == {
        "type": "object",
        "properties": {"score": {"type": "number"}, "tags": {"type": "array", "items": {"type": "string"}}},
        "required": ["score", "tags"],
        "additionalProperties": False,
    }
    assert "score" in tool["function"]["description"]
    system = body["messages"][0]
    assert system["role"] == "system"
    assert "`output` tool" in system["content"]
    assert "score, tags" in system["content"]


async def test_content_json_is_used_when_no_tool_call(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    fake = FakeOpenRouter(local_server, [json_reply(completion('{"ok": true}'))])
    result = await run({"model": "m", "user": "u", "output-schema": "{ok: boolean}"}, fake, client)
    assert result.output == {"ok": True}


async def test_missing_key_is_repaired_from_an_extra_key(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    fake = FakeOpenRouter(local_server, [json_reply(completion(None, '{"rating": 3, "name": "x"}'))])
    result = await run({"model": "m", "user": "u", "output-schema": "{score: number, label: string}"}, fake, client)
    assert result.output == {"score": 3, "label": "x"}
    assert len(fake.bodies) == 1


async def test_schema_failure_retries_with_an_extended_prompt(
    local_server: LocalServer, client: httpx.AsyncClient
) -> None:
    fake = FakeOpenRouter(
        local_server,
        [json_reply(completion(None, '{"score": "high"}')), json_reply(completion(None, '{"score": 5}'))],
    )
    sleeps = Sleeps()
    result = await run({"model": "m", "user": "Rate it", "output-schema": "{score: number}"}, fake, client, sleeps)
    assert result.output == {"score": 5}
    assert result.metadata["attempts"] == 2
    assert sleeps.waits == []
    retry_user = fake.bodies[1]["messages"][-1]["content"]
    assert retry_user.startswith("Rate it\n\n---")
    assert "did not match" in retry_user
    assert '"score": "high"' in retry_user
    assert "score: expected number, got string" in retry_user


async def test_validation_exhausted(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    fake = FakeOpenRouter(local_server, [json_reply(completion(None, '{"score": "x"}')) for _ in range(3)])
    config: dict[str, ConfigValue] = {"model": "m", "user": "u", "output-schema": "{score: number}", "max-retries": "2"}
    with pytest.raises(AIError) as info:
        await run(config, fake, client)
    assert info.value.kind == "validation"
    assert info.value.retryable is False
    assert info.value.message == "Validation failed after 2 retries: score: expected number, got string"
    assert len(fake.bodies) == 3


async def test_unusable_tool_output_is_retried(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    fake = FakeOpenRouter(
        local_server, [json_reply(completion(None, "{not json")), json_reply(completion(None, '{"n": 1}'))]
    )
    result = await run({"model": "m", "user": "u", "output-schema": "{n: number}"}, fake, client)
    assert result.output == {"n": 1}


async def test_429_backs_off_then_succeeds(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    fake = FakeOpenRouter(
        local_server,
        [json_reply({}, status=429), json_reply({}, status=429), json_reply(completion("done"))],
    )
    sleeps = Sleeps()
    result = await run({"model": "m", "user": "u"}, fake, client, sleeps)
    assert result.output == "done"
    assert sleeps.waits == [0.5, 1.0]


async def test_429_exhausted(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    fake = FakeOpenRouter(local_server, [text_reply("slow down", status=429) for _ in range(2)])
    with pytest.raises(HttpError) as info:
        await run({"model": "m", "user": "u", "max-retries": "1"}, fake, client)
    assert info.value.message == "Rate limit exceeded after 1 retries"
    assert info.value.status == 429
    assert info.value.body == "slow down"


def test_backoff_formula() -> None:
    assert backoff_ms(0, lambda: 0.999) == 999
    assert backoff_ms(3, lambda: 0.5) == 4000
    assert backoff_ms(10, lambda: 0.5) == 16000
    assert backoff_ms(2, lambda: 0.0) == 0


@pytest.mark.parametrize(
    ("reply", "message", "status"),
    [
        (text_reply("bad key", status=401), "OpenRouter rejected the API key", 401),
        (text_reply("boom", status=500), "OpenRouter API error (500): boom", 500),
        (text_reply("nope", status=400), "OpenRouter API error (400): nope", 400),
    ],
)
async def test_http_errors_are_not_retried(
    local_server: LocalServer, client: httpx.AsyncClient, reply: Reply, message: str, status: int
) -> None:
    fake = FakeOpenRouter(local_server, [reply])
    with pytest.raises(HttpError) as info:
        await run({"model": "m", "user": "u"}, fake, client)
    assert info.value.message == message
    assert info.value.status == status
    assert len(fake.bodies) == 1


@pytest.mark.parametrize(
    ("payload", "message"),
    [({"choices": []}, "No response choice from API"), (completion(None), "No content in response")],
)
async def test_empty_answers(
    local_server: LocalServer, client: httpx.AsyncClient, payload: dict[str, Any], message: str
) -> None:
    fake = FakeOpenRouter(local_server, [json_reply(payload)])
    with pytest.raises(AIError) as info:
        await run({"model": "m", "user": "u"}, fake, client)
    assert info.value.message == message
    assert info.value.kind == "api_error"


async def test_timeout(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    def slow(_request: RecordedRequest) -> Reply:
        local_server.release.wait(30)
        return json_reply(completion("late"))

    local_server.route("POST", "/api/v1/chat/completions", slow)
    runtime = AiTransformRuntime(sleep=Sleeps())
    settings = {"openrouter_base_url": local_server.url("/api/v1")}
    with pytest.raises(RuntimeTimeout) as info:
        await runtime.execute(
            params(
                "transform:ai",
                {"model": "m", "user": "u", "timeout": "150"},
                client=client,
                environ=KEY,
                settings=settings,
            )
        )
    assert info.value.message == "AI request timed out after 150ms"


async def test_missing_api_key() -> None:
    with pytest.raises(RuntimeConfigError) as info:
        await AiTransformRuntime().execute(params("transform:ai", {"model": "m", "user": "u"}))
    assert info.value.message == "OPENROUTER_API_KEY is not set"


async def test_api_key_never_in_messages(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    fake = FakeOpenRouter(local_server, [text_reply("denied", status=403)])
    with pytest.raises(FlowScriptRuntimeError) as info:
        await run({"model": "m", "user": "u"}, fake, client)
    assert "or-key" not in str(info.value)


# -- conform ----------------------------------------------------------------------------------------------------------


def test_conform_messages_and_cleaning() -> None:
    schema = parse_schema("{a: number, b: {c: boolean}[], d: string}")
    result = conform(schema, {"a": True, "b": [{"c": 1}, {"c": False, "x": 0}], "z": None})
    assert not result.ok
    assert (
        result.message
        == "a: expected number, got boolean; b.0.c: expected boolean, got number; d: expected string, got undefined"
    )
    result = conform(schema, {"a": 1.5, "b": [{"c": True, "x": 0}], "d": "s", "extra": 1})
    assert result.ok
    assert result.value == {"a": 1.5, "b": [{"c": True}], "d": "s"}
    assert conform(parse_schema("string[]"), "x").message == "(root): expected array, got string"


def test_repair_uses_the_first_unmatched_extra_of_the_right_type() -> None:
    schema = parse_schema("{title: string, count: number}")
    result = conform(schema, {"n": 2, "heading": "h", "other": "o"})
    assert result.ok
    assert result.value == {"title": "h", "count": 2}


# -- validate ---------------------------------------------------------------------------------------------------------


def test_validate_clean() -> None:
    config: dict[str, ConfigValue] = {"model": "m", "user": "u", "output-schema": "{a: string}", "max-retries": "0"}
    assert AiTransformRuntime().validate(node("transform:ai", config), CTX) == []


def test_validate_problems() -> None:
    config: dict[str, ConfigValue] = {
        "output-schema": "{a: int}",
        "max-tokens": "0",
        "max-retries": "-1",
        "timeout": "1m",
        "prompt": "hi",
    }
    issues = AiTransformRuntime().validate(node("transform:ai", config), CTX)
    got = [(issue.code, issue.severity, issue.message) for issue in issues]
    assert ("VALID_MISSING_REQUIRED_FIELD", "error", 'AI transform "n1" requires a "model"') in got
    assert ("VALID_MISSING_REQUIRED_FIELD", "warning", 'AI transform "n1" has no user prompt') in got
    assert (
        "VALID_INVALID_SCHEMA",
        "warning",
        'AI node "n1" has invalid output-schema: Unknown schema type: "int"',
    ) in got
    assert ("RUNTIME_INVALID_CONFIG", "error", '"max-tokens" must be a positive integer: "0"') in got
    assert ("RUNTIME_INVALID_CONFIG", "error", '"max-retries" must be a non-negative integer: "-1"') in got
    assert ("RUNTIME_INVALID_CONFIG", "error", '"timeout" must be a positive integer: "1m"') in got
    unknown = [issue for issue in issues if issue.code == "VALID_UNKNOWN_FIELD"]
    assert unknown[0].path == ("prompt",)
    assert 'Use "user" instead of "prompt"' in unknown[0].hints
    schema_issue = next(issue for issue in issues if issue.code == "VALID_INVALID_SCHEMA")
    assert schema_issue.path == ("output-schema",)
    assert schema_issue.hints == ("Check the output-schema syntax follows TypeScript-like DSL",)
