"""The OAuth2 token cache: per token_url::client_id, expires_in (default 3600 s), reused while > 60 s remain."""

from __future__ import annotations

import httpx

from runtimes.http.oauth2 import OAuth2Credentials, TokenCache, fetch_token


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def token_service(payloads: list[dict[str, object]]) -> tuple[httpx.AsyncClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=payloads[len(seen) - 1])

    return httpx.AsyncClient(transport=httpx.MockTransport(handler)), seen


CREDENTIALS = OAuth2Credentials("https://auth.example/token", "cid", "cs", "read write")


async def test_expires_in_and_the_reuse_margin() -> None:
    clock = Clock()
    cache = TokenCache(clock)
    client, seen = token_service([{"access_token": "a", "expires_in": 120}, {"access_token": "b"}])
    async with client:
        assert await fetch_token(client, CREDENTIALS, cache) == "a"
        clock.now += 59
        assert await fetch_token(client, CREDENTIALS, cache) == "a"
        clock.now += 2  # 59 s left: no longer reused
        assert await fetch_token(client, CREDENTIALS, cache) == "b"
        clock.now += 3600 - 61
        assert await fetch_token(client, CREDENTIALS, cache) == "b"
    assert len(seen) == 2
    form = dict(httpx.QueryParams(seen[0].content.decode()))
    assert form == {
        "grant_type": "client_credentials",
        "client_id": "cid",
        "client_secret": "cs",
        "scope": "read write",
    }
    assert seen[0].headers["content-type"] == "application/x-www-form-urlencoded"


async def test_cache_key_is_token_url_and_client_id() -> None:
    cache = TokenCache(Clock())
    client, seen = token_service([{"access_token": "a"}, {"access_token": "b"}])
    other = OAuth2Credentials("https://auth.example/token", "other", "cs")
    async with client:
        assert await fetch_token(client, CREDENTIALS, cache) == "a"
        assert await fetch_token(client, other, cache) == "b"
        assert await fetch_token(client, CREDENTIALS, cache) == "a"
    assert CREDENTIALS.cache_key == "https://auth.example/token::cid"
    assert len(seen) == 2
