"""Text synchronisation (incremental; pygls applies the edits) and when to re-check documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer


def register(server: FlowScriptServer) -> None:
    @server.handle(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.diagnostics.now(uri)
        _recheck_dependents(server, uri)

    @server.handle(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.diagnostics.schedule(uri)
        _recheck_dependents(server, uri)

    @server.handle(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.diagnostics.now(uri)
        _recheck_dependents(server, uri)

    @server.handle(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.snapshots.drop(uri)
        server.diagnostics.close(uri)
        _recheck_dependents(server, uri)


def _recheck_dependents(server: FlowScriptServer, uri: str) -> None:
    """Re-check the open documents that include or call ``uri`` (the navigation model is imported on first use)."""
    from server.lsp.model import dependents

    server.diagnostics.recheck(dependents(server, uri))
