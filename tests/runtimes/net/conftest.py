"""Fixtures for the network runtimes: ``local_server``, a real HTTP server on 127.0.0.1 (tests.support.local_server)."""

from __future__ import annotations

from tests.support.local_server import local_server

__all__ = ["local_server"]
