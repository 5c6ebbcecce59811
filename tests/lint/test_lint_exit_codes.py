"""Exit codes and usage errors (DIAGNOSTICS.md §5.5)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.lint.lint_helpers import failing_analyzer, run_lint, write


@pytest.mark.parametrize(
    ("threshold", "content", "code"),
    [
        ("error", "WARN INFO HINT", 0),
        ("error", "ERR", 1),
        ("warning", "WARN", 1),
        ("warning", "INFO HINT", 0),
        ("information", "INFO", 1),
        ("information", "HINT", 0),
        ("hint", "HINT", 1),
        ("hint", "clean", 0),
    ],
)
def test_fail_on_threshold(tmp_path: Path, threshold: str, content: str, code: int) -> None:
    write(tmp_path / "f.flow.md", content)
    assert run_lint(["--fail-on", threshold, "f.flow.md"], tmp_path).code == code


def test_default_threshold_is_error(tmp_path: Path) -> None:
    write(tmp_path / "f.flow.md", "WARN")
    assert run_lint(["f.flow.md"], tmp_path).code == 0
    write(tmp_path / "f.flow.md", "ERR")
    assert run_lint(["f.flow.md"], tmp_path).code == 1


def test_no_file_found_is_success(tmp_path: Path) -> None:
    result = run_lint([], tmp_path)
    assert (result.code, result.out) == (0, "Summary: 0 files, 0 errors, 0 warnings, 0 information, 0 hints\n")


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["--fail-on", "fatal"], "argument --fail-on: invalid choice: 'fatal'"),
        (["--path-base", "home"], "argument --path-base: invalid choice: 'home'"),
        (["--jobs", "0"], "argument -j/--jobs: invalid positive integer: '0'"),
        (["--format"], "argument --format: expected one argument"),
        (["missing.flow.md"], "path does not exist: missing.flow.md"),
        (["--stdin-filename", "x.flow.md"], "--stdin-filename needs --stdin"),
        (["--fix", "--diff"], "--fix and --diff cannot be combined"),
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str], reason: str) -> None:
    write(tmp_path / "ok.flow.md", "ERR")
    result = run_lint(args, tmp_path)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"flowscript lint: error: {reason}")
    assert result.err.count("\n") == 1


def test_missing_path_among_good_ones_prints_nothing(tmp_path: Path) -> None:
    write(tmp_path / "ok.flow.md", "ERR")
    result = run_lint(["ok.flow.md", "nope"], tmp_path)
    assert (result.code, result.out) == (2, "")
    assert result.err == "flowscript lint: error: path does not exist: nope\n"


def test_unreadable_file_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "ok.flow.md", "ERR")
    os.symlink("loop.flow.md", tmp_path / "loop.flow.md")  # a symlink loop: found in the folder, cannot be opened
    result = run_lint(["."], tmp_path)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("flowscript lint: error: cannot read loop.flow.md: ")


def test_internal_error_exit_3(tmp_path: Path) -> None:
    write(tmp_path / "ok.flow.md", "x")
    result = run_lint(["ok.flow.md"], tmp_path, analyzer=failing_analyzer)
    assert result.code == 3
    assert result.err == "flowscript lint: internal error: boom\n"


def test_help_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_lint(["--help"], tmp_path)
    assert result.code == 0
    assert "--fail-on" in capsys.readouterr().out
