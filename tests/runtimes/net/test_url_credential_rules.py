"""The helpers of RUNTIMES.md §5.3 (URLs) and §5.4 (credentials)."""

from __future__ import annotations

import pytest

from runtimes.base import ValidateContext
from runtimes.http.transport import display_url
from runtimes.validation.credentials import is_credential_name, references_secret, written_in_file
from runtimes.validation.urls import is_absolute_http_url, is_loopback_host, mask_template, plain_http, split_url

CTX = ValidateContext(workflow_dir=None, base_dir=None, config_defaults={"host": "api.example.com", "n": 3})


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("LOCALHOST", True),
        ("api.localhost", True),
        ("127.0.0.1", True),
        ("127.255.0.9", True),
        ("[::1]", True),
        ("::1", True),
        ("128.0.0.1", False),
        ("localhost.example.com", False),
        ("mylocalhost", False),
        ("10.0.0.1", False),
        ("[::2]", False),
        ("", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


@pytest.mark.parametrize(
    ("name", "credential"),
    [
        ("Authorization", True),
        ("proxy-authorization", True),
        ("Cookie", True),
        ("key", True),
        ("AUTH", True),
        ("sig", True),
        ("signature", True),
        ("X-Access-Token", True),
        ("client_secret", True),
        ("db-password", True),
        ("passwd", True),
        ("apikey", True),
        ("X-Api-Key", True),
        ("api_key", True),
        ("keys", False),
        ("author", False),
        ("Accept", False),
        ("x-signature-version", False),
    ],
)
def test_credential_like_names(name: str, credential: bool) -> None:
    assert is_credential_name(name) is credential


@pytest.mark.parametrize(
    ("value", "secret"),
    [
        ("{{$secrets.T}}", True),
        ("Bearer {{ $env.TOKEN }}", True),
        ("{{ $secrets['T'] }}", True),
        ("{{ $config.token }}", False),
        ("$secrets.T", False),
        ("{{ input.token }}", False),
        ("literal", False),
    ],
)
def test_references_secret(value: str, secret: bool) -> None:
    assert references_secret(value) is secret
    assert written_in_file(value) is not secret
    assert not written_in_file("  ")


def test_split_url_spans() -> None:
    url = "https://me:pw@[::1]:8443/p?a=1&b=&c#frag"
    parts = split_url(url)
    assert parts is not None
    assert url[parts.scheme_span[0] : parts.scheme_span[1]] == "https"
    assert parts.password is not None
    assert url[parts.password[0] : parts.password[1]] == "pw"
    assert url[parts.host[0] : parts.host[1]] == "[::1]"
    assert [(name, url[s:e]) for name, (s, e) in parts.params(url)] == [("a", "1"), ("b", ""), ("c", "")]
    assert split_url("mailto:x@y") is None


def test_mask_keeps_offsets() -> None:
    raw = "https://a.example/?q={{ a & b }}&k=1"
    masked = mask_template(raw)
    assert len(masked) == len(raw)
    assert "&" not in masked[21:32]
    assert masked.endswith("&k=1")


@pytest.mark.parametrize(
    ("url", "absolute"),
    [("http://a", True), ("HTTPS://a/b", True), ("http://", False), ("http://@/x", False), ("mailto:a@b", False)],
)
def test_absolute_http_urls(url: str, absolute: bool) -> None:
    assert is_absolute_http_url(url) is absolute


@pytest.mark.parametrize(
    ("url", "host", "span"),
    [
        ("http://api.example.com/x", "api.example.com", (0, 4)),
        ("  HTTP://api.example.com", "api.example.com", (2, 6)),
        ("http://{{$config.host}}/x", "api.example.com", (0, 4)),
        ("http://api.example.com/{{input.path}}", "api.example.com", (0, 4)),
        ("https://api.example.com/x", None, None),
        ("http://localhost:8080/x", None, None),
        ("http://{{input.host}}/x", None, None),
        ("http://api.{{input.zone}}.com/x", None, None),
    ],
)
def test_plain_http(url: str, host: str | None, span: tuple[int, int] | None) -> None:
    found = plain_http(url, CTX)
    if host is None:
        assert found is None
    else:
        assert found is not None
        assert (found.host, found.scheme_span) == (host, span)


def test_display_url_hides_passwords_and_credential_query_values() -> None:
    assert display_url("https://u:p@h.example/x?token=t&q=1") == "https://u:[REDACTED]@h.example/x?token=[REDACTED]&q=1"
    assert display_url("https://h.example/x?q=1") == "https://h.example/x?q=1"
    assert display_url("https://u@h.example/") == "https://u@h.example/"
