"""Helpers for the end-to-end tests: open documents and obtain diagnostics in push or pull mode (no sleeps)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

TIMEOUT = 20.0

SAMPLE = """\
---
name: sample
version: "1.0.0"
config:
  min_total: {type: number, default: 100, description: Smallest order total}
  out_dir: {type: string, default: ./out}
secrets: [SHOP_TOKEN]
---
<workflow>
  <source id="orders" type="http" url="https://shop.example.com/api/orders">
    <auth>
      type: bearer
      token: "{{$secrets.SHOP_TOKEN}}"
    </auth>
  </source>
  <transform id="large" type="filter" input="orders">
    <condition>item.total >= $config.min_total</condition>
  </transform>
  <transform id="digest" type="template" input="large">
    <template>{{length(input)}} orders from {{orders.output}}</template>
  </transform>
  <sink id="save" type="file" input="digest" path="{{$config.out_dir}}/digest.txt" format="text"/>
</workflow>

## Notes
Free text.
"""


def pull_mode(client: LanguageClient) -> bool:
    caps = client.capabilities
    return bool(caps and caps.text_document and caps.text_document.diagnostic is not None)


def position_of(text: str, needle: str, delta: int = 0, occurrence: int = 0) -> types.Position:
    """The position of the ``occurrence``-th ``needle`` (+ delta characters); test texts are ASCII."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    index += delta
    line = text.count("\n", 0, index)
    character = index - (text.rfind("\n", 0, index) + 1)
    return types.Position(line=line, character=character)


def open_document(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="flowscript", version=version, text=text)
        )
    )
    return uri


class RecordingClient(LanguageClient):
    """A pytest-lsp client that records every publishDiagnostics (pytest-lsp keeps only the last, per URI)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: list[types.PublishDiagnosticsParams] = []
        """Capabilities the server registered dynamically (``client/registerCapability``)."""
        self._waiters: list[asyncio.Future[None]] = []

    def record(self, params: types.PublishDiagnosticsParams) -> None:
        self.published.append(params)
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def next_publication(self) -> None:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        await waiter


def make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    default_publish = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def publish(client: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
        default_publish(client, params)
        client.record(params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish

    # Only pytest-lsp's default client features otherwise: a server request the default test client cannot answer
    # (client/registerCapability, workspace/codeLens/refresh, ...) must fail our tests as it would fail anyone's.
    register_lsp_features(client, features)
    return client


async def wait_published(
    client: LanguageClient, uri: str, version: int | None = None, after: int = 0
) -> Sequence[types.Diagnostic]:
    """Push mode: wait until diagnostics for ``uri`` (and ``version``) are published (from index ``after`` on)."""
    assert isinstance(client, RecordingClient)

    async def wait() -> Sequence[types.Diagnostic]:
        checked = after
        while True:
            for params in client.published[checked:]:
                if params.uri == uri and (version is None or params.version == version):
                    return params.diagnostics
            checked = len(client.published)
            await client.next_publication()

    return await asyncio.wait_for(wait(), TIMEOUT)


async def pull(client: LanguageClient, uri: str) -> Sequence[types.Diagnostic]:
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport | types.FullDocumentDiagnosticReport)
    return report.items


async def open_and_diagnose(client: LanguageClient, path: Path, text: str) -> tuple[str, Sequence[types.Diagnostic]]:
    """Open a document and return its diagnostics, however this client receives them."""
    if pull_mode(client):
        uri = open_document(client, path, text)
        return uri, await pull(client, uri)
    uri = open_document(client, path, text)
    return uri, await wait_published(client, uri, 1)
