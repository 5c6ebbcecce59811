"""The cyclic garbage collector, paused while ``flowscript lint`` starts up.

Importing the lint path creates long-lived objects (modules, classes, tables) and no garbage cycles, so the
collections that the allocations trigger meanwhile are wasted work: about 5% of a one-file lint. ``server.cli``
pauses the collector before it imports the linter; the engine resumes it once the first file has been analysed
(every module the analysis needs is imported by then), first moving everything that exists at that point to the
collector's permanent generation (``gc.freeze``) so that the first collections do not walk all of it again; the rest
of a large run collects as usual. When the command returns the collector is as it was before (``gc.unfreeze``),
unless the process is about to exit: then the final collection of interpreter shutdown skips the frozen objects
(another 10% of a one-file lint).
"""

from __future__ import annotations

import gc

__all__ = ["finish", "pause", "resume"]

_state = {"paused": False, "frozen": False}


def pause() -> bool:
    """Pause the collector if it is running; True when this call paused it (the caller then calls :func:`finish`)."""
    if not gc.isenabled():
        return False
    gc.disable()
    _state["paused"] = True
    return True


def resume() -> None:
    """Turn the collector back on if :func:`pause` turned it off (idempotent)."""
    if _state["paused"]:
        _state["paused"] = False
        gc.freeze()
        _state["frozen"] = True
        gc.enable()


def finish(exiting: bool = False) -> None:
    """End of the command: the collector runs, over every object again unless the process is ``exiting`` (then the
    frozen objects are left out of the collection that interpreter shutdown makes, which would walk them all)."""
    resume()
    if _state["frozen"] and not exiting:
        _state["frozen"] = False
        gc.unfreeze()
