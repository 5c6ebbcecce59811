"""Preview: the path base of the shared config file, and diagnostics only for the previewed node (DIAGNOSTICS.md §6)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.helpers import RecordingClient, open_and_diagnose, position_of, wait_published

FILE_SOURCE = """\
---
name: p
version: "1.0"
---
<workflow>
  <source id="a" type="file" path="data/x.json"/>
  <transform id="b" type="template" input="a"><template>{{input}}</template></transform>
</workflow>
"""


async def preview(client: LanguageClient, uri: str, node_id: str) -> dict[str, Any]:
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="flowscript.previewNode", arguments=[{"uri": uri, "nodeId": node_id}])
    )
    assert isinstance(result, dict)
    return result


async def preview_diagnostics(client: LanguageClient, uri: str, node_id: str) -> Sequence[types.Diagnostic]:
    """Run a preview and return the ``flowscript-preview`` diagnostics it published."""
    assert isinstance(client, RecordingClient)
    after = len(client.published)
    await preview(client, uri, node_id)
    published = await wait_published(client, uri, after=after)
    return [diag for diag in published if diag.source == "flowscript-preview"]


async def test_preview_uses_the_config_file_path_base(client: LanguageClient, workdir: Path) -> None:
    (workdir / "flowscript.toml").write_text('path-base = "workspace"\n', encoding="utf-8")
    (workdir / "data").mkdir()
    (workdir / "data" / "x.json").write_text('{"v": 1}', encoding="utf-8")
    (workdir / "flows").mkdir()
    uri, diagnostics = await open_and_diagnose(client, workdir / "flows" / "p.flow.md", FILE_SOURCE)
    assert not [diag for diag in diagnostics if diag.severity == types.DiagnosticSeverity.Error]
    result = await preview(client, uri, "a")
    assert result["ok"] is True, result
    assert result["output"] == {"v": 1}


async def test_upstream_failure_is_reported_at_the_previewed_node(client: LanguageClient, workdir: Path) -> None:
    text = FILE_SOURCE.replace("data/x.json", "data/missing.json")
    uri, _ = await open_and_diagnose(client, workdir / "up.flow.md", text)
    result = await preview(client, uri, "b")
    assert result["ok"] is False and result["error"]["code"] == "RUNTIME_FILE_NOT_FOUND"
    diagnostics = await preview_diagnostics(client, uri, "b")
    assert len(diagnostics) == 1
    (diag,) = diagnostics
    anchor = position_of(text, "<transform")
    assert diag.range.start == anchor and diag.range.end.line == anchor.line
    assert diag.code == "RUNTIME_FILE_NOT_FOUND"
    assert diag.message.startswith('Upstream node "a" failed: ') and "missing.json" in diag.message
    assert diag.related_information and diag.related_information[0].location.range.start.line == 5
