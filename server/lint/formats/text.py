"""The text format (DIAGNOSTICS.md §5.4): one line per diagnostic, code frames, hints, related lines, a summary.

With ``color=False`` the output is exactly §5.4; colour (ANSI SGR) is only added on a terminal.
"""

from __future__ import annotations

from server.diagnostics import Diagnostic
from server.lint.model import FileReport, LintResult

__all__ = ["code_frame", "render_text", "summary_line"]

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_SEVERITY_COLOR = {"error": "\x1b[31m", "warning": "\x1b[33m", "information": "\x1b[34m", "hint": "\x1b[36m"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


def code_frame(report: FileReport, diag: Diagnostic, color: bool = False) -> list[str]:
    """Lines start−1 … start+1, a gutter of width W, and a ``^`` marker under the start line (code points)."""
    index = report.index
    start_line, start_char = index.position(diag.start)
    end_line, end_char = index.position(diag.end)
    numbers = [n for n in (start_line - 1, start_line, start_line + 1) if 0 <= n < index.line_count]
    width = len(str(numbers[-1] + 1))
    lines: list[str] = []
    start_text = index.line_text(start_line)
    for n in numbers:
        text = index.line_text(n)
        gutter = " " + str(n + 1).rjust(width) + " |"
        lines.append(_paint(gutter, _DIM, color) + (" " + text if text else ""))
        if n == start_line:
            one_line = end_line == start_line
            k = max(1, end_char - start_char) if one_line else max(1, len(start_text) - start_char)
            pad = "".join(c if c == "\t" else " " for c in start_text[:start_char])
            marker = _paint("^" * k, _SEVERITY_COLOR[diag.severity] + _BOLD, color)
            lines.append(_paint(" " + " " * width + " |", _DIM, color) + " " + pad + marker)
    return lines


def summary_line(result: LintResult) -> str:
    return (
        f"Summary: {len(result.files)} files, {result.count('error')} errors, {result.count('warning')} warnings, "
        f"{result.count('information')} information, {result.count('hint')} hints"
    )


def render_text(result: LintResult, code_frames: bool = False, color: bool = False) -> str:
    out: list[str] = []
    for report in result.files:
        index = report.index
        for diag in report.diagnostics:
            line, col = index.position_in(diag.start, "utf-16")
            location = f"{report.display}:{line + 1}:{col + 1}:"
            severity: str = diag.severity
            if color:
                location = _paint(location, _BOLD, True)
                severity = _paint(severity, _SEVERITY_COLOR[diag.severity], True)
            out.append(f"{location} {severity} {diag.code} {diag.message}")
            if code_frames:
                out.extend(code_frame(report, diag, color))
            for hint in diag.hints:
                out.append(f"  hint: {hint}")
            for related in diag.related:
                r_line, r_col = index.position_in(related.start, "utf-16")
                out.append(f"  related: {report.display}:{r_line + 1}:{r_col + 1}: {related.message}")
    out.append(summary_line(result))
    return "\n".join(out) + "\n"
