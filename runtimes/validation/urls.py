"""URL rules (RUNTIMES.md §5.3).

* The effective text of a URL must be an absolute URL with scheme ``http``/``https`` (case-insensitive) and a
  non-empty host; for a dynamic template whose literal prefix contains ``://`` only the prefix's scheme is checked.
* *Loopback* hosts: ``localhost``, names ending in ``.localhost``, ``127.0.0.0/8`` and ``::1``.
* A URL is *plain http* when its scheme is ``http`` and its host is known (the whole authority is literal or static)
  and not loopback.

The structural parse (:func:`split_url`) works on a *masked* copy of the raw value in which every ``{{ }}`` segment is
replaced by NUL characters, so spans stay offsets into the raw string and delimiters inside expressions are ignored.
"""

from __future__ import annotations

import ipaddress
import re

from runtimes.base import ConfigValue, RuntimeIssue, ValidateContext
from runtimes.records import record
from runtimes.validation.common import effective_text, segments, value_issue

__all__ = [
    "MASK",
    "PlainHttp",
    "UrlParts",
    "check_url",
    "is_absolute_http_url",
    "is_loopback_host",
    "mask_template",
    "plain_http",
    "split_url",
]

MASK = "\x00"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
_ALLOWED_SCHEMES = ("http", "https")


def mask_template(raw: str) -> str:
    """``raw`` with each expression (and unclosed) segment replaced by NULs of the same length."""
    if "{{" not in raw:
        return raw
    chars = list(raw)
    for segment in segments(raw):
        if segment.kind != "text":
            chars[segment.start : segment.end] = MASK * (segment.end - segment.start)
    return "".join(chars)


@record
class UrlParts:
    """Spans are ``[start, end)`` offsets into the string that was split."""

    scheme: str
    scheme_span: tuple[int, int]
    userinfo: tuple[int, int] | None
    password: tuple[int, int] | None
    host: tuple[int, int]
    authority: tuple[int, int]
    query: tuple[int, int] | None
    """The text after ``?`` up to ``#`` or the end."""

    def params(self, text: str) -> list[tuple[str, tuple[int, int]]]:
        """``(name, value span)`` of each ``name=value`` pair of the query (pairs without ``=`` have empty values)."""
        if self.query is None:
            return []
        out: list[tuple[str, tuple[int, int]]] = []
        start, end = self.query
        position = start
        while position <= end:
            amp = text.find("&", position, end)
            stop = end if amp == -1 else amp
            pair = text[position:stop]
            if pair:
                eq = pair.find("=")
                if eq == -1:
                    out.append((pair, (stop, stop)))
                else:
                    out.append((pair[:eq], (position + eq + 1, stop)))
            position = stop + 1
        return out


def split_url(text: str) -> UrlParts | None:
    """Split ``scheme://authority/...``; None when ``text`` (leading whitespace allowed) has no ``scheme://``."""
    offset = len(text) - len(text.lstrip())
    match = _SCHEME.match(text, offset)
    if match is None or not text.startswith("://", match.end()):
        return None
    scheme_span = (match.start(), match.end())
    authority_start = match.end() + 3
    authority_end = authority_start
    while authority_end < len(text) and text[authority_end] not in "/?#":
        authority_end += 1
    at = text.rfind("@", authority_start, authority_end)
    userinfo: tuple[int, int] | None = None
    password: tuple[int, int] | None = None
    host_start = authority_start
    if at != -1:
        userinfo = (authority_start, at)
        colon = text.find(":", authority_start, at)
        if colon != -1:
            password = (colon + 1, at)
        host_start = at + 1
    host_end = authority_end
    if text.startswith("[", host_start):
        close = text.find("]", host_start, authority_end)
        host_end = close + 1 if close != -1 else authority_end
    else:
        colon = text.find(":", host_start, authority_end)
        if colon != -1:
            host_end = colon
    query: tuple[int, int] | None = None
    question = text.find("?", authority_end)
    if question != -1:
        hash_index = text.find("#", question)
        query = (question + 1, hash_index if hash_index != -1 else len(text.rstrip()))
    return UrlParts(
        scheme=text[scheme_span[0] : scheme_span[1]],
        scheme_span=scheme_span,
        userinfo=userinfo,
        password=password,
        host=(host_start, host_end),
        authority=(authority_start, authority_end),
        query=query,
    )


def is_loopback_host(host: str) -> bool:
    name = host.strip().lower().rstrip(".")
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback if address.version == 6 else address in ipaddress.ip_network("127.0.0.0/8")


def is_absolute_http_url(text: str) -> bool:
    """Scheme http/https (any case) and a non-empty host."""
    parts = split_url(text)
    if parts is None or parts.scheme.lower() not in _ALLOWED_SCHEMES:
        return False
    host = text[parts.host[0] : parts.host[1]]
    return bool(host.strip("[]").strip())


def check_url(value: ConfigValue | None, path: tuple[str | int, ...], ctx: ValidateContext) -> list[RuntimeIssue]:
    """RUNTIME_INVALID_CONFIG ``URL must be an absolute http(s) URL: "{url}"`` (RUNTIMES.md §5.3)."""
    if not isinstance(value, str) or not value.strip():
        return []
    effective = effective_text(value, ctx)
    if effective is not None:
        if is_absolute_http_url(effective.text):
            return []
        message = f'URL must be an absolute http(s) URL: "{effective.text}"'
        return [value_issue("RUNTIME_INVALID_CONFIG", "error", message, path, effective)]
    prefix = value[: value.find("{{")] if "{{" in value else value
    if "://" not in prefix:
        return []
    parts = split_url(prefix)
    if parts is not None and parts.scheme.lower() in _ALLOWED_SCHEMES:
        return []
    message = f'URL must be an absolute http(s) URL: "{value}"'
    return [RuntimeIssue("RUNTIME_INVALID_CONFIG", "error", message, path)]


@record
class PlainHttp:
    host: str
    scheme_span: tuple[int, int]
    """The ``http`` scheme in the raw value (or the ``{{ }}`` segment it comes from)."""


def plain_http(value: ConfigValue | None, ctx: ValidateContext) -> PlainHttp | None:
    """The host and scheme span when the URL is plain http to a known, non-loopback host."""
    if not isinstance(value, str) or not value.strip():
        return None
    effective = effective_text(value, ctx)
    masked = mask_template(value)
    raw_parts = split_url(masked)
    if effective is not None:
        parts = split_url(effective.text)
        if parts is None:
            return None
        scheme = parts.scheme
        host = effective.text[parts.host[0] : parts.host[1]]
        if raw_parts is not None and MASK not in masked[raw_parts.scheme_span[0] : raw_parts.scheme_span[1]]:
            span = raw_parts.scheme_span
        else:
            span = effective.span or parts.scheme_span
    else:
        if raw_parts is None or MASK in masked[raw_parts.authority[0] : raw_parts.authority[1]]:
            return None
        if masked.find(MASK) < raw_parts.authority[1]:
            return None
        scheme = raw_parts.scheme
        host = value[raw_parts.host[0] : raw_parts.host[1]]
        span = raw_parts.scheme_span
    if scheme.lower() != "http" or not host or is_loopback_host(host):
        return None
    return PlainHttp(host, span)
