"""Node model (LANGUAGE.md §5, §7): every node element, identity, structure rules with messages and ranges."""

from __future__ import annotations

import pytest

from server.syntax import (
    Branch,
    Call,
    Checkpoint,
    Context,
    Delay,
    Foreach,
    If,
    Include,
    Loop,
    Node,
    Parallel,
    Phase,
    Set,
    Sink,
    Source,
    Timeout,
    Transform,
    While,
    Workflow,
    iter_nodes,
    walk,
)
from tests.syntax.syntax_helpers import flow, found, only, parse

VALID_NODE_TYPES = (
    "Valid node types: source, transform, sink, branch, if, loop, while, foreach, parallel, checkpoint, phase, "
    "context, set, delay, timeout, include, call"
)


def workflow(body: str) -> Workflow:
    doc, diags = parse(flow(body))
    assert diags == [], [(d.code, d.message, d.covered) for d in diags]
    assert doc.workflow is not None
    return doc.workflow


def one(body: str) -> Node:
    (node,) = workflow(body).nodes
    return node


def test_source_transform_sink_types_and_defaults() -> None:
    wf = workflow(
        '<source id="a" url="https://x"/><source id="b" type="file" path="p"/>'
        '<transform id="c"><template>x</template></transform><transform id="d" type="ai"><model>m</model></transform>'
        '<sink id="e" input="a" url="https://y"/><sink id="f" type="email" input="a"/>'
    )
    kinds = [(type(n).__name__, n.type, n.type_valid, n.type_range is None) for n in wf.nodes]  # type: ignore[attr-defined]
    assert kinds == [
        ("Source", "http", True, True),
        ("Source", "file", True, False),
        ("Transform", "template", True, True),
        ("Transform", "ai", True, False),
        ("Sink", "http", True, True),
        ("Sink", "email", True, False),
    ]
    sink = wf.nodes[4]
    assert str(sink.input) == "a"


@pytest.mark.parametrize(
    ("element", "message", "hint"),
    [
        (
            '<source id="s" type="ftp"/>',
            'Source type must be "http", "file", or "database", got "ftp"',
            'Use type="http", type="file", or type="database"',
        ),
        (
            '<transform id="t" type="sql"/>',
            'Transform type must be "ai", "template", "map", "filter", or "reduce", got "sql"',
            'Use type="ai", type="template", type="map", type="filter", or type="reduce"',
        ),
        (
            '<sink id="k" type="queue"/>',
            'Sink type must be "http", "file", "database", or "email", got "queue"',
            'Use type="http", type="file", type="database", or type="email"',
        ),
    ],
)
def test_invalid_type_keeps_the_node(element: str, message: str, hint: str) -> None:
    text = flow(element)
    d = only(text)
    assert (d.code, d.message, d.hints) == ("VALID_INVALID_FIELD_TYPE", message, (hint,))
    assert d.covered == message.split('got "')[1].rstrip('"')
    doc, _ = parse(text)
    assert doc.workflow is not None
    (node,) = doc.workflow.nodes
    assert not node.type_valid  # type: ignore[attr-defined]


def test_branch() -> None:
    node = one(
        '<branch id="route" input="s">\n'
        '  <case when="input.v > 1"><set var="a"/></case>\n'
        '  <case><set var="b"/><set var="c"/></case>\n'
        '  <default><set var="d"/></default>\n'
        '  <default><set var="e"/></default>\n'
        "</branch>"
    )
    assert isinstance(node, Branch)
    assert [str(c.when) if c.when is not None else None for c in node.cases] == ["input.v > 1", None]
    assert [[str(n.id) for n in c.nodes] for c in node.cases] == [["a"], ["b", "c"]]
    assert node.default is not None and [str(n.id) for n in node.default] == ["d", "e"]
    assert len(node.default_elements) == 2


def test_branch_without_default() -> None:
    node = one('<branch id="r"><case when="true"/></branch>')
    assert isinstance(node, Branch) and node.default is None


def test_if() -> None:
    node = one(
        '<if id="gate" condition="input.ok"><then><set var="a"/></then><else><set var="b"/></else>'
        '<then><set var="c"/></then></if>'
    )
    assert isinstance(node, If)
    assert str(node.condition) == "input.ok"
    assert [str(n.id) for n in node.then] == ["a", "c"]
    assert node.else_ is not None and [str(n.id) for n in node.else_] == ["b"]
    assert one('<if id="g" condition="x"><then/></if>').else_ is None  # type: ignore[attr-defined]


