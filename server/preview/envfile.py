"""Where ``$secrets`` and ``$env`` come from in a preview: the process environment and ``.env`` files.

``.env`` syntax (one ``KEY=VALUE`` per line): blank lines and ``#`` comments are skipped, an optional ``export``
prefix is allowed, values may be single-quoted (taken literally) or double-quoted (``\\n``, ``\\t``, ``\\"``,
``\\\\`` escapes); an unquoted value ends at `` #`` (an inline comment) and is trimmed. Lines that are not assignments
are ignored.

Precedence (later wins): ``.env`` at the workspace root < ``.env`` beside the flow < the process environment <
``--env-file``. Files found automatically never override the process environment; an explicit file does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

__all__ = ["load_environment", "parse_env_file", "parse_env_text"]

_ASSIGNMENT = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)\Z", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$"}


def _double_quoted(body: str) -> str | None:
    """The value of a double-quoted string starting after the opening quote; None when it is not closed."""
    out: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            nxt = body[index + 1]
            out.append(_ESCAPES.get(nxt, "\\" + nxt))
            index += 2
            continue
        if char == '"':
            return "".join(out)
        out.append(char)
        index += 1
    return None


def _value(raw: str) -> str:
    raw = raw.strip()
    if raw.startswith('"'):
        value = _double_quoted(raw[1:])
        if value is not None:
            return value
    if raw.startswith("'"):
        end = raw.find("'", 1)
        if end > 0:
            return raw[1:end]
    comment = re.search(r"\s#", raw)
    if comment is not None:
        raw = raw[: comment.start()]
    return raw.strip()


def parse_env_text(text: str) -> dict[str, str]:
    """``KEY=VALUE`` pairs of a ``.env`` file (later lines win)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ASSIGNMENT.match(line)
        if match is None:
            continue
        values[match.group(1)] = _value(match.group(2))
    return values


def parse_env_file(path: Path) -> dict[str, str]:
    """The pairs of one file; raises OSError when it cannot be read."""
    return parse_env_text(path.read_text(encoding="utf-8-sig"))


def _optional(path: Path) -> dict[str, str]:
    try:
        return parse_env_file(path) if path.is_file() else {}
    except (OSError, UnicodeDecodeError):
        return {}


def load_environment(
    flow_path: Path | None,
    workspace_root: Path | None,
    env_file: Path | None = None,
    process_env: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment a preview sees (see the module docstring for the precedence).

    ``env_file`` must exist (OSError otherwise): the user asked for it explicitly.
    """
    environ: dict[str, str] = {}
    folders: list[Path] = []
    if workspace_root is not None:
        folders.append(workspace_root)
    if flow_path is not None and flow_path.parent not in folders:
        folders.append(flow_path.parent)
    for folder in folders:
        environ.update(_optional(folder / ".env"))
    environ.update(os.environ if process_env is None else process_env)
    if env_file is not None:
        environ.update(parse_env_file(env_file))
    return environ
