"""The diagnostics JSON the server publishes is exactly what pygls makes of the lsprotocol objects."""

from __future__ import annotations

import json

import pytest
from lsprotocol import types
from pygls.protocol import default_converter

from server.lsp.analysis import Analyzer, rule_url
from server.lsp.documents import Snapshot
from server.lsp.scheduler import diagnostics_json

TEXT = """\ufeff---
name: convert
version: "1.0.0"
config:
  unused: {type: number, default: 1}
---
<workflow>
  <source id="a" type="http" url="https://example.com"/>
  <!-- é😀 --><source id="a" type="http" url="https://example.com"/>
  <transform id="t" type="map" input="a">
    <expression>{{ upper(item.name, 1) }}</expression>
  </transform>
  <transform id="u" type="template" input="missing">
    <template>{{a.output}}</template>
  </transform>
</workflow>
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_diagnostic_json_equals_the_unstructured_lsprotocol_diagnostic(encoding: str) -> None:
    from server.lsp.convert import to_lsp_diagnostic

    snapshot = Snapshot("file:///tmp/convert.flow.md", 3, TEXT, Analyzer())
    diagnostics = snapshot.diagnostics
    converter = default_converter()
    expected = [
        converter.unstructure(to_lsp_diagnostic(diag, snapshot, encoding, rule_url(diag.code)), types.Diagnostic)  # type: ignore[arg-type]
        for diag in diagnostics
    ]
    actual = diagnostics_json(snapshot, encoding)  # type: ignore[arg-type]
    assert json.loads(json.dumps(actual)) == expected
    # the case covers every optional part of the mapping
    assert any("relatedInformation" in item for item in actual)
    assert any("tags" in item for item in actual)
    assert any("\nhint: " in item["message"] for item in actual)
    assert any("codeDescription" in item for item in actual)
    emoji_line = TEXT.count("\n", 0, TEXT.index("😀"))
    assert any(item["range"]["start"]["line"] == emoji_line for item in actual)
