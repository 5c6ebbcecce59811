"""Sending one request on an injected ``httpx.AsyncClient`` with the limits of RUNTIMES.md §6.1.

* redirects followed by hand: at most :data:`MAX_REDIRECTS`, and only to http(s) targets;
* the whole exchange (redirects and body included) bounded by the timeout → :class:`RuntimeTimeout`;
* the (decoded) response body streamed and cut at :data:`MAX_RESPONSE_BYTES` → RUNTIME_EXECUTION_ERROR;
* credential-like headers are not forwarded to another origin;
* every httpx exception wrapped (``raise ... from exc``); messages show :func:`display_url`, never a password.

httpx is imported inside the functions: the linter imports this package only for ``validate``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from runtimes.base import ExecutionState
from runtimes.errors import FlowScriptRuntimeError, RuntimeTimeout
from runtimes.records import field, record
from runtimes.validation.credentials import is_credential_name

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

    import httpx

__all__ = [
    "MAX_REDIRECTS",
    "MAX_RESPONSE_BYTES",
    "REDACTED",
    "HttpResponse",
    "client_for",
    "decode_body",
    "display_url",
    "send_request",
    "strict_json",
]

MAX_REDIRECTS = 10
MAX_RESPONSE_BYTES = 10 * 1024 * 1024
REDACTED = "[REDACTED]"


@record
class HttpResponse:
    status: int
    reason: str
    headers: dict[str, str]
    """Lower-case names; repeated headers joined with ``, ``."""
    content: bytes
    url: str
    charset: str | None = None
    history: tuple[int, ...] = field(default=())

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def ok(self) -> bool:
        return 200 <= self.status <= 299

    def text(self) -> str:
        try:
            return self.content.decode(self.charset or "utf-8", errors="replace")
        except LookupError:  # an unknown charset name in Content-Type
            return self.content.decode("utf-8", errors="replace")


def display_url(url: str) -> str:
    """``url`` without its userinfo password and with credential-like query values replaced by ``[REDACTED]``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user, colon, _password = userinfo.partition(":")
        netloc = f"{user}:{REDACTED}@{hostport}" if colon else netloc
    query = "&".join(_redact_pair(pair) for pair in parts.query.split("&")) if parts.query else parts.query
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _redact_pair(pair: str) -> str:
    """One raw ``name=value`` piece of a query string, its value replaced when the (decoded) name is credential-like.
    Other pieces are kept exactly as written."""
    name, equals, _value = pair.partition("=")
    if not equals or not is_credential_name(unquote_plus(name)):
        return pair
    return f"{name}={REDACTED}"


@asynccontextmanager
async def client_for(state: ExecutionState) -> AsyncIterator[httpx.AsyncClient]:
    """The injected client, or a private one for this execution (closed afterwards)."""
    if state.http is not None:
        yield state.http
        return
    import httpx

    async with httpx.AsyncClient() as client:
        yield client


async def send_request(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    headers: Sequence[tuple[str, str]],
    content: bytes | None,
    timeout_ms: int,
    *,
    max_bytes: int = MAX_RESPONSE_BYTES,
    timeout_message: str = "Request timed out after {ms}ms",
) -> HttpResponse:
    """One exchange, redirects included. Raises only FlowScriptRuntimeError subclasses."""
    import httpx

    seconds = timeout_ms / 1000
    shown = display_url(url)
    try:
        import asyncio

        async with asyncio.timeout(seconds):
            request = client.build_request(method, url, headers=list(headers), content=content, timeout=seconds)
            history: list[int] = []
            while True:
                response = await client.send(request, stream=True, follow_redirects=False)
                try:
                    next_request = response.next_request
                    if next_request is None:
                        body = await _read_limited(response, max_bytes, shown)
                        return HttpResponse(
                            status=response.status_code,
                            reason=response.reason_phrase,
                            headers=_headers(response.headers),
                            content=body,
                            url=str(response.url),
                            charset=response.charset_encoding,
                            history=tuple(history),
                        )
                finally:
                    await response.aclose()
                history.append(response.status_code)
                if len(history) > MAX_REDIRECTS:
                    raise FlowScriptRuntimeError(f"Request to {shown} failed: more than {MAX_REDIRECTS} redirects")
                scheme = next_request.url.scheme.lower()
                if scheme not in ("http", "https"):
                    raise FlowScriptRuntimeError(
                        f"Request to {shown} failed: redirect to a {scheme or 'relative'}: URL refused "
                        "(only http and https are followed)"
                    )
                if next_request.method != request.method and next_request.method == "GET":
                    # 301/302/303 turned the request into a GET without a body: its Content-Type no longer applies.
                    next_request.headers.pop("content-type", None)
                if _origin(next_request.url) != _origin(request.url):
                    # httpx drops Authorization on a cross-origin redirect; drop every credential-like header too.
                    for name in [name for name in next_request.headers if is_credential_name(name)]:
                        del next_request.headers[name]
                request = next_request
    except TimeoutError as exc:
        raise RuntimeTimeout(timeout_message.format(ms=timeout_ms), timeout_ms) from exc
    except httpx.TimeoutException as exc:
        raise RuntimeTimeout(timeout_message.format(ms=timeout_ms), timeout_ms) from exc
    except httpx.HTTPError as exc:
        raise FlowScriptRuntimeError(f"Request to {shown} failed: {_reason(exc)}") from exc
    except httpx.InvalidURL as exc:
        raise FlowScriptRuntimeError(f"Request to {shown} failed: invalid URL ({exc})") from exc
    except (UnicodeError, ValueError, TypeError) as exc:
        raise FlowScriptRuntimeError(
            f"Request to {shown} failed: {type(exc).__name__} while building the request"
        ) from exc


async def _read_limited(response: httpx.Response, max_bytes: int, shown: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FlowScriptRuntimeError(
                f"Response from {shown} is larger than the limit of {_size_text(max_bytes)}; "
                "narrow the request (for example with query parameters)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _size_text(size: int) -> str:
    if size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MB"
    if size % 1024 == 0:
        return f"{size // 1024} KB"
    return f"{size} bytes"


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host, url.port)


def _headers(headers: httpx.Headers) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in headers.multi_items():
        key = name.lower()
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


def decode_body(response: HttpResponse) -> Any:
    """RUNTIMES.md §6.1 step 7: empty → None; JSON content types strict; text/xml as text; else JSON if it parses."""
    if not response.content:
        return None
    content_type = response.content_type.lower()
    text = response.text()
    if "application/json" in content_type:
        try:
            return strict_json(text)
        except ValueError as exc:
            raise FlowScriptRuntimeError("Response is not valid JSON") from exc
    if content_type.startswith("text/") or "xml" in content_type:
        return text
    try:
        return strict_json(text)
    except ValueError:
        return text


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def strict_json(text: str) -> Any:
    return json.loads(text, parse_constant=_reject_constant)
