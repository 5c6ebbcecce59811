"""The cyclic garbage collector around checks.

A check builds objects that live until the next version of the document replaces them (a 2,000-node flow: ~70,000
tracked objects in the tree, the check context and the diagnostics), and reference counting frees them then
(``Snapshot.release`` breaks the one cycle). Left to the collector, each check paid for traversing them while they
were young and found nothing to collect: a collection of 15-50 ms per edit of a 2,000-node flow (plus an occasional
older-generation one), more while the other core is busy.

So a check runs with the collector paused (:meth:`Collector.paused`), and what it built is then moved to the permanent
generation (``gc.freeze()``), which collections skip. Deallocation removes an object from the permanent generation
as from any other, so superseded versions are still freed at once. Only cyclic garbage made by any thread while a
check ran would stay frozen; :meth:`Collector.collect_frozen` (unfreeze, collect, freeze again: ~70 ms with a
2,000-node flow open) reclaims it, and the scheduler calls it when the server has been idle for a while after
checks.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["COLLECTOR", "Collector"]


class Collector:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self._resume = False
        self.frozen_checks = 0
        """Checks frozen since the last :meth:`collect_frozen`."""

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Run a check without collections; freeze what it left when the last concurrent check ends."""
        with self._lock:
            if self._active == 0:
                self._resume = gc.isenabled()  # False while someone else paused it: then they resume it
                gc.disable()
            self._active += 1
        try:
            yield
        finally:
            with self._lock:
                self._active -= 1
                if self._active == 0:
                    gc.freeze()
                    self.frozen_checks += 1
                    if self._resume:
                        gc.enable()

    def collect_frozen(self) -> int:
        """Collect everything, including what checks froze, then freeze the survivors again; returns the number of
        objects collected. Does nothing while a check runs."""
        with self._lock:
            if self._active:
                return 0
            self.frozen_checks = 0
            gc.unfreeze()
            try:
                return gc.collect()
            finally:
                gc.freeze()


COLLECTOR = Collector()
"""The server's collector policy: checks (``scheduler``) and navigation models (``model.model_of``) run paused."""
