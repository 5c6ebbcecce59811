"""Config templates are rendered once, in the mode of each key (text per value; ``body`` in value mode)."""

from __future__ import annotations

import httpx

from runtimes.ai import AiTransformRuntime
from runtimes.http import HttpSinkRuntime, HttpSourceRuntime
from tests.runtimes.net.helpers import params


async def test_http_fields_are_rendered() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"echo": request.url.params.get("q")})

    config = {
        "url": "https://api.example.com/items/{{ input.id }}",
        "params": {"q": "{{ input.name }}!"},
        "headers": {"X-Count": "{{ input.id + 1 }}"},
        "extract": "{{ 'echo' }}",
    }
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        result = await HttpSourceRuntime().execute(
            params("http:source", config, client=client, input={"id": 7, "name": "a&b"})
        )
    assert result.output == "a&b!"
    assert str(seen[0].url) == "https://api.example.com/items/7?q=a%26b%21"
    assert seen[0].headers["x-count"] == "8"


async def test_sink_body_in_value_mode_keeps_the_type() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    config = {"url": "https://hooks.example.com/", "body": "{{ input.items }}"}
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        await HttpSinkRuntime().execute(
            params("http:sink", config, client=client, allow=True, input={"items": [1, {"a": "{{x}}"}]})
        )
    assert seen[0].content == b'[1,{"a":"{{x}}"}]'
    assert seen[0].headers["content-type"] == "application/json"


async def test_ai_prompts_see_the_input() -> None:
    bodies: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content)
        return httpx.Response(200, json={"choices": [{"message": {"content": "ok"}}]})

    config = {"model": "m", "system": "You rate {{ input.kind }}.", "user": "Rate: {{ input.text }}"}
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        result = await AiTransformRuntime().execute(
            params(
                "transform:ai",
                config,
                client=client,
                input={"kind": "poems", "text": "roses"},
                environ={"OPENROUTER_API_KEY": "k"},
            )
        )
    assert result.output == "ok"
    body = httpx.Response(200, content=bodies[0]).json()
    assert body["messages"] == [
        {"role": "system", "content": "You rate poems."},
        {"role": "user", "content": "Rate: roses"},
    ]
