"""Control flow runtimes (RUNTIMES.md §6.10) and ``checkpoint`` (§6.11). None of them runs child nodes."""

from runtimes.control.branching import BranchRuntime, IfRuntime
from runtimes.control.checkpoint import CheckpointRuntime
from runtimes.control.loops import ForeachRuntime, LoopRuntime, WhileRuntime
from runtimes.control.parallel import ParallelRuntime

__all__ = [
    "RUNTIMES",
    "BranchRuntime",
    "CheckpointRuntime",
    "ForeachRuntime",
    "IfRuntime",
    "LoopRuntime",
    "ParallelRuntime",
    "WhileRuntime",
]

RUNTIMES = (
    BranchRuntime(),
    IfRuntime(),
    LoopRuntime(),
    WhileRuntime(),
    ForeachRuntime(),
    ParallelRuntime(),
    CheckpointRuntime(),
)
