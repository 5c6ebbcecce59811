"""Settings layers and the shared config file: invalid keys fall back alone; config file edits take effect."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from tests.lsp.conftest import CLIENTS, SERVER
from tests.lsp.helpers import SAMPLE, open_and_diagnose

INVALID_INIT = {"flowscript": {"diagnosticsDelayMs": "soon", "bogus": 1, "pathBase": "workspace"}}


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)
async def invalid_init_client(
    request: pytest.FixtureRequest, lsp_client: LanguageClient, tmp_path: Path
) -> AsyncIterator[None]:
    params = types.InitializeParams(
        capabilities=client_capabilities(request.param),
        root_uri=tmp_path.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="work")],
        initialization_options=INVALID_INIT,
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def code_lenses(client: LanguageClient, uri: str) -> list[types.CodeLens]:
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    return list(lenses or ())


async def test_invalid_settings_keep_the_valid_keys_of_every_layer(
    invalid_init_client: LanguageClient, tmp_path: Path
) -> None:
    lsp_client = invalid_init_client
    message = await lsp_client.wait_for_notification(types.WINDOW_SHOW_MESSAGE)
    assert "diagnostics_delay_ms" in message.message and "bogus" in message.message
    assert "path_base" not in message.message
    uri, _ = await open_and_diagnose(lsp_client, tmp_path / "x.flow.md", SAMPLE)
    assert await code_lenses(lsp_client, uri)
    lsp_client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"flowscript": {"codeLens": False, "previewTimeoutMs": -5}})
    )
    message = await lsp_client.wait_for_notification(types.WINDOW_SHOW_MESSAGE)
    assert "preview_timeout_ms" in message.message
    assert await code_lenses(lsp_client, uri) == []  # the valid key of the later layer took effect
