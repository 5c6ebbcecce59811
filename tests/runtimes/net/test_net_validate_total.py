"""validate is total: arbitrary config values never make the network runtimes raise (RUNTIMES.md §1.3)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from runtimes.ai import AiTransformRuntime
from runtimes.base import RuntimeIssue, ValidateContext
from runtimes.email import EmailSinkRuntime
from runtimes.http import HttpSinkRuntime, HttpSourceRuntime
from tests.runtimes.net.helpers import node

PIECES = st.sampled_from(
    [
        "http",
        "https",
        "://",
        "@",
        ":",
        "?",
        "&",
        "=",
        "#",
        "/",
        "[",
        "]",
        "{{",
        "}}",
        "$secrets.",
        "$config.",
        "$env.",
        "token",
        "api_key",
        "x",
        " ",
        "localhost",
        "127.0.0.1",
        "'",
        '"',
        "\\",
        "bearer",
        "oauth2",
        "GET",
        "{",
        "}",
        ",",
    ]
)
TEXT = st.lists(PIECES | st.text(max_size=4), max_size=12).map("".join)
VALUE: st.SearchStrategy[Any] = st.recursive(
    TEXT | st.integers(),
    lambda inner: st.dictionaries(TEXT, inner, max_size=4) | st.lists(inner, max_size=3),
    max_leaves=8,
)
KEYS = st.sampled_from(
    [
        "url",
        "method",
        "headers",
        "params",
        "body",
        "auth",
        "extract",
        "timeout",
        "api_key",
        "to",
        "from",
        "provider",
        "model",
        "user",
        "output-schema",
        "max-tokens",
        "max-retries",
        "type",
        "token",
        "token_url",
    ]
)
CONFIG = st.dictionaries(KEYS, VALUE, max_size=8)
AUTH = st.fixed_dictionaries(
    {"type": st.sampled_from(["bearer", "basic", "oauth2", "api_key", "none", "{{x}}"])},
    optional={
        "token": TEXT,
        "username": TEXT,
        "password": TEXT,
        "token_url": TEXT,
        "client_id": TEXT,
        "client_secret": TEXT,
        "key": TEXT,
        "name": TEXT,
        "scope": TEXT,
        "other": VALUE,
    },
)
DEFAULTS = st.dictionaries(st.sampled_from(["a", "b", "base", "t"]), TEXT | st.integers() | st.booleans(), max_size=3)
RUNTIMES = (HttpSourceRuntime(), HttpSinkRuntime(), EmailSinkRuntime(), AiTransformRuntime())


@settings(max_examples=60, deadline=None)
@given(config=CONFIG, auth=AUTH, defaults=DEFAULTS)
def test_validate_never_raises(config: dict[str, Any], auth: dict[str, Any], defaults: dict[str, Any]) -> None:
    ctx = ValidateContext(workflow_dir=None, base_dir=None, config_defaults=defaults)
    for runtime in RUNTIMES:
        for variant in (config, {**config, "auth": auth}):
            issues = runtime.validate(node(runtime.type, variant), ctx)
            assert all(isinstance(issue, RuntimeIssue) for issue in issues)
            for issue in issues:
                if issue.span is not None:
                    value: Any = variant
                    for part in issue.path:
                        value = value[part]
                    assert isinstance(value, str)
                    assert 0 <= issue.span[0] <= issue.span[1] <= len(value)
