"""VALID_TYPE_MISMATCH: node references without .output, paths outside an AI output-schema."""

from __future__ import annotations

from tests.checks.checks_helpers import flow, one, only, run

AI = """  <source id="src" type="file" path="d.json"/>
  <transform id="score" type="ai" input="src">
    <model>openai/gpt-4o-mini</model>
    <user>Rate {{input}}</user>
    <output-schema>{score: number, tags: {name: string}[]}</output-schema>
  </transform>
"""


def test_node_reference_without_output() -> None:
    found = one(
        run(flow(AI + '  <transform id="t"><template>{{ src.data }}</template></transform>')), "VALID_TYPE_MISMATCH"
    )
    assert found.covered == "data"
    assert found.diagnostic.message == '"src.data" is always undefined: node references only expose .output'
    assert found.diagnostic.hints == ("Write src.output.data",)


def test_schema_paths() -> None:
    body = AI + (
        '  <transform id="t" input="score"><template>{{ score.output.score }} {{ score.output.tags[0].name }}'
        " {{ score.output.reason }} {{ input.tags[1].nme }} {{ score.output.score.x }}</template></transform>"
    )
    found = only(run(flow(body)), "VALID_TYPE_MISMATCH")
    assert [f.covered for f in found] == ["reason", "nme", "x"]
    assert found[0].diagnostic.message == (
        'Node "t" accesses "score.output.reason" from AI node "score", but output-schema '
        '"{score: number, tags: {name: string}[]}" does not include field "reason"'
    )
    assert found[2].diagnostic.message.endswith('does not define field "x" (not an object type)')
    assert found[0].diagnostic.hints == (
        'Update the output-schema to include the "reason" field',
        "Or update the reference to use an existing field",
    )


def test_context_names_shadow_node_ids() -> None:
    body = (
        '  <source id="item" type="file" path="d.json"/>\n'
        '  <transform id="m" type="map" input="item"><expression>item.name</expression></transform>'
    )
    assert only(run(flow(body)), "VALID_TYPE_MISMATCH") == []
