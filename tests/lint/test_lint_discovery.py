"""File discovery, order, displayed paths and de-duplication (DIAGNOSTICS.md §5.2), .gitignore, exclude, globs."""

from __future__ import annotations

import json
from pathlib import Path

from server.config import ConfigLoader
from server.lint.discovery import discover
from tests.lint.lint_helpers import run_lint, write


def _paths(tmp_path: Path, args: list[str], cwd: Path | None = None) -> list[str]:
    result = run_lint(["--format", "json", "--no-cache", *args], cwd or tmp_path)
    assert result.code == 0, result.err
    return [f["path"] for f in json.loads(result.out)["files"]]


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        write(root / name, "clean")


def test_skips_test_files_dot_folders_node_modules_and_other_names(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        [
            "a.flow.md",
            "a.test.flow.md",
            "notes.md",
            "flow.md",
            ".hidden/b.flow.md",
            "node_modules/pkg/c.flow.md",
            "sub/node_modules/d.flow.md",
            "sub/.git/e.flow.md",
            "sub/f.flow.md",
            ".dot.flow.md",
        ],
    )
    assert _paths(tmp_path, []) == [".dot.flow.md", "a.flow.md", "sub/f.flow.md"]


def test_folder_files_sorted_by_relative_posix_path_in_code_point_order(tmp_path: Path) -> None:
    _tree(tmp_path, ["b.flow.md", "a/z.flow.md", "a.flow.md", "B.flow.md", "a-b.flow.md", "é.flow.md"])
    assert _paths(tmp_path, ["."]) == [
        "B.flow.md",
        "a-b.flow.md",
        "a.flow.md",
        "a/z.flow.md",
        "b.flow.md",
        "é.flow.md",
    ]


def test_paths_between_options(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.flow.md", "b.flow.md", "c.flow.md"])
    result = run_lint(["c.flow.md", "--format", "json", "a.flow.md", "--no-cache", "b.flow.md"], tmp_path)
    assert [f["path"] for f in json.loads(result.out)["files"]] == ["c.flow.md", "a.flow.md", "b.flow.md"]


def test_arguments_in_order_and_a_file_reached_twice_is_linted_once(tmp_path: Path) -> None:
    _tree(tmp_path, ["x/b.flow.md", "x/a.flow.md", "y/c.flow.md"])
    assert _paths(tmp_path, ["y", "x/b.flow.md", "x", "./x/a.flow.md", "y/c.flow.md"]) == [
        "y/c.flow.md",
        "x/b.flow.md",
        "x/a.flow.md",
    ]


def test_explicit_file_is_linted_whatever_its_name_and_shown_as_given(tmp_path: Path) -> None:
    _tree(tmp_path, ["sub/t.test.flow.md", "sub/readme.txt", ".hidden/h.flow.md"])
    assert _paths(tmp_path, ["./sub/t.test.flow.md", "sub//readme.txt", ".hidden/h.flow.md"]) == [
        "./sub/t.test.flow.md",
        "sub//readme.txt",
        ".hidden/h.flow.md",
    ]


def test_backslashes_in_explicit_paths_shown_as_slashes(tmp_path: Path) -> None:
    # on POSIX a backslash is a normal file name character; the displayed path still uses "/"
    write(tmp_path / "a\\b.flow.md", "clean")
    assert _paths(tmp_path, ["a\\b.flow.md"]) == ["a/b.flow.md"]


def test_found_files_relative_to_cwd_or_absolute_outside(tmp_path: Path) -> None:
    _tree(tmp_path, ["work/in/a.flow.md", "other/b.flow.md"])
    cwd = tmp_path / "work"
    assert _paths(tmp_path, ["in", str(cwd / "in"), "../other"], cwd=cwd) == [
        "in/a.flow.md",
        str(tmp_path / "other" / "b.flow.md"),
    ]
    assert _paths(tmp_path, ["./in/"], cwd=cwd) == ["in/a.flow.md"]


def test_symlinked_duplicate_is_linted_once(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.flow.md"])
    (tmp_path / "link.flow.md").symlink_to(tmp_path / "a.flow.md")
    assert _paths(tmp_path, ["."]) == ["a.flow.md"]


def test_gitignore_rules(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "build/\n*.gen.flow.md\n!keep.gen.flow.md\n/rootonly.flow.md\n# comment\n")
    write(tmp_path / "sub" / ".gitignore", "local.flow.md\n")
    _tree(
        tmp_path,
        [
            "a.flow.md",
            "build/b.flow.md",
            "x.gen.flow.md",
            "keep.gen.flow.md",
            "rootonly.flow.md",
            "sub/rootonly.flow.md",
            "sub/local.flow.md",
            "local.flow.md",
        ],
    )
    assert _paths(tmp_path, []) == ["a.flow.md", "keep.gen.flow.md", "local.flow.md", "sub/rootonly.flow.md"]
    assert len(_paths(tmp_path, ["--no-gitignore"])) == 8


def test_gitignore_of_parent_folders_up_to_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "drafts/\n")
    _tree(tmp_path, ["proj/drafts/a.flow.md", "proj/b.flow.md"])
    assert _paths(tmp_path, ["."], cwd=tmp_path / "proj") == ["b.flow.md"]


def test_explicit_file_ignores_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "*.flow.md\n")
    _tree(tmp_path, ["a.flow.md"])
    assert _paths(tmp_path, ["."]) == []
    assert _paths(tmp_path, ["a.flow.md"]) == ["a.flow.md"]


