"""References: duplicate ids, undefined node references, include/call targets (DIAGNOSTICS.md §4.5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.checks import AnalyzeOptions
from tests.checks.checks_helpers import codes, flow, one, only, run


def test_duplicate_id_points_at_the_second_with_related_first() -> None:
    text = flow('  <source id="a" type="file" path="a.json"/>\n  <source id="a" type="file" path="b.json"/>')
    found = one(run(text), "VALID_DUPLICATE_NODE_ID")
    d = found.diagnostic
    assert d.message == 'Duplicate node ID "a"'
    assert d.hints == (
        'Another node with ID "a" exists at line 6',
        "Each node must have a unique ID within the workflow",
    )
    assert found.covered == "a" and d.start > d.related[0].start
    assert d.related[0].message == "first defined here"
    assert text[d.related[0].start : d.related[0].end] == "a"


def test_duplicate_set_var_gets_the_set_hint() -> None:
    text = flow('  <set var="x" value="1"/>\n  <set var="x" value="2"/>')
    d = one(run(text), "VALID_DUPLICATE_NODE_ID").diagnostic
    assert d.hints[-1] == 'Give each <set> its own id="..."'


def test_undefined_input_with_did_you_mean_and_unsafe_fix() -> None:
    text = flow(
        '  <source id="orders" type="file" path="o.json"/>\n  <sink id="s" type="file" input="order" path="x"/>'
    )
    found = one(run(text), "VALID_UNDEFINED_NODE_REF")
    assert found.diagnostic.message == 'Node "s" references undefined node "order"'
    assert found.diagnostic.hints == ("Did you mean: orders?",)
    assert found.covered == "order"
    fix = found.diagnostic.fixes[0]
    assert not fix.safe and fix.edits[0].new_text == "orders"


def test_undefined_input_lists_defined_nodes_and_expression_hint() -> None:
    text = flow(
        '  <source id="users" type="file" path="u.json"/>\n'
        '  <sink id="s" type="file" input="{{users.output}}" path="x"/>'
    )
    d = one(run(text), "VALID_UNDEFINED_NODE_REF").diagnostic
    assert d.hints == (
        "Defined nodes: users, s",
        'References take a node id, not an expression: write "users"',
    )
    assert d.fixes[0].safe and d.fixes[0].edits[0].new_text == "users"


def test_fallback_timeout_and_goto_references() -> None:
    body = """  <source id="api" type="http" url="https://api.example.com/x">
    <on-error><fallback node="cache"/></on-error>
  </source>
  <timeout id="guard" duration="5s" on-timeout="later"><delay id="d" duration="1s"/></timeout>
  <checkpoint id="review" prompt="ok?"><action id="go" label="Go" goto="nowhere"/></checkpoint>"""
    found = only(run(flow(body)), "VALID_UNDEFINED_NODE_REF")
    assert [f.diagnostic.message for f in found] == [
        'Fallback of node "api" references undefined node "cache"',
        'Timeout "guard" references undefined on-timeout node "later"',
        'Action "go" of checkpoint "review" references undefined node "nowhere"',
    ]
    assert [f.covered for f in found] == ["cache", "later", "nowhere"]


def test_workflow_ref_missing_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ok.flow.md").write_text("x")
    text = flow(
        '  <include id="a" workflow="./sub/ok.flow.md"/>\n'
        '  <call id="b" workflow="./sub/missing.flow.md"/>\n'
        '  <include id="c" workflow="@workflows/x.flow.md"/>'
    )
    found = only(run(text, tmp_path / "main.flow.md"), "VALID_UNDEFINED_WORKFLOW_REF")
    assert [f.covered for f in found] == ["./sub/missing.flow.md", "@workflows/x.flow.md"]
    first = found[0].diagnostic
    assert first.message == 'Workflow file "./sub/missing.flow.md" not found'
    assert first.hints == (
        f"Resolved to {tmp_path / 'sub' / 'missing.flow.md'}",
        "Paths are relative to the folder of this file",
    )
    assert found[1].diagnostic.hints[-1].startswith("Package aliases such as @workflows/")


def test_workflow_ref_not_checked_for_unsaved_documents_and_uses_the_callback(tmp_path: Path) -> None:
    text = flow('  <call id="b" workflow="./open-in-editor.flow.md"/>')
    assert "VALID_UNDEFINED_WORKFLOW_REF" not in codes(run(text, None))
    seen: list[Path] = []

    def exists(path: Path) -> bool:
        seen.append(path)
        return True

    found = run(text, tmp_path / "main.flow.md", file_exists=exists)
    assert "VALID_UNDEFINED_WORKFLOW_REF" not in codes(found)
    assert seen == [tmp_path / "open-in-editor.flow.md"]
    assert isinstance(AnalyzeOptions().max_diagnostics, int)


def test_relative_document_paths_resolve_against_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "flows").mkdir()
    text = flow('  <call id="b" workflow="./missing.flow.md"/>\n  <source id="a" type="file" path="../../x.json"/>')
    found = run(text, Path("flows/main.flow.md"))
    ref = one(found, "VALID_UNDEFINED_WORKFLOW_REF").diagnostic
    assert ref.hints[0] == f"Resolved to {tmp_path / 'flows' / 'missing.flow.md'}"
    assert "RUNTIME_PATH_TRAVERSAL" in codes(found)
