"""``flowscript.previewNode`` end to end: the real server in a subprocess, VS Code capabilities, a local HTTP server."""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import make_test_lsp_client

from tests.support.local_server import LocalServer, RecordedRequest, Reply, json_reply


def make_client() -> LanguageClient:
    return make_test_lsp_client()  # pytest-lsp's default client: no extra request handlers


SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "server", "lsp"], client_factory=make_client)
TIMEOUT = 30.0


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=tmp_path.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="work")],
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def pull_client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    """Neovim's recorded capabilities: pull diagnostics."""
    params = types.InitializeParams(capabilities=client_capabilities("neovim"), root_uri=tmp_path.as_uri())
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def flow_text(base_url: str) -> str:
    return f"""---
name: lsp
---
<workflow>
  <source id="items" type="http" url="{base_url}/items"/>
  <transform id="count" type="template" input="items"><template>{{{{length(input)}}}} items</template></transform>
  <transform id="bad" type="template"><template>{{{{ nope() }}}}</template></transform>
  <source id="slow" type="http" url="{base_url}/slow"/>
  <sink id="save" type="file" input="count" path="out.txt" format="text"/>
</workflow>
"""


def open_flow(client: LanguageClient, tmp_path: Path, text: str) -> str:
    path = tmp_path / "lsp.flow.md"
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="flowscript", version=1, text=text)
        )
    )
    return uri


async def preview(client: LanguageClient, *arguments: Any) -> dict[str, Any]:
    result = await asyncio.wait_for(
        client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="flowscript.previewNode", arguments=list(arguments))
        ),
        TIMEOUT,
    )
    assert isinstance(result, dict)
    return result


def preview_diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    return [d for d in client.diagnostics.get(uri, []) if d.source == "flowscript-preview"]


async def test_preview_runs_the_node_and_opens_the_result(
    client: LanguageClient, tmp_path: Path, local_server: LocalServer
) -> None:
    local_server.route("GET", "/items", json_reply([1, 2, 3]))
    uri = open_flow(client, tmp_path, flow_text(local_server.base_url))
    result = await preview(client, {"uri": uri, "nodeId": "count"})
    assert (result["ok"], result["status"], result["output"]) == (True, "ok", "3 items")
    assert result["nodeId"] == "count" and result["uri"] == uri
    assert [u["nodeId"] for u in result["upstream"]] == ["items"]
    result_path = Path(result["resultPath"])
    assert result_path.is_absolute() and json.loads(result_path.read_text(encoding="utf-8"))["output"] == "3 items"
    assert [doc.uri for doc in client.shown_documents] == [result_path.as_uri()]
    kinds = [[getattr(v, "kind", None) for v in values] for values in client.progress_reports.values()]
    assert kinds and kinds[-1][0] == "begin" and kinds[-1][-1] == "end"

    # The engine is kept per workspace: the upstream is cached the second time (positional arguments here).
    again = await preview(client, uri, "count")
    assert again["upstream"][0]["cached"] is True
    assert len(local_server.requests_to("/items")) == 1

    # Sinks run dry by default.
    dry = await preview(client, {"uri": uri, "nodeId": "save"})
    assert dry["dryRun"] is True and not (tmp_path / "out.txt").exists()


async def test_errors_become_preview_diagnostics_replaced_by_the_next_preview(
    client: LanguageClient, tmp_path: Path, local_server: LocalServer
) -> None:
    local_server.route("GET", "/items", json_reply([1]))
    uri = open_flow(client, tmp_path, flow_text(local_server.base_url))
    result = await preview(client, {"uri": uri, "nodeId": "bad"})
    assert (result["ok"], result["status"]) == (False, "error")
    assert result["error"]["code"] == "EXPR_UNDEFINED_FUNCTION"
    (diagnostic,) = preview_diagnostics(client, uri)
    assert diagnostic.code == "EXPR_UNDEFINED_FUNCTION"
    assert diagnostic.range.start.line == 6  # the {{ nope() }} segment
    await preview(client, {"uri": uri, "nodeId": "count"})
    assert preview_diagnostics(client, uri) == []


