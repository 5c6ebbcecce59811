"""The JSON format (DIAGNOSTICS.md §5.3): one object, 2-space indent, UTF-8 unescaped, keys in spec order."""

from __future__ import annotations

import json

from server.diagnostics import Diagnostic
from server.lint.model import FileReport, LintResult

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

    from server.syntax.positions import PositionIndex

__all__ = ["diagnostic_json", "lsp_range", "render_json", "summary_json"]


def lsp_range(index: PositionIndex, start: int, end: int) -> dict[str, Any]:
    """An LSP range with UTF-16 characters."""
    start_line, start_char = index.position_in(start, "utf-16")
    end_line, end_char = index.position_in(end, "utf-16")
    return {
        "start": {"line": start_line, "character": start_char},
        "end": {"line": end_line, "character": end_char},
    }


def diagnostic_json(index: PositionIndex, diag: Diagnostic) -> dict[str, Any]:
    item: dict[str, Any] = {
        "code": diag.code,
        "severity": diag.severity,
        "message": diag.message,
        "range": lsp_range(index, diag.start, diag.end),
        "source": diag.source,
    }
    if diag.hints:
        item["hints"] = list(diag.hints)
    if diag.related:
        item["related"] = [{"message": r.message, "range": lsp_range(index, r.start, r.end)} for r in diag.related]
    return item


def summary_json(result: LintResult) -> dict[str, int]:
    return {
        "files": len(result.files),
        "errors": result.count("error"),
        "warnings": result.count("warning"),
        "information": result.count("information"),
        "hints": result.count("hint"),
    }


def _file_json(report: FileReport) -> dict[str, Any]:
    index = report.index
    return {"path": report.display, "diagnostics": [diagnostic_json(index, d) for d in report.diagnostics]}


def render_json(result: LintResult) -> str:
    document = {
        "version": 1,
        "files": [_file_json(report) for report in result.files],
        "summary": summary_json(result),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
