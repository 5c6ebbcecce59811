"""Shared helpers for the runtime tests: NodeSpecs, ValidateContexts and ExecutionParams built by hand."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from runtimes.base import ConfigValue, ExecutionParams, ExecutionState, NodeSpec, ValidateContext
from runtimes.expressions.scope import Scope
from runtimes.keys import runtime_key


def spec(
    element: str,
    config: Mapping[str, ConfigValue] | None = None,
    *,
    type_: str | None = None,
    node_id: str | None = "n",
    slots: Mapping[str, tuple[str | None, ...]] | None = None,
    input_: str | None = None,
) -> NodeSpec:
    return NodeSpec(
        id=node_id,
        element=element,
        type=type_,
        key=runtime_key(element, type_),
        config=dict(config or {}),
        input=input_,
        slots=dict(slots or {}),
    )


def vctx(base: Path | None = None, **defaults: Any) -> ValidateContext:
    return ValidateContext(workflow_dir=base, base_dir=base, config_defaults=defaults)


def params(
    node: NodeSpec,
    base: Path,
    input_: Any = None,
    *,
    allow_side_effects: bool = True,
    scope: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> ExecutionParams:
    state = ExecutionState(
        workflow_path=base / "wf.flow.md",
        base_dir=base,
        scope=Scope(dict(scope or {}), {"input": input_}),
        environ=dict(environ or {}),
        allow_side_effects=allow_side_effects,
    )
    return ExecutionParams(node=node, input=input_, config=node.config, state=state)
