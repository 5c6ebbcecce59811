"""The warm-up after ``initialize`` sets up the core in one thread; parses on other threads wait for it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from server.lsp import analysis
from tests.lsp.helpers import SAMPLE, open_document, position_of


def test_parses_wait_for_the_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    monkeypatch.setattr(analysis, "warm_up", release.wait)
    monkeypatch.setattr(analysis, "_warm", None)
    analysis.start_warm_up()
    parsed = threading.Event()
    worker = threading.Thread(target=lambda: (analysis.parse_text(SAMPLE), parsed.set()))
    worker.start()
    assert not parsed.wait(0.2), "parsed while the warm-up was still running"
    release.set()
    assert parsed.wait(10)
    worker.join()


async def test_requests_right_after_initialize_do_not_race_the_warm_up(client: LanguageClient, workdir: Path) -> None:
    """A hover parsing on the event loop while the first check parses in a worker and the warm-up loads the core
    used to fail (``module 'yaml' has no attribute 'ScalarNode'``: the lean PyYAML loader is not thread-safe)."""
    uri = open_document(client, workdir / "early.flow.md", SAMPLE)
    position = position_of(SAMPLE, 'id="large"', 5)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )
    assert hover is not None
    errors = [log.message for log in client.log_messages if log.type == types.MessageType.Error]
    assert errors == []
