"""Go to definition: node ids (input, fallback, on-timeout, goto, expressions), ``$config`` keys, ``$secrets``
names, and the file of an include/call ``workflow``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from server.lsp.convert import to_offset, to_range

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer


def register(server: FlowScriptServer) -> None:
    @server.handle(types.TEXT_DOCUMENT_DEFINITION, empty=list)
    def definition(params: types.DefinitionParams) -> list[types.Location]:
        from server.lsp.model import model_of
        from server.syntax import ast

        snapshot = server.snapshot(params.text_document.uri)
        model = model_of(snapshot) if snapshot is not None else None
        if snapshot is None or model is None:
            return []
        offset = to_offset(snapshot, params.position, server.encoding)
        ref = model.ref_at(offset)
        if ref is not None:
            target = model.declaration(ref.kind, ref.name)
            if target is None:
                return []
            location = to_range(snapshot, target.start, target.end, server.encoding)
            return [types.Location(uri=snapshot.uri, range=location)]
        node = model.node_at(offset)
        if isinstance(node, ast.Include | ast.Call) and node.workflow and snapshot.path is not None:
            attribute = node.attribute("workflow")
            if attribute is not None and attribute.value_range[0] <= offset <= attribute.value_range[1]:
                path = (snapshot.path.parent / str(node.workflow)).resolve()
                if path.is_file():
                    origin = types.Range(
                        start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
                    )
                    return [types.Location(uri=Path(path).as_uri(), range=origin)]
        return []
