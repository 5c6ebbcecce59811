"""SARIF 2.1.0 (OASIS): one run, the rule catalogue with help URIs, results with related locations and suppressions.

Columns are UTF-16 code units (``columnKind``), 1-based, end exclusive. Relative paths are given against the
``%SRCROOT%`` base (the current directory). Diagnostics silenced by a comment or by the configuration are results
with a ``suppressions`` entry (``inSource`` / ``external``) and its justification.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from server import __version__
from server.diagnostics import Diagnostic, Severity
from server.lint.model import FileReport, LintResult, SuppressedDiagnostic

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

    from server.syntax.positions import PositionIndex

__all__ = ["SARIF_SCHEMA", "render_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL: dict[str, str] = {"error": "error", "warning": "warning", "information": "note", "hint": "note"}


def _catalogue() -> list[tuple[str, Severity | None, str]]:
    from server.checks.catalogue import CODES

    return [(info.code, info.severity, info.summary) for info in CODES.values()]


def _rule_url(code: str) -> str:
    from server.checks.catalogue import rule_url

    return rule_url(code)


def _region(index: PositionIndex, start: int, end: int) -> dict[str, int]:
    start_line, start_char = index.position_in(start, "utf-16")
    end_line, end_char = index.position_in(end, "utf-16")
    return {
        "startLine": start_line + 1,
        "startColumn": start_char + 1,
        "endLine": end_line + 1,
        "endColumn": end_char + 1,
    }


def _artifact(report: FileReport) -> dict[str, str]:
    display = report.display
    if display.startswith("/") or (len(display) > 2 and display[1] == ":"):
        return {"uri": Path(display).as_uri()}
    return {"uri": quote(display), "uriBaseId": "%SRCROOT%"}


def _message(diag: Diagnostic) -> str:
    return "\n".join([diag.message, *(f"hint: {hint}" for hint in diag.hints)])


class _Rules:
    def __init__(self) -> None:
        self.rules: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}
        for code, severity, summary in _catalogue():
            self._add(code, severity, summary)

    def _add(self, code: str, severity: Severity | None, summary: str) -> int:
        rule: dict[str, Any] = {"id": code, "shortDescription": {"text": summary}, "helpUri": _rule_url(code)}
        if severity is not None:
            rule["defaultConfiguration"] = {"level": _LEVEL[severity]}
        self.index[code] = len(self.rules)
        self.rules.append(rule)
        return self.index[code]

    def of(self, diag: Diagnostic) -> int:
        found = self.index.get(diag.code)
        return found if found is not None else self._add(diag.code, None, diag.code)


def _result(report: FileReport, diag: Diagnostic, rules: _Rules, suppressed: SuppressedDiagnostic | None) -> Any:
    index = report.index
    artifact = _artifact(report)
    result: dict[str, Any] = {
        "ruleId": diag.code,
        "ruleIndex": rules.of(diag),
        "level": _LEVEL[diag.severity],
        "message": {"text": _message(diag)},
        "locations": [
            {"physicalLocation": {"artifactLocation": artifact, "region": _region(index, diag.start, diag.end)}}
        ],
    }
    if diag.related:
        result["relatedLocations"] = [
            {
                "id": i,
                "message": {"text": r.message},
                "physicalLocation": {"artifactLocation": artifact, "region": _region(index, r.start, r.end)},
            }
            for i, r in enumerate(diag.related, start=1)
        ]
    if suppressed is not None:
        suppression: dict[str, Any] = {"kind": suppressed.kind, "status": "accepted"}
        if suppressed.reason:
            suppression["justification"] = suppressed.reason
        result["suppressions"] = [suppression]
    result["properties"] = {"severity": diag.severity}
    return result


def render_sarif(result: LintResult) -> str:
    rules = _Rules()
    results: list[Any] = []
    for report in result.files:
        items = [(d, None) for d in report.diagnostics] + [(s.diagnostic, s) for s in report.suppressed]
        items.sort(key=lambda item: item[0].sort_key())
        results.extend(_result(report, diag, rules, sup) for diag, sup in items)
    root = Path(os.getcwd()).as_uri().rstrip("/") + "/"
    run = {
        "tool": {
            "driver": {
                "name": "flowscript",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": _rule_url("").split("/blob/", 1)[0].split("/docs/", 1)[0],
                "rules": rules.rules,
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
        "columnKind": "utf16CodeUnits",
        "results": results,
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
