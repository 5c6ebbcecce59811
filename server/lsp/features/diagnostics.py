"""Pull diagnostics (``textDocument/diagnostic``) for clients that support them; pushing is in ``scheduler``.

The report is checked in a worker thread like a pushed one and answered as JSON data (``diagnostics_json``).
``interFileDependencies: true``: a document's diagnostics depend on the sub-workflows it includes or calls, so
clients pull the other open documents again when one changes.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from lsprotocol import types

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer

OPTIONS = types.DiagnosticOptions(identifier="flowscript", inter_file_dependencies=True, workspace_diagnostics=False)


def _empty() -> types.FullDocumentDiagnosticReport:
    return types.FullDocumentDiagnosticReport(items=[])


def register(server: FlowScriptServer) -> None:
    @server.handle(types.TEXT_DOCUMENT_DIAGNOSTIC, OPTIONS, empty=_empty)
    async def document_diagnostic(
        params: types.DocumentDiagnosticParams,
    ) -> dict[str, Any] | types.FullDocumentDiagnosticReport | types.UnchangedDocumentDiagnosticReport:
        snapshot = server.snapshot(params.text_document.uri)
        if snapshot is None:
            return _empty()
        result_id = f"{snapshot.version}:{snapshot.serial}"
        if params.previous_result_id == result_id:
            return types.UnchangedDocumentDiagnosticReport(result_id=result_id)
        checks = server.diagnostics
        try:
            items = await asyncio.to_thread(checks.check, snapshot, server.encoding)
        finally:
            checks.after_check()
        return {"kind": "full", "resultId": result_id, "items": items}
