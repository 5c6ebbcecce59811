"""Superseded snapshots are freed by reference counting: the navigation model (which refers back to its snapshot)
is released with them, so large documents do not pile up as cyclic garbage between edits."""

from __future__ import annotations

import gc
import weakref

from server.lsp.analysis import Analyzer
from server.lsp.documents import SnapshotCache
from server.lsp.model import model_of, workflow_targets

URI = "file:///tmp/flow.flow.md"
TEXT = """---
name: demo
---
<workflow>
  <source id="a" type="http" url="https://example.com"/>
  <transform id="b" type="template" input="a">
    <template>{{a.output}}</template>
  </transform>
</workflow>
"""


def test_a_superseded_snapshot_and_its_model_are_freed_without_the_cyclic_collector() -> None:
    cache = SnapshotCache(Analyzer())
    old = cache.get(URI, 1, TEXT)
    assert model_of(old) is not None
    gone = weakref.ref(old)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        new = cache.get(URI, 2, TEXT + "\n")
        del old
        assert gone() is not None, "kept until the new version's diagnostics are published"
        cache.free_retired()
        assert gone() is None
    finally:
        if was_enabled:
            gc.enable()
    model = model_of(new)
    assert model is not None
    assert "b" in model.definitions


def test_dropped_and_cleared_snapshots_release_their_model() -> None:
    cache = SnapshotCache(Analyzer())
    first = cache.get(URI, 1, TEXT)
    model_of(first)
    cache.drop(URI)
    assert first.cache == {}
    second = cache.get(URI, 2, TEXT)
    model_of(second)
    cache.clear()
    assert second.cache == {}


def test_a_recheck_of_the_same_version_reuses_the_parse_but_not_the_diagnostics() -> None:
    """Re-checks after another file or the configuration changed: the parse depends on the text alone."""
    cache = SnapshotCache(Analyzer())
    first = cache.get(URI, 1, TEXT.replace("</workflow>", '  <include id="i" workflow="./sub.flow.md"/>\n</workflow>'))
    diagnostics = first.diagnostics
    targets = workflow_targets(first)
    assert [path.name for path in targets] == ["sub.flow.md"]
    model_of(first)
    cache.invalidate(URI)
    second = cache.get(URI, 1, first.text)
    assert second is not first
    assert second.serial > first.serial, "a new pull result id"
    assert second.document is first.document
    assert second.index is first.index
    assert second.cache == {"targets": targets}, "the navigation model refers to its snapshot: rebuilt"
    assert first.cache == {}
    assert second.diagnostics == diagnostics and second.diagnostics is not diagnostics
