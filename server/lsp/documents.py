"""Snapshots of open documents: the text of one version, its position index, and lazily its AST and diagnostics.

A snapshot is immutable; features read one snapshot from start to end, so a concurrent edit can never mix versions.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from server.lsp.analysis import Analyzer, parse_text

if TYPE_CHECKING:
    from server.diagnostics import Diagnostic
    from server.syntax.document import Document
    from server.syntax.positions import PositionIndex

__all__ = ["Snapshot", "SnapshotCache", "uri_to_path"]

_BOM = "\ufeff"

TEXT_RESULTS = frozenset({"targets"})
"""Keys of ``Snapshot.cache`` whose values depend on the text and URI only (and hold no reference back to the
snapshot): a re-check of the same version keeps them."""


def uri_to_path(uri: str) -> Path | None:
    """The local path of a ``file:`` URI (None for unsaved documents and other schemes)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if len(path) >= 3 and path[0] == "/" and path[2] == ":":  # file:///C:/x on Windows
        path = path[1:]
    return Path(path)


@dataclass(eq=False)
class Snapshot:
    """One version of one document. ``text`` is the client's text; the core sees it without a leading BOM."""

    uri: str
    version: int | None
    text: str
    analyzer: Analyzer
    serial: int = 0
    """Unique per snapshot of a server run (result ids of pull diagnostics)."""
    index: PositionIndex = field(init=False)
    shift: int = field(init=False)
    """1 when the client text starts with a BOM: core offsets + shift = client offsets."""
    _document: Document | None = field(init=False, default=None)
    _diagnostics: list[Diagnostic] | None = field(init=False, default=None)
    cache: dict[str, Any] = field(init=False, default_factory=dict)
    """Per-snapshot results of features (e.g. the navigation model)."""

    def __post_init__(self) -> None:
        from server.syntax.positions import PositionIndex

        self.index = PositionIndex(self.text)
        self.shift = 1 if self.text.startswith(_BOM) else 0

    @property
    def core_text(self) -> str:
        return self.text[self.shift :]

    @property
    def path(self) -> Path | None:
        return uri_to_path(self.uri)

    @property
    def document(self) -> Document:
        """The parsed document (computed once)."""
        if self._document is None:
            self._document = parse_text(self.core_text)
        return self._document

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic of this version (computed once)."""
        if self._diagnostics is None:
            self._diagnostics = self.analyzer.run(self.document, self.path)
        return self._diagnostics

    def rechecked(self, serial: int) -> Snapshot:
        """A snapshot of the same version for a new check (its diagnostics also depend on other files and on the
        configuration). The parse depends on the text alone, so the parsed document and the position index are
        shared, and so are the features' results listed in ``TEXT_RESULTS``."""
        fresh = copy.copy(self)
        fresh.serial = serial
        fresh._diagnostics = None
        fresh.cache = {key: value for key, value in self.cache.items() if key in TEXT_RESULTS}
        return fresh

    def core_offset(self, client_offset: int) -> int:
        return max(0, client_offset - self.shift)

    def release(self) -> None:
        """Forget the features' results once this version is superseded. The navigation model refers back to its
        snapshot; without this the cycle (~50,000 objects for 2,000 nodes) waits for a full cyclic collection. A
        feature still holding this snapshot just recomputes what it asks for."""
        self.cache.clear()


class SnapshotCache:
    """The latest snapshot of each open document, rebuilt only when the version or text changes.

    A superseded snapshot is released at once but kept alive until :meth:`free_retired` (the diagnostics scheduler
    calls it after publishing the new version), so that freeing its tree is not on the path from an edit to its
    diagnostics; at most ``RETIRED_MAX`` wait."""

    RETIRED_MAX = 4

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self._snapshots: dict[str, Snapshot] = {}
        self._serial = 0
        self._retired: list[Snapshot] = []

    def get(self, uri: str, version: int | None, text: str) -> Snapshot:
        current = self._snapshots.get(uri)
        if current is not None and current.version == version and current.text == text:
            return current
        self._serial += 1
        snapshot = Snapshot(uri, version, text, self.analyzer, self._serial)
        self._snapshots[uri] = snapshot
        if current is not None:
            current.release()
            self._retired.append(current)
            if len(self._retired) > self.RETIRED_MAX:
                del self._retired[0]
        return snapshot

    def free_retired(self) -> None:
        """Drop the superseded snapshots kept since the last call (freed by reference counting)."""
        self._retired.clear()

    def invalidate(self, uri: str) -> None:
        """Check the current version of ``uri`` again (another file or the configuration changed): its next
        snapshot reuses the parse."""
        current = self._snapshots.get(uri)
        if current is None:
            return
        self._serial += 1
        self._snapshots[uri] = current.rechecked(self._serial)
        current.release()

    def drop(self, uri: str) -> None:
        snapshot = self._snapshots.pop(uri, None)
        if snapshot is not None:
            snapshot.release()

    def clear(self) -> None:
        for snapshot in self._snapshots.values():
            snapshot.release()
        self._snapshots.clear()
