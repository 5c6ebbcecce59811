"""``parse_document``: text → :class:`Document` (split, frontmatter, XML body, node model, parse diagnostics)."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import cached_property

from server.diagnostics import Diagnostic, sort_and_dedupe
from server.syntax.ast import Frontmatter, Span, Workflow
from server.syntax.positions import PositionIndex
from server.syntax.split import Split, split_document
from server.syntax.xmltree import XmlElement, tokenize_body

__all__ = ["Document", "parse_document"]


@dataclass(frozen=True, kw_only=True)
class Document:
    """A parsed ``.flow.md`` file. All ranges are code-point offsets into ``text`` (BOM removed)."""

    text: str
    split: Split
    body: Span | None
    """Body range ``[start, end)``: end is just after the root's end tag (or the end of the file)."""
    footer_start: int | None
    """Start of the markdown footer (never parsed), or None when there is none."""
    frontmatter: Frontmatter | None
    """None when the frontmatter is missing or could not be read at all."""
    workflow: Workflow | None
    xml_root: XmlElement | None
    diagnostics: tuple[Diagnostic, ...]

    @cached_property
    def positions(self) -> PositionIndex:
        """Offsets <-> (line, character); built on first use."""
        return PositionIndex(self.text)

    @property
    def declarations_known(self) -> bool:
        """False when undefined/unused secret and config checks must be skipped (DIAGNOSTICS.md §2.5)."""
        return self.frontmatter is not None and self.frontmatter.parsed


def parse_document(text: str) -> Document:
    """Parse a whole file. Never raises on user input; every problem is a diagnostic.

    The cyclic garbage collector is paused while the (acyclic) tree is built: with many live objects its repeated
    passes made large files superlinear.
    """
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        return _parse(text)
    finally:
        if was_enabled:
            gc.enable()


def _parse(text: str) -> Document:
    if text.startswith("\ufeff"):
        text = text[1:]
    diagnostics: list[Diagnostic] = []
    split = split_document(text, diagnostics)
    frontmatter: Frontmatter | None = None
    if split.frontmatter is not None:
        from server.syntax.frontmatter import parse_frontmatter

        frontmatter = parse_frontmatter(text, split, diagnostics)
    root: XmlElement | None = None
    workflow: Workflow | None = None
    body: Span | None = None
    footer: int | None = None
    if split.body is not None:
        start, end = split.body
        root, body_end = tokenize_body(text, start, end, diagnostics)
        body = (start, body_end)
        footer = body_end if body_end < len(text) else None
        if root is not None:
            from server.syntax.builder import build_workflow

            workflow = build_workflow(root, text, diagnostics)
    return Document(
        text=text,
        split=split,
        body=body,
        footer_start=footer,
        frontmatter=frontmatter,
        workflow=workflow,
        xml_root=root,
        diagnostics=tuple(sort_and_dedupe(diagnostics)),
    )
