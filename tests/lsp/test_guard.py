"""A failing feature is logged with window/logMessage and answers with its empty result; cancellation is not a
failure. (In-process: a real FlowScriptServer whose logMessage sender is recorded.)"""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pygls.exceptions import FeatureAlreadyRegisteredError

from server.lsp.server import FlowScriptServer


def recording_server() -> tuple[FlowScriptServer, list[types.LogMessageParams]]:
    server = FlowScriptServer()
    sent: list[types.LogMessageParams] = []
    server.window_log_message = sent.append  # type: ignore[method-assign]
    return server, sent


def test_sync_handler_failure_is_logged_and_answered_empty() -> None:
    server, sent = recording_server()

    def hover(params: object) -> object:
        raise KeyError("boom")

    guarded = server.guard("textDocument/hover", list)(hover)
    assert guarded(None) == []
    assert server.failures == 1
    assert sent[0].type == types.MessageType.Error
    assert "textDocument/hover failed: KeyError('boom')" in sent[0].message
    assert "Traceback" in sent[0].message


async def test_async_handler_failure_is_logged_and_cancellation_propagates() -> None:
    server, sent = recording_server()

    async def failing(params: object) -> object:
        raise ValueError("bad")

    async def cancelled(params: object) -> object:
        raise asyncio.CancelledError

    assert await server.guard("textDocument/completion", list)(failing)(None) == []
    assert "ValueError('bad')" in sent[0].message
    with pytest.raises(asyncio.CancelledError):
        await server.guard("textDocument/completion", list)(cancelled)(None)
    assert server.failures == 1


def test_registering_a_method_twice_is_refused() -> None:
    from server.lsp.features import register_all

    server = FlowScriptServer()
    register_all(server)
    with pytest.raises(FeatureAlreadyRegisteredError):  # pygls refuses; register_all also checks its own list
        register_all(server)
