"""When diagnostics are computed and pushed: debounced on change, at once on open and save.

Per document there is at most one pending check; a new change cancels it and schedules another. Checks run in a
worker thread (requests stay responsive meanwhile) with the cyclic collector paused (``collector``); a check whose
version is superseded once parsed stops before the analysis, and a result is only published if its version is still
the document's current version, so a stale result never replaces a newer one. The superseded snapshot is freed after
the publication, not before the check (freeing a 2,000-node tree takes 6-12 ms). The published list is JSON built in
the worker (``convert.diagnostic_json``), sent without lsprotocol objects.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from server.lsp.analysis import rule_url
from server.lsp.collector import COLLECTOR
from server.lsp.convert import diagnostic_json, to_lsp_diagnostic

if TYPE_CHECKING:
    from server.lsp.documents import Snapshot
    from server.lsp.server import FlowScriptServer
    from server.syntax.positions import Encoding

__all__ = ["IDLE_COLLECT_SECONDS", "DiagnosticsScheduler", "diagnostics_json", "lsp_diagnostics"]

logger = logging.getLogger(__name__)

IDLE_COLLECT_SECONDS = 10.0
"""Quiet time after the last check before what checks froze is collected (``Collector.collect_frozen``)."""


def lsp_diagnostics(server: FlowScriptServer, snapshot: Snapshot) -> list[types.Diagnostic]:
    """The diagnostics of ``snapshot`` as lsprotocol objects (features that combine them with others)."""
    encoding = server.encoding
    return [to_lsp_diagnostic(diag, snapshot, encoding, rule_url(diag.code)) for diag in snapshot.diagnostics]


def diagnostics_json(snapshot: Snapshot, encoding: Encoding) -> list[dict[str, Any]]:
    """The diagnostics of ``snapshot`` as LSP JSON (computed once per snapshot and encoding)."""
    key = f"diagnostics-json:{encoding}"
    cached = snapshot.cache.get(key)
    if cached is None:
        cached = [diagnostic_json(diag, snapshot, encoding, rule_url(diag.code)) for diag in snapshot.diagnostics]
        snapshot.cache[key] = cached
    result: list[dict[str, Any]] = cached
    return result


class DiagnosticsScheduler:
    def __init__(self, server: FlowScriptServer) -> None:
        self._server = server
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._published: dict[str, int | None] = {}
        self.on_publish: list[Callable[[str, int | None], None]] = []
        """Observers (used by the benchmark): called with (uri, version) after each publication."""
        self.collector = COLLECTOR
        self._idle: asyncio.TimerHandle | None = None
        self.preview_items: dict[str, tuple[int | None, list[dict[str, Any]]]] = {}
        """The last preview's diagnostics per document (set by the preview feature) with the version they belong to:
        a check of that same version that publishes after the preview (a check started at didOpen and the preview
        racing, say) includes them instead of wiping them."""

    @property
    def push(self) -> bool:
        return not self._server.pull_diagnostics

    def cancel(self, uri: str) -> None:
        task = self._pending.pop(uri, None)
        if task is not None:
            task.cancel()

    def schedule(self, uri: str, delay_ms: int | None = None) -> None:
        """Check ``uri`` after the debounce delay (cancelling a pending check of the same document)."""
        if not self.push:
            return
        self.cancel(uri)
        delay = self._server.settings.diagnostics_delay_ms if delay_ms is None else delay_ms
        self._pending[uri] = asyncio.get_running_loop().create_task(self._later(uri, delay / 1000))

    def now(self, uri: str) -> None:
        """Check and publish ``uri`` without the debounce (open, save)."""
        self.schedule(uri, 0)

    def is_current(self, snapshot: Snapshot) -> bool:
        """Whether ``snapshot`` is still the open version of its document (safe to call from the worker)."""
        current = self._server.workspace.text_documents.get(snapshot.uri)
        return current is not None and current.version == snapshot.version

    def check(self, snapshot: Snapshot, encoding: Encoding) -> list[dict[str, Any]]:
        """Parse, analyze and render ``snapshot`` (in a worker thread)."""
        with self.collector.paused():
            return diagnostics_json(snapshot, encoding)

    def check_current(self, snapshot: Snapshot, encoding: Encoding) -> list[dict[str, Any]] | None:
        """:meth:`check`, or None when ``snapshot`` was superseded by the time it is parsed (the newer version has a
        check of its own)."""
        with self.collector.paused():
            _ = snapshot.document  # parse first; a version superseded meanwhile is not analyzed
            if not self.is_current(snapshot):
                return None
            return diagnostics_json(snapshot, encoding)

    def close(self, uri: str) -> None:
        self.cancel(uri)
        self._published.pop(uri, None)
        self.preview_items.pop(uri, None)
        if self.push:
            self._server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def recheck(self, uris: Iterable[str]) -> None:
        """Re-check documents whose diagnostics depend on another file (include/call targets)."""
        uris = list(uris)
        if not uris:
            return
        for uri in uris:
            self._server.snapshots.invalidate(uri)
        if self.push:
            for uri in uris:
                self.schedule(uri)
        elif self._refresh_supported():
            self._server.workspace_diagnostic_refresh(None)

    def recheck_all(self) -> None:
        """Re-check every open document (settings or the shared config file changed)."""
        self.recheck(self._server.open_uris())

    def _refresh_supported(self) -> bool:
        workspace = self._server.client_capabilities.workspace
        diagnostics = workspace.diagnostics if workspace is not None else None
        return bool(diagnostics is not None and diagnostics.refresh_support)

    async def _later(self, uri: str, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            snapshot = self._server.snapshot(uri)
            if snapshot is None:
                return
            items = await asyncio.to_thread(self.check_current, snapshot, self._server.encoding)
            if items is not None:
                self._publish(snapshot, items)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never let a background check kill the loop
            self._server._failed("diagnostics", exc, lambda: None)
        finally:
            if self._pending.get(uri) is asyncio.current_task():
                del self._pending[uri]
            self.after_check()

    def after_check(self) -> None:
        """Free superseded snapshots, and collect what checks froze once the server is idle."""
        self._server.snapshots.free_retired()
        if self._idle is not None:
            self._idle.cancel()
        self._idle = asyncio.get_running_loop().call_later(IDLE_COLLECT_SECONDS, self._collect_when_idle)

    def _collect_when_idle(self) -> None:
        self._idle = None
        if self._pending:
            return  # the check that is pending re-arms the timer when it ends
        if self.collector.frozen_checks:
            collected = self.collector.collect_frozen()
            logger.debug("idle collection: %d objects", collected)

    def _publish(self, snapshot: Snapshot, items: list[dict[str, Any]]) -> None:
        if not self.is_current(snapshot):
            return  # closed, or a newer version exists (its own check is scheduled)
        last = self._published.get(snapshot.uri)
        if last is not None and snapshot.version is not None and snapshot.version < last:
            return
        preview = self.preview_items.get(snapshot.uri)
        if preview is not None and preview[0] == snapshot.version:
            items = [*items, *preview[1]]  # the preview of this version stays until an edit (DIAGNOSTICS.md §6)
        params: dict[str, Any] = {"uri": snapshot.uri, "diagnostics": items}
        if snapshot.version is not None:
            params["version"] = snapshot.version
        self._server.notify_json(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params)
        self._published[snapshot.uri] = snapshot.version
        for observer in self.on_publish:
            observer(snapshot.uri, snapshot.version)
