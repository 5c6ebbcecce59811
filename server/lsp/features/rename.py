"""Rename a node id everywhere it is referenced; refuse invalid and duplicate ids."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from server.lsp.convert import to_offset, to_range

if TYPE_CHECKING:
    from server.lsp.model import Model
    from server.lsp.server import FlowScriptServer

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_XML_UNSAFE = re.compile(r"[\"'<>&\s]")


def validate_new_id(model: Model, old: str, new: str) -> str | None:
    """Why ``new`` cannot replace ``old`` (None when it can)."""
    if not new or _XML_UNSAFE.search(new):
        return f'"{new}" is not a valid node id: use letters, digits, "_" or "-", without spaces or quotes'
    if new != old and new in model.definitions:
        return f'A node with id "{new}" already exists'
    used_in_expressions = any(ref.in_expression for ref in model.references("node", old))
    if used_in_expressions and not _IDENTIFIER.match(new):
        return f'"{new}" cannot be used in expressions, where "{old}" is referenced; use letters, digits and "_"'
    return None


def register(server: FlowScriptServer) -> None:
    @server.handle(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(params: types.PrepareRenameParams) -> types.PrepareRenamePlaceholder | None:
        from server.lsp.model import model_of

        snapshot = server.snapshot(params.text_document.uri)
        model = model_of(snapshot) if snapshot is not None else None
        if snapshot is None or model is None:
            return None
        ref = model.ref_at(to_offset(snapshot, params.position, server.encoding))
        if ref is None or ref.kind != "node" or ref.name not in model.definitions:
            return None
        return types.PrepareRenamePlaceholder(
            range=to_range(snapshot, ref.start, ref.end, server.encoding), placeholder=ref.name
        )

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def rename(params: types.RenameParams) -> types.WorkspaceEdit | None:
        # Not wrapped by ``handle``: a refused rename must reach the client as an error with its reason.
        try:
            from server.lsp.model import model_of

            snapshot = server.snapshot(params.text_document.uri)
            model = model_of(snapshot) if snapshot is not None else None
            if snapshot is None or model is None:
                return None
            ref = model.ref_at(to_offset(snapshot, params.position, server.encoding))
        except Exception as exc:
            return server._failed("rename", exc, lambda: None)  # type: ignore[no-any-return]
        if ref is None or ref.kind != "node" or ref.name not in model.definitions:
            raise JsonRpcInvalidParams("Only node ids can be renamed; place the cursor on an id or a reference")
        problem = validate_new_id(model, ref.name, params.new_name)
        if problem is not None:
            raise JsonRpcInvalidParams(problem)
        edits = [
            types.TextEdit(range=to_range(snapshot, found.start, found.end, server.encoding), new_text=params.new_name)
            for found in model.references("node", ref.name)
        ]
        return types.WorkspaceEdit(changes={snapshot.uri: edits})

    server.registered_features.append(types.TEXT_DOCUMENT_RENAME)
