"""The ``flowscript.previewNode`` command: the seam between the editor and the preview engine (``server/preview``).

Arguments: one object ``{uri, nodeId, allowSideEffects?}`` or the positional pair ``[uri, nodeId]``. The result is
the engine's result object (RUNTIMES.md §7; ``nodeId``, ``status``, ``durationMs``, ``output`` | ``error {code,
message}``, ``truncated``, ``dryRun``, ``context``, ``upstream``, ``resultPath``) plus ``ok`` and ``uri``. Requests
that run nothing answer ``{"ok": false, "status": "error", "uri", "nodeId", "error": {"code", "message"}}`` with
the codes INVALID_ARGUMENTS, DOCUMENT_NOT_OPEN, UNKNOWN_NODE, PREVIEW_DISABLED.

The engine runs in a worker thread (the event loop stays free for other requests). ``$/progress`` begins as soon as
the client has accepted the token; cancelling the progress or the request cancels the preview (the engine stops
within a second). The result file is opened with ``window/showDocument`` when the client supports it, and execution
errors are pushed as diagnostics of the document (``source="flowscript-preview"``), replacing the previous preview
result (DIAGNOSTICS.md §6): with the document's own diagnostics for a push client, alone for a pull client.
One engine per workspace folder keeps its result cache across requests.

Preview is off when the setting ``preview.enabled`` is false (untrusted workspaces); a layer that says so disables
it even if other settings in that layer are invalid (fail closed).
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from server.lsp.convert import diagnostic_json, to_lsp_diagnostic
from server.lsp.documents import uri_to_path
from server.lsp.scheduler import lsp_diagnostics

if TYPE_CHECKING:
    from server.diagnostics import Diagnostic
    from server.lsp.documents import Snapshot
    from server.lsp.server import FlowScriptServer
    from server.preview import PreviewEngine, PreviewResult

# ``server.preview`` (the engine and every runtime) is imported by the first preview, not at server start.

__all__ = ["PREVIEW_COMMAND", "PreviewError", "PreviewRequest", "Previews", "parse_arguments", "register"]

PREVIEW_COMMAND = "flowscript.previewNode"


@dataclass(frozen=True, slots=True)
class PreviewRequest:
    uri: str
    node_id: str
    allow_side_effects: bool


class PreviewError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_arguments(arguments: tuple[Any, ...], default_side_effects: bool) -> PreviewRequest:
    """``[{uri, nodeId, allowSideEffects?}]`` or ``[uri, nodeId]``."""
    if len(arguments) == 2 and all(isinstance(arg, str) for arg in arguments):
        arguments = ({"uri": arguments[0], "nodeId": arguments[1]},)
    if len(arguments) != 1 or not isinstance(arguments[0], Mapping):
        raise PreviewError("INVALID_ARGUMENTS", "Expected one argument {uri, nodeId, allowSideEffects?}")
    args = arguments[0]
    uri, node_id, side_effects = args.get("uri"), args.get("nodeId"), args.get("allowSideEffects", default_side_effects)
    if not isinstance(uri, str) or not uri:
        raise PreviewError("INVALID_ARGUMENTS", '"uri" must be a document URI')
    if not isinstance(node_id, str) or not node_id:
        raise PreviewError("INVALID_ARGUMENTS", '"nodeId" must be a node id')
    if not isinstance(side_effects, bool):
        raise PreviewError("INVALID_ARGUMENTS", '"allowSideEffects" must be true or false')
    unknown = sorted(set(args) - {"uri", "nodeId", "allowSideEffects"})
    if unknown:
        raise PreviewError("INVALID_ARGUMENTS", f"Unknown argument(s): {', '.join(unknown)}")
    return PreviewRequest(uri, node_id, side_effects)


def _supports_progress(server: FlowScriptServer) -> bool:
    window = server.client_capabilities.window
    return bool(window is not None and window.work_done_progress)


def _supports_show_document(server: FlowScriptServer) -> bool:
    window = server.client_capabilities.window
    return bool(window is not None and window.show_document is not None and window.show_document.support)


def _enabled(server: FlowScriptServer) -> bool:
    if not server.settings.preview.enabled:
        return False
    for layer in server.settings_layers.values():
        section = layer.get("preview")
        if isinstance(section, Mapping) and "enabled" in section and section["enabled"] is not True:
            return False
    return True


class Previews:
    """Engines per workspace folder and the preview diagnostics last published per document."""

    def __init__(self, server: FlowScriptServer) -> None:
        self.server = server
        self.engines: dict[Path | None, PreviewEngine] = {}
        self.diagnostics: dict[str, list[Any]] = {}
        self._lock = threading.Lock()

    def workspace_of(self, path: Path | None) -> Path | None:
        folders = [uri_to_path(folder.uri) for folder in self.server.workspace.folders.values()]
        root = self.server.workspace.root_path
        candidates = [f for f in folders if f is not None] + ([Path(root)] if root else [])
        if path is not None:
            matching = [folder for folder in candidates if path.is_relative_to(folder)]
            if matching:
                return max(matching, key=lambda folder: len(folder.parts))
            return path.parent
        return candidates[0] if candidates else None

    def engine_for(self, path: Path | None) -> PreviewEngine:
        from server.preview import PreviewEngine, PreviewOptions

        settings = self.server.settings
        workspace = self.workspace_of(path)
        # The same base as the diagnostics (``Analyzer.run``): the shared config file's, then the editor setting.
        path_base = self.server.analyzer.config_for(path).path_base or settings.path_base
        options = PreviewOptions(
            timeout_s=settings.preview.timeout_seconds,
            total_timeout_s=settings.preview_timeout_ms / 1000,
            workspace_root=workspace,
            path_base="workspace" if path_base == "workspace" else "workflow",
        )
        with self._lock:
            engine = self.engines.get(workspace)
            if engine is None:
                engine = self.engines[workspace] = PreviewEngine(options)
            else:
                engine.options = dataclasses.replace(options)
        return engine

    async def run(self, arguments: tuple[Any, ...]) -> dict[str, Any]:
        server = self.server
        uri: Any = None
        node_id: Any = None
        if arguments and isinstance(arguments[0], Mapping):
            uri, node_id = arguments[0].get("uri"), arguments[0].get("nodeId")
        elif len(arguments) == 2:
            uri, node_id = arguments
        try:
            settings = server.settings
            default_side_effects = settings.preview_allow_side_effects or settings.preview.allow_side_effects
            request = parse_arguments(arguments, default_side_effects)
            if not _enabled(server):
                raise PreviewError("PREVIEW_DISABLED", "Node preview is disabled (untrusted workspace or settings)")
            snapshot = server.snapshot(request.uri)
            if snapshot is None:
                raise PreviewError("DOCUMENT_NOT_OPEN", f"{request.uri} is not open in the editor")
            result = await self._with_progress(request, snapshot)
        except PreviewError as exc:
            return {
                "ok": False,
                "status": "error",
                "uri": uri,
                "nodeId": node_id,
                "error": {"code": exc.code, "message": exc.message},
            }
        self.publish(snapshot, result)
        payload = {"ok": result.ok, "uri": request.uri, **result.to_json()}
        if result.result_path is not None and _supports_show_document(server):
            await server.window_show_document_async(
                types.ShowDocumentParams(uri=result.result_path.as_uri(), take_focus=False)
            )
        return payload

    async def _with_progress(self, request: PreviewRequest, snapshot: Snapshot) -> PreviewResult:
        from server.preview import CancelToken, PreviewUsageError

        server = self.server
        loop = asyncio.get_running_loop()
        cancel = CancelToken()
        token: str | None = None
        if _supports_progress(server):
            token = f"flowscript-preview-{uuid.uuid4()}"
            await server.work_done_progress.create_async(token)
            server.work_done_progress.begin(
                token, types.WorkDoneProgressBegin(title=f"Preview {request.node_id}", cancellable=True)
            )
            server.work_done_progress.tokens[token].add_done_callback(lambda _future: cancel.cancel())

        def report(message: str, percentage: int | None) -> None:
            if token is not None:
                value = types.WorkDoneProgressReport(message=message, percentage=percentage)
                loop.call_soon_threadsafe(server.work_done_progress.report, token, value)

        path = snapshot.path
        engine = self.engine_for(path)
        text = snapshot.core_text
        try:
            return await asyncio.to_thread(
                engine.preview_sync,
                text,
                path,
                request.node_id,
                allow_side_effects=request.allow_side_effects,
                cancel=cancel,
                progress=report,
            )
        except PreviewUsageError as exc:
            raise PreviewError("UNKNOWN_NODE", str(exc)) from exc
        except asyncio.CancelledError:
            cancel.cancel()  # the request was cancelled: stop the worker too
            raise
        finally:
            if token is not None:
                message = "Cancelled" if cancel.cancelled else "Done"
                server.work_done_progress.end(token, types.WorkDoneProgressEnd(message=message))
                server.work_done_progress.tokens.pop(token, None)

    def publish(self, snapshot: Snapshot, result: PreviewResult) -> None:
        """Publish this preview's diagnostics, replacing the previous preview's (DIAGNOSTICS.md §6)."""
        server = self.server
        encoding = server.encoding
        own = _at_previewed_node(snapshot, result)
        preview = [to_lsp_diagnostic(diag, snapshot, encoding) for diag in own]
        self.diagnostics[snapshot.uri] = preview
        if not server.pull_diagnostics:
            items = [diagnostic_json(diag, snapshot, encoding) for diag in own]
            server.diagnostics.preview_items[snapshot.uri] = (snapshot.version, items)
        current = server.workspace.text_documents.get(snapshot.uri)
        if current is None or current.version != snapshot.version:
            return  # edited meanwhile: the regular check of the new version publishes
        # A pull client keeps pushed diagnostics apart from pulled ones (VS Code: another collection; Neovim:
        # another namespace), so it gets the preview's alone; a push client gets the whole set.
        diagnostics = preview if server.pull_diagnostics else [*lsp_diagnostics(server, snapshot), *preview]
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=snapshot.uri, diagnostics=diagnostics, version=snapshot.version)
        )


def _at_previewed_node(snapshot: Snapshot, result: PreviewResult) -> list[Diagnostic]:
    """Preview diagnostics belong to the previewed node only (DIAGNOSTICS.md §6): an upstream node's failure is
    reported at the previewed node's anchor, naming the failing node and its error, with the upstream location as
    related information."""
    from runtimes.records import replace
    from server.diagnostics import Related
    from server.lsp.model import model_of

    failed = next((run for run in reversed(result.upstream) if run.status != "ok"), None)
    if failed is None:
        return list(result.diagnostics)
    model = model_of(snapshot)
    node = model.definitions.get(result.node_id) if model is not None else None
    if node is None:
        return list(result.diagnostics)
    start, end = node.anchor
    prefix = f'Upstream node "{failed.node_id}" failed'
    moved = []
    for diag in result.diagnostics:
        message = diag.message if diag.message.startswith(prefix) else f"{prefix}: {diag.message}"
        related = (*diag.related, Related(f'"{failed.node_id}" failed here', diag.start, diag.end))
        moved.append(replace(diag, message=message, start=start, end=end, related=related, fixes=()))
    return moved


def register(server: FlowScriptServer) -> None:
    previews = Previews(server)

    @server.command(PREVIEW_COMMAND)
    async def preview_node(*arguments: Any) -> dict[str, Any]:
        try:
            return await previews.run(arguments)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            server._failed(PREVIEW_COMMAND, exc, lambda: None)
            return {
                "ok": False,
                "status": "error",
                "error": {"code": "INTERNAL_ERROR", "message": f"Preview failed: {exc}"},
            }

    server.registered_features.append(f"workspace/executeCommand:{PREVIEW_COMMAND}")
