"""The ``flowscript.previewNode`` command: the seam between the editor and the preview engine (``server/preview``).

Arguments: one object ``{uri, nodeId, allowSideEffects?}``. The result is always a JSON object:
``{"ok": true, "uri", "nodeId", "result": {...}}`` or ``{"ok": false, "uri", "nodeId", "error": {"code", "message"}}``.
While the engine runs, progress is reported with ``$/progress`` (cancellable: cancelling the progress or the request
stops the run); an engine result that names a document (``"document": uri``) is opened with ``window/showDocument``.

Until the preview engine is wired, :func:`preview_engine` returns None and the command answers with the error code
``PREVIEW_UNAVAILABLE``.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from server.lsp.documents import Snapshot
from server.lsp.model import model_of

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer

__all__ = ["PREVIEW_COMMAND", "PreviewEngine", "PreviewRequest", "Progress", "preview_engine", "run_preview"]

PREVIEW_COMMAND = "flowscript.previewNode"


@dataclass(frozen=True, slots=True)
class PreviewRequest:
    uri: str
    node_id: str
    allow_side_effects: bool
    timeout_ms: int


Progress = Callable[[str, int | None], None]
"""``progress(message, percentage)``: report what the engine is doing."""

PreviewEngine = Callable[[PreviewRequest, Snapshot, Progress, asyncio.Event], Awaitable[Mapping[str, Any]]]
"""Run one node: returns the JSON result; stops early when the event is set (cancelled)."""


def preview_engine() -> PreviewEngine | None:
    """The preview engine (``server/preview``); None until it is wired."""
    return None


class PreviewError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_arguments(arguments: tuple[Any, ...], default_side_effects: bool, timeout_ms: int) -> PreviewRequest:
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
    return PreviewRequest(uri, node_id, side_effects, timeout_ms)


def _supports_progress(server: FlowScriptServer) -> bool:
    window = server.client_capabilities.window
    return bool(window is not None and window.work_done_progress)


def _supports_show_document(server: FlowScriptServer) -> bool:
    window = server.client_capabilities.window
    return bool(window is not None and window.show_document is not None and window.show_document.support)


async def run_preview(server: FlowScriptServer, arguments: tuple[Any, ...]) -> dict[str, Any]:
    uri: Any = None
    node_id: Any = None
    if arguments and isinstance(arguments[0], Mapping):
        uri, node_id = arguments[0].get("uri"), arguments[0].get("nodeId")
    try:
        settings = server.settings
        request = parse_arguments(arguments, settings.preview_allow_side_effects, settings.preview_timeout_ms)
        snapshot = server.snapshot(request.uri)
        if snapshot is None:
            raise PreviewError("DOCUMENT_NOT_OPEN", f"{request.uri} is not open in the editor")
        model = model_of(snapshot)
        if model is not None and request.node_id not in model.definitions:
            raise PreviewError("UNKNOWN_NODE", f'No node with id "{request.node_id}" in this workflow')
        engine = preview_engine()
        if engine is None:
            raise PreviewError(
                "PREVIEW_UNAVAILABLE",
                "The preview engine is not available yet; node preview is coming in a later version",
            )
        result = await _with_progress(server, engine, request, snapshot)
    except PreviewError as exc:
        return {"ok": False, "uri": uri, "nodeId": node_id, "error": {"code": exc.code, "message": exc.message}}
    document = result.get("document")
    if isinstance(document, str) and _supports_show_document(server):
        await server.window_show_document_async(types.ShowDocumentParams(uri=document, take_focus=False))
    return {"ok": True, "uri": request.uri, "nodeId": request.node_id, "result": dict(result)}


async def _with_progress(
    server: FlowScriptServer, engine: PreviewEngine, request: PreviewRequest, snapshot: Snapshot
) -> Mapping[str, Any]:
    cancelled = asyncio.Event()
    token: str | None = None
    if _supports_progress(server):
        token = f"flowscript-preview-{uuid.uuid4()}"
        await server.work_done_progress.create_async(token)
        server.work_done_progress.begin(
            token, types.WorkDoneProgressBegin(title=f"Preview {request.node_id}", cancellable=True)
        )
        server.work_done_progress.tokens[token].add_done_callback(lambda _future: cancelled.set())

    def progress(message: str, percentage: int | None) -> None:
        if token is not None:
            server.work_done_progress.report(
                token, types.WorkDoneProgressReport(message=message, percentage=percentage)
            )

    try:
        async with asyncio.timeout(request.timeout_ms / 1000):
            return await engine(request, snapshot, progress, cancelled)
    except TimeoutError as exc:
        raise PreviewError(
            "PREVIEW_TIMEOUT", f"Preview of {request.node_id} took more than {request.timeout_ms} ms"
        ) from exc
    finally:
        message = "Cancelled" if cancelled.is_set() else "Done"
        if token is not None:
            server.work_done_progress.end(token, types.WorkDoneProgressEnd(message=message))


def register(server: FlowScriptServer) -> None:
    @server.command(PREVIEW_COMMAND)
    async def preview_node(*arguments: Any) -> dict[str, Any]:
        try:
            return await run_preview(server, arguments)
        except Exception as exc:
            server._failed(PREVIEW_COMMAND, exc, lambda: None)
            return {"ok": False, "error": {"code": "INTERNAL_ERROR", "message": f"Preview failed: {exc}"}}

    server.registered_features.append(f"workspace/executeCommand:{PREVIEW_COMMAND}")
