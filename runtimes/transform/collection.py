"""``transform:map``, ``transform:filter``, ``transform:reduce`` (RUNTIMES.md §6.8, EXPRESSIONS.md §6.3, §8.2).

Each bare field is parsed once per execution. A whole-field arrow is called per item (map/filter with
``(item, index, items)``, reduce with ``(acc, item, index, items)``, finalize with ``(acc)``); any other expression is
evaluated per item with the item names bound: ``$item``/``item``, ``$index``/``index``, ``$first``, ``$last``,
``$items`` (map/filter) and ``$acc``/``acc`` (reduce). Every evaluation gets its own step and time budget.
"""

from __future__ import annotations

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.errors import ExpressionError, RuntimeConfigError
from runtimes.expressions.evaluator import EvalContext
from runtimes.expressions.render import PreparedExpression, prepare_bare
from runtimes.expressions.scope import Scope
from runtimes.expressions.values import UNDEFINED, is_truthy
from runtimes.transform.fields import check_bare_field, field_label, input_items, tag_error, to_output
from runtimes.validation.common import check_common, node_label

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Final

__all__ = ["FILTER", "MAP", "REDUCE", "FilterRuntime", "MapRuntime", "ReduceRuntime"]


def _validate(runtime: str, node: NodeSpec, keys: tuple[str, ...]) -> list[RuntimeIssue]:
    issues = check_common(node, runtime)
    for key in keys:
        value = node.config.get(key)
        if isinstance(value, str):
            issues.extend(check_bare_field(node, key, value))
    return issues


def _prepare(node: NodeSpec, config: Any, key: str) -> PreparedExpression | None:
    value = config.get(key)
    if not isinstance(value, str) or not value.strip(" \t\r\n"):
        return None
    try:
        return prepare_bare(value, label=field_label(node, key))
    except ExpressionError as exc:
        raise tag_error(exc, node, key) from exc.cause


_KIND_NAMES: Final = {"expression": "an", "condition": "a"}


def _required(runtime: str, node: NodeSpec, config: Any, key: str) -> PreparedExpression:
    prepared = _prepare(node, config, key)
    if prepared is None:
        kind = runtime.split(":")[1].capitalize()
        message = f'{kind} transform "{node_label(node)}" requires {_KIND_NAMES.get(key, "a")} "{key}"'
        raise RuntimeConfigError(message, (key,), node_id=node.id)
    return prepared


def _per_item(
    prepared: PreparedExpression, node: NodeSpec, key: str, scope: Scope, items: list[Any], ctx: EvalContext
) -> list[Any]:
    """The field's value for every item, in order."""
    results: list[Any] = []
    append = results.append
    last = len(items) - 1
    try:
        if prepared.is_arrow:
            call = prepared.call
            for index, item in enumerate(items):
                append(call(scope, [item, index, items], ctx.fresh()))
        else:
            evaluate = prepared.evaluate
            for index, item in enumerate(items):
                layer = {
                    "$item": item,
                    "item": item,
                    "$index": index,
                    "index": index,
                    "$first": index == 0,
                    "$last": index == last,
                    "$items": items,
                }
                append(evaluate(scope.child(layer), ctx.fresh()))
    except ExpressionError as exc:
        raise tag_error(exc, node, key) from exc.cause
    return results


class MapRuntime:
    type: Final = "transform:map"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return _validate(self.type, node, ("expression",))

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        node = params.node
        prepared = _required(self.type, node, params.config, "expression")
        items = input_items(params.input)
        scope = params.state.scope.child({"input": params.input})
        results = _per_item(prepared, node, "expression", scope, items, EvalContext(clock=params.state.now))
        return RuntimeExecuteResult(to_output(results), {"count": len(results)})


class FilterRuntime:
    type: Final = "transform:filter"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return _validate(self.type, node, ("condition",))

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        node = params.node
        prepared = _required(self.type, node, params.config, "condition")
        items = input_items(params.input)
        scope = params.state.scope.child({"input": params.input})
        verdicts = _per_item(prepared, node, "condition", scope, items, EvalContext(clock=params.state.now))
        kept = [item for item, verdict in zip(items, verdicts, strict=True) if is_truthy(verdict)]
        return RuntimeExecuteResult(to_output(kept), {"count": len(kept), "total": len(items)})


class ReduceRuntime:
    type: Final = "transform:reduce"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return _validate(self.type, node, ("expression", "initial", "finalize"))

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        node = params.node
        config = params.config
        expression = _required(self.type, node, config, "expression")
        initial = _prepare(node, config, "initial")
        finalize = _prepare(node, config, "finalize")
        items = input_items(params.input)
        scope = params.state.scope.child({"input": params.input})
        key = "initial"
        ctx = EvalContext(clock=params.state.now)
        try:
            acc: Any = initial.evaluate(scope, ctx.fresh()) if initial is not None else UNDEFINED
            key = "expression"
            if expression.is_arrow:
                for index, item in enumerate(items):
                    acc = expression.call(scope, [acc, item, index, items], ctx.fresh())
            else:
                for index, item in enumerate(items):
                    layer = {
                        "$acc": acc,
                        "acc": acc,
                        "$item": item,
                        "item": item,
                        "$index": index,
                        "index": index,
                        "$items": items,
                    }
                    acc = expression.evaluate(scope.child(layer), ctx.fresh())
            if finalize is not None:
                key = "finalize"
                if finalize.is_arrow:
                    acc = finalize.call(scope, [acc], ctx.fresh())
                else:
                    acc = finalize.evaluate(scope.child({"$acc": acc, "acc": acc}), ctx.fresh())
        except ExpressionError as exc:
            raise tag_error(exc, node, key) from exc.cause
        return RuntimeExecuteResult(to_output(acc), {"count": len(items)})


MAP = MapRuntime()
FILTER = FilterRuntime()
REDUCE = ReduceRuntime()
