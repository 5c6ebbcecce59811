"""Preview: the path base of the shared config file, and diagnostics only for the previewed node (DIAGNOSTICS.md §6)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.helpers import open_and_diagnose

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
