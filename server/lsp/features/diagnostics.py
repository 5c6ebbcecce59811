"""Pull diagnostics (``textDocument/diagnostic``) for clients that support them; pushing is in ``scheduler``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from server.lsp.scheduler import lsp_diagnostics

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer


def _empty() -> types.FullDocumentDiagnosticReport:
    return types.FullDocumentDiagnosticReport(items=[])


def register(server: FlowScriptServer) -> None:
    options = types.DiagnosticOptions(
        identifier="flowscript", inter_file_dependencies=True, workspace_diagnostics=False
    )

    @server.handle(types.TEXT_DOCUMENT_DIAGNOSTIC, options, empty=_empty)
    def document_diagnostic(
        params: types.DocumentDiagnosticParams,
    ) -> types.FullDocumentDiagnosticReport | types.UnchangedDocumentDiagnosticReport:
        snapshot = server.snapshot(params.text_document.uri)
        if snapshot is None:
            return _empty()
        result_id = f"{snapshot.version}:{snapshot.serial}"
        if params.previous_result_id == result_id:
            return types.UnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.FullDocumentDiagnosticReport(items=lsp_diagnostics(server, snapshot), result_id=result_id)