def test_gitignore_outside_a_work_tree_is_not_honoured(tmp_path: Path) -> None:
    # no .git anywhere: only the DIAGNOSTICS.md §5.2 rules apply (the review's min/gi case)
    write(tmp_path / ".gitignore", "ignored.flow.md\n")
    write(tmp_path / "sub" / ".gitignore", "*.flow.md\n")
    _tree(tmp_path, ["a.flow.md", "ignored.flow.md", "sub/b.flow.md"])
    assert _paths(tmp_path, ["."]) == ["a.flow.md", "ignored.flow.md", "sub/b.flow.md"]


def test_git_file_marks_a_work_tree(tmp_path: Path) -> None:
    write(tmp_path / ".git", "gitdir: ../elsewhere/.git/worktrees/w\n")  # a linked work tree or submodule
    write(tmp_path / ".gitignore", "ignored.flow.md\n")
    _tree(tmp_path, ["a.flow.md", "ignored.flow.md"])
    assert _paths(tmp_path, ["."]) == ["a.flow.md"]


def test_nested_work_tree_honours_its_own_gitignore(tmp_path: Path) -> None:
    write(tmp_path / ".gitignore", "top.flow.md\n")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    write(tmp_path / "repo" / ".gitignore", "ignored.flow.md\n")
    _tree(tmp_path, ["top.flow.md", "repo/a.flow.md", "repo/ignored.flow.md"])
    assert _paths(tmp_path, ["."]) == ["repo/a.flow.md", "top.flow.md"]


def test_exclude_setting_and_option(tmp_path: Path) -> None:
    write(tmp_path / "flowscript.toml", 'exclude = ["legacy/", "**/draft-*.flow.md"]\n')
    _tree(tmp_path, ["a.flow.md", "legacy/old.flow.md", "x/draft-1.flow.md", "x/final.flow.md"])
    assert _paths(tmp_path, []) == ["a.flow.md", "x/final.flow.md"]
    assert _paths(tmp_path, ["--exclude", "x/"]) == ["a.flow.md"]


def test_glob_arguments(tmp_path: Path) -> None:
    _tree(tmp_path, ["a/one.flow.md", "b/two.flow.md", "b/c/three.flow.md"])
    assert _paths(tmp_path, ["b/**/*.flow.md"]) == ["b/c/three.flow.md", "b/two.flow.md"]
    result = run_lint(["nothing/*.flow.md"], tmp_path)
    assert (result.code, result.err) == (2, "flowscript lint: error: no match for pattern: nothing/*.flow.md\n")


def test_folder_argument_containing_the_cwd_shows_inner_files_relative(tmp_path: Path) -> None:
    """DIAGNOSTICS.md §5.2: found files inside the current directory are relative, others absolute."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "z").mkdir()
    for rel in ("top.flow.md", "a/B.flow.md", "a/b/x.flow.md", "z/e.flow.md"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    cwd = tmp_path / "a"
    shown = [t.display for t in discover([".."], str(cwd), ConfigLoader())]
    assert shown == [
        "B.flow.md",
        "b/x.flow.md",
        (tmp_path / "top.flow.md").as_posix(),
        (tmp_path / "z" / "e.flow.md").as_posix(),
    ]
