"""Stand-in analyzers and a runner for the ``flowscript lint`` tests (the CLI takes the analysis as a parameter).

``marker_analyzer`` turns markers written in a file into diagnostics, so each test states its input and its expected
output side by side: ``ERR`` → error, ``WARN`` → warning (with a hint), ``INFO`` → information, ``HINT`` → hint,
``DUP`` → error with a related location at offset 0..3, ``FIXME`` → warning with a safe fix that writes ``fixed``,
``SPAN`` → error from the marker to the end of the next line.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from server.diagnostics import Diagnostic, Fix, Related, TextEdit
from server.lint.cli import main
from server.lint.model import Analysis, Analyzer

_MARKER = re.compile(r"ERR|WARN|INFO|HINT|DUP|FIXME|SPAN")

CALLS_FILE_ENV = "FLOWSCRIPT_TEST_CALLS"


def _count_call(path: Path | None) -> None:
    record = os.environ.get(CALLS_FILE_ENV)
    if record:
        with open(record, "a", encoding="utf-8") as handle:
            handle.write(f"{path}\n")


def marker_analyzer(text: str, path: Path | None, base_dir: Path | None) -> list[Diagnostic]:
    _count_call(path)
    found: list[Diagnostic] = []
    for m in _MARKER.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if word == "ERR":
            found.append(Diagnostic("PARSE_XML_INVALID", "error", "Marker ERR found", start, end))
        elif word == "WARN":
            found.append(
                Diagnostic("VALID_UNKNOWN_FIELD", "warning", 'Unknown field "WARN"', start, end, ("Remove it",))
            )
        elif word == "INFO":
            found.append(Diagnostic("RUNTIME_INVALID_CONFIG", "information", "Information marker", start, end))
        elif word == "HINT":
            found.append(Diagnostic("VALID_UNUSED_DECLARATION", "hint", "Hint marker", start, end))
        elif word == "DUP":
            found.append(
                Diagnostic(
                    "VALID_DUPLICATE_NODE_ID",
                    "error",
                    'Duplicate node id "DUP"',
                    start,
                    end,
                    related=(Related("first defined here", 0, 3),),
                )
            )
        elif word == "FIXME":
            fix = Fix("Replace FIXME", (TextEdit(start, end, "fixed"),))
            found.append(Diagnostic("EXPR_REDUNDANT_BRACES", "warning", "FIXME left in file", start, end, fixes=(fix,)))
        elif word == "SPAN":
            line_end = text.find("\n", end)
            next_end = text.find("\n", line_end + 1) if line_end >= 0 else -1
            stop = len(text) if next_end < 0 else next_end
            found.append(Diagnostic("VALID_CIRCULAR_DEPENDENCY", "error", "Span marker", start, stop))
    return found


def base_dir_analyzer(text: str, path: Path | None, base_dir: Path | None) -> list[Diagnostic]:
    """Reports the base folder it was given (to test --path-base)."""
    return [Diagnostic("RUNTIME_PATH_TRAVERSAL", "error", f"base={base_dir}", 0, 0)]


def failing_analyzer(text: str, path: Path | None, base_dir: Path | None) -> list[Diagnostic]:
    raise RuntimeError("boom")


def suppressing_analyzer(text: str, path: Path | None, base_dir: Path | None) -> Analysis:
    from server.lint.model import SuppressedDiagnostic

    diags = tuple(marker_analyzer(text, path, base_dir))
    silenced = Diagnostic("RUNTIME_HARDCODED_SECRET", "warning", "Hard-coded credential", 0, 3)
    return Analysis(diags, (SuppressedDiagnostic(silenced, "inSource", "test fixture, not a real key"),))


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_lint(args: Sequence[str], cwd: Path, analyzer: Analyzer = marker_analyzer, stdin: bytes | None = None) -> Run:
    """Run ``flowscript lint`` in-process with ``cwd`` as the current directory."""
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        code = main(
            list(args), analyzer=analyzer, stdin=None if stdin is None else io.BytesIO(stdin), stdout=out, stderr=err
        )
    finally:
        os.chdir(old)
    return Run(code, out.getvalue(), err.getvalue())


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path
