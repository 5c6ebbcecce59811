"""The content-hash cache: hits, and invalidation by file content, configuration, tool version and path-base."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lint.lint_helpers import CALLS_FILE_ENV, run_lint, suppressing_analyzer, write


@pytest.fixture
def calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    record = tmp_path / "calls.txt"
    record.write_text("")
    monkeypatch.setenv(CALLS_FILE_ENV, str(record))
    return record


def _analysed(calls: Path) -> int:
    count = len(calls.read_text().splitlines())
    calls.write_text("")
    return count


def test_second_run_is_served_from_the_cache(tmp_path: Path, calls: Path) -> None:
    project = tmp_path / "p"
    write(project / "a.flow.md", "ERR\nFIXME DUP\n")
    write(project / "b.flow.md", "WARN")
    first = run_lint(["--format", "json"], project)
    assert _analysed(calls) == 2
    assert (project / ".flowscript" / "cache" / "CACHEDIR.TAG").is_file()
    second = run_lint(["--format", "json"], project)
    assert _analysed(calls) == 0
    assert (second.code, second.out) == (first.code, first.out)


def test_changed_file_is_analysed_again(tmp_path: Path, calls: Path) -> None:
    project = tmp_path / "p"
    write(project / "a.flow.md", "ERR")
    write(project / "b.flow.md", "WARN")
    run_lint([], project)
    _analysed(calls)
    write(project / "a.flow.md", "ERR ERR")
    result = run_lint([], project)
    assert _analysed(calls) == 1
    assert result.out.count("PARSE_XML_INVALID") == 2


def test_configuration_change_invalidates(tmp_path: Path, calls: Path) -> None:
    project = tmp_path / "p"
    write(project / "a.flow.md", "ERR WARN")
    run_lint([], project)
    _analysed(calls)
    write(project / "flowscript.toml", 'ignore = ["PARSE"]\n')
    result = run_lint([], project)
    assert _analysed(calls) == 1
    assert "PARSE_XML_INVALID" not in result.out


def test_tool_version_change_invalidates(tmp_path: Path, calls: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import server

    project = tmp_path / "p"
    write(project / "a.flow.md", "ERR")
    run_lint([], project)
    run_lint([], project)
    assert _analysed(calls) == 1
    monkeypatch.setattr(server, "__version__", "999.0.0")
    run_lint([], project)
    assert _analysed(calls) == 1


def test_path_base_change_invalidates(tmp_path: Path, calls: Path) -> None:
    project = tmp_path / "p"
    write(project / "a.flow.md", "ERR")
    run_lint([], project)
    run_lint(["--path-base", "workspace"], project)
    assert _analysed(calls) == 2


def test_included_workflow_appearing_invalidates(tmp_path: Path, calls: Path) -> None:
    project = tmp_path / "p"
    write(project / "a.flow.md", '<include id="i" workflow="./sub.flow.md.txt"/>')
    run_lint([], project)
    run_lint([], project)
    assert _analysed(calls) == 1
    write(project / "sub.flow.md.txt", "x")
    run_lint([], project)
    assert _analysed(calls) == 1


def test_no_cache_and_cache_dir_options(tmp_path: Path, calls: Path) -> None:
    project = tmp_path / "p"
    write(project / "a.flow.md", "ERR")
    run_lint(["--no-cache"], project)
    run_lint(["--no-cache"], project)
    assert _analysed(calls) == 2
    assert not (project / ".flowscript").exists()
    run_lint(["--cache-dir", str(tmp_path / "c")], project)
    run_lint(["--cache-dir", str(tmp_path / "c")], project)
    assert _analysed(calls) == 1
    assert (tmp_path / "c" / "CACHEDIR.TAG").is_file()


def test_deleted_or_corrupt_cache_is_rebuilt(tmp_path: Path, calls: Path) -> None:
    import shutil

    project = tmp_path / "p"
    write(project / "a.flow.md", "ERR")
    run_lint([], project)
    for entry in (project / ".flowscript" / "cache").rglob("*.json"):
        entry.write_text("{not json")
    assert run_lint([], project).code == 1
    shutil.rmtree(project / ".flowscript")
    assert run_lint([], project).code == 1
    assert _analysed(calls) == 3


def test_suppressions_and_fixes_survive_the_cache(tmp_path: Path, calls: Path) -> None:
    project = tmp_path / "p"
    write(project / "a.flow.md", "FIXME")
    first = run_lint(["--format", "sarif"], project, analyzer=suppressing_analyzer)
    second = run_lint(["--format", "sarif"], project, analyzer=suppressing_analyzer)
    assert _analysed(calls) == 1
    assert first.out == second.out
    assert '"justification": "test fixture, not a real key"' in second.out
    assert run_lint(["--diff"], project, analyzer=suppressing_analyzer).out.endswith(
        "+fixed\n\\ No newline at end of file\n"
    )
