"""A "Preview" code lens above each node that has an id."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from server.lsp.convert import to_range
from server.lsp.features.preview import PREVIEW_COMMAND

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer


def register(server: FlowScriptServer) -> None:
    @server.handle(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False), empty=list)
    def code_lens(params: types.CodeLensParams) -> list[types.CodeLens]:
        from server.lsp.model import model_of

        snapshot = server.snapshot(params.text_document.uri)
        model = model_of(snapshot) if snapshot is not None else None
        if snapshot is None or model is None or not server.settings.code_lens:
            return []
        lenses = []
        for node_id, node in model.definitions.items():
            command = types.Command(
                title=f"▶ Preview {node_id}",
                command=PREVIEW_COMMAND,
                arguments=[{"uri": snapshot.uri, "nodeId": node_id}],
            )
            lenses.append(types.CodeLens(range=to_range(snapshot, *node.anchor, server.encoding), command=command))
        return lenses