def test_loop_while_foreach() -> None:
    loop = one('<loop id="l" max="3" break="$iteration >= 2"><set var="a"/></loop>')
    assert isinstance(loop, Loop)
    assert (str(loop.max), loop.max_iterations, str(loop.break_)) == ("3", 3, "$iteration >= 2")
    assert [str(n.id) for n in loop.body] == ["a"]
    assert one('<loop id="l" max="{{$config.n}}"/>').max_iterations is None  # type: ignore[attr-defined]
    assert one('<loop id="l" max="0"/>').max_iterations is None  # type: ignore[attr-defined]
    wh = one('<while id="w" condition="$iteration &lt; 5"><delay id="d" duration="1s"/></while>')
    assert isinstance(wh, While) and str(wh.condition) == "$iteration < 5" and len(wh.body) == 1
    fe = one('<foreach id="f" collection="people.output" item="person" concurrency="2"><set var="x"/></foreach>')
    assert isinstance(fe, Foreach)
    assert (str(fe.collection), fe.item_name, str(fe.concurrency)) == ("people.output", "person", "2")
    default_item = one('<foreach id="f" collection="xs"/>')
    assert isinstance(default_item, Foreach) and default_item.item is None and default_item.item_name == "item"


def test_parallel() -> None:
    node = one(
        '<parallel id="p" wait="any" merge="concat"><branch><set var="a"/></branch><branch>'
        '<branch id="route"><case when="true"/></branch></branch></parallel>'
    )
    assert isinstance(node, Parallel)
    assert (str(node.wait), str(node.merge)) == ("any", "concat")
    assert [[n.kind for n in b] for b in node.branches] == [["set"], ["branch"]]
    defaults = one('<parallel id="p"><branch/></parallel>')
    assert isinstance(defaults, Parallel) and defaults.wait is None and defaults.merge is None


def test_checkpoint_children_win_over_attributes() -> None:
    node = one(
        '<checkpoint id="c" prompt="attr prompt" condition="false" timeout="600" default="approve">'
        "<prompt>Publish? {{input}}</prompt><condition>len(input) &gt; 1</condition>"
        '<action id="ok" label="OK" goto="x"/><action id="no"/></checkpoint>'
    )
    assert isinstance(node, Checkpoint)
    assert (str(node.prompt), str(node.condition)) == ("Publish? {{input}}", "len(input) > 1")
    assert (str(node.timeout), str(node.default)) == ("600", "approve")
    assert [(str(a.id), a.label and str(a.label), a.goto and str(a.goto)) for a in node.actions] == [
        ("ok", "OK", "x"),
        ("no", None, None),
    ]
    attr_only = one('<checkpoint id="c" prompt="Approve?"/>')
    assert isinstance(attr_only, Checkpoint) and str(attr_only.prompt) == "Approve?"


def test_phase_context_set() -> None:
    wf = workflow(
        '<context id="defaults"><set key="region" value="eu"/><set var="lang"/></context>'
        '<phase name="prepare"><set var="started" value="{{now()}}"/></phase>'
        '<phase id="p2" name="Nice name"/>'
    )
    context, phase, phase2 = wf.nodes
    assert isinstance(context, Context)
    assert [(str(e.key), str(e.value)) for e in context.entries] == [("region", "eu"), ("lang", "")]
    assert isinstance(phase, Phase) and str(phase.id) == "prepare" and str(phase.name) == "prepare"
    (set_node,) = phase.children
    assert isinstance(set_node, Set)
    assert (str(set_node.id), str(set_node.var), str(set_node.value)) == ("started", "started", "{{now()}}")
    assert isinstance(phase2, Phase) and (str(phase2.id), str(phase2.name)) == ("p2", "Nice name")


