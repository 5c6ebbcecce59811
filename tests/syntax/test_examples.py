"""The example flows: clean ones parse without parse-stage diagnostics; broken ones keep their nodes."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.syntax import NODE_KINDS, iter_nodes, parse_document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CLEAN = sorted(p for p in EXAMPLES.rglob("*.flow.md") if "problems" not in p.parts)


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_clean_examples_have_no_parse_diagnostics(path: Path) -> None:
    doc = parse_document(path.read_text(encoding="utf-8"))
    assert doc.diagnostics == ()
    assert doc.frontmatter is not None and doc.frontmatter.name and doc.frontmatter.version
    assert doc.workflow is not None and doc.workflow.nodes


def test_examples_cover_every_node_kind() -> None:
    kinds = {
        node.kind for path in CLEAN for node in iter_nodes(parse_document(path.read_text(encoding="utf-8")).workflow)
    }
    assert kinds == set(NODE_KINDS)


def test_path_traversal_problem_exists_for_editor_tests() -> None:
    text = (EXAMPLES / "problems" / "path-traversal.flow.md").read_text(encoding="utf-8")
    assert '<source id="passwd" type="file" path="../../etc/passwd"/>' in text


def test_broken_xml_problem_keeps_every_node() -> None:
    doc = parse_document((EXAMPLES / "problems" / "broken-xml.flow.md").read_text(encoding="utf-8"))
    assert [str(n.id) for n in iter_nodes(doc.workflow)] == ["first", "typing", "quote", "tail", "last"]
    assert any(d.code == "PARSE_XML_INVALID" for d in doc.diagnostics)
