"""``transform:template`` (RUNTIMES.md §6.8): render one text template with ``input`` bound."""

from __future__ import annotations

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.errors import ExpressionError
from runtimes.expressions.evaluator import EvalContext
from runtimes.expressions.render import render_text
from runtimes.transform.fields import check_template_field, field_label, tag_error
from runtimes.validation.common import check_common

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Final

__all__ = ["TEMPLATE", "TemplateRuntime"]


class TemplateRuntime:
    type: Final = "transform:template"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        issues = check_common(node, self.type)
        value = node.config.get("template")
        if isinstance(value, str):
            issues.extend(check_template_field(node, "template", value))
        return issues

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        node = params.node
        value = params.config.get("template")
        template = value if isinstance(value, str) else ""
        scope = params.state.scope.child({"input": params.input})
        try:
            ctx = EvalContext(clock=params.state.now)
            text = render_text(template, scope, label=field_label(node, "template"), ctx=ctx)
        except ExpressionError as exc:
            raise tag_error(exc, node, "template") from exc.cause
        return RuntimeExecuteResult(text)


TEMPLATE = TemplateRuntime()
