"""Secret redaction for log lines (RUNTIMES.md §7): our own and those of the HTTP libraries the runtimes use.

httpx logs every request URL at INFO level, so a secret in a query string would reach any configured handler.
While a preview with secrets runs, :func:`redacting_logs` installs a filter on those loggers that rewrites each record
through the active redactors.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from server.preview.redact import Redactor

__all__ = ["LOGGERS", "redacting_logs"]

LOGGERS = (
    "server.preview",
    "runtimes",
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "asyncio",
)
"""Filters apply only to records logged on the logger itself, so child loggers are listed too."""


class _SecretFilter(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.active: list[Redactor] = []

    def filter(self, record: logging.LogRecord) -> bool:
        with self.lock:
            redactors = list(self.active)
        if not redactors:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: let logging report it as usual
            return True
        redacted = message
        for redactor in redactors:
            redacted = redactor.text(redacted)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_FILTER = _SecretFilter()
_installed = False


def _install() -> None:
    global _installed
    with _FILTER.lock:
        if _installed:
            return
        _installed = True
    for name in LOGGERS:
        logging.getLogger(name).addFilter(_FILTER)


@contextmanager
def redacting_logs(redactor: Redactor) -> Iterator[None]:
    """Redact ``redactor``'s secrets from the log records of :data:`LOGGERS` until the block ends."""
    if not redactor:
        yield
        return
    _install()
    with _FILTER.lock:
        _FILTER.active.append(redactor)
    try:
        yield
    finally:
        with _FILTER.lock:
            _FILTER.active.remove(redactor)
