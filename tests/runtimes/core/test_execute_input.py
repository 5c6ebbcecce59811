"""Every runtime binds ``params.input`` as ``input`` in its expressions (RUNTIMES.md §1.4), with a bare scope.

Review finding 4: only the transforms and ai did; the others saw ``input`` only when the preview layer had put it in
the scope.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from runtimes.base import ConfigValue, ExecutionParams, ExecutionState, NodeSpec
from runtimes.expressions.scope import Scope
from runtimes.registry import get_runtime


def bare_params(
    key: str,
    element: str,
    type_: str | None,
    config: dict[str, ConfigValue],
    base: Path,
    input_: Any,
    client: httpx.AsyncClient | None = None,
) -> ExecutionParams:
    node = NodeSpec(id="n", element=element, type=type_, key=key, config=config)
    state = ExecutionState(workflow_path=None, base_dir=base, scope=Scope({}), environ={}, http=client)
    return ExecutionParams(node=node, input=input_, config=config, state=state)


async def test_set_and_if_see_input(tmp_path: Path) -> None:
    out = await get_runtime("set").execute(
        bare_params("set", "set", None, {"value": "{{ input.v }}"}, tmp_path, {"v": 9})
    )
    assert out.output == 9
    cond = bare_params("control:if", "if", None, {"condition": "input.v > 1"}, tmp_path, {"v": 9})
    assert (await get_runtime("control:if").execute(cond)).output["condition"] is True


async def test_http_source_url_sees_input(tmp_path: Path) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"ok": True})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        config: dict[str, ConfigValue] = {"url": "https://ex.test/{{ input.v }}"}
        await get_runtime("http:source").execute(
            bare_params("http:source", "source", "http", config, tmp_path, {"v": 9}, client)
        )
    assert seen == ["https://ex.test/9"]


async def test_file_sink_path_and_database_params_see_input(tmp_path: Path) -> None:
    sink = bare_params("file:sink", "sink", "file", {"path": "o/{{ input.v }}.json"}, tmp_path, {"v": 9})
    result = await get_runtime("file:sink").execute(sink)  # side effects off: a dry run naming the path
    assert result.output["path"] == "o/9.json"
    config: dict[str, ConfigValue] = {"connection": ":memory:", "query": "SELECT ? AS x", "params": "{{ [input.v] }}"}
    db = bare_params("database:source", "source", "database", config, tmp_path, {"v": 9})
    assert (await get_runtime("database:source").execute(db)).output == [{"x": 9}]
