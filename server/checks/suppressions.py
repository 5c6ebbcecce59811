"""Suppression comments (docs/rules/suppressions.md).

``<!-- flowscript-ignore CODE[, CODE]: reason -->`` on the line before an element or an attribute silences the listed
codes for diagnostics that start inside that element (or on that attribute's line);
``<!-- flowscript-ignore-file CODE[, CODE]: reason -->`` silences them in the whole file. In the frontmatter the same
comments are written as YAML comments: ``# flowscript-ignore CODE: reason`` applies to the next line.

A comment without a reason gets SUPPRESSION_MISSING_REASON (warning); one that silences nothing gets
SUPPRESSION_UNUSED (hint); a malformed one (no code, unknown code) gets SUPPRESSION_INVALID (warning). Security codes
(catalogue.SECURITY_CODES) are only silenced by a line comment with a reason, never file-wide.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from runtimes.lazyre import lazy_compile
from runtimes.records import record
from server.checks.catalogue import CODES, SECURITY_CODES, SUPPRESSION_CODES
from server.diagnostics import Diagnostic
from server.syntax.positions import PositionIndex

__all__ = ["Suppressed", "Suppression", "apply_suppressions", "find_suppressions"]

_XML_COMMENT = lazy_compile(r"<!--\s*flowscript-ignore(?P<file>-file)?(?![\w-])(?P<rest>.*?)-->", re.DOTALL)
_YAML_COMMENT = lazy_compile(r"#\s*flowscript-ignore(?P<file>-file)?(?![\w-])(?P<rest>[^\r\n]*)")
_CODE_LIST = lazy_compile(r"\s*([A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*(?::(.*))?\Z", re.DOTALL)


@record
class Suppression:
    codes: tuple[str, ...]
    reason: str | None
    file_wide: bool
    start: int
    """Document range of the comment."""
    end: int
    scope: tuple[int, int] | None
    """Document range whose diagnostics are silenced; None = the whole file."""


@record
class Suppressed:
    """A diagnostic silenced by a comment (SARIF reports it as a suppression with its justification)."""

    diagnostic: Diagnostic
    reason: str | None
    comment_start: int
    comment_end: int


def find_suppressions(
    text: str,
    regions: Sequence[tuple[int, int, str]],
    element_ends: Mapping[int, int],
) -> tuple[list[Suppression], list[Diagnostic]]:
    """Suppression comments in ``regions`` (``(start, end, "xml" | "yaml")``) and the problems with them.

    ``element_ends`` maps the start offset of every element (its ``<``) to the end of its whole range: a line
    comment applies to the element starting on the next non-blank line, else to that line.
    """
    index = PositionIndex(text)
    found: list[Suppression] = []
    problems: list[Diagnostic] = []
    for region_start, region_end, kind in regions:
        pattern = _XML_COMMENT if kind == "xml" else _YAML_COMMENT
        chunk = text[region_start:region_end]
        if "flowscript-ignore" not in chunk:
            continue
        for match in pattern.finditer(chunk):
            start = region_start + match.start()
            end = region_start + match.end()
            file_wide = match.group("file") is not None
            parsed = _CODE_LIST.match(match.group("rest"))
            if parsed is None:
                problems.append(
                    Diagnostic(
                        "SUPPRESSION_INVALID",
                        "warning",
                        "flowscript-ignore comment must list diagnostic codes: flowscript-ignore CODE[, CODE]: reason",
                        start,
                        end,
                    )
                )
                continue
            codes = tuple(code.strip() for code in parsed.group(1).split(","))
            unknown = [code for code in codes if code not in CODES or code in SUPPRESSION_CODES]
            for code in unknown:
                problems.append(
                    Diagnostic(
                        "SUPPRESSION_INVALID",
                        "warning",
                        f'Unknown diagnostic code "{code}" in flowscript-ignore comment',
                        start,
                        end,
                        hints=("Run flowscript explain CODE to check a code",),
                    )
                )
            codes = tuple(code for code in codes if code not in unknown)
            reason = (parsed.group(2) or "").strip() or None
            if reason is None:
                problems.append(
                    Diagnostic(
                        "SUPPRESSION_MISSING_REASON",
                        "warning",
                        "flowscript-ignore comment has no reason",
                        start,
                        end,
                        hints=("Write the reason after a colon: flowscript-ignore CODE: why it is fine here",),
                    )
                )
            if not codes:
                continue
            scope = None if file_wide else _line_scope(index, end, region_end, element_ends)
            if scope is None and not file_wide:
                continue
            found.append(Suppression(codes, reason, file_wide, start, end, scope))
    return found, problems


def _line_scope(
    index: PositionIndex, comment_end: int, region_end: int, element_ends: Mapping[int, int]
) -> tuple[int, int] | None:
    line = index.line_of(comment_end) + 1
    while line < index.line_count:
        start = index.line_start(line)
        if start >= region_end:
            return None
        content = index.line_text(line)
        stripped = content.lstrip(" \t")
        if stripped:
            first = start + len(content) - len(stripped)
            element_end = element_ends.get(first)
            if element_end is not None:
                return first, element_end
            return first, index.line_end(line)
        line += 1
    return None


def apply_suppressions(
    diagnostics: Sequence[Diagnostic], suppressions: Sequence[Suppression]
) -> tuple[list[Diagnostic], list[Suppressed], list[Diagnostic]]:
    """Split ``diagnostics`` into kept and suppressed; the third list reports comments that silenced nothing."""
    if not suppressions:
        return list(diagnostics), [], []
    used = [False] * len(suppressions)
    kept: list[Diagnostic] = []
    silenced: list[Suppressed] = []
    for diag in diagnostics:
        hit = _matching(diag, suppressions)
        if hit is None:
            kept.append(diag)
            continue
        used[hit] = True
        sup = suppressions[hit]
        silenced.append(Suppressed(diag, sup.reason, sup.start, sup.end))
    unused = [
        Diagnostic(
            "SUPPRESSION_UNUSED",
            "hint",
            f"flowscript-ignore comment for {', '.join(sup.codes)} suppresses nothing",
            sup.start,
            sup.end,
            hints=("Remove the comment",),
        )
        for sup, was_used in zip(suppressions, used, strict=True)
        if not was_used
    ]
    return kept, silenced, unused


def _matching(diag: Diagnostic, suppressions: Sequence[Suppression]) -> int | None:
    if diag.code in SUPPRESSION_CODES:
        return None
    for number, sup in enumerate(suppressions):
        if diag.code not in sup.codes:
            continue
        if diag.code in SECURITY_CODES and (sup.file_wide or sup.reason is None):
            continue
        if sup.scope is None or sup.scope[0] <= diag.start < sup.scope[1] or diag.start == sup.scope[0]:
            return number
    return None
