"""The one seam between the language server and the core: parse, analyze, rule documentation.

Every feature goes through these functions, so the server always shows exactly what ``flowscript lint`` reports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from server.diagnostics import Diagnostic, sort_and_dedupe

__all__ = ["analyze_text", "parse_text", "rule_url"]


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    try:
        value = getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None
    return cast("Callable[..., Any] | None", value)


def parse_text(text: str) -> Any | None:
    """The parsed document (``server.syntax.parse_document``), or None while the parser is unavailable."""
    parse = _optional("server.syntax", "parse_document")
    return None if parse is None else parse(text)


def analyze_text(text: str, path: Path | None, path_base: str = "workflow") -> list[Diagnostic]:
    """Every static diagnostic of one document (``server.checks.analyze``; parse diagnostics as a fallback)."""
    analyze = _optional("server.checks", "analyze")
    if analyze is not None:
        return list(analyze(text, path, _options(path_base)))
    document = parse_text(text)
    if document is None:
        return []
    return sort_and_dedupe(list(getattr(document, "diagnostics", ())))


def _options(path_base: str) -> Any:
    options = _optional("server.checks", "AnalyzeOptions")
    if options is None:
        return None
    try:
        return options(path_base=path_base)
    except TypeError:
        return options()


def rule_url(code: str) -> str | None:
    """The documentation page of a diagnostic code, when the checks package provides one."""
    find = _optional("server.checks", "rule_url")
    if find is None:
        return None
    url = find(code)
    return url if isinstance(url, str) and url else None
