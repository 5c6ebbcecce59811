"""``flowscript preview``: output formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from server.cli import main as flowscript
from tests.preview.preview_helpers import write_flow

FLOW = """---
name: cli
secrets: [KEY]
---
<workflow>
  <set id="n" var="n" value="{{ 20 + 1 }}"/>
  <transform id="t" type="template"><template>n={{ n.output }} key={{ $secrets.KEY }}</template></transform>
  <sink id="out" type="file" path="out.txt" format="text" input="t"/>
  <transform id="bad" type="template"><template>{{ nope() }}</template></transform>
</workflow>
"""


@pytest.fixture
def flow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("KEY", raising=False)
    return write_flow(tmp_path, FLOW, "cli.flow.md")


def test_json_output(flow: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = flow.parent / "my.env"
    env.write_text("KEY=topsecret\n", encoding="utf-8")
    assert flowscript(["preview", str(flow), "t", "--json", "--env-file", str(env)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["nodeId"] == "t" and out["status"] == "ok"
    assert out["output"] == "n=21 key=[REDACTED]"
    assert out["upstream"] == [
        {"nodeId": "n", "status": "ok", "durationMs": out["upstream"][0]["durationMs"], "cached": False}
    ]
    assert Path(out["resultPath"]) == flow.parent / ".flowscript" / "preview" / "cli" / "t.json"
    assert "topsecret" not in Path(out["resultPath"]).read_text(encoding="utf-8")


NON_FINITE = """---
name: n
---
<workflow>
  <set id="nan" var="a" value="{{ 0/0 }}"/>
  <set id="inf" var="b" value="{{ {'xs': [1/0, -1/0, 1.5]} }}"/>
</workflow>
"""


def _strict(text: str) -> object:
    def reject(name: str) -> object:
        raise AssertionError(f"non-JSON constant {name}")

    return json.loads(text, parse_constant=reject)


@pytest.mark.parametrize(("node", "expected"), [("nan", None), ("inf", {"xs": [None, None, 1.5]})])
def test_non_finite_numbers_are_null_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], node: str, expected: object
) -> None:
    # review finding 2: NaN/Infinity printed as bare NaN/Infinity tokens (EXPRESSIONS.md §5.4 → null)
    path = write_flow(tmp_path, NON_FINITE, "n.flow.md")
    assert flowscript(["preview", str(path), node, "--json"]) == 0
    out = _strict(capsys.readouterr().out)
    assert isinstance(out, dict) and out["output"] == expected
    assert _strict(Path(out["resultPath"]).read_text(encoding="utf-8"))["output"] == expected  # type: ignore[index]


def test_human_summary_and_dry_run(flow: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert flowscript(["preview", str(flow), "out"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("out: ok in ")
    assert "(dry run: no side effects)" in out
    assert "upstream t: ok" in out
    assert not (flow.parent / "out.txt").exists()
    assert flowscript(["preview", str(flow), "out", "--allow-side-effects"]) == 0
    assert (flow.parent / "out.txt").read_text(encoding="utf-8") == "n=21 key="


def test_failed_node_exits_1(flow: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert flowscript(["preview", str(flow), "bad", "--no-result-file"]) == 1
    out = capsys.readouterr().out
    assert "error EXPR_UNDEFINED_FUNCTION" in out
    assert not (flow.parent / ".flowscript").exists()


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["x.flow.md"],
        ["{flow}", "nope"],
        ["missing.flow.md", "n"],
        ["{flow}", "n", "--timeout", "0"],
        ["{flow}", "n", "--env-file", "missing.env"],
        ["{flow}", "n", "--bogus"],
    ],
)
def test_usage_errors_exit_2(flow: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    argv = [arg.format(flow=flow) for arg in args]
    assert flowscript(["preview", *argv]) == 2
    assert capsys.readouterr().err


def test_real_process(flow: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "server", "preview", str(flow), "n", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["output"] == 21


def test_preview_imports_no_editor_or_http_libraries() -> None:
    code = (
        "import sys, server.preview, server.preview.cli\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'httpx')"
        " or m.startswith('server.checks') or m.startswith('server.lsp'))\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == ""
