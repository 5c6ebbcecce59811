"""Declared config keys of the source/transform/sink runtimes (RUNTIMES.md §6, LANGUAGE.md §6.3).

The parser uses the key *kinds* for config extraction (object keys are parsed as key-value blocks, flattened blocks
are merged into the config, text keys are never parsed); runtimes use the same table for their common checks, and the
language server for completion and hover. One table, so the three always agree.
"""

from __future__ import annotations

from collections.abc import Mapping

from runtimes.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

__all__ = ["KEY_TABLES", "KeyKind", "KeySpec", "KeyTable", "key_kind", "runtime_key"]

KeyKind: TypeAlias = 'Literal["object", "text", "flattened"]'
Render: TypeAlias = 'Literal["text", "value", "bare", "literal", "none"]'


@record
class KeySpec:
    name: str
    kind: KeyKind
    render: Render = "text"
    default: str | None = None
    required: bool = False
    doc: str = ""


@record
class KeyTable:
    runtime: str
    keys: Mapping[str, KeySpec]
    aliases: Mapping[str, str]
    """Common mistakes -> the declared key (alias hints of RUNTIMES.md §6)."""


def _table(runtime: str, specs: tuple[KeySpec, ...], aliases: Mapping[str, str] | None = None) -> KeyTable:
    return KeyTable(runtime, {spec.name: spec for spec in specs}, dict(aliases or {}))


_HTTP_COMMON = (
    KeySpec("url", "text", required=True, doc="Absolute http(s) URL of the request."),
    KeySpec("headers", "object", doc="Request headers, one `Name: value` per line or child elements."),
    KeySpec("auth", "object", doc="Authentication: `type` none | bearer | basic | oauth2 | api_key and its fields."),
    KeySpec("timeout", "text", default="30000", doc="Request timeout in milliseconds."),
)