def test_delay_timeout_include_call() -> None:
    wf = workflow(
        '<timeout id="guard" duration="30s" on-timeout="fb"><delay id="cool" duration="500ms"/></timeout>'
        '<include id="inc" workflow="./sub.flow.md" input="x"><bind key="title" value="{{x.output}}"/></include>'
        '<call id="check" workflow="./check.flow.md" strict="true" text="{{1}}"/>'
    )
    timeout, include, call = wf.nodes
    assert isinstance(timeout, Timeout)
    assert (str(timeout.duration), str(timeout.on_timeout)) == ("30s", "fb")
    (delay,) = timeout.children
    assert isinstance(delay, Delay) and str(delay.duration) == "500ms"
    assert isinstance(include, Include) and str(include.workflow) == "./sub.flow.md"
    assert [(str(b.key), str(b.value)) for b in include.bindings] == [("title", "{{x.output}}")]
    assert isinstance(call, Call) and str(call.workflow) == "./check.flow.md"
    assert {k: str(v) for k, v in call.args.items()} == {"strict": "true", "text": "{{1}}"}


def test_common_fields_and_ranges() -> None:
    text = flow('  <sink id="save" type="file" input=" up " path="x">\n  </sink>')
    doc, _ = parse(text)
    assert doc.workflow is not None
    (node,) = doc.workflow.nodes
    assert isinstance(node, Sink)
    assert text[slice(*node.anchor)] == "<sink"
    assert text[slice(*node.range)].startswith("<sink") and text[slice(*node.range)].endswith("</sink>")
    assert text[slice(*node.id_range)] == "save"  # type: ignore[misc]
    assert str(node.input) == "up" and text[slice(*node.input_range)] == " up "  # type: ignore[misc]
    assert [a.name for a in node.attributes] == ["id", "type", "input", "path"]
    assert node.label == "save"


def test_on_error() -> None:
    node = one(
        '<source id="api" url="https://x"><on-error><retry when="status >= 500" max="3" backoff="linear"/>'
        '<retry max="5"/><fallback ref="cached"/></on-error></source>'
    )
    assert node.on_error is not None
    retry = node.on_error.retry
    assert retry is not None and str(retry.max) == "5" and retry.backoff is None
    assert node.on_error.fallback_node == "cached"
    assert isinstance(node, Source) and "on-error" not in node.config
    empty = one('<loop id="l" max="2"><on-error/><set var="x"/></loop>')
    assert empty.on_error is not None and empty.on_error.retry is None and empty.on_error.fallback is None
    assert [n.kind for n in empty.body] == ["set"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("element", "code", "message", "covered"),
    [
        ('<retry max="-1"/>', "VALID_INVALID_FIELD_TYPE", 'Invalid retry max "-1" in node "t"', "-1"),
        ('<retry max="2.5"/>', "VALID_INVALID_FIELD_TYPE", 'Invalid retry max "2.5" in node "t"', "2.5"),
        (
            '<retry backoff="random"/>',
            "VALID_INVALID_FIELD_TYPE",
            'Invalid retry backoff "random" in node "t"',
            "random",
        ),
        ("<fallback/>", "VALID_MISSING_REQUIRED_FIELD", '<fallback> requires a "node" attribute', "<fallback"),
        (
            "<circuit-breaker/>",
            "VALID_UNKNOWN_FIELD",
            "Unknown element <circuit-breaker> inside <on-error>; it is ignored",
            "<circuit-breaker",
        ),
        ('<retry max="1" delay="5"/>', "VALID_UNKNOWN_FIELD", 'Unknown attribute "delay" on <retry>', "delay"),
    ],
)
def test_on_error_problems(element: str, code: str, message: str, covered: str) -> None:
    d = only(flow(f'<transform id="t"><template>x</template><on-error>{element}</on-error></transform>'))
    assert (d.code, d.message, d.covered) == (code, message, covered)


def test_retry_max_zero_and_templates_are_fine() -> None:
    assert (
        found(flow('<transform id="t"><template>x</template><on-error><retry max="0"/></on-error></transform>')) == []
    )
    text = flow('<transform id="t"><template>x</template><on-error><retry max="{{$config.n}}"/></on-error></transform>')
    assert found(text) == []


def test_second_on_error_is_ignored() -> None:
    text = flow('<delay id="d" duration="1s"><on-error/><on-error><fallback node="x"/></on-error></delay>')
    d = only(text)
    assert (d.code, d.message, d.severity) == (
        "VALID_UNKNOWN_FIELD",
        "Only the first <on-error> of a node is used",
        "warning",
    )
    assert d.diagnostic.start == text.index("<on-error><fallback")


