"""Fixtures for the network runtimes: a real HTTP server on 127.0.0.1 and a fresh OAuth2 token cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.local_server import LocalServer


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    with LocalServer() as server:
        yield server