KEY_TABLES: Mapping[str, KeyTable] = {
    table.runtime: table
    for table in (
        _table(
            "http:source",
            (
                *_HTTP_COMMON,
                KeySpec("method", "text", default="GET", doc="GET, POST, PUT, PATCH or DELETE."),
                KeySpec("params", "object", doc="Query parameters appended to the URL."),
                KeySpec("body", "text", render="value", doc="Request body (POST/PUT/PATCH)."),
                KeySpec("extract", "text", doc="JMESPath expression applied to the response."),
                KeySpec("request", "flattened", render="none", doc="Key-value block merged into the config."),
                KeySpec("response", "flattened", render="none", doc="Key-value block merged into the config."),
            ),
            {"query": "params", "header": "headers", "jmespath": "extract"},
        ),
        _table(
            "http:sink",
            (
                *_HTTP_COMMON,
                KeySpec("method", "text", default="POST", doc="POST, PUT, PATCH or DELETE."),
                KeySpec("body", "text", render="value", doc="Payload; replaces the node input."),
                KeySpec("request", "flattened", render="none", doc="Key-value block merged into the config."),
            ),
            {"header": "headers"},
        ),
        _table(
            "file:source",
            (
                KeySpec("path", "text", required=True, doc="File to read, relative to the workflow folder."),
                KeySpec("format", "text", default="auto", doc="json, text, csv, yaml or auto (by extension)."),
            ),
        ),
        _table(
            "file:sink",
            (
                KeySpec("path", "text", required=True, doc="File to write, relative to the workflow folder."),
                KeySpec("format", "text", default="auto", doc="json, text, csv, yaml or auto (by extension)."),
                KeySpec("pretty", "text", default="true", doc="Indent JSON output (true/false)."),
                KeySpec("createDir", "text", default="true", doc="Create missing parent folders (true/false)."),
            ),
        ),
        _table(
            "database:source",
            (
                KeySpec("connection", "text", required=True, doc="sqlite:path, :memory: or postgres://..."),
                KeySpec("query", "text", required=True, doc="SQL query with driver placeholders (? for SQLite)."),
                KeySpec("params", "text", render="value", default="[]", doc="Query parameters (JSON array)."),
            ),
        ),
        _table(
            "database:sink",
            (
                KeySpec("connection", "text", required=True, doc="sqlite:path, :memory: or postgres://..."),
                KeySpec("table", "text", required=True, doc="Target table (name or schema.name)."),
                KeySpec("operation", "text", default="insert", doc="insert, upsert or update."),
                KeySpec("batch", "text", default="100", doc="Rows per INSERT statement."),
                KeySpec("conflictColumns", "text", doc="Columns of the upsert conflict target."),
                KeySpec("where", "text", doc="WHERE clause for operation=update."),
            ),
        ),
        _table(
            "email:sink",
            (
                KeySpec("api_key", "text", required=True, doc="Provider API key; use {{$secrets.NAME}}."),
                KeySpec("to", "text", required=True, doc="Recipients, comma-separated."),
                KeySpec("from", "text", required=True, doc="Sender address."),
                KeySpec("subject", "text", default="", doc="Subject line."),
                KeySpec("text", "text", default="", doc="Plain-text body."),
                KeySpec("html", "text", default="", doc="HTML body."),
                KeySpec("provider", "text", default="sendgrid", doc="Only sendgrid."),
                KeySpec("message", "flattened", render="none", doc="Key-value block merged into the config."),
                KeySpec("config", "flattened", render="none", doc="Key-value block merged into the config."),
            ),
        ),
        _table(
            "transform:template",
            (KeySpec("template", "text", required=True, doc="Text template rendered with `input` bound."),),
            {"body": "template"},
        ),
        _table(
            "transform:map",
            (KeySpec("expression", "text", render="bare", required=True, doc="Expression or arrow per item."),),
            {"reducer": "expression", "predicate": "condition"},
        ),
        _table(
            "transform:filter",
            (KeySpec("condition", "text", render="bare", required=True, doc="Keep items where this is truthy."),),
            {"predicate": "condition"},
        ),
        _table(
            "transform:reduce",
            (
                KeySpec("expression", "text", render="bare", required=True, doc="(acc, item) => next accumulator."),
                KeySpec("initial", "text", render="bare", doc="Initial accumulator (expression)."),
                KeySpec("finalize", "text", render="bare", doc="Applied to the final accumulator."),
            ),
            {"reducer": "expression"},
        ),
        _table(
            "transform:ai",
            (
                KeySpec("model", "text", required=True, doc="Model id, e.g. openai/gpt-4o-mini."),
                KeySpec("system", "text", doc="System prompt (template)."),
                KeySpec("user", "text", doc="User prompt (template)."),
                KeySpec("output-schema", "text", render="literal", doc="Schema DSL, e.g. {score: number}."),
                KeySpec("max-tokens", "text", default="4096", doc="Maximum tokens of the answer."),
                KeySpec("max-retries", "text", default="3", doc="Extra attempts on 429 or schema mismatch."),
                KeySpec("timeout", "text", default="60000", doc="Request timeout in milliseconds."),
            ),
            {"prompt": "user", "max_tokens": "max-tokens", "schema": "output-schema"},
        ),
    )
}


def runtime_key(element: str, type_: str | None) -> str:
    """The registry key of a node (RUNTIMES.md §4)."""
    if element in ("source", "sink"):
        return f"{type_}:{element}"
    if element == "transform":
        return f"transform:{type_}"
    if element in ("branch", "if", "loop", "while", "foreach", "parallel"):
        return f"control:{element}"
    if element in ("delay", "timeout"):
        return f"temporal:{element}"
    if element in ("include", "call"):
        return f"composition:{element}"
    return element


def key_kind(runtime: str, key: str) -> KeyKind | Literal["unknown"]:
    table = KEY_TABLES.get(runtime)
    if table is None:
        return "unknown"
    spec = table.keys.get(key)
    return spec.kind if spec is not None else "unknown"
