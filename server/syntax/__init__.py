""".flow.md text → AST with exact ranges (LANGUAGE.md §2–§8). Never raises on user input; no pygls here.

Public API:

* :func:`parse_document` (``text -> Document``): split, frontmatter model, XML element tree (``Document.xml_root``),
  node model (``Document.workflow``) and every parse-stage diagnostic (split, yaml, frontmatter, xml, structure).
  ``Document.declarations_known`` is False when undefined/unused secret and config checks must be skipped.
* The AST types of :mod:`server.syntax.ast` (immutable records; ranges are code-point offsets ``(start, end)``).
* :class:`SourceText`: every string the parser produces from the body; ``doc_span(i, j)`` maps a sub-range of a
  value to the document.
* :func:`walk` (``(node, ancestors)`` at every depth in document order), :func:`iter_nodes`, :func:`child_slots`.
* :func:`did_you_mean` (DIAGNOSTICS.md §2.4); :mod:`server.syntax.nodespec` for ``build_node_spec`` and
  ``issue_range`` (RUNTIMES.md §1.2, §1.5).
"""

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
