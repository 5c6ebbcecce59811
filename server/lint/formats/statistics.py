"""``--statistics``: how many diagnostics of each code, most frequent first, instead of each diagnostic."""

from __future__ import annotations

import json
from collections import Counter

from server.diagnostics import SEVERITY_RANK
from server.lint.formats.json import summary_json
from server.lint.formats.text import summary_line
from server.lint.model import LintResult

__all__ = ["render_statistics"]


def render_statistics(result: LintResult, fmt: str) -> str:
    counts: Counter[tuple[str, str]] = Counter(
        (d.code, d.severity) for report in result.files for d in report.diagnostics
    )
    rows = sorted(counts.items(), key=lambda item: (-item[1], SEVERITY_RANK[item[0][1]], item[0][0]))
    if fmt == "json":
        document = {
            "version": 1,
            "statistics": [{"code": code, "severity": severity, "count": n} for (code, severity), n in rows],
            "summary": summary_json(result),
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    width = max((len(str(n)) for _, n in rows), default=1)
    code_width = max((len(code) for (code, _), _ in rows), default=0)
    lines = [f"{str(n).rjust(width)}  {code.ljust(code_width)}  {severity}" for (code, severity), n in rows]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
