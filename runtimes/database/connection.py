"""Database connection strings (RUNTIMES.md §6.5): forms, static checks and run-time resolution.

| connection | meaning |
|---|---|
| ``:memory:``, ``sqlite::memory:``, ``sqlite://:memory:`` | a fresh in-memory SQLite database per execution |
| ``sqlite:///abs/file.db`` | SQLite file ``/abs/file.db`` |
| ``sqlite://rel/file.db``, ``sqlite:rel/file.db``, ``file:rel/file.db`` | SQLite file relative to the base |
| ``postgres://…``, ``postgresql://…`` | PostgreSQL (optional ``asyncpg``) |
"""

from __future__ import annotations

from runtimes.base import ConfigValue, NodeSpec, RuntimeIssue, ValidateContext
from runtimes.errors import RuntimeConfigError
from runtimes.records import record
from runtimes.validation.common import effective_text, segments, static_hint
from runtimes.validation.credentials import hardcoded_secret
from runtimes.validation.paths import check_path, reason_hint, resolve_lexically, traversal_message
from runtimes.validation.urls import mask_template, split_url

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Literal

__all__ = ["FORMS_HINT", "Connection", "check_connection", "open_connection", "parse_connection"]

FORMS_HINT = (
    "Use :memory:, sqlite:///absolute/file.db, sqlite://relative/file.db, sqlite:relative/file.db, "
    "file:relative/file.db or postgres://user@host/database"
)

_MEMORY = (":memory:", "sqlite::memory:", "sqlite://:memory:")
# Longest prefixes first; the value is how many characters of the prefix precede the path.
_FILE_PREFIXES = (("sqlite:///", 9), ("sqlite://", 9), ("sqlite:", 7), ("file:", 5))


@record
class Connection:
    kind: Literal["memory", "sqlite", "postgres"]
    path: str | None = None
    """The SQLite file path as written (relative to the base, or absolute)."""
    path_start: int = 0
    """Offset of ``path`` in the string that was parsed."""


def parse_connection(text: str) -> Connection | None:
    """The form of a connection string (surrounding whitespace allowed), or None when it is unsupported."""
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    if stripped in _MEMORY:
        return Connection("memory")
    lowered = stripped.lower()
    if lowered.startswith(("postgres://", "postgresql://")):
        return Connection("postgres")
    for prefix, cut in _FILE_PREFIXES:
        if stripped.startswith(prefix):
            path = stripped[cut:]
            if not path or path in (":memory:", "/"):
                return None
            return Connection("sqlite", path, lead + cut)
    return None


def open_connection(text: str) -> Connection:
    """The form of a rendered connection string; RuntimeConfigError when it is unsupported."""
    connection = parse_connection(text)
    if connection is None:
        raise RuntimeConfigError(f'Unsupported connection URL "{text.strip()}"', ("connection",))
    return connection


def _placeholder(value: str) -> str | None:
    parts: list[str] = []
    for segment in segments(value):
        if segment.kind == "unclosed":
            return None
        parts.append(segment.text if segment.kind == "text" else "x")
    return "".join(parts)


def _path_issue(
    path_text: str, display: str, ctx: ValidateContext, span: tuple[int, int] | None, extra: tuple[str, ...] = ()
) -> list[RuntimeIssue]:
    assert ctx.base_dir is not None
    reason = check_path(path_text, ctx.base_dir)
    if reason is None:
        return []
    hints = (reason_hint(reason), *extra)
    return [
        RuntimeIssue(
            "RUNTIME_PATH_TRAVERSAL", "error", traversal_message(display), ("connection",), span=span, hints=hints
        )
    ]


def _password_issue(node: NodeSpec, raw: str) -> list[RuntimeIssue]:
    parts = split_url(mask_template(raw))
    if parts is None or parts.password is None or parts.password[0] == parts.password[1]:
        return []
    start, end = parts.password
    issue = hardcoded_secret("The password in the connection URL", node, ("connection",), raw[start:end], (start, end))
    return [issue] if issue is not None else []


def check_connection(node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
    """Form (RUNTIME_INVALID_CONFIG), SQLite path confinement (§5.6) and a literal URL password."""
    raw: ConfigValue | None = node.config.get("connection")
    if not isinstance(raw, str) or not raw.strip():
        return []
    issues: list[RuntimeIssue] = []
    effective = effective_text(raw, ctx)
    if effective is not None:
        connection = parse_connection(effective.text)
        if connection is None:
            message = f'Unsupported connection URL "{effective.text.strip()}"'
            span = effective.span if effective.is_static else None
            return [
                RuntimeIssue(
                    "RUNTIME_INVALID_CONFIG", "error", message, ("connection",), span=span, hints=(FORMS_HINT,)
                )
            ]
        if connection.kind == "sqlite" and connection.path is not None and ctx.base_dir is not None:
            if effective.is_static:
                resolved = resolve_lexically(connection.path, ctx.base_dir)
                extra = (static_hint(effective, f"the path is {resolved}"),)
                issues.extend(_path_issue(connection.path, raw, ctx, effective.span, extra))
            else:
                span = (connection.path_start, connection.path_start + len(connection.path))
                issues.extend(_path_issue(connection.path, connection.path, ctx, span))
    else:
        # A dynamic template: its literal prefix may still fix the form; check the path with placeholders.
        placeholder = _placeholder(raw)
        connection = parse_connection(placeholder) if placeholder is not None else None
        if connection is not None and connection.kind == "sqlite" and connection.path and ctx.base_dir is not None:
            issues.extend(_path_issue(connection.path, raw, ctx, None))
    if effective is None or parse_connection(effective.text) is not None:
        issues.extend(_password_issue(node, raw))
    return issues
