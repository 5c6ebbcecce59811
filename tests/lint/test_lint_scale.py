"""A 2,000-file tree: process-parallel analysis gives the sequential output; the cache serves a second run."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from server.lint.cli import _Progress
from tests.lint.lint_helpers import CALLS_FILE_ENV, run_lint, write


def _tree(root: Path, count: int) -> None:
    for i in range(count):
        marker = ("ERR", "WARN", "INFO", "HINT", "clean")[i % 5]
        write(root / f"d{i % 20:02d}" / f"f{i:04d}.flow.md", f"---\nname: n{i}\n---\n<workflow>{marker}</workflow>\n")


def test_two_thousand_files_parallel_equals_sequential_and_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "p"
    _tree(project, 2000)
    calls = tmp_path / "calls.txt"
    calls.write_text("")
    monkeypatch.setenv(CALLS_FILE_ENV, str(calls))

    sequential = run_lint(["--format", "json", "--jobs", "1", "--no-cache"], project)
    parallel = run_lint(["--format", "json", "--jobs", "2"], project)
    assert parallel.code == sequential.code == 1
    assert parallel.out == sequential.out
    data = json.loads(parallel.out)
    assert data["summary"] == {"files": 2000, "errors": 400, "warnings": 400, "information": 400, "hints": 400}
    paths = [f["path"] for f in data["files"]]
    assert paths == sorted(paths) and paths[0] == "d00/f0000.flow.md"
    assert len(calls.read_text().splitlines()) == 4000  # every file analysed once per run, in either process

    calls.write_text("")
    warm = run_lint(["--format", "json", "--jobs", "2"], project)
    assert warm.out == sequential.out
    assert calls.read_text() == ""


def test_progress_bar_only_for_long_runs() -> None:
    stream = io.StringIO()
    bar = _Progress(stream)
    bar(5, 10)
    assert stream.getvalue() == ""
    bar(100, 400)
    bar(400, 400)
    bar.clear()
    assert stream.getvalue() == (
        "\r[#######                       ] 100/400 files\r[##############################] 400/400 files\r\x1b[K"
    )
