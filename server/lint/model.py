"""What the linter works on and produces: targets, analysis results and per-file reports.

An *analyzer* is the seam between the linter and the checks: ``(text, path, base_dir) -> Analysis``. The default
one calls ``server.checks.analyze``; tests inject their own. Analyzers run in worker processes, so they must be
module-level functions (picklable); the results are plain frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from runtimes.records import field, record
from server.diagnostics import SEVERITY_RANK, Diagnostic, Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

    from server.syntax.positions import PositionIndex

__all__ = [
    "Analysis",
    "Analyzer",
    "FileReport",
    "LintResult",
    "SuppressedDiagnostic",
    "Target",
    "UsageError",
    "decode_source",
    "severity_at_least",
]

SuppressionKind: TypeAlias = 'Literal["inSource", "external"]'


class UsageError(Exception):
    """A user mistake on the command line (exit code 2); the message is the ``{reason}`` of DIAGNOSTICS.md §5.5."""


@record
class SuppressedDiagnostic:
    """A diagnostic not reported: silenced by a comment (``inSource``) or by the configuration (``external``)."""

    diagnostic: Diagnostic
    kind: SuppressionKind
    reason: str | None


@record
class Analysis:
    diagnostics: tuple[Diagnostic, ...]
    suppressed: tuple[SuppressedDiagnostic, ...] = ()


Analyzer = Callable[[str, Path | None, Path | None], "Analysis | Sequence[Diagnostic]"]
"""``(text, path, base_dir) -> Analysis`` (a plain list of diagnostics is accepted too)."""


@record
class Target:
    """One file to lint: the path shown in the output and the absolute path on disk (None for unsaved stdin text)."""

    display: str
    path: Path | None


@record(frozen=False)
class FileReport:
    """The outcome for one file, as every output format sees it."""

    display: str
    path: Path | None
    text: str
    diagnostics: list[Diagnostic]
    suppressed: list[SuppressedDiagnostic] = field(default_factory=list)
    fixed: int = 0
    original_text: str | None = None
    fix_skipped: str | None = None
    """Why ``--fix`` left this file alone (None when it did not)."""
    _index: PositionIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> PositionIndex:
        if self._index is None or self._index.text is not self.text:
            # imported here: a run with nothing to report never needs the syntax package
            from server.syntax.positions import PositionIndex

            self._index = PositionIndex(self.text)
        return self._index


@record(frozen=False)
class LintResult:
    files: list[FileReport]
    fail_on: Severity

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.files for d in f.diagnostics if d.severity == severity)

    @property
    def failed(self) -> bool:
        return any(severity_at_least(d.severity, self.fail_on) for f in self.files for d in f.diagnostics)


def severity_at_least(severity: Severity, threshold: Severity) -> bool:
    """error > warning > information > hint."""
    return SEVERITY_RANK[severity] <= SEVERITY_RANK[threshold]


def decode_source(data: bytes) -> str:
    """LANGUAGE.md §2.1: UTF-8 with invalid bytes replaced, a leading BOM removed."""
    text = data.decode("utf-8", "replace")
    return text[1:] if text.startswith("\ufeff") else text
