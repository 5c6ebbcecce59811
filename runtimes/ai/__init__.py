"""The ``transform:ai`` runtime (RUNTIMES.md §6.9) and its output-schema DSL (``runtimes.ai.schema``).

The runtime is imported on first access to ``RUNTIMES`` or ``AiTransformRuntime``: the type checks import only the
schema DSL, and the runtime pulls in the HTTP field helpers.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from runtimes.ai.runtime import AiTransformRuntime
    from runtimes.base import NodeRuntime

    RUNTIMES: tuple[NodeRuntime, ...]

__all__ = ["RUNTIMES", "AiTransformRuntime"]


def __getattr__(name: str) -> object:
    if name == "AiTransformRuntime" or name == "RUNTIMES":
        from runtimes.ai.runtime import AiTransformRuntime

        runtimes: tuple[NodeRuntime, ...] = (AiTransformRuntime(),)
        globals().update(AiTransformRuntime=AiTransformRuntime, RUNTIMES=runtimes)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
