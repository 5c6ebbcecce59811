"""``parse_document``: text → :class:`Document` (split, frontmatter, XML body, node model, parse diagnostics)."""

from __future__ import annotations

import gc

from server.diagnostics import Diagnostic, one_line, sort_and_dedupe
from server.syntax.ast import Frontmatter, Span, Workflow
from server.syntax.positions import PositionIndex
from server.syntax.split import Split, split_document
from server.syntax.xmltree import XmlElement, tokenize_body

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Document", "one_line", "parse_document"]


class Document:
    """A parsed ``.flow.md`` file. All ranges are code-point offsets into ``text`` (BOM removed).

    Read-only by convention (a plain slotted class rather than a dataclass: start-up time of the linter matters).
    """

    __slots__ = (
        "_positions",
        "body",
        "diagnostics",
        "footer_start",
        "frontmatter",
        "split",
        "text",
        "workflow",
        "xml_root",
    )

    def __init__(
        self,
        *,
        text: str,
        split: Split,
        body: Span | None,
        footer_start: int | None,
        frontmatter: Frontmatter | None,
        workflow: Workflow | None,
        xml_root: XmlElement | None,
        diagnostics: tuple[Diagnostic, ...],
    ) -> None:
        self.text = text
        self.split = split
        self.body = body
        """Body range ``[start, end)``: end is just after the root's end tag (or the end of the file)."""
        self.footer_start = footer_start
        """Start of the markdown footer (never parsed), or None when there is none."""
        self.frontmatter = frontmatter
        """None when the frontmatter is missing or could not be read at all."""
        self.workflow = workflow
        self.xml_root = xml_root
        self.diagnostics = diagnostics
        self._positions: PositionIndex | None = None

    def __repr__(self) -> str:
        return f"Document(len={len(self.text)}, diagnostics={len(self.diagnostics)})"

    @property
    def positions(self) -> PositionIndex:
        """Offsets <-> (line, character); built on first use."""
        if self._positions is None:
            self._positions = PositionIndex(self.text)
        return self._positions

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


_STAGES: dict[str, Any] = {}


def _stage(name: str) -> Any:
    """``parse_frontmatter`` / ``build_workflow``, imported on first use (start-up time) and then looked up in a dict
    rather than by an import statement on every parse."""
    func = _STAGES.get(name)
    if func is None:
        if name == "frontmatter":
            from server.syntax.frontmatter import parse_frontmatter as func
        else:
            from server.syntax.builder import build_workflow as func
        _STAGES[name] = func
    return func


def _parse(text: str) -> Document:
    if text.startswith("\ufeff"):
        text = text[1:]
    diagnostics: list[Diagnostic] = []
    split = split_document(text, diagnostics)
    frontmatter: Frontmatter | None = None
    if split.frontmatter is not None:
        frontmatter = _stage("frontmatter")(text, split, diagnostics)
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
            workflow = _stage("builder")(root, text, diagnostics)
    return Document(
        text=text,
        split=split,
        body=body,
        footer_start=footer,
        frontmatter=frontmatter,
        workflow=workflow,
        xml_root=root,
        diagnostics=tuple(sort_and_dedupe(diagnostics)) if diagnostics else (),
    )
