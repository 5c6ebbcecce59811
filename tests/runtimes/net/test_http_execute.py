"""http:source / http:sink execute with httpx.MockTransport (RUNTIMES.md §6.1, §6.2, §7)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator

import httpx
import pytest

from runtimes.errors import FlowScriptRuntimeError, HttpError, RuntimeConfigError, RuntimeErrorCode
from runtimes.http import HttpSinkRuntime, HttpSourceRuntime
from runtimes.http.oauth2 import TOKEN_CACHE
from tests.runtimes.net.helpers import params

SOURCE = HttpSourceRuntime()
SINK = HttpSinkRuntime()


@pytest.fixture(autouse=True)
def fresh_token_cache() -> Iterator[None]:
    TOKEN_CACHE.clear()
    yield
    TOKEN_CACHE.clear()


class Recorder:
    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        self.requests: list[httpx.Request] = []
        self._handler = handler

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self._handler(request)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))


def json_response(value: object, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=value)


async def test_get_appends_params_sends_headers_and_decodes_json() -> None:
    recorder = Recorder(lambda request: json_response({"items": [{"id": 1}, {"id": 2}]}))
    config = {
        "url": "https://api.example.com/v1/items?existing=1",
        "params": {"q": "a b", "page": "2"},
        "headers": {"Accept": "application/json", "X-Trace": "t1"},
        "extract": "items[].id",
    }
    async with recorder.client() as client:
        result = await SOURCE.execute(params("http:source", config, client=client))
    assert result.output == [1, 2]
    assert result.metadata["status"] == 200
    sent = recorder.requests[0]
    assert sent.method == "GET"
    assert str(sent.url) == "https://api.example.com/v1/items?existing=1&q=a+b&page=2"
    assert sent.headers["x-trace"] == "t1"
    assert sent.content == b""


@pytest.mark.parametrize(
    ("auth", "header", "expected"),
    [
        ({"type": "bearer", "token": "tok"}, "authorization", "Bearer tok"),
        (
            {"type": "basic", "username": "ü", "password": "p:w"},
            "authorization",
            "Basic " + base64.b64encode("ü:p:w".encode()).decode(),
        ),
        ({"type": "api_key", "key": "k1"}, "x-api-key", "k1"),
        ({"type": "api_key", "key": "k2", "name": "X-Custom"}, "x-custom", "k2"),
    ],
)
async def test_auth_headers_replace_same_named_headers(auth: dict[str, str], header: str, expected: str) -> None:
    recorder = Recorder(lambda request: json_response({}))
    config = {"url": "https://api.example.com/", "headers": {"Authorization": "old", "X-API-Key": "old"}, "auth": auth}
    async with recorder.client() as client:
        await SOURCE.execute(params("http:source", config, client=client))
    sent = recorder.requests[0]
    assert sent.headers.get_list(header) == [expected]


async def test_required_auth_field_empty_at_run_time() -> None:
    config = {"url": "https://api.example.com/", "auth": {"type": "bearer", "token": "  "}}
    with pytest.raises(RuntimeConfigError) as info:
        await SOURCE.execute(params("http:source", config, client=None))
    assert info.value.code == RuntimeErrorCode.RUNTIME_AUTH_INVALID
    assert info.value.message == 'Bearer auth in node "n1" requires "token"'
    assert info.value.path == ("auth",)


@pytest.mark.parametrize(
    ("config", "message", "path"),
    [
        ({"url": "ftp://example.com/x"}, 'URL must be an absolute http(s) URL: "ftp://example.com/x"', ("url",)),
        ({"url": "/relative"}, 'URL must be an absolute http(s) URL: "/relative"', ("url",)),
        (
            {"url": "https://x.example/", "method": "HEAD"},
            'Method "HEAD" is not allowed for http:source; use one of GET, POST, PUT, PATCH, DELETE',
            ("method",),
        ),
        ({"url": "https://x.example/", "timeout": "0"}, '"timeout" must be a positive integer: "0"', ("timeout",)),
    ],
)
async def test_config_errors_found_at_run_time(config: dict[str, str], message: str, path: tuple[str, ...]) -> None:
    with pytest.raises(RuntimeConfigError) as info:
        await SOURCE.execute(params("http:source", config))
    assert info.value.message == message
    assert info.value.path == path
    assert info.value.code == RuntimeErrorCode.RUNTIME_INVALID_CONFIG


@pytest.mark.parametrize(
    ("body", "content", "content_type"),
    [
        ('{"a": 1}', b'{"a": 1}', "application/json"),
        ("plain words", b"plain words", "text/plain; charset=utf-8"),
    ],
)
async def test_source_body_encoding(body: str, content: bytes, content_type: str) -> None:
    recorder = Recorder(lambda request: httpx.Response(204))
    config = {"url": "https://api.example.com/", "method": "post", "body": body}
    async with recorder.client() as client:
        result = await SOURCE.execute(params("http:source", config, client=client, allow=True))
    assert result.output is None
    assert recorder.requests[0].method == "POST"
    assert recorder.requests[0].content == content
    assert recorder.requests[0].headers["content-type"] == content_type


async def test_given_content_type_is_kept() -> None:
    recorder = Recorder(lambda request: httpx.Response(200))
    config = {
        "url": "https://api.example.com/",
        "method": "PUT",
        "body": "a=1",
        "headers": {"content-type": "application/x-www-form-urlencoded"},
    }
    async with recorder.client() as client:
        await SOURCE.execute(params("http:source", config, client=client, allow=True))
    assert recorder.requests[0].headers.get_list("content-type") == ["application/x-www-form-urlencoded"]


async def test_non_get_source_is_a_dry_run_without_permission() -> None:
    recorder = Recorder(lambda request: httpx.Response(200))
    config = {
        "url": "https://user:pw@api.example.com/x?api_key=abc&q=1",
        "method": "DELETE",
        "headers": {"Authorization": "Bearer secret-value", "X-Other": "visible"},
    }
    async with recorder.client() as client:
        result = await SOURCE.execute(params("http:source", config, client=client))
    assert recorder.requests == []
    assert result.metadata == {"dry_run": True}
    assert result.output == {
        "dryRun": True,
        "method": "DELETE",
        "url": "https://user:[REDACTED]@api.example.com/x?api_key=[REDACTED]&q=1",
        "headers": {"Authorization": "[REDACTED]", "X-Other": "visible"},
        "body": None,
    }
    assert "secret-value" not in json.dumps(result.output)
    assert "pw@" not in json.dumps(result.output)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (httpx.Response(200, content=b""), None),
        (httpx.Response(200, content=b"<a/>", headers={"content-type": "application/xml"}), "<a/>"),
        (httpx.Response(200, content=b"[1]", headers={"content-type": "text/plain"}), "[1]"),
        (httpx.Response(200, content=b"[1, 2]", headers={"content-type": "application/octet-stream"}), [1, 2]),
        (httpx.Response(200, content=b"not json", headers={"content-type": "application/octet-stream"}), "not json"),
        (
            httpx.Response(200, content="é".encode("latin-1"), headers={"content-type": "text/plain; charset=latin-1"}),
            "é",
        ),
    ],
)
async def test_decode_rules(response: httpx.Response, expected: object) -> None:
    recorder = Recorder(lambda request: response)
    async with recorder.client() as client:
        result = await SOURCE.execute(params("http:source", {"url": "https://api.example.com/"}, client=client))
    assert result.output == expected


async def test_invalid_json_with_json_content_type() -> None:
    recorder = Recorder(
        lambda request: httpx.Response(200, content=b"{oops", headers={"content-type": "application/json"})
    )
    async with recorder.client() as client:
        with pytest.raises(FlowScriptRuntimeError) as info:
            await SOURCE.execute(params("http:source", {"url": "https://api.example.com/"}, client=client))
    assert info.value.code == RuntimeErrorCode.RUNTIME_EXECUTION_ERROR
    assert info.value.message == "Response is not valid JSON"


@pytest.mark.parametrize(("status", "retryable"), [(404, False), (429, True), (503, True)])
async def test_non_2xx_is_http_error(status: int, retryable: bool) -> None:
    recorder = Recorder(lambda request: httpx.Response(status, text="nope"))
    async with recorder.client() as client:
        with pytest.raises(HttpError) as info:
            await SOURCE.execute(params("http:source", {"url": "https://api.example.com/"}, client=client))
    assert info.value.status == status
    assert info.value.body == "nope"
    assert info.value.is_retryable is retryable
    assert info.value.message == f"HTTP {status}: {httpx.codes.get_reason_phrase(status)}"


async def test_connection_failure_is_wrapped_without_the_password() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused", request=request)

    recorder = Recorder(refuse)
    async with recorder.client() as client:
        with pytest.raises(FlowScriptRuntimeError) as info:
            await SOURCE.execute(params("http:source", {"url": "https://u:hunter2@api.example.com/"}, client=client))
    assert info.value.code == RuntimeErrorCode.RUNTIME_EXECUTION_ERROR
    assert info.value.message == "Request to https://u:[REDACTED]@api.example.com/ failed: Connection refused"
    assert isinstance(info.value.__cause__, httpx.ConnectError)


async def test_mock_timeout_is_runtime_timeout() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    recorder = Recorder(slow)
    async with recorder.client() as client:
        with pytest.raises(FlowScriptRuntimeError) as info:
            await SOURCE.execute(params("http:source", {"url": "https://a.example/", "timeout": "1500"}, client=client))
    assert info.value.code == RuntimeErrorCode.RUNTIME_TIMEOUT
    assert info.value.message == "Request timed out after 1500ms"


class OAuthService:
    """Token endpoint + API; the API rejects tokens listed in ``revoked``."""

    def __init__(self, *, token_payload: dict[str, object] | None = None) -> None:
        self.issued = 0
        self.revoked: set[str] = set()
        self.token_payload = token_payload

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            self.issued += 1
            form = dict(httpx.QueryParams(request.content.decode()))
            assert form["grant_type"] == "client_credentials"
            assert form["client_id"] == "cid"
            assert form["client_secret"] == "csecret"
            payload = self.token_payload or {"access_token": f"t{self.issued}", "expires_in": 3600}
            return json_response(payload)
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token in self.revoked or not token:
            return httpx.Response(401)
        return json_response({"token": token})


OAUTH_CONFIG = {
    "url": "https://api.example.com/data",
    "auth": {
        "type": "oauth2",
        "token_url": "https://auth.example.com/token",
        "client_id": "cid",
        "client_secret": "csecret",
    },
}


async def test_oauth2_token_is_fetched_once_and_cached() -> None:
    service = OAuthService()
    recorder = Recorder(service)
    async with recorder.client() as client:
        first = await SOURCE.execute(params("http:source", OAUTH_CONFIG, client=client))
        second = await SOURCE.execute(params("http:source", OAUTH_CONFIG, client=client))
    assert first.output == {"token": "t1"}
    assert second.output == {"token": "t1"}
    assert service.issued == 1


async def test_oauth2_401_refreshes_the_token_and_retries_once() -> None:
    service = OAuthService()
    recorder = Recorder(service)
    async with recorder.client() as client:
        await SOURCE.execute(params("http:source", OAUTH_CONFIG, client=client))
        service.revoked.add("t1")
        result = await SOURCE.execute(params("http:source", OAUTH_CONFIG, client=client))
    assert result.output == {"token": "t2"}
    assert service.issued == 2
    assert [request.url.path for request in recorder.requests] == ["/token", "/data", "/data", "/token", "/data"]


async def test_oauth2_second_401_is_an_http_error() -> None:
    service = OAuthService()
    service.revoked.update({"t1", "t2", "t3"})
    recorder = Recorder(service)
    async with recorder.client() as client:
        with pytest.raises(HttpError) as info:
            await SOURCE.execute(params("http:source", OAUTH_CONFIG, client=client))
    assert info.value.status == 401
    assert service.issued == 2


async def test_oauth2_token_response_without_access_token() -> None:
    recorder = Recorder(OAuthService(token_payload={"token_type": "bearer"}))
    async with recorder.client() as client:
        with pytest.raises(RuntimeConfigError) as info:
            await SOURCE.execute(params("http:source", OAUTH_CONFIG, client=client))
    assert info.value.code == RuntimeErrorCode.RUNTIME_AUTH_INVALID
    assert info.value.message == "OAuth2 token response missing access_token"


async def test_oauth2_token_request_failure() -> None:
    recorder = Recorder(lambda request: httpx.Response(400, text="bad client"))
    async with recorder.client() as client:
        with pytest.raises(HttpError) as info:
            await SOURCE.execute(params("http:source", OAUTH_CONFIG, client=client))
    assert info.value.message == "OAuth2 token request failed: HTTP 400"
    assert "csecret" not in info.value.message


async def test_oauth2_plain_http_token_url_is_refused_before_sending() -> None:
    recorder = Recorder(OAuthService())
    config = {**OAUTH_CONFIG, "auth": {**OAUTH_CONFIG["auth"], "token_url": "http://auth.example.com/token"}}  # type: ignore[dict-item]
    async with recorder.client() as client:
        with pytest.raises(RuntimeConfigError) as info:
            await SOURCE.execute(params("http:source", config, client=client))
    assert info.value.code == RuntimeErrorCode.RUNTIME_AUTH_INVALID
    assert info.value.path == ("auth", "token_url")
    assert recorder.requests == []


async def test_sink_is_a_dry_run_without_permission() -> None:
    recorder = Recorder(lambda request: httpx.Response(200))
    config = {"url": "https://hooks.example.com/x", "auth": {"type": "bearer", "token": "tok"}}
    async with recorder.client() as client:
        result = await SINK.execute(params("http:sink", config, client=client, input={"a": 1}))
    assert recorder.requests == []
    assert result.output == {
        "dryRun": True,
        "method": "POST",
        "url": "https://hooks.example.com/x",
        "headers": {"Authorization": "[REDACTED]", "Content-Type": "application/json"},
        "body": {"a": 1},
    }


async def test_sink_sends_input_as_json_and_reports_status() -> None:
    recorder = Recorder(lambda request: httpx.Response(201, headers={"X-Id": "42"}))
    async with recorder.client() as client:
        result = await SINK.execute(
            params("http:sink", {"url": "https://hooks.example.com/x"}, client=client, allow=True, input=[1, "é"])
        )
    sent = recorder.requests[0]
    assert sent.method == "POST"
    assert sent.content == '[1,"é"]'.encode()
    assert sent.headers["content-type"] == "application/json"
    assert result.output["status"] == 201
    assert result.output["statusText"] == "Created"
    assert result.output["headers"]["x-id"] == "42"


async def test_sink_body_replaces_input_and_delete_sends_nothing() -> None:
    recorder = Recorder(lambda request: httpx.Response(200))
    async with recorder.client() as client:
        await SINK.execute(
            params("http:sink", {"url": "https://h.example/", "body": "hello"}, client=client, allow=True, input={})
        )
        await SINK.execute(
            params("http:sink", {"url": "https://h.example/", "method": "DELETE"}, client=client, allow=True, input={})
        )
    assert recorder.requests[0].content == b"hello"
    assert recorder.requests[0].headers["content-type"] == "text/plain; charset=utf-8"
    assert recorder.requests[1].method == "DELETE"
    assert recorder.requests[1].content == b""
    assert "content-type" not in recorder.requests[1].headers


async def test_sink_rejects_get() -> None:
    with pytest.raises(RuntimeConfigError) as info:
        await SINK.execute(params("http:sink", {"url": "https://h.example/", "method": "GET"}))
    assert info.value.message == 'Method "GET" is not allowed for http:sink; use one of POST, PUT, PATCH, DELETE'


async def test_extract_type_error_is_wrapped() -> None:
    recorder = Recorder(lambda request: json_response({"a": "text"}))
    config = {"url": "https://api.example.com/", "extract": "abs(a)"}
    async with recorder.client() as client:
        with pytest.raises(FlowScriptRuntimeError) as info:
            await SOURCE.execute(params("http:source", config, client=client))
    assert info.value.code == RuntimeErrorCode.RUNTIME_EXECUTION_ERROR
    assert info.value.message.startswith('Cannot apply "extract" to the response: ')
    assert info.value.path is None  # RUNTIME_EXECUTION_ERROR: the node anchor (DIAGNOSTICS.md §4.8)


async def test_unknown_charset_falls_back_to_utf8() -> None:
    response = httpx.Response(200, content="é".encode(), headers={"content-type": "text/plain; charset=nonsense"})
    recorder = Recorder(lambda request: response)
    async with recorder.client() as client:
        result = await SOURCE.execute(params("http:source", {"url": "https://api.example.com/"}, client=client))
    assert result.output == "é"


async def test_nan_string_body_is_not_json() -> None:
    recorder = Recorder(lambda request: httpx.Response(200))
    async with recorder.client() as client:
        await SINK.execute(params("http:sink", {"url": "https://h.example/", "body": "NaN"}, client=client, allow=True))
    assert recorder.requests[0].headers["content-type"] == "text/plain; charset=utf-8"


async def test_malformed_host_is_a_config_error_not_a_value_error() -> None:
    for config in ({"url": "http://[::1/x", "params": {"a": "1"}}, {"url": "http://[::1/x"}):
        with pytest.raises(FlowScriptRuntimeError):
            await SOURCE.execute(params("http:source", config))
