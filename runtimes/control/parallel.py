"""``control:parallel`` (RUNTIMES.md §6.10): validates the branches and wait strategy; preview describes them."""

from __future__ import annotations

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.lazyre import lazy_compile
from runtimes.validation.common import node_label
from runtimes.validation.nodes import attr, slot_ids

__all__ = ["ParallelRuntime", "valid_wait"]

_WAIT_N = lazy_compile(r"n\(([0-9]+)\)")


def valid_wait(text: str) -> bool:
    """``all``, ``any`` or ``n(N)`` with N a positive integer."""
    stripped = text.strip()
    if stripped in ("all", "any"):
        return True
    match = _WAIT_N.fullmatch(stripped)
    return match is not None and int(match.group(1)) > 0


def _branch_count(node: NodeSpec) -> int:
    count = node.config.get("branch_count")
    if isinstance(count, int) and not isinstance(count, bool):
        return count
    return sum(1 for slot in node.slots if slot.startswith("branches["))


class ParallelRuntime:
    type = "control:parallel"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        label = node_label(node)
        issues: list[RuntimeIssue] = []
        if _branch_count(node) <= 0:
            message = f'Parallel node "{label}" must have at least one branch'
            hint = "Add <branch>...</branch> elements inside the parallel"
            issues.append(RuntimeIssue("VALID_MISSING_REQUIRED_FIELD", "error", message, hints=(hint,)))
        wait = node.config.get("wait")
        if isinstance(wait, str) and not valid_wait(wait):
            message = f'Parallel node "{label}" has invalid wait strategy "{wait}"'
            issues.append(
                RuntimeIssue("VALID_INVALID_FIELD_TYPE", "error", message, ("wait",), hints=("Use all, any or n(N)",))
            )
        return issues

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        node = params.node
        count = _branch_count(node)
        wait = attr(node, "wait")
        merge = attr(node, "merge")
        output = {
            "branchCount": count,
            "wait": wait.strip() if wait is not None else "all",
            "merge": merge.strip() if merge is not None else "array",
            "branches": [slot_ids(node, f"branches[{index}]") for index in range(count)],
        }
        return RuntimeExecuteResult(output)
