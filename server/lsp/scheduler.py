"""When diagnostics are computed and pushed: debounced on change, immediately on open and save.

Per document there is at most one pending check; a new change cancels it and schedules another. A result is only
published if its version is still the document's current version, so a stale result never replaces a newer one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from lsprotocol import types

from server.lsp.analysis import rule_url
from server.lsp.convert import to_lsp_diagnostic

if TYPE_CHECKING:
    from server.lsp.documents import Snapshot
    from server.lsp.server import FlowScriptServer

__all__ = ["DiagnosticsScheduler", "lsp_diagnostics"]

logger = logging.getLogger(__name__)


def lsp_diagnostics(server: FlowScriptServer, snapshot: Snapshot) -> list[types.Diagnostic]:
    encoding = server.encoding
    return [to_lsp_diagnostic(diag, snapshot, encoding, rule_url(diag.code)) for diag in snapshot.diagnostics]


class DiagnosticsScheduler:
    def __init__(self, server: FlowScriptServer) -> None:
        self._server = server
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._published: dict[str, int | None] = {}
        self.on_publish: list[Callable[[str, int | None], None]] = []
        """Observers (used by the benchmark): called with (uri, version) after each publication."""

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
        """Check and publish ``uri`` immediately (open, save)."""
        if not self.push:
            return
        self.cancel(uri)
        snapshot = self._server.snapshot(uri)
        if snapshot is not None:
            self._publish(snapshot)

    def close(self, uri: str) -> None:
        self.cancel(uri)
        self._published.pop(uri, None)
        if self.push:
            self._server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def recheck(self, uris: Iterable[str]) -> None:
        """Re-check documents whose diagnostics depend on another file (include/call targets)."""
        uris = list(uris)
        if not uris:
            return
        for uri in uris:
            self._server.snapshots.drop(uri)
        if self.push:
            for uri in uris:
                self.schedule(uri)
        elif self._refresh_supported():
            self._server.workspace_diagnostic_refresh(None)

    def recheck_all(self) -> None:
        self._server.snapshots.clear()
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
            # Analysis runs off the event loop so requests (completion, hover) stay responsive meanwhile.
            await asyncio.to_thread(lambda: snapshot.diagnostics)
            self._publish(snapshot)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never let a background check kill the loop
            self._server._failed("diagnostics", exc, lambda: None)
        finally:
            if self._pending.get(uri) is asyncio.current_task():
                del self._pending[uri]

    def _publish(self, snapshot: Snapshot) -> None:
        current = self._server.workspace.text_documents.get(snapshot.uri)
        if current is None or current.version != snapshot.version:
            return  # closed, or a newer version exists (its own check is scheduled)
        last = self._published.get(snapshot.uri)
        if last is not None and snapshot.version is not None and snapshot.version < last:
            return
        diagnostics = lsp_diagnostics(self._server, snapshot)
        self._server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=snapshot.uri, diagnostics=diagnostics, version=snapshot.version)
        )
        self._published[snapshot.uri] = snapshot.version
        for observer in self.on_publish:
            observer(snapshot.uri, snapshot.version)
