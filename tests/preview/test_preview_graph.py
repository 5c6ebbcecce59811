"""Upstream resolution: which nodes a preview runs, in which order."""

from __future__ import annotations

import pytest

from server.preview.graph import CycleError, FlowGraph
from server.syntax.document import parse_document


def graph(body: str) -> FlowGraph:
    return FlowGraph(
        parse_document(
            f"---\nname: g\nconfig:\n  k: {{type: string, default: x}}\n---\n<workflow>\n{body}\n</workflow>\n"
        )
    )


def test_diamond_runs_each_node_once_dependencies_first() -> None:
    g = graph(
        """  <set id="a" var="a" value="1"/>
  <set id="b" var="b" value="{{ a.output }}"/>
  <set id="c" var="c" value="{{ a.output }}"/>
  <transform id="d" type="template" input="b"><template>{{ c.output }} {{ b.output }}</template></transform>"""
    )
    assert g.dependencies("d") == ["b", "c"]
    assert g.order("d") == ["a", "b", "c", "d"]


def test_input_cycle_and_self_reference() -> None:
    g = graph(
        """  <transform id="x" type="template" input="y"><template>{{ x.output }}</template></transform>
  <transform id="y" type="template" input="x"><template>y</template></transform>
  <set id="s" var="s" value="{{ s.output }}"/>"""
    )
    with pytest.raises(CycleError) as caught:
        g.order("x")
    assert caught.value.cycle == ["x", "y", "x"]
    assert g.order("s") == ["s"]  # reading its own output is not a dependency (it is undefined in preview)


def test_reads_and_shadowed_names() -> None:
    g = graph(
        """  <set id="item" var="i" value="1"/>
  <transform id="m" type="map"><expression>item + $config.k + $env.HOME + $secrets['T']</expression></transform>
  <foreach id="f" collection="[1]" item="item">
    <set id="inner" var="v" value="{{ item }}"/>
  </foreach>"""
    )
    assert g.dependencies("m") == []  # `item` is the current element in a map expression
    assert g.by_id["m"].reads == {("$config", "k"), ("$env", "HOME"), ("$secrets", "T")}
    assert g.dependencies("inner") == []  # the foreach item shadows the node id
    assert g.by_id["inner"].names == {"item", "index"}


def test_container_binding_fields_are_dependencies() -> None:
    g = graph(
        """  <set id="list" var="l" value="{{ [1, 2] }}"/>
  <set id="flag" var="f" value="{{ true }}"/>
  <foreach collection="list.output">
    <if condition="flag.output"><then><set id="deep" var="d" value="{{ item }}"/></then></if>
  </foreach>"""
    )
    assert g.order("deep") == ["list", "flag", "deep"]
