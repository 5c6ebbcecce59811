"""The ``[tool.flowscript]`` / ``flowscript.toml`` settings that concern the language server."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

__all__ = ["file_settings"]

_KEYS = {"path_base": "path_base", "path-base": "path_base"}


def file_settings(root: Path) -> dict[str, Any]:
    """Language-server settings from the workspace's shared configuration file (empty if none)."""
    table: dict[str, Any] = {}
    for name, section in (("flowscript.toml", ()), ("pyproject.toml", ("tool", "flowscript"))):
        candidate = root / name
        if not candidate.is_file():
            continue
        try:
            data: Any = tomllib.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue
        for key in section:
            data = data.get(key, {}) if isinstance(data, dict) else {}
        if isinstance(data, dict) and data:
            table = data
            break
    lsp = table.get("lsp", {})
    values = {_KEYS[key]: value for key, value in table.items() if key in _KEYS}
    if isinstance(lsp, dict):
        values.update(lsp)
    return values