@pytest.mark.parametrize(
    ("element", "hint"),
    [
        ("<set/>", 'Add var="variable-name" to the <set> element'),
        ("<phase/>", 'Add name="phase-name" to the <phase> element'),
        ('<source type="file"/>', 'Add id="unique-id" to the <source> element'),
        ('<context><set key="a"/></context>', 'Add id="unique-id" to the <context> element'),
    ],
)
def test_missing_identifier(element: str, hint: str) -> None:
    tag = element[1:].split(" ")[0].split("/")[0].split(">")[0]
    items = [d for d in found(flow(element)) if d.message == f"<{tag}> requires an identifier attribute"]
    (d,) = items
    assert (d.code, d.hints, d.covered) == ("VALID_MISSING_REQUIRED_FIELD", (hint,), f"<{tag}")


def test_node_without_id_is_still_built_with_its_children() -> None:
    doc, _ = parse(flow('<loop max="2"><set var="inner"/></loop>'))
    assert doc.workflow is not None
    (loop,) = doc.workflow.nodes
    assert loop.id is None and loop.label == "<loop>"
    assert [str(n.id) for n in iter_nodes(doc.workflow)][1:] == ["inner"]


@pytest.mark.parametrize(
    ("element", "message", "hint"),
    [
        ('<set id="s"/>', '<set> requires a "var" attribute', 'Add var="variable-name" to the <set> element'),
        ('<delay id="d"/>', '<delay> requires a "duration" attribute', 'Add duration="5s" to the <delay> element'),
        (
            '<timeout id="t" duration=" "/>',
            '<timeout> requires a "duration" attribute',
            'Add duration="30s" to the <timeout> element',
        ),
        (
            '<include id="i"/>',
            '<include> requires a "workflow" attribute',
            'Add workflow="./sub-workflow.flow.md" to the <include> element',
        ),
        (
            '<call id="c" x="1"/>',
            '<call> requires a "workflow" attribute',
            'Add workflow="./sub-workflow.flow.md" to the <call> element',
        ),
        (
            '<context id="c"><set value="1"/></context>',
            '<set> in context "c" requires a "key" attribute',
            'Add key="name" to the <set> element',
        ),
    ],
)
def test_required_attributes(element: str, message: str, hint: str) -> None:
    d = only(flow(element))
    assert (d.code, d.message, d.hints) == ("VALID_MISSING_REQUIRED_FIELD", message, (hint,))
    assert d.covered in ("<set", "<delay", "<timeout", "<include", "<call")


def test_timeout_children_parsed_without_duration() -> None:
    doc, _ = parse(flow('<timeout id="t"><delay id="d" duration="1s"/></timeout>'))
    assert doc.workflow is not None
    assert [n.kind for n in iter_nodes(doc.workflow)] == ["timeout", "delay"]


@pytest.mark.parametrize(
    ("element", "hints"),
    [
        ("<match/>", ('Use <branch> with <case when="…">', VALID_NODE_TYPES)),
        ("<otherwise/>", ("Use <default> inside <branch>", VALID_NODE_TYPES)),
        ("<ai/>", ('Use <transform type="ai">', VALID_NODE_TYPES)),
        ("<filter/>", ('Use <transform type="filter">', VALID_NODE_TYPES)),
        ("<http/>", ('Use <source type="http"> or <sink type="http">', VALID_NODE_TYPES)),
        ("<email/>", ('Use <sink type="email">', VALID_NODE_TYPES)),
        ("<goto/>", ('Not supported; use loop break="…", <action goto> or <fallback node>', VALID_NODE_TYPES)),
        ("<do/>", ("Put the body nodes directly inside <while>", VALID_NODE_TYPES)),
        ("<throttle/>", ("<throttle> is not supported", VALID_NODE_TYPES)),
        ("<souce/>", ("Did you mean: <source>?", VALID_NODE_TYPES)),
        ("<zzzzzzzz/>", (VALID_NODE_TYPES,)),
    ],
)
def test_unknown_node_type_hints(element: str, hints: tuple[str, ...]) -> None:
    d = only(flow(element))
    tag = element[1:-2]
    assert (d.code, d.message, d.hints, d.covered) == (
        "VALID_UNKNOWN_NODE_TYPE",
        f"Unknown node type: <{tag}>",
        hints,
        f"<{tag}",
    )


