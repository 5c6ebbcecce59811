"""Text synchronisation (incremental; pygls applies the edits) and when to re-check documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from server.lsp.model import dependents

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer


def register(server: FlowScriptServer) -> None:
    @server.handle(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.diagnostics.now(uri)
        server.diagnostics.recheck(dependents(server, uri))

    @server.handle(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.diagnostics.schedule(uri)
        server.diagnostics.recheck(dependents(server, uri))

    @server.handle(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.diagnostics.now(uri)
        server.diagnostics.recheck(dependents(server, uri))

    @server.handle(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.snapshots.drop(uri)
        server.diagnostics.close(uri)
        server.diagnostics.recheck(dependents(server, uri))
