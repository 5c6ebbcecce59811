"""Settings layers and the shared config file: invalid keys fall back alone; config file edits take effect."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from tests.lsp.conftest import CLIENTS, SERVER
from tests.lsp.helpers import SAMPLE, RecordingClient, open_and_diagnose, pull, pull_mode, wait_published

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
    assert "bogus" not in message.message, "problems already shown are not repeated"
    assert await code_lenses(lsp_client, uri) == []  # the valid key of the later layer took effect


UNUSED = SAMPLE.replace("secrets: [SHOP_TOKEN]", "secrets: [SHOP_TOKEN, UNUSED]")
IGNORE_UNUSED = 'ignore = ["VALID_UNUSED_DECLARATION"]\n'


def codes(diagnostics: Sequence[types.Diagnostic]) -> set[str]:
    return {str(diag.code) for diag in diagnostics}


async def rechecked(client: LanguageClient, uri: str, after: int) -> Sequence[types.Diagnostic]:
    """The diagnostics of ``uri`` after a re-check: pulled, or the next publication (push)."""
    if pull_mode(client):
        return await pull(client, uri)
    return await wait_published(client, uri, after=after)


def published(client: LanguageClient) -> int:
    assert isinstance(client, RecordingClient)
    return len(client.published)


def changed(client: LanguageClient, path: Path) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)]
        )
    )


async def test_no_dynamic_registration_is_requested(client: LanguageClient, tmp_path: Path) -> None:
    """pytest-lsp's default client cannot answer client/registerCapability; the server must not send it."""
    await open_and_diagnose(client, tmp_path / "r.flow.md", SAMPLE)
    assert client.error is None


async def test_config_file_edits_take_effect(client: LanguageClient, tmp_path: Path) -> None:
    toml = tmp_path / "flowscript.toml"
    toml.write_text("", encoding="utf-8")
    uri, diagnostics = await open_and_diagnose(client, tmp_path / "w.flow.md", UNUSED)
    assert "VALID_UNUSED_DECLARATION" in codes(diagnostics)

    toml.write_text(IGNORE_UNUSED, encoding="utf-8")
    after = published(client)
    changed(client, toml)
    assert "VALID_UNUSED_DECLARATION" not in codes(await rechecked(client, uri, after))

    toml.write_text("ignore = [42", encoding="utf-8")
    changed(client, toml)
    message = await client.wait_for_notification(types.WINDOW_SHOW_MESSAGE)
    assert "invalid TOML" in message.message and "last valid configuration" in message.message
    if pull_mode(client):
        assert "VALID_UNUSED_DECLARATION" not in codes(await pull(client, uri))

    toml.write_text("", encoding="utf-8")
    after = published(client)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=toml.as_uri()))
    )
    assert "VALID_UNUSED_DECLARATION" in codes(await rechecked(client, uri, after))


async def test_pyproject_table_edits_take_effect(client: LanguageClient, tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[project]\nname = 'x'\n", encoding="utf-8")
    uri, diagnostics = await open_and_diagnose(client, tmp_path / "p.flow.md", UNUSED)
    assert "VALID_UNUSED_DECLARATION" in codes(diagnostics)
    pyproject.write_text("[project]\nname = 'x'\n\n[tool.flowscript]\n" + IGNORE_UNUSED, encoding="utf-8")
    after = published(client)
    changed(client, pyproject)
    assert "VALID_UNUSED_DECLARATION" not in codes(await rechecked(client, uri, after))


async def test_a_settings_change_keeps_the_last_valid_config_file(client: LanguageClient, tmp_path: Path) -> None:
    """A config file broken without a file event (the client does not watch it) is found when a settings change
    reloads the configuration: the last valid one stays in effect, and the server says so."""
    toml = tmp_path / "flowscript.toml"
    toml.write_text(IGNORE_UNUSED, encoding="utf-8")
    uri, diagnostics = await open_and_diagnose(client, tmp_path / "k.flow.md", UNUSED)
    assert "VALID_UNUSED_DECLARATION" not in codes(diagnostics)

    toml.write_text("ignore = [42", encoding="utf-8")
    after = published(client)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"flowscript": {"codeLens": False}})
    )
    message = await client.wait_for_notification(types.WINDOW_SHOW_MESSAGE)
    assert "invalid TOML" in message.message and "last valid configuration" in message.message
    assert "VALID_UNUSED_DECLARATION" not in codes(await rechecked(client, uri, after))
