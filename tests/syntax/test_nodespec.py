"""NodeSpec building (RUNTIMES.md §1.2) and issue path → range mapping (§1.5)."""

from __future__ import annotations

from server.syntax import Node, parse_document
from server.syntax.nodespec import build_node_spec, issue_range
from tests.syntax.syntax_helpers import flow


def nodes(body: str) -> tuple[str, list[Node]]:
    text = flow(body)
    doc = parse_document(text)
    assert doc.workflow is not None
    return text, list(doc.workflow.nodes)


def test_configured_node_spec() -> None:
    _, (node,) = nodes(
        '<source id="s" type="http" input="x" url="https://a"><headers>A: 1\nB: 2</headers>'
        "<extract>d</extract></source>"
    )
    spec = build_node_spec(node)
    assert (spec.id, spec.element, spec.type, spec.key, spec.input) == ("s", "source", "http", "http:source", "x")
    assert spec.config == {"url": "https://a", "headers": {"A": "1", "B": "2"}, "extract": "d"}
    assert spec.slots == {}


def test_structural_specs() -> None:
    _, found = nodes(
        '<branch id="b"><case when="x"><set var="a"/></case><case/><default><set var="d"/></default></branch>'
        '<if id="i" condition="c"><then><set var="t"/></then></if>'
        '<loop id="l" max="3"><set var="body"/></loop>'
        '<foreach id="f" collection="xs" item="x"/>'
        '<parallel id="p" wait="any"><branch><set var="p1"/></branch><branch/></parallel>'
        '<checkpoint id="c" timeout="5"><prompt>Ok?</prompt><action id="go" goto="b"/></checkpoint>'
        '<phase name="ph"><set var="in_phase"/></phase>'
        '<context id="ctx"><set key="k" value="v"/><set var="k2"/></context>'
        '<set var="s" value=""/>'
        '<delay id="d" duration="1s"/>'
        '<timeout id="to" duration="2s" on-timeout="d"><set var="in_to"/></timeout>'
        '<include id="inc" workflow="./a.flow.md"><bind key="x" value="1"/></include>'
        '<call id="call" workflow="./b.flow.md" a="1"/>'
    )
    specs = {s.id: s for s in map(build_node_spec, found)}
    assert specs["b"].config == {"cases": [{"when": "x"}, {}], "default": "true"}
    assert specs["b"].slots == {"cases[0]": ("a",), "cases[1]": (), "default": ("d",)}
    assert specs["b"].key == "control:branch"
    assert specs["i"].config == {"condition": "c"} and specs["i"].slots == {"then": ("t",)}
    assert specs["l"].config == {"max": "3"} and specs["l"].slots == {"body": ("body",)}
    assert specs["f"].config == {"collection": "xs", "item": "x"}
    assert specs["p"].config == {"wait": "any", "branch_count": 2}
    assert specs["p"].slots == {"branches[0]": ("p1",), "branches[1]": ()}
    assert specs["c"].config == {"timeout": "5", "prompt": "Ok?", "actions": [{"id": "go", "goto": "b"}]}
    assert specs["ph"].config == {"name": "ph"} and specs["ph"].slots == {"children": ("in_phase",)}
    assert specs["ctx"].config == {"entries": [{"key": "k", "value": "v"}, {"key": "k2"}]}
    assert specs["s"].config == {"var": "s", "value": ""}
    assert specs["d"].config == {"duration": "1s"} and specs["d"].key == "temporal:delay"
    assert specs["to"].config == {"duration": "2s", "on-timeout": "d"}
    assert specs["inc"].config == {"workflow": "./a.flow.md", "bindings": [{"key": "x", "value": "1"}]}
    assert specs["call"].config == {"workflow": "./b.flow.md", "args": {"a": "1"}}
    assert specs["call"].key == "composition:call"


def test_issue_ranges_for_configured_nodes() -> None:
    text, (node,) = nodes(
        '<source id="s" url="https://a"><auth>\n  type: bearer\n  token: "abc{{x}}"\n</auth>'
        "<headers><Accept>*/*</Accept></headers></source>"
    )

    def covered(*args: object) -> str:
        start, end = issue_range(node, *args)  # type: ignore[arg-type]
        return text[start:end]

    assert covered(("url",)) == "https://a"
    assert covered(("url",), "key") == "url"
    assert covered(("auth",), "key") == "auth"
    assert covered(("auth", "token")) == "abc{{x}}"
    assert covered(("auth", "token"), "value", (3, 8)) == "{{x}}"
    assert covered(("auth", "type"), "key") == "type"
    assert covered(("headers", "Accept")) == "*/*"
    assert covered(("missing",)) == "<source"
    assert covered(()) == "<source"
    assert covered(("url", "deeper")) == "<source"


def test_issue_ranges_for_structural_nodes() -> None:
    text, found = nodes(
        '<branch id="b"><case when="a &gt; 1"/><case/></branch>'
        '<checkpoint id="c" timeout="x"><condition>len(input)</condition><action id="go" goto="zz"/></checkpoint>'
        '<context id="ctx"><set var="k" value="v"/></context>'
        '<call id="call" workflow="./b.flow.md" arg="1"/>'
        '<loop id="l" max="abc"/>'
    )
    branch, checkpoint, context, call, loop = found

    def covered(node: Node, *args: object) -> str:
        start, end = issue_range(node, *args)  # type: ignore[arg-type]
        return text[start:end]

    assert covered(branch, ("cases", 0, "when")) == "a &gt; 1"
    assert covered(branch, ("cases", 0, "when"), "value", (2, 3)) == "&gt;"
    assert covered(branch, ("cases", 1, "when")) == "<case"
    assert covered(branch, ("cases", 5, "when")) == "<branch"
    assert covered(checkpoint, ("timeout",)) == "x"
    assert covered(checkpoint, ("condition",)) == "len(input)"
    assert covered(checkpoint, ("actions", 0, "goto")) == "zz"
    assert covered(checkpoint, ("actions", 0)) == "<action"
    assert covered(context, ("entries", 0, "key")) == "k"
    assert covered(context, ("entries", 0, "value")) == "v"
    assert covered(call, ("args", "arg")) == "1"
    assert covered(call, ("args", "arg"), "key") == "arg"
    assert covered(loop, ("max",)) == "abc"
    assert covered(loop, ("max",), "key") == "max"
    assert covered(loop, ("break",)) == "<loop"
