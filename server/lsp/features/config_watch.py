"""Edits to the shared config file (``flowscript.toml``, ``[tool.flowscript]`` in ``pyproject.toml``) take effect.

When the client reports a change of those files (``workspace/didChangeWatchedFiles``: the VS Code extension watches
them itself) or saves one (``textDocument/didSave``), the shared configuration is reloaded (the analyzer forgets its
cached config files, as after a settings change) and the open documents are re-checked, so the editor keeps agreeing
with ``flowscript lint``. A config file that does not load is reported with ``window/showMessage`` and the last good
configuration stays in effect.

The server sends no ``client/registerCapability`` request: clients that do not answer it (test clients such as
pytest-lsp's) would report an error, and the editors that matter watch the files without it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from server.lsp.documents import uri_to_path

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer

__all__ = ["CONFIG_FILE_NAMES", "is_config_file", "register", "reload_config"]

CONFIG_FILE_NAMES = ("flowscript.toml", "pyproject.toml")
"""The files ``server.config`` reads (its ``CONFIG_FILES``)."""


def is_config_file(uri: str) -> bool:
    path = uri_to_path(uri)
    return path is not None and path.name in CONFIG_FILE_NAMES


def _load_error(paths: Iterable[Path]) -> str | None:
    """The error of the first changed config file that exists and does not load (``server.config``'s loader)."""
    from server.config import ConfigError, load_config_file

    for path in paths:
        if not path.is_file():
            continue  # deleted: the configuration falls back to the next file up, or the defaults
        try:
            load_config_file(path)
        except ConfigError as exc:
            return str(exc)
    return None


def reload_config(server: FlowScriptServer, uris: Iterable[str]) -> bool:
    """Public hook: the config files ``uris`` changed. Reload the shared configuration and re-check the open
    documents; returns False (and shows a message, keeping the last good configuration) when one does not load."""
    paths = [path for path in map(uri_to_path, uris) if path is not None and path.name in CONFIG_FILE_NAMES]
    if not paths:
        return True
    error = _load_error(paths)
    if error is not None:
        server.show(
            f"FlowScript configuration not reloaded: {error}; the last valid configuration stays in effect.",
            types.MessageType.Warning,
        )
        return False
    server.analyzer.reset()
    server.diagnostics.recheck_all()
    return True


def _after(server: FlowScriptServer, method: str, then: Callable[[Any], None]) -> None:
    """Run ``then(params)`` after the handler another feature registered for ``method`` (pygls keeps one handler
    per method; ``initialized`` and ``didSave`` belong to the configuration and sync features)."""
    features = server.protocol.fm.features
    previous = features.get(method)
    after: Callable[[Any], None] = server.guard(method, lambda: None)(then)

    if previous is not None and inspect.iscoroutinefunction(previous):

        async def chained_async(params: Any) -> None:
            await previous(params)
            after(params)

        features[method] = chained_async
        return

    def chained(params: Any) -> None:  # synchronous like the handler it follows: notification order is kept
        if previous is not None:
            previous(params)
        after(params)

    features[method] = chained


def register(server: FlowScriptServer) -> None:
    @server.handle(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        reload_config(server, [change.uri for change in params.changes])

    def saved(params: types.DidSaveTextDocumentParams) -> None:
        if is_config_file(params.text_document.uri):
            reload_config(server, [params.text_document.uri])

    _after(server, types.TEXT_DOCUMENT_DID_SAVE, saved)
