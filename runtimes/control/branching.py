"""``control:branch`` and ``control:if`` (RUNTIMES.md §6.10). Preview evaluates the conditions; bodies never run."""

from __future__ import annotations

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.expressions.values import is_truthy
from runtimes.validation.common import is_missing, node_label
from runtimes.validation.nodes import attr, items, missing_attribute, slot_ids

__all__ = ["BranchRuntime", "IfRuntime"]

MISSING = "VALID_MISSING_REQUIRED_FIELD"


class BranchRuntime:
    type = "control:branch"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        label = node_label(node)
        cases = items(node, "cases")
        if not cases:
            message = f'Branch node "{label}" must have at least one case'
            return [RuntimeIssue(MISSING, "error", message, hints=(MISSING_CASE_HINT,))]
        issues: list[RuntimeIssue] = []
        for index, case in enumerate(cases):
            if is_missing(case.get("when")):
                message = f'Branch "{label}" case {index + 1} is missing a "when" condition'
                # DIAGNOSTICS.md §4.2: at that <case anchor, also when when="" is present but empty (LANGUAGE.md §4.3)
                issues.append(RuntimeIssue(MISSING, "error", message, ("cases", index), hints=(WHEN_HINT,)))
        return issues

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        node = params.node
        state = params.state
        for index, case in enumerate(items(node, "cases")):
            when = case.get("when")
            if (
                isinstance(when, str)
                and when.strip()
                and is_truthy(state.evaluate(when, path=("cases", index, "when")))
            ):
                output = {
                    "matched": True,
                    "caseIndex": index,
                    "useDefault": False,
                    "bodyNodeIds": slot_ids(node, f"cases[{index}]"),
                }
                return RuntimeExecuteResult(output)
        has_default = node.config.get("default") == "true"
        output = {
            "matched": False,
            "caseIndex": None,
            "useDefault": has_default,
            "bodyNodeIds": slot_ids(node, "default") if has_default else [],
        }
        return RuntimeExecuteResult(output)


MISSING_CASE_HINT = 'Add <case when="condition">...</case> elements inside the branch'
WHEN_HINT = 'Add when="expression" to the <case> element'


class IfRuntime:
    type = "control:if"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        hint = 'Add condition="expression" to the <if> element'
        return missing_attribute(node, "If", node_label(node), "condition", hint)

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        node = params.node
        condition = attr(node, "condition")
        result = is_truthy(params.state.evaluate(condition, path=("condition",))) if condition is not None else False
        else_ids = slot_ids(node, "else")
        if result:
            branch, body = "then", slot_ids(node, "then")
        elif node.slots.get("else"):
            branch, body = "else", else_ids
        else:
            branch, body = "none", []
        return RuntimeExecuteResult({"condition": result, "branch": branch, "bodyNodeIds": body})