def test_unknown_element_children_are_dropped_but_siblings_survive() -> None:
    doc, diags = parse(flow('<loopz id="x"><source id="hidden" url="https://x"/></loopz><set var="after"/>'))
    assert [d.code for d in diags] == ["VALID_UNKNOWN_NODE_TYPE"]
    assert doc.workflow is not None
    assert [str(n.id) for n in iter_nodes(doc.workflow)] == ["after"]


@pytest.mark.parametrize(
    ("body", "message", "hint"),
    [
        ('<case when="x"/>', "<case> is not allowed inside <workflow>", "<case> belongs inside <branch>"),
        ("<then/>", "<then> is not allowed inside <workflow>", "<then> belongs inside <if>"),
        (
            '<loop id="l" max="1"><default/></loop>',
            "<default> is not allowed inside <loop>",
            "<default> belongs inside <branch>",
        ),
        (
            '<phase name="p"><action id="a"/></phase>',
            "<action> is not allowed inside <phase>",
            "<action> belongs inside <checkpoint>",
        ),
        ("<bind/>", "<bind> is not allowed inside <workflow>", "<bind> belongs inside <include>"),
        ("<retry/>", "<retry> is not allowed inside <workflow>", "<retry> belongs inside <on-error>"),
        (
            '<if id="i" condition="x"><set var="a"/></if>',
            "<set> is not allowed inside <if>",
            "Put nodes inside <then> or <else>",
        ),
        (
            '<branch id="b"><set var="a"/><case when="1"/></branch>',
            "<set> is not allowed inside <branch>",
            "Put nodes inside <case> or <default>",
        ),
        (
            '<parallel id="p"><set var="a"/><branch/></parallel>',
            "<set> is not allowed inside <parallel>",
            "Put nodes inside <branch>",
        ),
        (
            '<parallel id="p"><wait/><branch/></parallel>',
            "<wait> is not allowed inside <parallel>",
            'Use the wait="..." attribute',
        ),
        (
            '<branch id="b"><otherwise/><case when="1"/></branch>',
            "<otherwise> is not allowed inside <branch>",
            "Use <default> inside <branch>",
        ),
    ],
)
def test_misplaced_elements(body: str, message: str, hint: str) -> None:
    d = only(flow(body))
    assert (d.code, d.message, d.hints) == ("VALID_UNKNOWN_NODE_TYPE", message, (hint,))


def test_on_error_in_node_lists() -> None:
    text = flow('<if id="i" condition="x"><then><on-error/></then></if>')
    d = only(text)
    assert (d.code, d.message, d.covered) == (
        "VALID_UNKNOWN_NODE_TYPE",
        "<on-error> must be placed inside the node it applies to",
        "<on-error",
    )
    for element in (
        'loop id="n" max="1"',
        'while id="n" condition="x"',
        'foreach id="n" collection="x"',
        'phase name="n"',
        'timeout id="n" duration="1s"',
    ):
        kind = element.split(" ")[0]
        doc, diags = parse(flow(f'<{element}><on-error><fallback node="z"/></on-error></{kind}>'))
        assert diags == [], kind
        assert doc.workflow is not None and doc.workflow.nodes[0].on_error is not None


@pytest.mark.parametrize(
    ("body", "parent"),
    [
        ('<checkpoint id="c" prompt="p"><note/></checkpoint>', "checkpoint"),
        ('<context id="c"><entry/></context>', "context"),
        ('<set var="v"><value/></set>', "set"),
        ('<delay id="d" duration="1s"><x/></delay>', "delay"),
        ('<include id="i" workflow="./a.flow.md"><param/></include>', "include"),
        ('<call id="c" workflow="./a.flow.md"><arg/></call>', "call"),
    ],
)
def test_ignored_child_elements(body: str, parent: str) -> None:
    d = only(flow(body))
    tag = body.split("><")[1].split("/")[0]
    assert (d.code, d.severity, d.message) == (
        "VALID_UNKNOWN_FIELD",
        "warning",
        f"Unknown element <{tag}> inside <{parent}>; it is ignored",
    )


