"""The installed ``flowscript lint`` command, run as a process with the real analysis."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.lint.lint_helpers import write

FLOW = """---
name: demo
version: "1.0.0"
---
<workflow>
  <source id="users" type="http" url="https://api.example.com/users"/>
  <transform id="names" type="map" input="users"><expression>item => upper(item.name)</expression></transform>
  <transform id="names" type="template" input="users"><template>{{ input }}</template></transform>
</workflow>
"""


def _flowscript() -> str:
    found = shutil.which("flowscript", path=os.path.dirname(sys.executable)) or shutil.which("flowscript")
    assert found is not None, "the flowscript console script is not installed"
    return found


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([_flowscript(), "lint", *args], cwd=cwd, capture_output=True, timeout=120, check=False)


def test_real_analysis_text_and_json(tmp_path: Path) -> None:
    write(tmp_path / "flows" / "demo.flow.md", FLOW)
    text = _run(["flows"], tmp_path)
    assert text.returncode == 1
    lines = text.stdout.decode().splitlines()
    assert lines[0].startswith('flows/demo.flow.md:8:18: error VALID_DUPLICATE_NODE_ID Duplicate node ID "names"')
    assert lines[-1] == "Summary: 1 files, 1 errors, 0 warnings, 0 information, 0 hints"
    assert text.stderr == b""
    data = json.loads(_run(["--format", "json", "flows/demo.flow.md"], tmp_path).stdout)
    assert data["files"][0]["path"] == "flows/demo.flow.md"
    assert data["files"][0]["diagnostics"][0]["range"]["start"] == {"line": 7, "character": 17}
    cached = _run(["flows"], tmp_path)  # the first run filled .flowscript/cache
    assert cached.stdout == text.stdout and (tmp_path / ".flowscript" / "cache").is_dir()


def test_usage_error_process(tmp_path: Path) -> None:
    proc = _run(["--format", "yaml"], tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert proc.stderr.decode().startswith("flowscript lint: error: argument --format: invalid choice: 'yaml'")
    assert proc.stderr.decode().count("\n") == 1


def test_lint_path_imports_no_lsp_http_or_pydantic(tmp_path: Path) -> None:
    write(tmp_path / "demo.flow.md", FLOW)
    code = (
        "import sys\n"
        "from server.cli import main\n"
        "rc = main(['lint', '--no-cache', '--format', 'sarif', 'demo.flow.md'])\n"
        "bad = sorted({m.split('.')[0] for m in sys.modules} & {'pygls', 'lsprotocol', 'httpx', 'pydantic'})\n"
        "sys.stderr.write(f'{rc} {bad}')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, timeout=120, check=False)
    assert proc.stderr.decode().splitlines()[-1] == "1 []"


def test_replaced_checks_analyze_is_used_and_its_crash_is_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import server.checks
    from server.diagnostics import Diagnostic
    from server.lint.cli import main

    write(tmp_path / "a.flow.md", FLOW)
    monkeypatch.chdir(tmp_path)
    assert main(["a.flow.md"]) == 1  # real analysis, cached
    capsys.readouterr()
    monkeypatch.setattr(server.checks, "analyze", lambda text, path, options: [Diagnostic("X", "hint", "m", 0, 1)])
    assert main(["a.flow.md"]) == 0  # a replaced analyze is neither served from nor written to the cache
    assert (
        capsys.readouterr().out
        == "a.flow.md:1:1: hint X m\nSummary: 1 files, 0 errors, 0 warnings, 0 information, 1 hints\n"
    )

    def crash(text: str, path: object, options: object) -> list[Diagnostic]:
        raise ValueError("checks exploded")

    monkeypatch.setattr(server.checks, "analyze", crash)
    assert main(["a.flow.md"]) == 3
    captured = capsys.readouterr()
    assert captured.err == "flowscript lint: internal error: checks exploded\n"
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    assert main(["a.flow.md"]) == 1
    assert "VALID_DUPLICATE_NODE_ID" in capsys.readouterr().out


def test_sarif_reports_comment_suppressions_with_their_reason(tmp_path: Path) -> None:
    write(
        tmp_path / "s.flow.md",
        '---\nname: sup\nversion: "1.0.0"\n---\n<workflow>\n'
        "  <!-- flowscript-ignore VALID_UNKNOWN_FIELD: legacy attribute kept for the old runner -->\n"
        '  <source id="a" type="file" path="data/a.json" colour="red"/>\n</workflow>\n',
    )
    text = _run(["--no-cache", "s.flow.md"], tmp_path)
    assert text.stdout == b"Summary: 1 files, 0 errors, 0 warnings, 0 information, 0 hints\n"
    sarif = json.loads(_run(["--no-cache", "--format", "sarif", "s.flow.md"], tmp_path).stdout)
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "VALID_UNKNOWN_FIELD"
    assert result["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "legacy attribute kept for the old runner"}
    ]


def test_lint_path_over_every_example_stays_out_of_costly_modules(tmp_path: Path) -> None:
    """Start-up time: linting (text output, with and without the cache) imports neither typing, the rest of PyYAML,
    argparse (for a common command line), hashlib nor the runtimes' HTTP client."""
    import shutil

    examples = Path(__file__).resolve().parents[2] / "examples"
    shutil.copytree(examples, tmp_path / "examples")
    costly = {"typing", "yaml.reader", "yaml.loader", "argparse", "hashlib"}
    costly |= {"dataclasses", "asyncio", "logging", "httpx"}
    for extra in (["--no-cache"], []):
        code = (
            "import sys\n"
            "from server.cli import main\n"
            f"rc = main(['lint', *{extra!r}, 'examples'])\n"
            f"bad = sorted(set(sys.modules) & {costly!r})\n"
            "sys.stderr.write(f'{rc} {bad}')\n"
        )
        proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, timeout=120, check=False)
        assert proc.stderr.decode().splitlines()[-1] == "1 []", proc.stderr.decode()
