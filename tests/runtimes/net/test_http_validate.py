"""Static checks of the http runtimes: URLs, methods, timeouts, extract, auth, credentials (RUNTIMES.md §5.3–6.2)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from runtimes.base import ConfigValue, RuntimeIssue, ValidateContext
from runtimes.http import HttpSinkRuntime, HttpSourceRuntime
from tests.runtimes.net.helpers import node

SOURCE = HttpSourceRuntime()
SINK = HttpSinkRuntime()
CTX = ValidateContext(workflow_dir=None, base_dir=None)


def source_issues(config: Mapping[str, Any], defaults: Mapping[str, Any] | None = None) -> list[RuntimeIssue]:
    ctx = ValidateContext(workflow_dir=None, base_dir=None, config_defaults=dict(defaults or {}))
    return SOURCE.validate(node("http:source", config), ctx)


def codes(issues: list[RuntimeIssue]) -> list[str]:
    return [issue.code for issue in issues]


def test_clean_source_has_no_issues() -> None:
    config = {
        "url": "https://api.example.com/v1/items",
        "method": "get",
        "headers": {"Accept": "application/json", "Authorization": "Bearer {{$secrets.TOKEN}}"},
        "params": {"q": "{{input.q}}"},
        "extract": "items[0].name",
        "timeout": "5000",
        "auth": {"type": "bearer", "token": "{{ $secrets.TOKEN }}"},
    }
    assert source_issues(config) == []


def test_missing_url() -> None:
    [issue] = source_issues({})
    assert issue == RuntimeIssue(
        "VALID_MISSING_REQUIRED_FIELD",
        "error",
        'HTTP source "n1" requires a "url"',
        hints=('Add url="https://..." or a <url> child',),
    )


@pytest.mark.parametrize("url", ["ftp://x.example/a", "example.com/a", "https://", "http:///path", "/rel"])
def test_invalid_urls(url: str) -> None:
    [issue] = source_issues({"url": url})
    assert issue.code == "RUNTIME_INVALID_CONFIG"
    assert issue.message == f'URL must be an absolute http(s) URL: "{url}"'
    assert issue.path == ("url",)


@pytest.mark.parametrize("url", ["HTTPS://X.example", "http://127.0.0.1:8080/x", "https://[::1]/", "{{input.url}}"])
def test_valid_urls(url: str) -> None:
    assert source_issues({"url": url}) == []


def test_dynamic_url_prefix_scheme_is_checked() -> None:
    [issue] = source_issues({"url": "ftp://{{input.host}}/x"})
    assert issue.message == 'URL must be an absolute http(s) URL: "ftp://{{input.host}}/x"'
    assert source_issues({"url": "https://{{input.host}}/x"}) == []


def test_static_url_points_at_the_segment_with_a_hint() -> None:
    [issue] = source_issues({"url": "{{ $config.base }}/items"}, {"base": "api.example.com"})
    assert issue.message == 'URL must be an absolute http(s) URL: "api.example.com/items"'
    assert issue.span == (0, 18)
    assert issue.hints[-1].startswith('With $config.base = "api.example.com" (its default)')


def test_method_enum_per_runtime() -> None:
    [issue] = source_issues({"url": "https://a.example", "method": "FETCH"})
    assert issue.message == 'Method "FETCH" is not allowed for http:source; use one of GET, POST, PUT, PATCH, DELETE'
    assert issue.path == ("method",)
    [issue] = SINK.validate(node("http:sink", {"url": "https://a.example", "method": "get"}), CTX)
    assert issue.message == 'Method "get" is not allowed for http:sink; use one of POST, PUT, PATCH, DELETE'
    assert SOURCE.validate(node("http:source", {"url": "https://a.example", "method": "patch"}), CTX) == []


@pytest.mark.parametrize("method", [None, "GET", "delete"])
def test_body_with_get_or_delete_is_a_warning_on_the_key(method: str | None) -> None:
    config = {"url": "https://a.example", "body": "{}"}
    if method is not None:
        config["method"] = method
    [issue] = source_issues(config)
    assert issue.severity == "warning"
    assert issue.message == f"body is ignored for {(method or 'GET').upper()} requests"
    assert (issue.path, issue.target) == (("body",), "key")


@pytest.mark.parametrize("timeout", ["0", "-1", "1.5", "30s", "abc"])
def test_timeout_must_be_a_positive_integer(timeout: str) -> None:
    [issue] = source_issues({"url": "https://a.example", "timeout": timeout})
    assert issue.message == f'"timeout" must be a positive integer: "{timeout}"'
    assert issue.hints == ("Milliseconds, e.g. 30000",)


def test_invalid_jmespath() -> None:
    [issue] = source_issues({"url": "https://a.example", "extract": "items[?"})
    assert issue.code == "RUNTIME_INVALID_CONFIG"
    assert issue.message.startswith('Invalid JMESPath expression in "extract": ')
    assert issue.path == ("extract",)
    assert source_issues({"url": "https://a.example", "extract": "{{ input.path }}"}) == []


def test_unknown_key_with_alias_hint() -> None:
    [issue] = source_issues({"url": "https://a.example", "query": {"a": "1"}})
    assert issue.code == "VALID_UNKNOWN_FIELD"
    assert issue.target == "key"
    assert 'Use "params" instead of "query"' in issue.hints


# -- auth -------------------------------------------------------------------------------------------------------------


def test_auth_not_an_object() -> None:
    [issue] = source_issues({"url": "https://a.example", "auth": "bearer"})
    assert issue.code == "RUNTIME_AUTH_INVALID"
    assert issue.message == 'auth in node "n1" must be a key-value block with a "type"'
    assert issue.path == ("auth",)


@pytest.mark.parametrize("auth", ["", "   ", "\n  \n"])
def test_empty_auth_is_missing(auth: str) -> None:
    # RUNTIMES.md §5.1: "" after trimming is missing; the §5.4 auth rules apply to an auth that is present.
    assert source_issues({"url": "https://a.example", "auth": auth}) == []


def test_auth_type_missing_and_unknown() -> None:
    [issue] = source_issues({"url": "https://a.example", "auth": {"token": "{{$secrets.T}}"}})
    assert issue.message == 'auth.type is missing in node "n1"'
    assert issue.hints == ("Use type: none, bearer, basic, oauth2 or api_key",)
    [issue] = source_issues({"url": "https://a.example", "auth": {"type": "digest"}})
    assert issue.message == 'Unknown auth type "digest" in node "n1"'
    assert issue.path == ("auth", "type")


def test_required_auth_keys_one_issue_per_key() -> None:
    issues = source_issues({"url": "https://a.example", "auth": {"type": "oauth2", "scope": "x"}})
    assert [(issue.code, issue.message, issue.path) for issue in issues] == [
        ("RUNTIME_AUTH_INVALID", f'OAuth2 auth in node "n1" requires "{key}"', ("auth",))
        for key in ("token_url", "client_id", "client_secret")
    ]
    issues = source_issues({"url": "https://a.example", "auth": {"type": "basic"}})
    assert [issue.message for issue in issues] == [
        'Basic auth in node "n1" requires "username"',
        'Basic auth in node "n1" requires "password"',
    ]
    [issue] = source_issues({"url": "https://a.example", "auth": {"type": "api_key"}})
    assert issue.message == 'API-key auth in node "n1" requires "key"'


def test_unknown_auth_key() -> None:
    [issue] = source_issues(
        {"url": "https://a.example", "auth": {"type": "bearer", "token": "{{$secrets.T}}", "x": "1"}}
    )
    assert issue == RuntimeIssue(
        "VALID_UNKNOWN_FIELD", "warning", 'Unknown auth field "x" for type bearer', ("auth", "x"), target="key"
    )


@pytest.mark.parametrize(
    ("token_url", "ok"),
    [
        ("https://auth.example.com/token", True),
        ("http://localhost:8080/token", True),
        ("http://127.0.0.5/token", True),
        ("http://[::1]/token", True),
        ("http://auth.example.com/token", False),
        ("ftp://auth.example.com/token", False),
    ],
)
def test_oauth2_token_url_must_be_https(token_url: str, ok: bool) -> None:
    auth = {"type": "oauth2", "token_url": token_url, "client_id": "c", "client_secret": "{{$secrets.S}}"}
    issues = source_issues({"url": "https://a.example", "auth": auth})
    if ok:
        assert issues == []
    else:
        [issue] = issues
        assert issue.message == "OAuth2 token_url must use https (except for localhost)"
        assert issue.path == ("auth", "token_url")


def test_oauth2_token_url_through_a_static_config_value() -> None:
    # RUNTIMES.md §5.1: an issue found through a static value points at the segment and names the field and default
    token_url = "{{$config.tu}}"
    auth = {"type": "oauth2", "token_url": token_url, "client_id": "c", "client_secret": "{{$secrets.S}}"}
    [issue] = source_issues({"url": "https://a.example", "auth": auth}, {"tu": "http://auth.example.com/t"})
    assert issue.message == "OAuth2 token_url must use https (except for localhost)"
    assert issue.path == ("auth", "token_url")
    assert issue.span == (0, len(token_url))
    assert issue.hints == (
        'With $config.tu = "http://auth.example.com/t" (its default) the value is "http://auth.example.com/t"',
    )


@pytest.mark.parametrize(
    ("auth", "what", "key"),
    [
        ({"type": "bearer", "token": "abc"}, "auth.token", "token"),
        ({"type": "basic", "username": "u", "password": "pw"}, "auth.password", "password"),
        ({"type": "api_key", "key": "k-{{input.x}}"}, "auth.key", "key"),
        (
            {"type": "oauth2", "token_url": "https://t.example", "client_id": "c", "client_secret": "s"},
            "auth.client_secret",
            "client_secret",
        ),
    ],
)
def test_auth_credentials_written_in_the_file(auth: dict[str, str], what: str, key: str) -> None:
    [issue] = source_issues({"url": "https://a.example", "auth": auth})
    assert issue.code == "RUNTIME_HARDCODED_SECRET"
    assert issue.severity == "warning"
    assert issue.message == f'{what} in node "n1" is written in the file'
    assert issue.path == ("auth", key)
    assert issue.hints == ("Declare a secret (secrets: [NAME]) and write {{$secrets.NAME}}",)


def test_config_reference_counts_as_written_in_the_file() -> None:
    [issue] = source_issues({"url": "https://a.example", "auth": {"type": "bearer", "token": "{{ $config.token }}"}})
    assert issue.code == "RUNTIME_HARDCODED_SECRET"
    assert issue.hints == ("$config defaults are stored in the file; use $secrets",)


@pytest.mark.parametrize("value", ["{{$secrets.T}}", "Bearer {{ $env.TOKEN }}", "{{ $secrets['T'] }}"])
def test_secret_references_are_not_hardcoded(value: str) -> None:
    assert source_issues({"url": "https://a.example", "headers": {"Authorization": value}}) == []


def test_credential_like_headers() -> None:
    config = {
        "url": "https://a.example",
        "headers": {"X-Api-Key": "abc", "Cookie": "s=1", "X-Request-Id": "1", "X-Session-Token": "t"},
    }
    issues = source_issues(config)
    assert [(issue.message, issue.path) for issue in issues] == [
        ('Header "X-Api-Key" in node "n1" is written in the file', ("headers", "X-Api-Key")),
        ('Header "Cookie" in node "n1" is written in the file', ("headers", "Cookie")),
        ('Header "X-Session-Token" in node "n1" is written in the file', ("headers", "X-Session-Token")),
    ]


def test_url_password_span() -> None:
    url = "https://user:hunter2@a.example/x"
    [issue] = source_issues({"url": url})
    assert issue.message == 'The password in the URL in node "n1" is written in the file'
    assert issue.path == ("url",)
    assert issue.span is not None
    assert url[issue.span[0] : issue.span[1]] == "hunter2"
    assert source_issues({"url": "https://user:{{$secrets.PW}}@a.example/x"}) == []


def test_query_parameter_in_the_url_and_in_params() -> None:
    url = "https://a.example/x?q={{ a && b }}&api_key=abc123&token={{$secrets.T}}"
    issues = source_issues({"url": url, "params": {"access_token": "zzz", "page": "1"}})
    assert [(issue.message, issue.path) for issue in issues] == [
        ('Query parameter "api_key" in node "n1" is written in the file', ("url",)),
        ('Query parameter "access_token" in node "n1" is written in the file', ("params", "access_token")),
    ]
    span = issues[0].span
    assert span is not None
    assert url[span[0] : span[1]] == "abc123"


def test_insecure_transport_once_per_node_listing_what_is_sent() -> None:
    # {list} order of DIAGNOSTICS.md §4.7: auth, header {name}, URL userinfo, query parameter {name}
    url = "http://user@api.example.com/x?sig={{$secrets.S}}"
    config = {
        "url": url,
        "headers": {"Authorization": "{{$secrets.T}}"},
        "params": {"token": "{{$secrets.T}}"},
        "auth": {"type": "bearer", "token": "{{$secrets.T}}"},
    }
    [issue] = source_issues(config)
    assert issue.code == "RUNTIME_INSECURE_TRANSPORT"
    assert issue.message == (
        'Node "n1" sends credentials (auth, header Authorization, URL userinfo, query parameter sig, '
        "query parameter token) over plain http to api.example.com"
    )
    assert issue.span == (0, 4)
    assert issue.hints == ("Use https://",)


def test_insecure_transport_lists_headers_before_url_items() -> None:
    config = {"url": "http://u@api.example.com/x", "headers": {"Cookie": "{{$secrets.T}}"}}
    [issue] = source_issues(config)
    assert issue.message == (
        'Node "n1" sends credentials (header Cookie, URL userinfo) over plain http to api.example.com'
    )


@pytest.mark.parametrize(
    "url",
    ["https://api.example.com/x", "http://localhost:3000/x", "http://127.0.0.1/x", "http://{{input.host}}/x"],
)
def test_no_insecure_transport_for_https_loopback_or_unknown_hosts(url: str) -> None:
    assert source_issues({"url": url, "auth": {"type": "bearer", "token": "{{$secrets.T}}"}}) == []


def test_insecure_transport_through_a_static_url() -> None:
    config = {"url": "{{$config.base}}/x", "auth": {"type": "bearer", "token": "{{$secrets.T}}"}}
    [issue] = source_issues(config, {"base": "http://api.example.com"})
    assert issue.code == "RUNTIME_INSECURE_TRANSPORT"
    assert issue.span == (0, 16)


def test_no_insecure_transport_without_credentials() -> None:
    assert source_issues({"url": "http://api.example.com/x", "auth": {"type": "none"}}) == []


def test_validate_never_raises_on_odd_input() -> None:
    odd: list[dict[str, ConfigValue]] = [
        {"url": "{{", "method": "{{", "auth": {"type": "{{"}},
        {"url": "http://[::1", "headers": "x", "params": ["a"], "auth": ["bearer"]},
        {"url": "https://a.example?&&=&token", "extract": "{{$config.e}}", "timeout": ""},
        {"url": 5, "method": {"a": "b"}, "auth": {"type": "basic", "password": {"x": "y"}}},
    ]
    for config in odd:
        SOURCE.validate(node("http:source", config), CTX)
        SINK.validate(node("http:sink", config), CTX)


def test_sink_params_are_only_an_unknown_key() -> None:
    issues = SINK.validate(node("http:sink", {"url": "https://a.example", "params": {"token": "abc"}}), CTX)
    assert [issue.code for issue in issues] == ["VALID_UNKNOWN_FIELD"]
