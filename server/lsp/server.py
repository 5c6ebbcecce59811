"""The FlowScript language server object: state shared by the features, and the one place that wires them.

Each feature module exposes ``register(server)`` and uses :meth:`FlowScriptServer.handle`, which wraps the handler so
that a failing feature is logged (``window/logMessage``) and answers with an empty result instead of an error.
"""

from __future__ import annotations

import functools
import inspect
import logging
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from server import __version__
from server.lsp.analysis import Analyzer
from server.lsp.convert import encoding_of
from server.lsp.documents import Snapshot, SnapshotCache, uri_to_path
from server.lsp.scheduler import DiagnosticsScheduler

if TYPE_CHECKING:
    from server.lsp.settings import Settings
    from server.syntax.positions import Encoding

__all__ = ["FlowScriptServer", "create_server"]

logger = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


class FlowScriptProtocol(LanguageServerProtocol):
    """Answers a request whose parameters cannot be read with an InvalidParams error (pygls drops it silently,
    leaving the client waiting forever)."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if not (isinstance(data, dict) and "id" in data and "method" in data):
                raise
            logger.warning("rejected %s: parameters do not match the LSP types", data.get("method"))
            self._send_response(data["id"], error=exc.to_response_error())
            return SimpleNamespace(jsonrpc="answered-invalid-params")  # handle_message ignores it

    def notify_json(self, method: str, params: dict[str, Any]) -> None:
        """Send a notification whose ``params`` are JSON data already (dicts, lists, str, int, float, bool, None).

        :meth:`notify` wraps the params in the method's lsprotocol message class and pygls unstructures that with
        cattrs while encoding; plain data needs none of it (``json.dumps`` encodes it in C). Used for the
        diagnostics lists, built by ``convert.diagnostic_json``."""
        self._send_data({"jsonrpc": self.VERSION, "method": method, "params": params})


class FlowScriptServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "flowscript",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=FlowScriptProtocol,
        )
        self._settings: Settings | None = None
        """The validated settings; None until first needed (pydantic is not imported before ``initialize``)."""
        self.settings_layers: dict[str, Mapping[str, Any]] = {"initialization": {}, "client": {}}
        self._reported_settings_errors: set[str] = set()
        self.analyzer = Analyzer()
        self.analyzer.on_config_error = lambda message: self.show(message, types.MessageType.Warning)
        self.analyzer.open_paths = self._open_paths
        self.snapshots = SnapshotCache(self.analyzer)
        self.diagnostics = DiagnosticsScheduler(self)
        self.registered_features: list[str] = []
        self.failures = 0
        """Handler failures since start (logged, answered with an empty result)."""

    # -- documents --------------------------------------------------------------------------------------------

    @property
    def encoding(self) -> Encoding:
        return encoding_of(self.workspace.position_encoding)

    def snapshot(self, uri: str) -> Snapshot | None:
        """The current snapshot of an open document; None for documents the client has not opened."""
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        self.resolve_settings()  # analysis reads the path base: validate pending settings on this thread first
        return self.snapshots.get(uri, document.version, document.source)

    def open_uris(self) -> list[str]:
        return list(self.workspace.text_documents)

    def _open_paths(self) -> set[Path]:
        paths = (uri_to_path(uri) for uri in self.open_uris())
        return {path.resolve() for path in paths if path is not None}

    # -- client capabilities ----------------------------------------------------------------------------------

    @property
    def pull_diagnostics(self) -> bool:
        """True when the client pulls diagnostics (``textDocument/diagnostic``) instead of receiving pushes."""
        document = self.client_capabilities.text_document
        return document is not None and document.diagnostic is not None

    # -- settings ---------------------------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """The effective settings (see :meth:`resolve_settings`)."""
        return self.resolve_settings()

    def resolve_settings(self) -> Settings:
        """The effective settings, validated on first use after a layer changed (an invalid layer is reported
        with ``window/showMessage`` then)."""
        if self._settings is None:
            from server.lsp.settings import describe_errors, resolve_settings

            result = resolve_settings(*self.settings_layers.values())
            # Each invalid key is reported once while it stays invalid: re-validating after another layer changed
            # does not repeat the problems already shown.
            new = [error for error in result.errors if error not in self._reported_settings_errors]
            self._reported_settings_errors = set(result.errors)
            if new:
                self.show(describe_errors(new), types.MessageType.Warning)
            self._settings = result.settings
            self.analyzer.path_base = result.settings.path_base
        return self._settings

    def set_settings_layer(self, layer: str, values: Mapping[str, Any]) -> None:
        """Replace one settings layer; it is validated on the next use of :attr:`settings`."""
        self.settings_layers[layer] = dict(values)
        self._settings = None

    def update_settings(self, layer: str, values: Mapping[str, Any]) -> bool:
        """Replace one settings layer and re-validate; returns True when the effective settings changed."""
        previous = self.settings
        self.set_settings_layer(layer, values)
        return self.settings != previous

    # -- messages ---------------------------------------------------------------------------------------------

    def notify_json(self, method: str, params: dict[str, Any]) -> None:
        """Send a notification whose params are JSON data already (see :meth:`FlowScriptProtocol.notify_json`)."""
        protocol = self.protocol
        assert isinstance(protocol, FlowScriptProtocol)
        protocol.notify_json(method, params)

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def show(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    # -- registration -----------------------------------------------------------------------------------------

    def handle(self, method: str, options: Any = None, empty: Callable[[], Any] = lambda: None) -> Callable[[F], F]:
        """Register an LSP handler; an exception in it is logged and answered with ``empty()``."""

        def decorator(handler: F) -> F:
            guarded = self.guard(method, empty)(handler)
            self.feature(method, options)(guarded)
            self.registered_features.append(method)
            return handler

        return decorator

    def guard(self, name: str, empty: Callable[[], Any]) -> Callable[[F], F]:
        def decorator(handler: F) -> F:
            if inspect.iscoroutinefunction(handler):

                @functools.wraps(handler)
                async def run_async(*args: Any) -> Any:
                    try:
                        return await handler(*args)
                    except Exception as exc:
                        return self._failed(name, exc, empty)

                return run_async  # type: ignore[return-value]

            @functools.wraps(handler)
            def run(*args: Any) -> Any:
                try:
                    return handler(*args)
                except Exception as exc:
                    return self._failed(name, exc, empty)

            return run  # type: ignore[return-value]

        return decorator

    def _failed(self, name: str, exc: Exception, empty: Callable[[], Any]) -> Any:
        self.failures += 1
        detail = "".join(traceback.format_exception(exc)).rstrip()
        logger.error("%s failed: %s", name, detail)
        try:
            self.log(f"{name} failed: {exc!r}\n{detail}", types.MessageType.Error)
        except Exception:  # the connection may be gone; never raise from the error path
            logger.exception("could not send logMessage")
        return empty()


def create_server() -> FlowScriptServer:
    from server.lsp.features import register_all

    server = FlowScriptServer()
    register_all(server)
    return server
