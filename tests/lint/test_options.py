"""The quick command-line reading of ``flowscript lint`` agrees with argparse's (server.lint.options)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.lint.model import UsageError
from server.lint.options import OPTIONS, LintArgs, build_parser, parse, parse_quick

_TOKENS = [name for option in OPTIONS for name in option.names] + [
    "a.flow.md",
    "dir",
    "-",
    "--",
    "-h",
    "--help",
    "--form",
    "-j4",
    "-o=x",
    "--fix=1",
    "--format=json",
    "--format=yaml",
    "--jobs=2",
    "--jobs=0",
    "--exclude=*.md",
    "--output=",
    "json",
    "sarif",
    "warning",
    "workspace",
    "0",
    "3",
    "-1",
    "x y",
    "ünï",
]


def _argparse(argv: list[str]) -> LintArgs | None:
    try:
        return LintArgs(**vars(build_parser().parse_intermixed_args(argv)))
    except (UsageError, SystemExit):
        return None


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=8))
def test_the_quick_reading_agrees_with_argparse_or_defers_to_it(argv: list[str]) -> None:
    quick = parse_quick(argv)
    if quick is not None:
        assert quick == _argparse(argv)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["a.flow.md"],
        ["--no-cache", "a.flow.md"],
        ["examples", "--format", "json", "-o", "out.json"],
        ["--format=sarif", "--fail-on", "warning", "a", "b", "--exclude", "x/**", "--exclude=y"],
        ["--fix", "--stdin", "--stdin-filename", "s.flow.md", "-j", "2", "--cache-dir", "c", "--config", "f.toml"],
        ["--statistics", "--code-frame", "--no-color", "--path-base", "workspace", "--no-gitignore", "--diff"],
    ],
)
def test_common_command_lines_are_read_without_argparse(argv: list[str]) -> None:
    quick = parse_quick(argv)
    assert quick is not None
    assert quick == _argparse(argv)


def test_usage_errors_still_come_from_argparse() -> None:
    with pytest.raises(UsageError, match="argument --format: invalid choice: 'yaml'"):
        parse(["--format", "yaml"])
    with pytest.raises(UsageError, match="invalid positive integer: '0'"):
        parse(["-j", "0"])
    with pytest.raises(UsageError, match="expected one argument"):
        parse(["--output"])
