"""Credential rules (RUNTIMES.md §5.4, DIAGNOSTICS.md §4.7).

A value *references a secret* when one of its ``{{ }}`` segments contains a member access on ``$secrets`` or ``$env``;
any other non-empty value is *written in the file* (a ``$config`` reference counts as written in the file: the default
lives in the frontmatter).

:func:`check_http_credentials` applies the auth table, the hard-coded secret rules (auth credentials, credential-like
headers, URL userinfo passwords, credential-like query parameters) and the plain-http rule to an http source or sink.
:func:`hardcoded_secret` is the single-value rule, used by the email ``api_key`` and database connection URLs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from runtimes.base import ConfigValue, NodeSpec, RuntimeIssue, ValidateContext
from runtimes.records import record
from runtimes.validation.common import effective_text, is_missing, node_label, segments, value_issue
from runtimes.validation.urls import MASK, is_loopback_host, mask_template, plain_http, split_url

__all__ = [
    "AUTH_TYPES",
    "AuthType",
    "check_auth",
    "check_http_credentials",
    "hardcoded_secret",
    "is_credential_name",
    "references_config",
    "references_secret",
    "written_in_file",
]

AUTH_INVALID = "RUNTIME_AUTH_INVALID"
HARDCODED = "RUNTIME_HARDCODED_SECRET"
INSECURE = "RUNTIME_INSECURE_TRANSPORT"
UNKNOWN_FIELD = "VALID_UNKNOWN_FIELD"

_EXACT_NAMES = frozenset({"authorization", "proxy-authorization", "cookie", "key", "auth", "sig", "signature"})
_NAME_PARTS = ("token", "secret", "password", "passwd", "apikey", "api-key", "api_key")
_SECRET_ACCESS = re.compile(r"\$(?:secrets|env)\s*(?:\??\.|\[)")
_CONFIG_ACCESS = re.compile(r"\$config\s*(?:\??\.|\[)")

DECLARE_HINT = "Declare a secret (secrets: [NAME]) and write {{$secrets.NAME}}"
CONFIG_HINT = "$config defaults are stored in the file; use $secrets"


def is_credential_name(name: str) -> bool:
    """Credential-like header / parameter name (case-insensitive)."""
    lowered = name.strip().lower()
    return lowered in _EXACT_NAMES or any(part in lowered for part in _NAME_PARTS)


def _expressions(value: str) -> list[str]:
    return [segment.text for segment in segments(value) if segment.kind != "text"] if "{{" in value else []


def references_secret(value: str) -> bool:
    return any(_SECRET_ACCESS.search(expression) for expression in _expressions(value))


def references_config(value: str) -> bool:
    return any(_CONFIG_ACCESS.search(expression) for expression in _expressions(value))


def written_in_file(value: ConfigValue | None) -> bool:
    """A non-empty string value that does not reference a secret."""
    return isinstance(value, str) and bool(value.strip()) and not references_secret(value)


def hardcoded_secret(
    what: str,
    node: NodeSpec,
    path: tuple[str | int, ...],
    value: str,
    span: tuple[int, int] | None = None,
) -> RuntimeIssue | None:
    """RUNTIME_HARDCODED_SECRET ``{what} in node "{id}" is written in the file`` when ``value`` is written in it."""
    if not written_in_file(value):
        return None
    hint = CONFIG_HINT if references_config(value) else DECLARE_HINT
    message = f'{what} in node "{node_label(node)}" is written in the file'
    return RuntimeIssue(HARDCODED, "warning", message, path, span=span, hints=(hint,))


# ---------------------------------------------------------------------------------------------------------------------
# auth


@record
class AuthType:
    name: str
    label: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    credentials: tuple[str, ...]


AUTH_TYPES: Mapping[str, AuthType] = {
    spec.name: spec
    for spec in (
        AuthType("none", "None", (), (), ()),
        AuthType("bearer", "Bearer", ("token",), (), ("token",)),
        AuthType("basic", "Basic", ("username", "password"), (), ("password",)),
        AuthType("oauth2", "OAuth2", ("token_url", "client_id", "client_secret"), ("scope",), ("client_secret",)),
        AuthType("api_key", "API-key", ("key",), ("name",), ("key",)),
    )
}
_TYPES_HINT = "Use type: none, bearer, basic, oauth2 or api_key"


def _auth_type_text(auth: Mapping[str, ConfigValue], ctx: ValidateContext) -> str | None:
    effective = effective_text(auth.get("type"), ctx)
    return effective.text.strip() if effective is not None else None


def check_auth(node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
    """The auth table of RUNTIMES.md §5.4 (structure, required keys, token_url, unknown keys, written credentials)."""
    auth = node.config.get("auth")
    if is_missing(auth):
        return []  # absent, or "" after trimming: missing (RUNTIMES.md §5.1, LANGUAGE.md §6.3 object kind)
    label = node_label(node)
    if not isinstance(auth, Mapping):
        message = f'auth in node "{label}" must be a key-value block with a "type"'
        hint = "See the auth types: none, bearer, basic, oauth2, api_key"
        return [RuntimeIssue(AUTH_INVALID, "error", message, ("auth",), hints=(hint,))]
    type_value = auth.get("type")
    if is_missing(type_value):
        message = f'auth.type is missing in node "{label}"'
        return [RuntimeIssue(AUTH_INVALID, "error", message, ("auth",), hints=(_TYPES_HINT,))]
    type_text = _auth_type_text(auth, ctx)
    if type_text is None:
        return []  # a dynamic type: nothing more is known statically
    spec = AUTH_TYPES.get(type_text)
    if spec is None:
        message = f'Unknown auth type "{type_text}" in node "{label}"'
        return [RuntimeIssue(AUTH_INVALID, "error", message, ("auth", "type"), hints=(_TYPES_HINT,))]
    issues: list[RuntimeIssue] = []
    for key in spec.required:
        if is_missing(auth.get(key)):
            message = f'{spec.label} auth in node "{label}" requires "{key}"'
            issues.append(RuntimeIssue(AUTH_INVALID, "error", message, ("auth",)))
    if spec.name == "oauth2":
        issues.extend(_check_token_url(auth.get("token_url"), ctx))
    allowed = {"type", *spec.required, *spec.optional}
    for key in auth:
        if key not in allowed:
            message = f'Unknown auth field "{key}" for type {spec.name}'
            issues.append(RuntimeIssue(UNKNOWN_FIELD, "warning", message, ("auth", key), target="key"))
    for key in spec.credentials:
        value = auth.get(key)
        if isinstance(value, str):
            issue = hardcoded_secret(f"auth.{key}", node, ("auth", key), value)
            if issue is not None:
                issues.append(issue)
    return issues


def _check_token_url(value: ConfigValue | None, ctx: ValidateContext) -> list[RuntimeIssue]:
    effective = effective_text(value, ctx)
    if effective is None:
        return []
    parts = split_url(effective.text)
    if parts is not None:
        scheme = parts.scheme.lower()
        host = effective.text[parts.host[0] : parts.host[1]]
        if scheme == "https" or (scheme == "http" and is_loopback_host(host)):
            return []
    message = "OAuth2 token_url must use https (except for localhost)"
    return [value_issue(AUTH_INVALID, "error", message, ("auth", "token_url"), effective)]


# ---------------------------------------------------------------------------------------------------------------------
# http source / sink


def check_http_credentials(node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
    """auth, hard-coded credentials and credentials over plain http for an http source or sink."""
    config = node.config
    issues = check_auth(node, ctx)
    sent: list[str] = []

    auth = config.get("auth")
    if isinstance(auth, Mapping):
        type_text = _auth_type_text(auth, ctx)
        if not is_missing(auth.get("type")) and type_text != "none":
            sent.append("auth")

    url = config.get("url")
    if isinstance(url, str):
        issues.extend(_url_credentials(node, url, sent))

    headers = config.get("headers")
    if isinstance(headers, Mapping):
        for name, value in headers.items():
            if not is_credential_name(name):
                continue
            sent.append(f"header {name}")
            if isinstance(value, str):
                issue = hardcoded_secret(f'Header "{name}"', node, ("headers", name), value)
                if issue is not None:
                    issues.append(issue)

    params = config.get("params") if node.key != "http:sink" else None  # a sink has no params (unknown key)
    if isinstance(params, Mapping):
        for name, value in params.items():
            if not is_credential_name(name):
                continue
            sent.append(f"query parameter {name}")
            if isinstance(value, str):
                issue = hardcoded_secret(f'Query parameter "{name}"', node, ("params", name), value)
                if issue is not None:
                    issues.append(issue)

    if sent:
        target = plain_http(url, ctx)
        if target is not None:
            listed = ", ".join(dict.fromkeys(sorted(sent, key=_sent_rank)))
            message = f'Node "{node_label(node)}" sends credentials ({listed}) over plain http to {target.host}'
            issues.append(
                RuntimeIssue(INSECURE, "warning", message, ("url",), span=target.scheme_span, hints=("Use https://",))
            )
    return issues


_SENT_ORDER = ("auth", "header ", "URL userinfo", "query parameter ")
"""The {list} order of RUNTIME_INSECURE_TRANSPORT (DIAGNOSTICS.md §4.7): auth, headers, userinfo, query parameters."""


def _sent_rank(item: str) -> int:
    """Rank of one credential item; the sort is stable, so items of one kind keep their document order."""
    return next((rank for rank, prefix in enumerate(_SENT_ORDER) if item.startswith(prefix)), len(_SENT_ORDER))


def _url_credentials(node: NodeSpec, url: str, sent: list[str]) -> list[RuntimeIssue]:
    """Userinfo passwords and credential-like query parameters written in the URL (spans into the raw value)."""
    issues: list[RuntimeIssue] = []
    masked = mask_template(url)
    parts = split_url(masked)
    if parts is None:
        return issues
    if parts.userinfo is not None and parts.userinfo[1] > parts.userinfo[0]:
        sent.append("URL userinfo")
        if parts.password is not None and parts.password[1] > parts.password[0]:
            start, end = parts.password
            issue = hardcoded_secret("The password in the URL", node, ("url",), url[start:end], span=(start, end))
            if issue is not None:
                issues.append(issue)
    for name, (start, end) in parts.params(masked):
        if MASK in name:
            continue
        if not is_credential_name(_unquote(name)):
            continue
        sent.append(f"query parameter {_unquote(name)}")
        issue = hardcoded_secret(
            f'Query parameter "{_unquote(name)}"', node, ("url",), url[start:end], span=(start, end)
        )
        if issue is not None:
            issues.append(issue)
    return issues


def _unquote(name: str) -> str:
    from urllib.parse import unquote_plus

    return unquote_plus(name)
