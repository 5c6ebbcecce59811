"""A real client: headless Neovim (Debian's 0.7.2) loads the 0.7 configuration from docs/neovim.md, opens an example,
receives our diagnostics, lists code actions and runs the preview command."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "neovim.md"
BLOCK = re.compile(r"-- flowscript-nvim-0\.7 \(begin\)\n(.*?)-- flowscript-nvim-0\.7 \(end\)\n", re.S)


def documented_config() -> str:
    match = BLOCK.search(DOC.read_text(encoding="utf-8"))
    assert match is not None, "docs/neovim.md lost its 0.7 configuration block"
    return match.group(0)


@pytest.mark.slow
def test_headless_neovim_gets_diagnostics_actions_and_preview(tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    assert nvim is not None, "Neovim is required (scripts/test.sh installs the Debian package)"
    example = tmp_path / "problems"
    shutil.copytree(ROOT / "examples" / "problems", example)
    flow = example / "path-traversal.flow.md"
    init = tmp_path / "init.lua"
    init.write_text(documented_config(), encoding="utf-8")
    out = tmp_path / "report.json"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "FLOWSCRIPT_NVIM_OUT": str(out),
        "FLOWSCRIPT_NVIM_FILE": str(flow),
        "FLOWSCRIPT_NVIM_NODE": "passwd",
        "PYTHONPATH": str(ROOT),
    }
    check = Path(__file__).parent / "nvim" / "check.lua"
    completed = subprocess.run(
        [nvim, "--headless", "-u", str(init), "-i", "NONE", "-n", "-S", str(check)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert out.exists(), f"Neovim wrote no report\nstdout: {completed.stdout}\nstderr: {completed.stderr}"
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["errors"] == []
    assert report["filetype"] == "flowscript"
    assert report["got_diagnostics"] is True
    traversal = [d for d in report["diagnostics"] if d["code"] == "RUNTIME_PATH_TRAVERSAL"]
    assert traversal, report["diagnostics"]
    assert traversal[0]["lnum"] == 6 and traversal[0]["message"].startswith(
        "Path traversal not allowed: ../../etc/passwd"
    )
    assert "\nhint: " in traversal[0]["message"]
    previews = [a for a in report["actions"] if a["command"] == "flowscript.previewNode"]
    assert [a["title"] for a in previews] == ["Preview node passwd"]
    assert report["preview_returned"] is True
    preview = report["preview"]
    assert preview["ok"] is False and preview["nodeId"] == "passwd"
    assert preview["error"]["code"] == "RUNTIME_PATH_TRAVERSAL"
    assert "RUNTIME_PATH_TRAVERSAL" in report["preview_buffer"]
