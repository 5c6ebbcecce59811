"""Turning an http node's config into a request (RUNTIMES.md §6.1 steps 1–5, §5.4 auth headers, §7 dry runs)."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

from runtimes.base import ConfigValue, ExecutionParams, ExecutionState, NodeSpec
from runtimes.errors import RuntimeConfigError, RuntimeErrorCode
from runtimes.http.fields import encode_json, render_mapping, render_text, render_value, rendered_int
from runtimes.http.oauth2 import TOKEN_CACHE, OAuth2Credentials, TokenCache, fetch_token
from runtimes.http.transport import REDACTED, HttpResponse, client_for, display_url, send_request, strict_json
from runtimes.records import record
from runtimes.validation.common import node_label
from runtimes.validation.credentials import AUTH_TYPES, is_credential_name
from runtimes.validation.urls import is_absolute_http_url, is_loopback_host, split_url

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "DEFAULT_TIMEOUT_MS",
    "HttpRequestPlan",
    "dry_run_output",
    "encode_payload",
    "perform",
    "plan_request",
]

DEFAULT_TIMEOUT_MS = 30_000
AUTH_INVALID = RuntimeErrorCode.RUNTIME_AUTH_INVALID


@record
class HttpRequestPlan:
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    content: bytes | None
    payload: Any
    """The value the body was encoded from (shown by dry runs); None without a body."""
    has_body: bool
    timeout_ms: int
    oauth2: OAuth2Credentials | None
    auth_headers: frozenset[str] = frozenset()
    """Lower-case names of the headers set by ``auth`` (their values are credentials whatever the name)."""


def plan_request(
    params: ExecutionParams,
    *,
    allowed_methods: Sequence[str],
    default_method: str,
    payload: tuple[bool, Any] | None,
    with_params: bool,
) -> HttpRequestPlan:
    """Render every field once and build the request. ``payload`` = (present, value) or None to read ``body``."""
    state, config, node = params.state, params.config, params.node
    method = render_text(state, config.get("method"), path=("method",)).strip().upper() or default_method
    if method not in allowed_methods:
        raise RuntimeConfigError(
            f'Method "{method}" is not allowed for {node.key}; use one of {", ".join(allowed_methods)}', ("method",)
        )
    url = render_text(state, config.get("url"), path=("url",)).strip()
    if not is_absolute_http_url(url):
        raise RuntimeConfigError(f'URL must be an absolute http(s) URL: "{display_url(url)}"', ("url",))
    if with_params:
        try:
            url = _append_query(url, render_mapping(state, config, "params"))
        except ValueError as exc:  # e.g. an unterminated IPv6 host
            raise RuntimeConfigError(f'URL must be an absolute http(s) URL: "{display_url(url)}"', ("url",)) from exc
    headers = _merge_headers(list(render_mapping(state, config, "headers").items()), [])
    auth_headers, oauth2 = _render_auth(state, node, config)
    headers = _merge_headers(headers, auth_headers)
    timeout_ms = rendered_int(state, config, "timeout", DEFAULT_TIMEOUT_MS)

    has_body = False
    value: Any = None
    if payload is None:
        if method in ("POST", "PUT", "PATCH") and "body" in config:
            has_body, value = True, render_value(state, config["body"], path=("body",))
    elif method != "DELETE":
        has_body, value = payload
    content: bytes | None = None
    if has_body:
        content, content_type = encode_payload(value)
        if not any(name.lower() == "content-type" for name, _ in headers):
            headers.append(("Content-Type", content_type))
    auth_names = frozenset(name.lower() for name, _ in auth_headers)
    return HttpRequestPlan(method, url, tuple(headers), content, value, has_body, timeout_ms, oauth2, auth_names)


def encode_payload(value: Any) -> tuple[bytes, str]:
    """A string is sent as is (JSON content type when it parses as JSON); anything else as compact JSON."""
    if isinstance(value, str):
        try:
            strict_json(value)
        except ValueError:
            return value.encode("utf-8"), "text/plain; charset=utf-8"
        return value.encode("utf-8"), "application/json"
    return encode_json(value).encode("utf-8"), "application/json"


def _append_query(url: str, params: Mapping[str, str]) -> str:
    if not params:
        return url
    parts = urlsplit(url)
    extra = urlencode(list(params.items()))
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _merge_headers(base: list[tuple[str, str]], overrides: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``overrides`` replace same-named (case-insensitive) entries of ``base``."""
    names = {name.lower() for name, _ in overrides}
    return [(name, value) for name, value in base if name.lower() not in names] + overrides


