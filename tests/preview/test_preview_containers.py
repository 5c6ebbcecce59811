"""Nodes inside containers (RUNTIMES.md §7 "Body bindings"), the ``context`` field, and dependency cycles."""

from __future__ import annotations

import json
from pathlib import Path

from tests.preview.preview_helpers import engine, run, write_flow

PEOPLE = [{"name": "Ada"}, {"name": "Grace"}]


def flow(tmp_path: Path, body: str) -> Path:
    (tmp_path / "people.json").write_text(json.dumps(PEOPLE), encoding="utf-8")
    return write_flow(
        tmp_path,
        f"---\nname: c\nconfig:\n  flag: {{type: boolean, default: false}}\n---\n<workflow>\n{body}\n</workflow>\n",
        "c.flow.md",
    )


async def test_foreach_binds_the_first_item_and_index_zero(tmp_path: Path) -> None:
    path = flow(
        tmp_path,
        """  <source id="people" type="file" path="people.json"/>
  <foreach id="each" collection="people.output" item="person">
    <transform id="hello" type="template"><template>Hello {{person.name}} #{{index}}</template></transform>
  </foreach>""",
    )
    result = await run(engine(tmp_path), path, "hello")
    assert result.status == "ok", result.error_message
    assert result.output == "Hello Ada #0"
    assert [u.node_id for u in result.upstream] == ["people"]
    assert result.context == [
        {"kind": "foreach", "nodeId": "each", "itemVar": "person", "index": 0, "count": 2, "item": {"name": "Ada"}}
    ]


async def test_foreach_over_an_empty_collection_leaves_the_item_undefined(tmp_path: Path) -> None:
    path = flow(
        tmp_path,
        """  <foreach id="each" collection="[]">
    <transform id="t" type="template"><template>[{{item}}] {{typeof(item)}}</template></transform>
  </foreach>""",
    )
    result = await run(engine(tmp_path), path, "t")
    assert result.output == "[] undefined"
    assert result.context[0]["count"] == 0


async def test_loop_while_and_parallel_bindings(tmp_path: Path) -> None:
    path = flow(
        tmp_path,
        """  <loop id="l" max="3">
    <while id="w" condition="$iteration &lt; 2">
      <parallel id="p">
        <branch><set id="a" var="a" value="{{$branch}}"/></branch>
        <branch><set id="b" var="b" value="{{$iteration}}-{{$branch}}"/></branch>
      </parallel>
    </while>
  </loop>""",
    )
    result = await run(engine(tmp_path), path, "b")
    assert result.status == "ok", result.error_message
    assert result.output == "0-1"
    assert result.context == [
        {"kind": "loop", "nodeId": "l", "iteration": 0},
        {"kind": "while", "nodeId": "w", "iteration": 0, "condition": True},
        {"kind": "parallel", "nodeId": "p", "branch": 1},
    ]


async def test_if_reports_the_branch_that_would_run_and_still_previews(tmp_path: Path) -> None:
    path = flow(
        tmp_path,
        """  <if id="check" condition="$config.flag">
    <then><set id="yes" var="v" value="yes"/></then>
    <else><set id="no" var="v" value="no"/></else>
  </if>""",
    )
    eng = engine(tmp_path)
    yes = await run(eng, path, "yes")
    assert yes.output == "yes"
    assert yes.context == [
        {"kind": "if", "nodeId": "check", "condition": False, "branch": "else", "nodeBranch": "then", "wouldRun": False}
    ]
    no = await run(eng, path, "no")
    assert no.context[0]["wouldRun"] is True


async def test_branch_reports_the_matching_case(tmp_path: Path) -> None:
    path = flow(
        tmp_path,
        """  <set id="n" var="n" value="{{ 7 }}"/>
  <branch id="route">
    <case when="n.output &gt; 10"><set id="big" var="r" value="big"/></case>
    <case when="n.output &gt; 5"><set id="mid" var="r" value="mid"/></case>
    <default><set id="small" var="r" value="small"/></default>
  </branch>""",
    )
    result = await run(engine(tmp_path), path, "small")
    assert result.output == "small"
    assert [u.node_id for u in result.upstream] == ["n"]  # the case conditions read n
    assert result.context == [
        {
            "kind": "branch",
            "nodeId": "route",
            "caseIndex": 1,
            "branch": "cases[1]",
            "nodeBranch": "default",
            "wouldRun": False,
        }
    ]


async def test_phase_and_timeout_are_transparent(tmp_path: Path) -> None:
    path = flow(
        tmp_path,
        """  <phase id="ph" name="one">
    <timeout id="to" duration="5s"><set id="v" var="v" value="{{ 1 + 1 }}"/></timeout>
  </phase>""",
    )
    result = await run(engine(tmp_path), path, "v")
    assert (result.output, result.context) == (2, [])


async def test_container_expression_error_points_at_the_container(tmp_path: Path) -> None:
    text_body = """  <foreach id="each" collection="nope()">
    <set id="v" var="v" value="1"/>
  </foreach>"""
    path = flow(tmp_path, text_body)
    result = await run(engine(tmp_path), path, "v")
    assert result.status == "error"
    (diagnostic,) = result.diagnostics
    assert path.read_text()[diagnostic.start : diagnostic.end] == "nope()"


async def test_cycle_is_a_clear_error(tmp_path: Path) -> None:
    path = flow(
        tmp_path,
        """  <set id="a" var="a" value="{{ b.output }}"/>
  <set id="b" var="b" value="{{ c.output }}"/>
  <set id="c" var="c" value="{{ a.output }}"/>""",
    )
    result = await run(engine(tmp_path), path, "a")
    assert result.status == "error"
    assert result.error_message == "Cannot preview: dependency cycle a -> b -> c -> a"
    assert result.diagnostics[0].code == "RUNTIME_EXECUTION_ERROR"


async def test_context_specific_names_are_not_node_references(tmp_path: Path) -> None:
    path = flow(
        tmp_path,
        """  <set id="item" var="x" value="{{ 5 }}"/>
  <source id="people" type="file" path="people.json"/>
  <transform id="names" type="map" input="people"><expression>item.name</expression></transform>""",
    )
    result = await run(engine(tmp_path), path, "names")
    assert result.output == ["Ada", "Grace"]
    assert [u.node_id for u in result.upstream] == ["people"]
