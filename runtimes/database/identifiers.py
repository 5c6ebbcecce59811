"""SQL identifiers for ``database:sink`` (RUNTIMES.md §6.6): validation, quoting and ``conflictColumns`` parsing."""

from __future__ import annotations

import re

__all__ = ["is_column", "is_table", "parse_columns", "quote_column", "quote_table"]

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_TABLE = re.compile(rf"{_NAME}(?:\.{_NAME})?")
_COLUMN = re.compile(_NAME)


def is_table(text: str) -> bool:
    return bool(_TABLE.fullmatch(text))


def is_column(text: str) -> bool:
    return bool(_COLUMN.fullmatch(text))


def quote_column(name: str) -> str:
    """``"name"`` (callers validate first; embedded quotes are doubled anyway)."""
    return '"' + name.replace('"', '""') + '"'


def quote_table(name: str) -> str:
    """``schema.table`` → ``"schema"."table"``."""
    return ".".join(quote_column(part) for part in name.split("."))


def parse_columns(text: str) -> list[str]:
    """A JSON array of names or a comma-separated list. Non-string JSON items are kept as their JSON text, so the
    identifier check reports them."""
    stripped = text.strip()
    if stripped.startswith("["):
        import json

        try:
            value = json.loads(stripped)
        except ValueError:
            value = None
        if isinstance(value, list):
            return [item if isinstance(item, str) else json.dumps(item) for item in value]
    return [part.strip() for part in stripped.split(",") if part.strip()]
