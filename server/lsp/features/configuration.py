"""Settings: ``initializationOptions``, ``workspace/didChangeConfiguration`` and the shared config file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from server.lsp.analysis import start_warm_up
from server.lsp.documents import uri_to_path
from server.lsp.settings_section import SECTION, settings_section

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer


def register(server: FlowScriptServer) -> None:
    @server.handle(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        root = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
        server.analyzer.workspace_root = uri_to_path(root) if root else None
        # Validated on first use (``initialized`` below), so that pydantic is not imported before the response.
        server.set_settings_layer("initialization", settings_section(params.initialization_options))

    @server.handle(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        server.resolve_settings()  # reports invalid initializationOptions now
        start_warm_up()

    @server.handle(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        values = settings_section(params.settings)
        if not values and _can_pull(server):
            result: Any = await server.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
            )
            values = settings_section(result[0] if result else None)
        server.analyzer.reset()  # the shared config file may have changed too
        server.update_settings("client", values)
        for uri in server.open_uris():  # load it now: a broken file is reported now, not at the next pull
            server.analyzer.config_for(uri_to_path(uri))
        server.diagnostics.recheck_all()
        # No workspace/codeLens/refresh request: clients that do not implement it (pytest-lsp's test client) report
        # an error; editors ask for code lenses again on the next change.


def _can_pull(server: FlowScriptServer) -> bool:
    workspace = server.client_capabilities.workspace
    return bool(workspace is not None and workspace.configuration)
