"""Transform runtimes: ``transform:template``, ``transform:map``, ``transform:filter``, ``transform:reduce``."""

from __future__ import annotations

from runtimes.base import NodeRuntime
from runtimes.transform.collection import FILTER, MAP, REDUCE
from runtimes.transform.template import TEMPLATE

__all__ = ["FILTER", "MAP", "REDUCE", "RUNTIMES", "TEMPLATE"]

RUNTIMES: tuple[NodeRuntime, ...] = (TEMPLATE, MAP, FILTER, REDUCE)
