"""Conformance of the node elements with LANGUAGE.md §5.4 (cases found by a review against the spec)."""

from __future__ import annotations

from server.syntax import Checkpoint
from tests.syntax.syntax_helpers import flow, parse


def checkpoint(element: str) -> tuple[Checkpoint, list[tuple[str, str]]]:
    doc, diags = parse(flow(element))
    assert doc.workflow is not None
    node = doc.workflow.nodes[0]
    assert isinstance(node, Checkpoint)
    return node, [(d.code, d.message) for d in diags]


# -- checkpoint: "<prompt>, <condition> (texts; a child wins over the attribute)"; an empty or whitespace-only text
# counts as absent (LANGUAGE.md §4.3), so it does not replace the attribute


def test_checkpoint_prompt_child_wins_over_the_attribute() -> None:
    node, _ = checkpoint(
        '<checkpoint id="c" prompt="a" condition="x"><prompt>b</prompt><condition>y</condition></checkpoint>'
    )
    assert (node.prompt, node.condition) == ("b", "y")


def test_checkpoint_empty_prompt_child_leaves_the_attribute() -> None:
    node, diags = checkpoint('<checkpoint id="c" prompt="Approve?"><prompt>  </prompt></checkpoint>')
    assert node.prompt == "Approve?"
    assert diags == []


def test_checkpoint_empty_condition_child_leaves_the_attribute() -> None:
    node, _ = checkpoint('<checkpoint id="c" prompt="p" condition="len(input) > 1"><condition/></checkpoint>')
    assert node.condition == "len(input) > 1"


def test_checkpoint_empty_prompt_child_and_no_attribute_is_missing() -> None:
    node, _ = checkpoint('<checkpoint id="c"><prompt></prompt></checkpoint>')
    assert not node.prompt
