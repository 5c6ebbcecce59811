"""Cancelling a running preview: a thread-safe switch (the language server cancels from another thread), or events."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["Cancel", "CancelToken", "is_cancelled", "watch"]


class CancelToken:
    """Set once by :meth:`cancel`; callbacks registered before or after run exactly once."""

    __slots__ = ("_callbacks", "_cancelled", "_lock")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._callbacks: list[Callable[[], None]] = []

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        with self._lock:
            if self._cancelled:
                return
            self._cancelled = True
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Run ``callback`` when cancelled (now, if already cancelled); returns a function that unregisters it."""
        with self._lock:
            if not self._cancelled:
                self._callbacks.append(callback)
                return lambda: self._remove(callback)
        callback()
        return lambda: None

    def _remove(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if callback in self._callbacks:
                self._callbacks.remove(callback)


Cancel = CancelToken | asyncio.Event | threading.Event
"""What may cancel a preview: a :class:`CancelToken` (any thread), an :class:`asyncio.Event` (the preview's own loop)
or a :class:`threading.Event` (polled every 50 ms)."""

_POLL_S = 0.05


def is_cancelled(cancel: Cancel | None) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, CancelToken):
        return cancel.cancelled
    return cancel.is_set()


def watch(cancel: Cancel | None, task: asyncio.Task[Any]) -> Callable[[], None]:
    """Cancel ``task`` when ``cancel`` fires; returns the function that stops watching."""
    if cancel is None:
        return lambda: None
    loop = task.get_loop()
    if is_cancelled(cancel):
        task.cancel()  # before its first step: nothing runs
        return lambda: None
    if isinstance(cancel, CancelToken):

        def stop() -> None:
            loop.call_soon_threadsafe(task.cancel)

        return cancel.on_cancel(stop)

    async def wait_then_cancel() -> None:
        if isinstance(cancel, asyncio.Event):
            await cancel.wait()
        else:
            while not cancel.is_set():
                await asyncio.sleep(_POLL_S)
        task.cancel()

    watcher = loop.create_task(wait_then_cancel())

    def unwatch() -> None:
        watcher.cancel()

    return unwatch
