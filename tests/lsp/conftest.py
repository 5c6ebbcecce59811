"""pytest-lsp fixtures: the real server in a subprocess, driven with recorded VS Code and Neovim capabilities."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.lsp.helpers import make_client

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ("visual-studio-code", "neovim")
"""Recorded capabilities: VS Code 1.65 (push diagnostics, UTF-16) and Neovim 0.11 (pull diagnostics, UTF-8)."""

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "server", "lsp"], client_factory=make_client)


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)
async def client(request: pytest.FixtureRequest, lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    params = types.InitializeParams(
        capabilities=client_capabilities(request.param),
        root_uri=tmp_path.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="work")],
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path
