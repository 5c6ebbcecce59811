"""The gitignore pattern matcher."""

from __future__ import annotations

import pytest

from server.lint.gitignore import compile_pattern, is_ignored, parse_gitignore


@pytest.mark.parametrize(
    ("pattern", "path", "is_dir", "matches"),
    [
        ("*.md", "a.md", False, True),
        ("*.md", "x/y/a.md", False, True),
        ("*.md", "a.mdx", False, False),
        ("/a.md", "a.md", False, True),
        ("/a.md", "x/a.md", False, False),
        ("x/a.md", "x/a.md", False, True),
        ("x/a.md", "y/x/a.md", False, False),
        ("build/", "build", True, True),
        ("build/", "build", False, False),
        ("build/", "src/build", True, True),
        ("**/foo", "a/b/foo", False, True),
        ("**/foo", "foo", False, True),
        ("foo/**", "foo/a/b", False, True),
        ("foo/**", "foo", True, False),
        ("a/**/b", "a/b", False, True),
        ("a/**/b", "a/x/y/b", False, True),
        ("a?c", "abc", False, True),
        ("a?c", "a/c", False, False),
        ("[ab].md", "b.md", False, True),
        ("[!ab].md", "c.md", False, True),
        ("[!ab].md", "a.md", False, False),
        ("\\#x", "#x", False, True),
        ("a\\ ", "a ", False, True),
        ("a  ", "a", False, True),
        ("*", "anything/at/all", False, True),
    ],
)
def test_pattern(pattern: str, path: str, is_dir: bool, matches: bool) -> None:
    compiled = compile_pattern(pattern)
    assert compiled is not None
    if compiled.dir_only and not is_dir:
        assert not matches
    else:
        assert bool(compiled.regex.fullmatch(path)) is matches


def test_blank_and_comment_lines_are_not_patterns() -> None:
    assert compile_pattern("") is None
    assert compile_pattern("# note") is None
    assert compile_pattern("   ") is None


def test_last_match_wins_and_ignored_folders_stay_ignored() -> None:
    patterns = parse_gitignore("*.log\n!keep.log\nout/\n!out/x.log\n")
    assert is_ignored(patterns, "a.log", False)
    assert not is_ignored(patterns, "keep.log", False)
    assert is_ignored(patterns, "out/x.log", False)  # a file in an ignored folder cannot be re-included
    assert not is_ignored(patterns, "src/a.txt", False)
