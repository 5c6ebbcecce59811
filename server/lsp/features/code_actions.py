"""Code actions: every diagnostic ``Fix`` as a quick fix, and "Preview node" for the node under the cursor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from server.lsp.analysis import rule_url
from server.lsp.convert import to_lsp_diagnostic, to_offset, to_workspace_edit
from server.lsp.features.preview import PREVIEW_COMMAND

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer

PREVIEW_KIND = "source.flowscript.preview"


def _wanted(only: list[str] | None, kind: str) -> bool:
    return only is None or any(kind == want or kind.startswith(f"{want}.") for want in only)


def register(server: FlowScriptServer) -> None:
    options = types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, PREVIEW_KIND])

    @server.handle(types.TEXT_DOCUMENT_CODE_ACTION, options, empty=list)
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        snapshot = server.snapshot(params.text_document.uri)
        if snapshot is None:
            return []
        encoding = server.encoding
        start = to_offset(snapshot, params.range.start, encoding)
        end = to_offset(snapshot, params.range.end, encoding)
        only = [str(getattr(kind, "value", kind)) for kind in params.context.only] if params.context.only else None
        actions: list[types.CodeAction] = []
        if _wanted(only, types.CodeActionKind.QuickFix.value):
            for diag in snapshot.diagnostics:
                if not diag.fixes or diag.end < start or diag.start > end:
                    continue
                lsp_diag = to_lsp_diagnostic(diag, snapshot, encoding, rule_url(diag.code))
                for index, fix in enumerate(diag.fixes):
                    actions.append(
                        types.CodeAction(
                            title=fix.title,
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[lsp_diag],
                            edit=to_workspace_edit(fix, snapshot, encoding),
                            is_preferred=index == 0 and fix.safe,
                        )
                    )
        from server.lsp.model import model_of

        model = model_of(snapshot)
        node = model.node_at(start) if model is not None else None
        if node is not None and node.id is not None and _wanted(only, PREVIEW_KIND):
            node_id = str(node.id)
            actions.append(
                types.CodeAction(
                    title=f"Preview node {node_id}",
                    kind=PREVIEW_KIND,
                    command=types.Command(
                        title=f"Preview node {node_id}",
                        command=PREVIEW_COMMAND,
                        arguments=[{"uri": snapshot.uri, "nodeId": node_id}],
                    ),
                )
            )
        return actions
