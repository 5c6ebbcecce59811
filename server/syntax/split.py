"""Splitting a ``.flow.md`` file into frontmatter, body and footer (LANGUAGE.md §2)."""

from __future__ import annotations

import re

from runtimes.lazyre import lazy_compile
from runtimes.records import record
from server.diagnostics import Diagnostic
from server.syntax.ast import Span

__all__ = ["Split", "split_document"]

_DELIM = re.compile(r"---[ \t]*(?:\r\n|\n|\r|\Z)")
_DELIM_LINE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_WORKFLOW_LINE = lazy_compile(r"^[ \t]*<workflow", re.MULTILINE)
_BLANK = re.compile(r"[ \t\r\n]*\Z")


@record
class Split:
    """Where the parts are. ``frontmatter`` is the YAML text range (lines 1 … closing−1) or None when not parsed.

    ``body`` is ``(start, end)`` of the text handed to the tokenizer (its end is the end of the file; the tokenizer
    finds the real body end, after which the footer starts).
    """

    opening: Span | None
    closing: Span | None
    frontmatter: Span | None
    body: Span | None


def _closing_line(text: str, start: int) -> Span | None:
    """The first delimiter line starting at or after ``start`` (a line start), honouring ``\\r`` line breaks."""
    if "\r" in text:
        # MULTILINE ^/$ only know \n; normalise a copy with the same length (\r -> \n keeps offsets)
        text = text.replace("\r", "\n")
    m = _DELIM_LINE.search(text, start)
    return (m.start(), m.start() + 3) if m is not None else None


def split_document(text: str, diagnostics: list[Diagnostic]) -> Split:
    if not _DELIM.match(text):
        line_end = len(text)
        for i, ch in enumerate(text):
            if ch in "\r\n":
                line_end = i
                break
        diagnostics.append(
            Diagnostic(
                "PARSE_MISSING_FRONTMATTER",
                "error",
                "File must start with YAML frontmatter (---)",
                0,
                line_end,
                ("Start the file with a line containing only ---",),
            )
        )
        m = _WORKFLOW_LINE.search(text.replace("\r", "\n") if "\r" in text else text)
        return Split(None, None, None, (m.start(), len(text)) if m else None)
    opening = (0, 3)
    first = _DELIM.match(text)
    assert first is not None
    fm_start = first.end()
    closing_line: Span | None = None
    if fm_start < len(text) or first.group().endswith(("\n", "\r")):
        closing_line = _closing_line(text, fm_start)
    if closing_line is None:
        diagnostics.append(
            Diagnostic(
                "PARSE_MISSING_FRONTMATTER",
                "error",
                "Could not find closing frontmatter delimiter (---)",
                0,
                3,
                ("Add a line containing only --- after the frontmatter",),
            )
        )
        normalised = text.replace("\r", "\n") if "\r" in text else text
        m = _WORKFLOW_LINE.search(normalised, fm_start)
        return Split(opening, None, None, (m.start(), len(text)) if m else None)
    close_match = _DELIM.match(text, closing_line[0])
    assert close_match is not None
    body_start = close_match.end()
    body: Span = (body_start, len(text))
    if _BLANK.match(text, body_start):
        diagnostics.append(
            Diagnostic(
                "PARSE_MISSING_BODY",
                "error",
                "File must contain XML body after frontmatter",
                closing_line[0],
                closing_line[1],
                ("Add <workflow>...</workflow> after the frontmatter",),
            )
        )
        return Split(opening, closing_line, (fm_start, closing_line[0]), None)
    return Split(opening, closing_line, (fm_start, closing_line[0]), body)
