"""GitHub Actions workflow commands: one ``::error|warning|notice file=…,line=…,col=…,…,title=CODE::message`` line per
diagnostic (information and hint become notices). Lines and columns are 1-based, columns in UTF-16 units."""

from __future__ import annotations

from server.lint.model import LintResult

__all__ = ["render_github"]

_COMMAND = {"error": "error", "warning": "warning", "information": "notice", "hint": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: LintResult) -> str:
    out: list[str] = []
    for report in result.files:
        index = report.index
        for diag in report.diagnostics:
            line, col = index.position_in(diag.start, "utf-16")
            end_line, end_col = index.position_in(diag.end, "utf-16")
            message = "\n".join([diag.message, *(f"hint: {hint}" for hint in diag.hints)])
            props = (
                f"file={_prop(report.display)},line={line + 1},col={col + 1},"
                f"endLine={end_line + 1},endColumn={end_col + 1},title={_prop(diag.code)}"
            )
            out.append(f"::{_COMMAND[diag.severity]} {props}::{_data(message)}")
    return "".join(line + "\n" for line in out)
