"""``.flow.md`` text → AST with exact ranges (LANGUAGE.md §2–§8). Never raises on user input; no pygls here."""

from __future__ import annotations

from server.syntax.ast import *  # noqa: F403 - the AST types are part of this package's API
from server.syntax.ast import __all__ as _ast_all
from server.syntax.document import Document, parse_document
from server.syntax.sourcetext import SourceText, decode_entities
from server.syntax.suggest import did_you_mean
from server.syntax.walk import child_slots, iter_nodes, walk

__all__ = [
    *_ast_all,
    "Document",
    "SourceText",
    "child_slots",
    "decode_entities",
    "did_you_mean",
    "iter_nodes",
    "parse_document",
    "walk",
]
