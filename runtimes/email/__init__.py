"""The ``email:sink`` runtime (RUNTIMES.md §6.7)."""

from __future__ import annotations

from runtimes.base import NodeRuntime
from runtimes.email.sink import EmailSinkRuntime

__all__ = ["RUNTIMES", "EmailSinkRuntime"]

RUNTIMES: tuple[NodeRuntime, ...] = (EmailSinkRuntime(),)
