"""http runtimes against a real server on 127.0.0.1: status codes, redirects, timeouts, limits, oauth2, dry runs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from runtimes.errors import FlowScriptRuntimeError, HttpError, RuntimeErrorCode, RuntimeTimeout
from runtimes.http import HttpSinkRuntime, HttpSourceRuntime
from runtimes.http.oauth2 import TOKEN_CACHE
from runtimes.http.transport import MAX_REDIRECTS, MAX_RESPONSE_BYTES
from tests.runtimes.net.helpers import params
from tests.support.local_server import LocalServer, RecordedRequest, Reply, json_reply, text_reply

SOURCE = HttpSourceRuntime()
SINK = HttpSinkRuntime()


@pytest.fixture(autouse=True)
def fresh_token_cache() -> Iterator[None]:
    TOKEN_CACHE.clear()
    yield
    TOKEN_CACHE.clear()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as http:
        yield http


async def test_get_json_from_a_real_server(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    local_server.route("GET", "/items", json_reply({"items": [{"name": "a"}, {"name": "b"}]}))
    config = {"url": local_server.url("/items"), "params": {"limit": "2"}, "extract": "items[*].name"}
    result = await SOURCE.execute(params("http:source", config, client=client))
    assert result.output == ["a", "b"]
    assert local_server.requests[0].query == {"limit": ["2"]}


async def test_without_injected_client_a_private_client_is_used(local_server: LocalServer) -> None:
    local_server.route("GET", "/t", text_reply("hello"))
    result = await SOURCE.execute(params("http:source", {"url": local_server.url("/t")}))
    assert result.output == "hello"


@pytest.mark.parametrize(("status", "retryable"), [(400, False), (404, False), (429, True), (500, True), (503, True)])
async def test_status_codes(local_server: LocalServer, client: httpx.AsyncClient, status: int, retryable: bool) -> None:
    local_server.route("GET", "/s", text_reply("failure body", status=status))
    with pytest.raises(HttpError) as info:
        await SOURCE.execute(params("http:source", {"url": local_server.url("/s")}, client=client))
    assert info.value.status == status
    assert info.value.is_retryable is retryable
    assert info.value.body == "failure body"
    assert info.value.code == RuntimeErrorCode.RUNTIME_HTTP_ERROR


def _redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, b"", {"Location": location})


async def test_redirects_are_followed(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    for hop in range(3):
        local_server.route("GET", f"/r{hop}", _redirect(f"/r{hop + 1}"))
    local_server.route("GET", "/r3", json_reply({"arrived": True}))
    result = await SOURCE.execute(params("http:source", {"url": local_server.url("/r0")}, client=client))
    assert result.output == {"arrived": True}
    assert [request.path for request in local_server.requests] == ["/r0", "/r1", "/r2", "/r3"]


async def test_exactly_ten_redirects_are_allowed(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    for hop in range(MAX_REDIRECTS):
        local_server.route("GET", f"/r{hop}", _redirect(f"/r{hop + 1}"))
    local_server.route("GET", f"/r{MAX_REDIRECTS}", json_reply("ok"))
    result = await SOURCE.execute(params("http:source", {"url": local_server.url("/r0")}, client=client))
    assert result.output == "ok"


async def test_more_than_ten_redirects_fail(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    local_server.route("GET", "/loop", _redirect("/loop"))
    with pytest.raises(FlowScriptRuntimeError) as info:
        await SOURCE.execute(params("http:source", {"url": local_server.url("/loop")}, client=client))
    assert info.value.code == RuntimeErrorCode.RUNTIME_EXECUTION_ERROR
    assert "more than 10 redirects" in info.value.message
    assert len(local_server.requests) == MAX_REDIRECTS + 1


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/file", "file:///etc/passwd"])
async def test_redirect_to_a_non_http_url_is_refused(
    local_server: LocalServer, client: httpx.AsyncClient, target: str
) -> None:
    local_server.route("GET", "/away", _redirect(target, 301))
    with pytest.raises(FlowScriptRuntimeError) as info:
        await SOURCE.execute(params("http:source", {"url": local_server.url("/away")}, client=client))
    assert info.value.code == RuntimeErrorCode.RUNTIME_EXECUTION_ERROR
    assert "URL refused" in info.value.message


async def test_slow_endpoint_times_out(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    def slow(_request: RecordedRequest) -> Reply:
        local_server.release.wait(30)
        return json_reply("too late")

    local_server.route("GET", "/slow", slow)
    with pytest.raises(RuntimeTimeout) as info:
        await SOURCE.execute(params("http:source", {"url": local_server.url("/slow"), "timeout": "200"}, client=client))
    assert info.value.message == "Request timed out after 200ms"
    assert info.value.timeout_ms == 200
    assert info.value.code == RuntimeErrorCode.RUNTIME_TIMEOUT
    assert local_server.request_seen.is_set()


async def test_body_over_the_limit_is_refused(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    local_server.route("GET", "/big", Reply(200, b"x" * (MAX_RESPONSE_BYTES + 1), {"Content-Type": "text/plain"}))
    with pytest.raises(FlowScriptRuntimeError) as info:
        await SOURCE.execute(params("http:source", {"url": local_server.url("/big")}, client=client))
    assert info.value.code == RuntimeErrorCode.RUNTIME_EXECUTION_ERROR
    assert "larger than the limit of 10 MB" in info.value.message


async def test_streamed_body_without_length_over_the_limit(
    local_server: LocalServer, client: httpx.AsyncClient
) -> None:
    chunk = b"y" * (1024 * 1024)
    local_server.route("GET", "/stream", Reply(200, (chunk for _ in range(11)), {"Content-Type": "text/plain"}))
    with pytest.raises(FlowScriptRuntimeError) as info:
        await SOURCE.execute(params("http:source", {"url": local_server.url("/stream")}, client=client))
    assert "larger than the limit" in info.value.message


async def test_body_at_the_limit_is_accepted(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    local_server.route("GET", "/edge", Reply(200, b"z" * MAX_RESPONSE_BYTES, {"Content-Type": "text/plain"}))
    result = await SOURCE.execute(params("http:source", {"url": local_server.url("/edge")}, client=client))
    assert isinstance(result.output, str)
    assert len(result.output) == MAX_RESPONSE_BYTES


async def test_oauth2_refresh_on_401_against_a_real_server(
    local_server: LocalServer, client: httpx.AsyncClient
) -> None:
    issued: list[str] = []

    def token(request: RecordedRequest) -> Reply:
        form = request.form()
        assert form == {"grant_type": ["client_credentials"], "client_id": ["cid"], "client_secret": ["cs"]} or form[
            "scope"
        ] == ["read"]
        issued.append(f"tok{len(issued) + 1}")
        return json_reply({"access_token": issued[-1], "expires_in": 3600})

    def api(request: RecordedRequest) -> Reply:
        if request.headers.get("authorization") != f"Bearer {issued[-1]}" or len(issued) < 2:
            return json_reply({"error": "expired"}, status=401)
        return json_reply({"ok": True})

    local_server.route("POST", "/token", token)
    local_server.route("GET", "/api", api)
    config = {
        "url": local_server.url("/api"),
        "auth": {"type": "oauth2", "token_url": local_server.url("/token"), "client_id": "cid", "client_secret": "cs"},
    }
    result = await SOURCE.execute(params("http:source", config, client=client))
    assert result.output == {"ok": True}
    assert [request.path for request in local_server.requests] == ["/token", "/api", "/token", "/api"]


async def test_sink_dry_run_sends_nothing(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    local_server.route("POST", "/hook", json_reply({}, status=201))
    result = await SINK.execute(params("http:sink", {"url": local_server.url("/hook")}, client=client, input={"x": 1}))
    assert result.output["dryRun"] is True
    result = await SOURCE.execute(
        params("http:source", {"url": local_server.url("/hook"), "method": "POST", "body": "{}"}, client=client)
    )
    assert result.output["dryRun"] is True
    assert local_server.requests == []


async def test_sink_posts_when_allowed(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    local_server.route("POST", "/hook", json_reply({"stored": True}, status=201, headers={"X-Request-Id": "r1"}))
    result = await SINK.execute(
        params("http:sink", {"url": local_server.url("/hook")}, client=client, allow=True, input={"x": 1})
    )
    assert result.output["status"] == 201
    assert result.output["headers"]["x-request-id"] == "r1"
    [request] = local_server.requests
    assert request.json() == {"x": 1}
    assert request.headers["content-type"] == "application/json"


async def test_connection_refused_is_wrapped(client: httpx.AsyncClient) -> None:
    with LocalServer() as server:
        url = server.url("/gone")
    with pytest.raises(FlowScriptRuntimeError) as info:
        await SOURCE.execute(params("http:source", {"url": url}, client=client))
    assert info.value.code == RuntimeErrorCode.RUNTIME_EXECUTION_ERROR
    assert info.value.message.startswith(f"Request to {url} failed: ")
    assert isinstance(info.value.__cause__, httpx.HTTPError)


async def test_credentials_are_not_forwarded_to_another_origin(client: httpx.AsyncClient) -> None:
    with LocalServer() as first, LocalServer() as second:
        second.route("GET", "/landing", json_reply("ok"))
        first.route("GET", "/start", _redirect(second.url("/landing")))
        first.route("GET", "/same", _redirect("/landing"))
        first.route("GET", "/landing", json_reply("same"))
        config = {"url": first.url("/start"), "auth": {"type": "api_key", "key": "k"}, "headers": {"X-Plain": "p"}}
        assert (await SOURCE.execute(params("http:source", config, client=client))).output == "ok"
        [arrived] = second.requests
        assert "x-api-key" not in arrived.headers
        assert arrived.headers["x-plain"] == "p"
        config["url"] = first.url("/same")
        assert (await SOURCE.execute(params("http:source", config, client=client))).output == "same"
        assert first.requests_to("/landing")[0].headers["x-api-key"] == "k"
