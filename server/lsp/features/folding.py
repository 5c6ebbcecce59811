"""Folding ranges: every multi-line node and element, the frontmatter and the markdown footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from server.lsp.convert import to_position

if TYPE_CHECKING:
    from server.lsp.model import Model
    from server.lsp.server import FlowScriptServer
    from server.syntax.positions import Encoding


def _fold(model: Model, start: int, end: int, encoding: Encoding, kind: str | None = None) -> types.FoldingRange | None:
    first = to_position(model.snapshot, start, encoding).line
    last = to_position(model.snapshot, end, encoding).line
    if last <= first:
        return None
    return types.FoldingRange(start_line=first, end_line=last, kind=kind)


def folding_ranges(model: Model, encoding: Encoding) -> list[types.FoldingRange]:
    spans: list[tuple[int, int, str | None]] = []
    document = model.document
    split = getattr(document, "split", None)
    opening = getattr(split, "opening", None)
    closing = getattr(split, "closing", None)
    if opening is not None and closing is not None:
        spans.append((opening[0], closing[1], types.FoldingRangeKind.Region.value))
    for node in model.nodes:
        spans.append((node.range[0], node.range[1], None))
    workflow = model.workflow
    if workflow is not None:
        body_end = workflow.range[1]
        spans.append((workflow.range[0], body_end, None))
        text = model.snapshot.core_text
        footer = getattr(document, "footer_start", None)
        footer_start = footer if isinstance(footer, int) else body_end
        footer_start += len(text[footer_start:]) - len(text[footer_start:].lstrip())
        if footer_start < len(text):
            spans.append((footer_start, len(text.rstrip()), types.FoldingRangeKind.Comment.value))
    ranges = []
    seen: set[tuple[int, int]] = set()
    for start, end, kind in spans:
        fold = _fold(model, start, end, encoding, kind)
        if fold is not None and (fold.start_line, fold.end_line) not in seen:
            seen.add((fold.start_line, fold.end_line))
            ranges.append(fold)
    return ranges


def register(server: FlowScriptServer) -> None:
    @server.handle(types.TEXT_DOCUMENT_FOLDING_RANGE, empty=list)
    def folding_range(params: types.FoldingRangeParams) -> list[types.FoldingRange]:
        from server.lsp.model import model_of

        snapshot = server.snapshot(params.text_document.uri)
        model = model_of(snapshot) if snapshot is not None else None
        return [] if model is None else folding_ranges(model, server.encoding)