async def test_a_check_of_the_previewed_version_keeps_the_preview_diagnostics(
    client: LanguageClient, tmp_path: Path, local_server: LocalServer
) -> None:
    """A document check that publishes after the preview (didSave here; a didOpen check racing the preview in
    practice) republishes the preview's diagnostics of that version; an edit's check drops them."""
    uri = open_flow(client, tmp_path, flow_text(local_server.base_url))
    await preview(client, {"uri": uri, "nodeId": "bad"})
    assert [d.code for d in preview_diagnostics(client, uri)] == ["EXPR_UNDEFINED_FUNCTION"]
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), TIMEOUT)
    assert [d.code for d in preview_diagnostics(client, uri)] == ["EXPR_UNDEFINED_FUNCTION"]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=flow_text(local_server.base_url))],
        )
    )
    await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), TIMEOUT)
    assert preview_diagnostics(client, uri) == []


async def test_pull_client_gets_the_preview_diagnostics_pushed(
    pull_client: LanguageClient, tmp_path: Path, local_server: LocalServer
) -> None:
    uri = open_flow(pull_client, tmp_path, flow_text(local_server.base_url))
    result = await preview(pull_client, uri, "bad")
    assert result["status"] == "error"
    assert [d.code for d in pull_client.diagnostics[uri]] == ["EXPR_UNDEFINED_FUNCTION"]
    assert (await preview(pull_client, uri, "count"))["status"] == "error"  # /items is not routed here: HTTP 404
    assert [d.code for d in pull_client.diagnostics[uri]] == ["RUNTIME_HTTP_ERROR"]
    assert [Path(doc.uri).name for doc in pull_client.shown_documents] == ["bad.json", "count.json"]


async def test_cancelling_the_progress_cancels_the_preview(
    client: LanguageClient, tmp_path: Path, local_server: LocalServer
) -> None:
    arrived = threading.Event()

    def slow(_request: RecordedRequest) -> Reply:
        arrived.set()
        local_server.release.wait(30)
        return json_reply("late")

    local_server.route("GET", "/slow", slow)
    uri = open_flow(client, tmp_path, flow_text(local_server.base_url))
    task = asyncio.create_task(preview(client, {"uri": uri, "nodeId": "slow"}))
    assert await asyncio.to_thread(arrived.wait, TIMEOUT)
    (token,) = [t for t, values in client.progress_reports.items() if getattr(values[-1], "kind", None) != "end"]
    started = time.perf_counter()
    client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token=token))
    result = await task
    assert time.perf_counter() - started < 1.5
    assert result["status"] == "cancelled"


async def test_preview_disabled_by_settings_runs_nothing(
    client: LanguageClient, tmp_path: Path, local_server: LocalServer
) -> None:
    uri = open_flow(client, tmp_path, flow_text(local_server.base_url))
    # What the VS Code client sends in an untrusted workspace (debounceMs is not a server setting: fail closed).
    settings = {"flowscript": {"pathBase": "workflow", "debounceMs": 200, "preview": {"enabled": False}}}
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=settings))
    result = await preview(client, {"uri": uri, "nodeId": "count"})
    assert result["error"]["code"] == "PREVIEW_DISABLED" and result["ok"] is False
    assert local_server.requests == []


async def test_request_errors(client: LanguageClient, tmp_path: Path, local_server: LocalServer) -> None:
    uri = open_flow(client, tmp_path, flow_text(local_server.base_url))
    unknown = await preview(client, {"uri": uri, "nodeId": "nope"})
    assert unknown["error"]["code"] == "UNKNOWN_NODE"
    assert (await preview(client, {"uri": uri}))["error"]["code"] == "INVALID_ARGUMENTS"
    closed = await preview(client, {"uri": (tmp_path / "x.flow.md").as_uri(), "nodeId": "a"})
    assert closed["error"]["code"] == "DOCUMENT_NOT_OPEN"


@pytest.fixture(autouse=True)
def _no_network_but_local(local_server: LocalServer) -> None:
    """Every test here talks only to the local server (its fixture is started before the language server)."""
