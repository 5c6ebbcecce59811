"""The one diagnostic model shared by the parser, the checks, the linter and the language server.

Ranges are half-open ``[start, end)`` offsets in code points into the document text (after BOM removal,
LANGUAGE.md §2.1). Conversion to (line, character) in the client's encoding happens only at the output boundary,
through :class:`server.syntax.positions.PositionIndex`.
"""

from __future__ import annotations

from runtimes.records import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

__all__ = [
    "SEVERITIES",
    "SEVERITY_RANK",
    "Diagnostic",
    "Fix",
    "Related",
    "Severity",
    "TextEdit",
    "one_line",
    "sort_and_dedupe",
]

Severity: TypeAlias = 'Literal["error", "warning", "information", "hint"]'
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "information", "hint")
SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}


@record
class Related:
    """A related location in the same document (DIAGNOSTICS.md §1)."""

    message: str
    start: int
    end: int


@record
class TextEdit:
    """Replace document offsets ``[start, end)`` with ``new_text``."""

    start: int
    end: int
    new_text: str


@record
class Fix:
    """A machine-applicable fix. ``safe`` fixes may be applied by ``flowscript lint --fix``."""

    title: str
    edits: tuple[TextEdit, ...]
    safe: bool = True


@record
class Diagnostic:
    code: str
    severity: Severity
    message: str
    start: int
    end: int
    hints: tuple[str, ...] = ()
    related: tuple[Related, ...] = ()
    fixes: tuple[Fix, ...] = field(default=(), compare=False)
    source: str = "flowscript"

    def sort_key(self) -> tuple[int, int, int, str, str]:
        return (self.start, self.end, SEVERITY_RANK[self.severity], self.code, self.message)


_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r"})


def one_line(text: str) -> str:
    """``text`` with its line breaks (``\\r\\n``, ``\\n``, lone ``\\r``) written as ``\\n``/``\\r``.

    A message or hint is one line (DIAGNOSTICS.md §1); a substituted value may contain line breaks (a YAML
    ``"1.2.3\\n"`` or an attribute with ``&#10;``), so they are quoted the way YAML and JSON escape them.
    """
    if "\n" in text or "\r" in text:
        return text.translate(_BREAKS)
    return text


def _one_line_diagnostic(diag: Diagnostic) -> Diagnostic:
    if not any("\n" in t or "\r" in t for t in (diag.message, *diag.hints, *(r.message for r in diag.related))):
        return diag
    return Diagnostic(
        diag.code,
        diag.severity,
        one_line(diag.message),
        diag.start,
        diag.end,
        tuple(one_line(h) for h in diag.hints),
        tuple(Related(one_line(r.message), r.start, r.end) for r in diag.related),
        diag.fixes,
        diag.source,
    )


def sort_and_dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Order by DIAGNOSTICS.md §2.2 and drop later diagnostics with the same code, range and message.

    Messages, hints and related messages are made one line first (DIAGNOSTICS.md §1), whoever produced them. Sorting
    by offsets is the same as sorting by (line, character) because offsets grow with positions.
    """
    seen: set[tuple[str, int, int, str]] = set()
    unique: list[Diagnostic] = []
    for diag in map(_one_line_diagnostic, diagnostics):
        key = (diag.code, diag.start, diag.end, diag.message)
        if key in seen:
            continue
        seen.add(key)
        unique.append(diag)
    unique.sort(key=Diagnostic.sort_key)
    return unique
