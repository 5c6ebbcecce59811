"""``email:sink``: send one message through SendGrid's v3 mail API (RUNTIMES.md §6.7). Always a write."""

from __future__ import annotations

import json

from runtimes.base import (
    ConfigValue,
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.errors import HttpError, RuntimeConfigError
from runtimes.http.fields import render_text
from runtimes.validation.common import check_common, effective_text, is_missing, node_label, value_issue
from runtimes.validation.credentials import hardcoded_secret

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["DEFAULT_SENDGRID_BASE_URL", "EmailSinkRuntime"]

DEFAULT_SENDGRID_BASE_URL = "https://api.sendgrid.com"
TIMEOUT_MS = 30_000
INVALID_CONFIG = "RUNTIME_INVALID_CONFIG"
PROVIDERS = ("sendgrid",)


def _addresses(text: str) -> list[str] | None:
    """The comma-separated items, or None when one of them has no ``@``."""
    items = [item.strip() for item in text.split(",")]
    return items if all("@" in item for item in items) else None


class EmailSinkRuntime:
    type = "email:sink"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        config = node.config
        issues = check_common(node)
        api_key = config.get("api_key")
        if isinstance(api_key, str):
            issue = hardcoded_secret("api_key", node, ("api_key",), api_key)
            if issue is not None:
                issues.append(issue)
        for key in ("to", "from"):
            value = config.get(key)
            if not isinstance(value, str) or is_missing(value) or "{{" in value:
                continue
            valid = _addresses(value) is not None if key == "to" else "@" in value
            if not valid:
                message = f'"{key}" is not a valid e-mail address list: "{value}"'
                issues.append(RuntimeIssue(INVALID_CONFIG, "error", message, (key,)))
        provider = effective_text(config.get("provider"), ctx)
        if provider is not None and provider.text.strip() not in PROVIDERS:
            message = f'Unsupported email provider "{provider.text.strip()}"'
            issues.append(value_issue(INVALID_CONFIG, "error", message, ("provider",), provider))
        return issues

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        from runtimes.http.transport import client_for, send_request  # execution only (lint start-up)

        state, config, node = params.state, params.config, params.node

        def text(key: str) -> str:
            value: ConfigValue | None = config.get(key)
            return render_text(state, value, path=(key,)) if value is not None else ""

        provider = text("provider").strip() or "sendgrid"
        if provider not in PROVIDERS:
            raise RuntimeConfigError(f'Unsupported email provider "{provider}"', ("provider",))
        api_key = text("api_key").strip()
        if not api_key:
            raise RuntimeConfigError(f'Email sink "{node_label(node)}" requires an "api_key" attribute', ("api_key",))
        to_text = text("to")
        recipients = _addresses(to_text) if to_text.strip() else None
        if recipients is None:
            raise RuntimeConfigError(f'"to" is not a valid e-mail address list: "{to_text}"', ("to",))
        sender = text("from").strip()
        if "@" not in sender:
            raise RuntimeConfigError(f'"from" is not a valid e-mail address list: "{sender}"', ("from",))
        subject, plain, html = text("subject"), text("text"), text("html")

        if not state.allow_side_effects:
            output = {"dryRun": True, "to": recipients, "from": sender, "subject": subject}
            return RuntimeExecuteResult(output, {"dry_run": True})

        content: list[dict[str, str]] = []
        if plain:
            content.append({"type": "text/plain", "value": plain})
        if html:
            content.append({"type": "text/html", "value": html})
        if not content:
            content.append({"type": "text/plain", "value": ""})
        body: dict[str, Any] = {
            "personalizations": [{"to": [{"email": address} for address in recipients]}],
            "from": {"email": sender},
            "subject": subject,
            "content": content,
        }
        base_url = str(state.settings.get("sendgrid_base_url") or DEFAULT_SENDGRID_BASE_URL).rstrip("/")
        headers = (("Authorization", f"Bearer {api_key}"), ("Content-Type", "application/json"))
        async with client_for(state) as client:
            response = await send_request(
                client,
                "POST",
                f"{base_url}/v3/mail/send",
                headers,
                json.dumps(body, ensure_ascii=False).encode("utf-8"),
                TIMEOUT_MS,
            )
        if not response.ok:
            raise HttpError(f"SendGrid API error: HTTP {response.status}", response.status, response.text())
        output = {"status": response.status, "messageId": response.headers.get("x-message-id")}
        return RuntimeExecuteResult(output, {"status": response.status})
