"""HTTP runtimes: ``http:source`` and ``http:sink`` (RUNTIMES.md §6.1, §6.2)."""

from __future__ import annotations

from runtimes.base import NodeRuntime
from runtimes.http.sink import HttpSinkRuntime
from runtimes.http.source import HttpSourceRuntime

__all__ = ["RUNTIMES", "HttpSinkRuntime", "HttpSourceRuntime"]

RUNTIMES: tuple[NodeRuntime, ...] = (HttpSourceRuntime(), HttpSinkRuntime())