def _render_auth(
    state: ExecutionState, node: NodeSpec, config: Mapping[str, ConfigValue]
) -> tuple[list[tuple[str, str]], OAuth2Credentials | None]:
    raw = config.get("auth")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return [], None
    label = node_label(node)
    if not isinstance(raw, Mapping):
        raise RuntimeConfigError(
            f'auth in node "{label}" must be a key-value block with a "type"', ("auth",), AUTH_INVALID
        )
    fields = {str(key): render_text(state, value, path=("auth", key)) for key, value in raw.items()}
    type_name = fields.get("type", "").strip()
    if not type_name:
        raise RuntimeConfigError(f'auth.type is missing in node "{label}"', ("auth",), AUTH_INVALID)
    spec = AUTH_TYPES.get(type_name)
    if spec is None:
        raise RuntimeConfigError(f'Unknown auth type "{type_name}" in node "{label}"', ("auth", "type"), AUTH_INVALID)
    for key in spec.required:
        if not fields.get(key, "").strip():
            raise RuntimeConfigError(f'{spec.label} auth in node "{label}" requires "{key}"', ("auth",), AUTH_INVALID)
    if spec.name == "bearer":
        return [("Authorization", f"Bearer {fields['token']}")], None
    if spec.name == "basic":
        pair = f"{fields['username']}:{fields['password']}".encode()
        return [("Authorization", "Basic " + base64.b64encode(pair).decode("ascii"))], None
    if spec.name == "api_key":
        name = fields.get("name", "").strip() or "X-API-Key"
        return [(name, fields["key"])], None
    if spec.name == "oauth2":
        token_url = fields["token_url"].strip()
        parts = split_url(token_url)
        secure = (
            parts is not None
            and is_absolute_http_url(token_url)
            and (parts.scheme.lower() == "https" or is_loopback_host(token_url[parts.host[0] : parts.host[1]]))
        )
        if not secure:
            raise RuntimeConfigError(
                "OAuth2 token_url must use https (except for localhost)", ("auth", "token_url"), AUTH_INVALID
            )
        credentials = OAuth2Credentials(
            token_url, fields["client_id"], fields["client_secret"], fields.get("scope", "")
        )
        return [], credentials
    return [], None


def dry_run_output(plan: HttpRequestPlan) -> dict[str, Any]:
    """What a write would have sent (RUNTIMES.md §7), credential values redacted: credential-like header names and
    every header set by ``auth`` (an ``api_key`` header may have any name)."""
    headers = {
        name: REDACTED if is_credential_name(name) or name.lower() in plan.auth_headers else value
        for name, value in plan.headers
    }
    if plan.oauth2 is not None:
        headers["Authorization"] = REDACTED
    return {
        "dryRun": True,
        "method": plan.method,
        "url": display_url(plan.url),
        "headers": headers,
        "body": plan.payload if plan.has_body else None,
    }


async def perform(
    state: ExecutionState, plan: HttpRequestPlan, *, token_cache: TokenCache = TOKEN_CACHE
) -> HttpResponse:
    """Send the planned request; with oauth2 attach the token and, on 401, refresh it and resend exactly once."""
    async with client_for(state) as client:
        if plan.oauth2 is None:
            return await send_request(client, plan.method, plan.url, plan.headers, plan.content, plan.timeout_ms)
        token = await fetch_token(client, plan.oauth2, token_cache)
        response = await send_request(
            client, plan.method, plan.url, _with_bearer(plan.headers, token), plan.content, plan.timeout_ms
        )
        if response.status != 401:
            return response
        token_cache.drop(plan.oauth2.cache_key)
        token = await fetch_token(client, plan.oauth2, token_cache)
        return await send_request(
            client, plan.method, plan.url, _with_bearer(plan.headers, token), plan.content, plan.timeout_ms
        )


def _with_bearer(headers: Sequence[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    return _merge_headers(list(headers), [("Authorization", f"Bearer {token}")])
