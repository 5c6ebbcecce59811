"""OAuth2 client credentials (RUNTIMES.md §6.1) with a per-process token cache.

Tokens are cached per ``token_url::client_id`` for the life of the process, ``expires_in`` defaulting to 3600 s, and
reused while more than 60 s remain. A 401 on the real request drops the cached token (the caller then fetches a new
one and resends once).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from runtimes.errors import FlowScriptRuntimeError, HttpError, RuntimeConfigError, RuntimeErrorCode
from runtimes.http.transport import decode_body, send_request
from runtimes.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

    import httpx

__all__ = ["TOKEN_CACHE", "OAuth2Credentials", "TokenCache", "fetch_token"]

DEFAULT_EXPIRES_IN = 3600.0
REUSE_MARGIN = 60.0
TOKEN_TIMEOUT_MS = 10_000


@record
class OAuth2Credentials:
    token_url: str
    client_id: str
    client_secret: str
    scope: str = ""

    @property
    def cache_key(self) -> str:
        return f"{self.token_url}::{self.client_id}"


class TokenCache:
    """``token_url::client_id`` → (access token, monotonic expiry)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._tokens: dict[str, tuple[str, float]] = {}

    def get(self, key: str) -> str | None:
        entry = self._tokens.get(key)
        if entry is None:
            return None
        token, expires_at = entry
        if expires_at - self._clock() > REUSE_MARGIN:
            return token
        del self._tokens[key]
        return None

    def put(self, key: str, token: str, expires_in: float) -> None:
        self._tokens[key] = (token, self._clock() + expires_in)

    def drop(self, key: str) -> None:
        self._tokens.pop(key, None)

    def clear(self) -> None:
        self._tokens.clear()


TOKEN_CACHE = TokenCache()


async def fetch_token(
    client: httpx.AsyncClient,
    credentials: OAuth2Credentials,
    cache: TokenCache = TOKEN_CACHE,
) -> str:
    """A cached token, or a new one from ``token_url`` (form-encoded client-credentials grant, 10 s timeout)."""
    cached = cache.get(credentials.cache_key)
    if cached is not None:
        return cached
    form = [
        ("grant_type", "client_credentials"),
        ("client_id", credentials.client_id),
        ("client_secret", credentials.client_secret),
    ]
    if credentials.scope:
        form.append(("scope", credentials.scope))
    headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
    response = await send_request(
        client, "POST", credentials.token_url, headers, urlencode(form).encode("ascii"), TOKEN_TIMEOUT_MS
    )
    if not response.ok:
        raise HttpError(f"OAuth2 token request failed: HTTP {response.status}", response.status, response.text())
    try:
        payload = decode_body(response)
    except FlowScriptRuntimeError:
        payload = None
    token = payload.get("access_token") if isinstance(payload, dict) else None
    if not isinstance(token, str) or not token:
        raise RuntimeConfigError(
            "OAuth2 token response missing access_token", ("auth", "token_url"), RuntimeErrorCode.RUNTIME_AUTH_INVALID
        )
    cache.put(credentials.cache_key, token, _expires_in(payload))
    return token


def _expires_in(payload: dict[str, Any]) -> float:
    value = payload.get("expires_in")
    if isinstance(value, bool):
        return DEFAULT_EXPIRES_IN
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return DEFAULT_EXPIRES_IN
    return DEFAULT_EXPIRES_IN
