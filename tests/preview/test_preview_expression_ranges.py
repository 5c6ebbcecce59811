"""An expression error in any runtime is reported at its ``{{ }}`` segment (or bare value), not at the node anchor.

RUNTIMES.md §3: range = the ExpressionError's segment range, else the path range, else the anchor. Review finding 1:
only the transform runtimes attached the config path, so every other runtime's error fell back to the anchor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from runtimes.base import ConfigValue, ExecutionParams, ExecutionState, NodeSpec
from runtimes.errors import ExpressionError
from runtimes.expressions.scope import Scope
from runtimes.registry import get_runtime
from tests.preview.preview_helpers import engine, run, write_flow

FLOW = """---
name: d
---
<workflow>
  <source id="h1" type="http" url="https://x.test/{{ nofn() }}"/>
  <source id="f1" type="file" path="a{{ nofn() }}.json"/>
  <sink id="s1" type="file" path="o.json"><pretty>{{ nofn() }}</pretty></sink>
  <checkpoint id="c1" prompt="p {{ nofn() }}"/>
  <foreach id="fe" collection="nofn()"><set id="z" var="q" value="1"/></foreach>
  <call id="cl" workflow="w.flow.md" a="{{ nofn() }}"/>
  <set id="s2" var="y" value="ab{{ 1 + }}"/>
  <if id="i1" condition="nofn4()"><then><set id="z2" var="q" value="1"/></then></if>
  <context id="cx"><set key="k" value="x {{ nofn5() }}"/></context>
  <branch id="b1"><case when="true == nofn6()"><set id="z3" var="q" value="1"/></case></branch>
  <delay id="d1" duration="{{ nofn7() }}"/>
</workflow>
"""


@pytest.mark.parametrize(
    ("node_id", "expected"),
    [
        ("h1", "{{ nofn() }}"),
        ("f1", "{{ nofn() }}"),
        ("s1", "{{ nofn() }}"),
        ("c1", "{{ nofn() }}"),
        ("fe", "nofn()"),
        ("cl", "{{ nofn() }}"),
        ("s2", "{{ 1 + }}"),
        ("i1", "nofn4()"),
        ("cx", "{{ nofn5() }}"),
        ("b1", "true == nofn6()"),
        ("d1", "{{ nofn7() }}"),
    ],
)
async def test_expression_error_range_in_every_runtime(tmp_path: Path, node_id: str, expected: str) -> None:
    path = write_flow(tmp_path, FLOW, "d.flow.md")
    result = await run(engine(tmp_path), path, node_id)
    assert result.status == "error"
    (diagnostic,) = result.diagnostics
    assert diagnostic.code.startswith("EXPR_")
    assert FLOW[diagnostic.start : diagnostic.end] == expected


def _params(key: str, element: str, type_: str | None, config: dict[str, ConfigValue], base: Path) -> ExecutionParams:
    node = NodeSpec(id="n", element=element, type=type_, key=key, config=config)
    state = ExecutionState(workflow_path=None, base_dir=base, scope=Scope({}), environ={})
    return ExecutionParams(node=node, input=None, config=config, state=state)


@pytest.mark.parametrize(
    ("key", "element", "type_", "config", "path", "segment"),
    [
        ("http:source", "source", "http", {"url": "https://x.test/{{ nofn() }}"}, ("url",), (15, 27)),
        ("file:source", "source", "file", {"path": "{{ nofn() }}"}, ("path",), (0, 12)),
        ("set", "set", None, {"var": "y", "value": "x{{ 1 + }}"}, ("value",), (1, 10)),
        ("control:if", "if", None, {"condition": "nofn()"}, ("condition",), (0, 6)),
        (
            "context",
            "context",
            None,
            {"entries": [{"key": "k", "value": "{{ nofn() }}"}]},
            ("entries", 0, "value"),
            None,
        ),
        (
            "composition:call",
            "call",
            None,
            {"workflow": "w.flow.md", "args": {"a": "{{ nofn() }}"}},
            ("args", "a"),
            None,
        ),
    ],
)
async def test_expression_error_carries_config_path(
    tmp_path: Path,
    key: str,
    element: str,
    type_: str | None,
    config: dict[str, ConfigValue],
    path: tuple[str | int, ...],
    segment: tuple[int, int] | None,
) -> None:
    with pytest.raises(ExpressionError) as info:
        await get_runtime(key).execute(_params(key, element, type_, config, tmp_path))
    error = info.value
    assert (error.path, error.config_path, error.node_id) == (path, path, "n")
    assert error.label == "n.config." + ".".join(str(part) for part in path)
    if segment is not None:
        assert error.segment_range == segment


def test_render_helpers_attach_the_given_path_first(tmp_path: Path) -> None:
    # the explicit path wins over the search by segment (two fields may hold the same text)
    state = ExecutionState(workflow_path=None, base_dir=tmp_path, scope=Scope({}), environ={})
    for call in (
        lambda: state.render_text("x{{ nofn() }}", path=("k",)),
        lambda: state.render_value("{{ nofn() }}", path=("k",)),
        lambda: state.evaluate("nofn()", path=("k",)),
    ):
        with pytest.raises(ExpressionError) as info:
            call()
        assert info.value.path == ("k",)
