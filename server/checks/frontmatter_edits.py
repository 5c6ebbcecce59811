"""Fixes that edit the frontmatter: declare a secret, declare a config field.

Edits are minimal text insertions: into a flow list/mapping (``[A, B]`` / ``{a: 1}``) before its closing bracket,
after the last line of a block list/mapping, or a new top-level key just before the closing ``---``.
"""

from __future__ import annotations

import re

from server.checks.context import CheckContext
from server.diagnostics import Fix, TextEdit

__all__ = ["closing_delimiter", "declare_config_fix", "declare_secret_fix"]

_DELIM = re.compile(r"^---[ \t]*$", re.MULTILINE)


def closing_delimiter(text: str) -> int | None:
    """Offset of the closing ``---`` (the first delimiter line after line 0), or None."""
    if not text.startswith("---"):
        return None
    first_break = text.find("\n")
    if first_break == -1:
        return None
    match = _DELIM.search(text.replace("\r", "\n"), first_break + 1)
    return match.start() if match else None


def _line_indent(text: str, offset: int) -> str:
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    prefix = text[line_start:offset]
    return prefix if not prefix.strip(" ") else prefix[: len(prefix) - len(prefix.lstrip(" "))]


def _insert(ctx: CheckContext, key: str, flow_item: str, block_item: str, new_key: str, title: str) -> Fix | None:
    fm = ctx.frontmatter
    if fm is None or not ctx.declarations_known:
        return None
    text = ctx.text
    existing = fm.fields.get(key)
    if existing is not None:
        start, end = existing.value_range
        raw = text[start:end].rstrip()
        if raw.startswith(("[", "{")) and raw.endswith(("]", "}")):
            inner = raw[1:-1].strip()
            insert_at = start + len(raw) - 1
            new_text = f", {flow_item}" if inner else flow_item
            return Fix(title, (TextEdit(insert_at, insert_at, new_text),), safe=True)
        if raw.startswith(("[", "{")) or not raw:
            return None
        line_end = start + len(raw)
        while line_end < len(text) and text[line_end] not in "\r\n":
            line_end += 1
        indent = _line_indent(text, start)
        return Fix(title, (TextEdit(line_end, line_end, f"\n{indent}{block_item}"),), safe=True)
    closing = closing_delimiter(text)
    if closing is None:
        return None
    return Fix(title, (TextEdit(closing, closing, new_key),), safe=True)


def declare_secret_fix(ctx: CheckContext, name: str) -> Fix | None:
    return _insert(ctx, "secrets", name, f"- {name}", f"secrets: [{name}]\n", f"Declare secret {name} in frontmatter")


def declare_config_fix(ctx: CheckContext, name: str) -> Fix | None:
    entry = f"{name}: {{type: string}}"
    return _insert(ctx, "config", entry, entry, f"config:\n  {entry}\n", f"Declare config field {name} in frontmatter")