@pytest.mark.parametrize(
    ("body", "message", "hint"),
    [
        ('<loop id="l" maxIterations="3"/>', 'Unknown attribute "maxIterations" on <loop>', "Did you mean: max?"),
        ('<if id="i" conditon="x"/>', 'Unknown attribute "conditon" on <if>', "Did you mean: condition?"),
        ('<delay id="d" duration="1s" foo="1"/>', 'Unknown attribute "foo" on <delay>', None),
        (
            '<branch id="b"><case when="1" wen="2"/></branch>',
            'Unknown attribute "wen" on <case>',
            "Did you mean: when?",
        ),
        ('<parallel id="p"><branch id="x"/></parallel>', 'Unknown attribute "id" on <branch>', None),
        (
            '<include id="i" workflow="./a.flow.md"><bind key="a" vale="1"/></include>',
            'Unknown attribute "vale" on <bind>',
            "Did you mean: value?",
        ),
    ],
)
def test_unknown_attributes(body: str, message: str, hint: str | None) -> None:
    d = only(flow(body))
    assert (d.code, d.severity, d.message, d.hints) == (
        "VALID_UNKNOWN_FIELD",
        "warning",
        message,
        (hint,) if hint else (),
    )
    assert d.covered == message.split('"')[1]


def test_extra_attributes_are_data_on_source_transform_sink_call() -> None:
    text = flow(
        '<source id="s" type="file" path="p" anything="1"/><transform id="t" whatever="2"><template>x</template>'
        '</transform><sink id="k" input="s" url="https://x" extra="3"/><call id="c" workflow="./x.flow.md" arg="4"/>'
    )
    assert found(text) == []


def test_workflow_attributes_are_ignored() -> None:
    d = only(flow("").replace("<workflow>", '<workflow version="2">'))
    assert (d.code, d.message, d.covered) == ("VALID_UNKNOWN_FIELD", "Attributes on <workflow> are ignored", "version")


@pytest.mark.parametrize(
    ("body", "parent", "covered", "hint"),
    [
        ("stray words", "workflow", "stray words", None),
        ('<loop id="l" max="1">  hello &amp; bye <set var="x"/></loop>', "loop", "hello &amp; bye", None),
        (
            '<source id="s" url="https://x">oops<extract>a</extract></source>',
            "source",
            "oops",
            "Put it in a child element such as <template>",
        ),
        ('<if id="i" condition="x"><then>text</then></if>', "then", "text", None),
        ('<delay id="d" duration="1s">zzz</delay>', "delay", "zzz", None),
    ],
)
def test_stray_text(body: str, parent: str, covered: str, hint: str | None) -> None:
    d = only(flow(body))
    assert (d.code, d.severity, d.message) == (
        "VALID_UNKNOWN_FIELD",
        "warning",
        f"Unexpected text inside <{parent}>; it is ignored",
    )
    assert d.covered == covered
    assert d.hints == ((hint,) if hint else ())


def test_walk_order_and_ancestors() -> None:
    wf = workflow(
        '<source id="a" url="https://x"/>'
        '<if id="i" condition="x"><else><set var="e"/></else><then><set var="t"/></then></if>'
        '<parallel id="p"><branch><foreach id="f" collection="c"><set var="inner"/></foreach></branch></parallel>'
        '<phase name="ph"><timeout id="to" duration="1s"><delay id="d" duration="1s"/></timeout></phase>'
        '<branch id="b"><default><set var="dd"/></default><case when="1"><set var="cc"/></case></branch>'
    )
    order = [(str(n.id), [str(a.id) for a in anc]) for n, anc in walk(wf)]
    assert order == [
        ("a", []),
        ("i", []),
        ("e", ["i"]),
        ("t", ["i"]),
        ("p", []),
        ("f", ["p"]),
        ("inner", ["p", "f"]),
        ("ph", []),
        ("to", ["ph"]),
        ("d", ["ph", "to"]),
        ("b", []),
        ("dd", ["b"]),
        ("cc", ["b"]),
    ]


def test_kinds_map_to_classes() -> None:
    classes = {
        "source": Source,
        "transform": Transform,
        "sink": Sink,
        "set": Set,
    }
    wf = workflow(
        '<source id="a" url="https://x"/><transform id="b"><template>x</template></transform>'
        '<sink id="c" input="a" url="https://y"/><set var="d"/>'
    )
    for node in wf.nodes:
        assert isinstance(node, classes[node.kind])
