"""Find references of a node id, a ``$config`` key or a ``$secrets`` name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from server.lsp.convert import to_offset, to_range

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer


def register(server: FlowScriptServer) -> None:
    @server.handle(types.TEXT_DOCUMENT_REFERENCES, empty=list)
    def references(params: types.ReferenceParams) -> list[types.Location]:
        from server.lsp.model import model_of

        snapshot = server.snapshot(params.text_document.uri)
        model = model_of(snapshot) if snapshot is not None else None
        if snapshot is None or model is None:
            return []
        ref = model.ref_at(to_offset(snapshot, params.position, server.encoding))
        if ref is None:
            return []
        return [
            types.Location(uri=snapshot.uri, range=to_range(snapshot, found.start, found.end, server.encoding))
            for found in model.references(ref.kind, ref.name)
            if params.context.include_declaration or not found.declaration
        ]
