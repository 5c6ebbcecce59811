"""email:sink against a fake SendGrid service on 127.0.0.1 (RUNTIMES.md §6.7)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from runtimes.base import ConfigValue, RuntimeIssue, ValidateContext
from runtimes.email import EmailSinkRuntime
from runtimes.errors import HttpError, RuntimeConfigError
from tests.runtimes.net.helpers import node, params
from tests.support.local_server import LocalServer, Reply, json_reply, text_reply

SINK = EmailSinkRuntime()
CTX = ValidateContext(workflow_dir=None, base_dir=None)
CONFIG: dict[str, ConfigValue] = {
    "api_key": "SG.key",
    "to": "a@example.com, b@example.com",
    "from": "robot@example.com",
    "subject": "Report",
    "text": "Body",
}


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as http:
        yield http


def settings(server: LocalServer) -> dict[str, str]:
    return {"sendgrid_base_url": server.base_url}


async def test_dry_run_sends_nothing(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    result = await SINK.execute(params("email:sink", CONFIG, client=client, settings=settings(local_server)))
    assert result.output == {
        "dryRun": True,
        "to": ["a@example.com", "b@example.com"],
        "from": "robot@example.com",
        "subject": "Report",
    }
    assert local_server.requests == []


async def test_send(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    local_server.route("POST", "/v3/mail/send", Reply(202, b"", {"X-Message-Id": "msg-1"}))
    config = {**CONFIG, "html": "<b>Body</b>"}
    result = await SINK.execute(
        params("email:sink", config, client=client, allow=True, settings=settings(local_server))
    )
    assert result.output == {"status": 202, "messageId": "msg-1"}
    [request] = local_server.requests
    assert request.headers["authorization"] == "Bearer SG.key"
    assert request.json() == {
        "personalizations": [{"to": [{"email": "a@example.com"}, {"email": "b@example.com"}]}],
        "from": {"email": "robot@example.com"},
        "subject": "Report",
        "content": [{"type": "text/plain", "value": "Body"}, {"type": "text/html", "value": "<b>Body</b>"}],
    }


async def test_empty_content_and_no_message_id(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    local_server.route("POST", "/v3/mail/send", json_reply({}, status=200))
    config = {key: value for key, value in CONFIG.items() if key not in ("text", "subject")}
    result = await SINK.execute(
        params("email:sink", config, client=client, allow=True, settings=settings(local_server))
    )
    assert result.output == {"status": 200, "messageId": None}
    assert local_server.requests[0].json()["content"] == [{"type": "text/plain", "value": ""}]
    assert local_server.requests[0].json()["subject"] == ""


async def test_api_error(local_server: LocalServer, client: httpx.AsyncClient) -> None:
    local_server.route("POST", "/v3/mail/send", text_reply('{"errors": ["bad"]}', status=400))
    with pytest.raises(HttpError) as info:
        await SINK.execute(params("email:sink", CONFIG, client=client, allow=True, settings=settings(local_server)))
    assert info.value.message == "SendGrid API error: HTTP 400"
    assert info.value.status == 400
    assert info.value.body == '{"errors": ["bad"]}'


@pytest.mark.parametrize(
    ("override", "message", "path"),
    [
        ({"provider": "mailgun"}, 'Unsupported email provider "mailgun"', ("provider",)),
        ({"to": "nobody"}, '"to" is not a valid e-mail address list: "nobody"', ("to",)),
        ({"from": "me"}, '"from" is not a valid e-mail address list: "me"', ("from",)),
        ({"api_key": " "}, 'Email sink "n1" requires an "api_key" attribute', ("api_key",)),
    ],
)
async def test_config_errors_at_run_time(override: dict[str, str], message: str, path: tuple[str, ...]) -> None:
    with pytest.raises(RuntimeConfigError) as info:
        await SINK.execute(params("email:sink", {**CONFIG, **override}, allow=True))
    assert info.value.message == message
    assert info.value.path == path


def issues(config: dict[str, ConfigValue]) -> list[RuntimeIssue]:
    return SINK.validate(node("email:sink", config), CTX)


def test_validate_clean_with_secret_key() -> None:
    assert issues({**CONFIG, "api_key": "{{ $secrets.SENDGRID_API_KEY }}"}) == []


def test_validate_required_keys() -> None:
    got = [(issue.code, issue.message, issue.hints) for issue in issues({})]
    assert got == [
        (
            "VALID_MISSING_REQUIRED_FIELD",
            'Email sink "n1" requires an "api_key" attribute',
            ('Add api_key="{{$secrets.SENDGRID_API_KEY}}" or similar',),
        ),
        (
            "VALID_MISSING_REQUIRED_FIELD",
            'Email sink "n1" requires a "to" attribute',
            ('Add to="recipient@example.com"',),
        ),
        (
            "VALID_MISSING_REQUIRED_FIELD",
            'Email sink "n1" requires a "from" attribute',
            ('Add from="sender@example.com"',),
        ),
    ]


def test_validate_values() -> None:
    config = {**CONFIG, "to": "a@example.com,bob", "from": "robot", "provider": "ses"}
    got = [(issue.code, issue.message, issue.path) for issue in issues(config)]
    assert got == [
        ("RUNTIME_HARDCODED_SECRET", 'api_key in node "n1" is written in the file', ("api_key",)),
        ("RUNTIME_INVALID_CONFIG", '"to" is not a valid e-mail address list: "a@example.com,bob"', ("to",)),
        ("RUNTIME_INVALID_CONFIG", '"from" is not a valid e-mail address list: "robot"', ("from",)),
        ("RUNTIME_INVALID_CONFIG", 'Unsupported email provider "ses"', ("provider",)),
    ]


def test_validate_skips_templates_in_addresses() -> None:
    assert issues({**CONFIG, "api_key": "{{$secrets.K}}", "to": "{{ input.email }}", "from": "{{$config.f}}"}) == []
