"""What the server announces in its ``initialize`` result."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from tests.lsp.conftest import CLIENTS, SERVER

RESULTS: dict[int, types.InitializeResult] = {}
"""The ``initialize`` result per client (pytest-lsp's fixture value is the client itself)."""


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)
async def announced(request: pytest.FixtureRequest, lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    params = types.InitializeParams(capabilities=client_capabilities(request.param), root_uri=tmp_path.as_uri())
    RESULTS[id(lsp_client)] = await lsp_client.initialize_session(params)
    yield
    RESULTS.pop(id(lsp_client), None)
    await lsp_client.shutdown_session()


async def test_pull_diagnostics_declare_inter_file_dependencies(announced: LanguageClient) -> None:
    """A flow's diagnostics depend on the sub-workflows it includes or calls: the client must pull the other open
    documents again when one changes (LSP 3.17 ``DiagnosticOptions.interFileDependencies``)."""
    provider = RESULTS[id(announced)].capabilities.diagnostic_provider
    assert isinstance(provider, types.DiagnosticOptions)
    assert provider.inter_file_dependencies is True
    assert provider.workspace_diagnostics is False
    assert provider.identifier == "flowscript"
