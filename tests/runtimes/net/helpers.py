"""Builders shared by the network runtime tests."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

from runtimes.base import ExecutionParams, ExecutionState, NodeSpec
from runtimes.expressions.scope import Scope


def node(key: str, config: Mapping[str, Any], node_id: str | None = "n1") -> NodeSpec:
    element, _, type_ = key.partition(":")
    if element == "transform":
        element, type_ = "transform", type_
    else:
        element, type_ = type_, element
    return NodeSpec(id=node_id, element=element, type=type_, key=key, config=dict(config))


def params(
    key: str,
    config: Mapping[str, Any],
    *,
    client: httpx.AsyncClient | None = None,
    allow: bool = False,
    input: Any = None,
    environ: Mapping[str, str] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> ExecutionParams:
    spec = node(key, config)
    state = ExecutionState(
        workflow_path=None,
        base_dir=Path("."),
        scope=Scope({"input": input}),
        environ=dict(environ or {}),
        http=client,
        allow_side_effects=allow,
        settings=dict(settings or {}),
    )
    return ExecutionParams(node=spec, input=input, config=spec.config, state=state)
