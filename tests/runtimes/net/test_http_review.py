"""http execute checked against RUNTIMES.md §5.4/§7 (execute review, 2026-11).

- §7 dry runs show "headers with credential-like values replaced by `[REDACTED]`": an ``api_key`` auth header with a
  custom ``name`` (``X-Custom``) is a credential whatever its name, but was shown in clear;
- credential-like query values in the shown URL read ``[REDACTED]`` (they were percent-encoded as ``%5BREDACTED%5D``),
  and the other query pieces are kept exactly as written;
- a redirect that turns a POST into a GET (302/303) no longer carries the dropped body's Content-Type.
"""

from __future__ import annotations

import json

import pytest

from runtimes.http.transport import display_url
from runtimes.registry import get_runtime
from tests.runtimes.net.helpers import params
from tests.support.local_server import LocalServer, Reply, json_reply

AUTH_CASES = [
    ({"type": "api_key", "key": "k-123", "name": "X-Custom"}, "X-Custom", "k-123"),
    ({"type": "api_key", "key": "k-123"}, "X-API-Key", "k-123"),
    ({"type": "bearer", "token": "t-123"}, "Authorization", "t-123"),
    ({"type": "basic", "username": "u", "password": "p-123"}, "Authorization", "dTpwLTEyMw=="),
]


@pytest.mark.parametrize("key", ["http:sink", "http:source"])
@pytest.mark.parametrize(("auth", "header", "secret"), AUTH_CASES)
async def test_dry_run_redacts_every_auth_header(key: str, auth: dict[str, str], header: str, secret: str) -> None:
    config = {"url": "https://api.example.com/x", "method": "POST", "auth": auth, "headers": {"X-Trace": "visible"}}
    result = await get_runtime(key).execute(params(key, config, input={"a": 1}))
    output = result.output
    assert output["dryRun"] is True
    assert output["headers"][header] == "[REDACTED]"
    assert output["headers"]["X-Trace"] == "visible"
    assert secret not in json.dumps(output)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://h.example/x?token=t&q=1", "https://h.example/x?token=[REDACTED]&q=1"),
        ("https://h.example/x?q=a%20b&API_KEY=s&x", "https://h.example/x?q=a%20b&API_KEY=[REDACTED]&x"),
        ("https://h.example/x?access%5Ftoken=s", "https://h.example/x?access%5Ftoken=[REDACTED]"),
        ("https://h.example/x?sig=", "https://h.example/x?sig=[REDACTED]"),
        ("https://h.example/x?q=1&q=2", "https://h.example/x?q=1&q=2"),
        ("https://u:p@h.example/x?password=p#frag", "https://u:[REDACTED]@h.example/x?password=[REDACTED]#frag"),
    ],
)
def test_display_url_redacts_query_values_literally(url: str, shown: str) -> None:
    assert display_url(url) == shown


async def test_dry_run_url_shows_redacted_query_literally() -> None:
    config = {"url": "https://api.example.com/x?apikey=abc&page=2"}
    result = await get_runtime("http:sink").execute(params("http:sink", config, input=None))
    assert result.output["url"] == "https://api.example.com/x?apikey=[REDACTED]&page=2"


@pytest.mark.parametrize(("status", "method"), [(302, "GET"), (303, "GET"), (307, "POST"), (308, "POST")])
async def test_redirect_to_get_drops_the_body_content_type(local_server: LocalServer, status: int, method: str) -> None:
    """A 302/303 after a POST is followed with a GET without body, so without the body's Content-Type; 307/308 resend
    the same request."""
    local_server.route("POST", "/from", Reply(status, b"", {"Location": "/to"}))
    local_server.route(method, "/to", json_reply("arrived"))
    config = {"url": local_server.url("/from"), "method": "POST", "body": '{"a": 1}'}
    result = await get_runtime("http:source").execute(params("http:source", config, allow=True))
    assert result.output == "arrived"
    final = local_server.requests_to("/to")[0]
    assert final.method == method
    if method == "GET":
        assert (final.body, final.headers.get("content-type")) == (b"", None)
    else:
        assert (final.body, final.headers.get("content-type")) == (b'{"a": 1}', "application/json")
