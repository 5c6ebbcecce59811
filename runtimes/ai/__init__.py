"""The ``transform:ai`` runtime (RUNTIMES.md §6.9) and its output-schema DSL (``runtimes.ai.schema``)."""

from __future__ import annotations

from runtimes.ai.runtime import AiTransformRuntime
from runtimes.base import NodeRuntime

__all__ = ["RUNTIMES", "AiTransformRuntime"]

RUNTIMES: tuple[NodeRuntime, ...] = (AiTransformRuntime(),)
