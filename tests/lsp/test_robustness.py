"""Unknown documents, malformed parameters and invalid settings never take the server down."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from server.lsp import features
from tests.lsp.helpers import SAMPLE, open_and_diagnose, position_of


async def test_unknown_document_gives_empty_results(client: LanguageClient, workdir: Path) -> None:
    uri = (workdir / "never-opened.flow.md").as_uri()
    ident = types.TextDocumentIdentifier(uri=uri)
    origin = types.Position(line=0, character=0)
    assert await client.text_document_hover_async(types.HoverParams(text_document=ident, position=origin)) is None
    assert await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=ident)) == []
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=ident, position=origin)
    )
    assert completion == []


async def test_malformed_params_are_rejected_and_server_keeps_working(client: LanguageClient, workdir: Path) -> None:
    broken = types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=(workdir / "a.flow.md").as_uri()),
        position=types.Position(line=0, character=0),
    )
    object.__setattr__(broken.position, "line", "not a number")  # bypass validation: send malformed JSON
    with pytest.raises(JsonRpcException):
        await client.text_document_hover_async(broken)
    uri, _ = await open_and_diagnose(client, workdir / "after.flow.md", SAMPLE)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position_of(SAMPLE, "<source", 2)
        )
    )
    assert hover is not None


async def test_invalid_settings_show_a_message_and_keep_defaults(client: LanguageClient, workdir: Path) -> None:
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"flowscript": {"diagnosticsDelayMs": "soon", "colour": 1}})
    )
    message = await client.wait_for_notification(types.WINDOW_SHOW_MESSAGE)
    assert "Invalid FlowScript settings" in message.message and "diagnostics_delay_ms" in message.message
    _, diagnostics = await open_and_diagnose(client, workdir / "x.flow.md", SAMPLE)
    assert not [d for d in diagnostics if d.severity == types.DiagnosticSeverity.Error]


async def test_disabling_code_lens_through_settings(client: LanguageClient, workdir: Path) -> None:
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"flowscript": {"codeLens": False}})
    )
    uri, _ = await open_and_diagnose(client, workdir / "y.flow.md", SAMPLE)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert list(lenses or ()) == []


def test_every_feature_module_is_registered() -> None:
    folder = Path(features.__file__).parent
    modules = {path.stem for path in folder.glob("*.py") if path.stem != "__init__"}
    listed = {module.__name__.rsplit(".", 1)[1] for module in features.FEATURES}
    assert modules == listed


async def test_cancelled_requests_are_answered_and_the_server_goes_on(client: LanguageClient, workdir: Path) -> None:
    uri, _ = await open_and_diagnose(client, workdir / "cancel.flow.md", SAMPLE)
    ident = types.TextDocumentIdentifier(uri=uri)
    params = types.CompletionParams(text_document=ident, position=position_of(SAMPLE, "{{length", 2))
    future = client.protocol.send_request(types.TEXT_DOCUMENT_COMPLETION, params, msg_id="cancel-me")
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="cancel-me"))
    try:  # either answered before the cancel arrived, or answered with RequestCancelled
        result = await asyncio.wait_for(asyncio.wrap_future(future), 20)
        assert result is not None
    except JsonRpcException as exc:
        assert "cancel" in str(exc).lower()
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=ident, position=position_of(SAMPLE, "<source", 2))
    )
    assert hover is not None
