"""``--fix`` (apply safe fixes, re-analyse, report) and ``--diff`` (show them, write nothing)."""

from __future__ import annotations

from pathlib import Path

from server.diagnostics import Diagnostic, Fix, TextEdit
from server.lint.fixes import apply_fixes
from tests.lint.lint_helpers import run_lint, write


def test_fix_rewrites_files_and_reports_what_is_left(tmp_path: Path) -> None:
    write(tmp_path / "a.flow.md", "FIXME ERR FIXME\n")
    write(tmp_path / "b.flow.md", "WARN\n")
    result = run_lint(["--fix"], tmp_path)
    assert (tmp_path / "a.flow.md").read_text() == "fixed ERR fixed\n"
    assert (tmp_path / "b.flow.md").read_text() == "WARN\n"
    assert result.code == 1
    assert result.out == (
        "a.flow.md:1:7: error PARSE_XML_INVALID Marker ERR found\n"
        'b.flow.md:1:1: warning VALID_UNKNOWN_FIELD Unknown field "WARN"\n'
        "  hint: Remove it\n"
        "Summary: 2 files, 1 errors, 1 warnings, 0 information, 0 hints\n"
    )
    assert result.err == (
        "flowscript lint: fixed 2 problems in a.flow.md\nflowscript lint: fixed 2 problems in 1 files\n"
    )
    again = run_lint(["--fix"], tmp_path)
    assert again.err == ""


def test_fix_repeats_until_nothing_is_left(tmp_path: Path) -> None:
    # "FIXFIXMEME" -> "FIXfixedME"; no new marker appears, but "FIXMFIXMEE" -> "FIXMfixedE" neither: use a chain
    write(tmp_path / "c.flow.md", "FIXFIXMEME")
    result = run_lint(["--fix", "c.flow.md"], tmp_path)
    assert (tmp_path / "c.flow.md").read_text() == "FIXfixedME"
    assert result.code == 0


def test_fix_keeps_a_bom_and_skips_invalid_utf8(tmp_path: Path) -> None:
    (tmp_path / "bom.flow.md").write_bytes(b"\xef\xbb\xbfFIXME")
    (tmp_path / "bad.flow.md").write_bytes(b"FIXME \xff")
    result = run_lint(["--fix"], tmp_path)
    assert (tmp_path / "bom.flow.md").read_bytes() == b"\xef\xbb\xbffixed"
    assert (tmp_path / "bad.flow.md").read_bytes() == b"FIXME \xff"
    assert "not fixing bad.flow.md: invalid UTF-8" in result.err


def test_diff_prints_without_writing(tmp_path: Path) -> None:
    write(tmp_path / "a.flow.md", "one\nFIXME two\nthree\n")
    result = run_lint(["--diff"], tmp_path)
    assert result.code == 1
    assert result.out == ("--- a/a.flow.md\n+++ b/a.flow.md\n@@ -1,3 +1,3 @@\n one\n-FIXME two\n+fixed two\n three\n")
    assert result.err == "flowscript lint: would fix 1 problems in 1 files\n"
    assert (tmp_path / "a.flow.md").read_text() == "one\nFIXME two\nthree\n"
    write(tmp_path / "a.flow.md", "clean\n")
    assert run_lint(["--diff"], tmp_path).code == 0
    assert run_lint(["--diff"], tmp_path).out == ""


def _fix(start: int, end: int, text: str, safe: bool = True) -> Diagnostic:
    return Diagnostic("X", "warning", "m", start, end, fixes=(Fix("f", (TextEdit(start, end, text),), safe),))


def test_apply_fixes_skips_overlaps_unsafe_and_out_of_range() -> None:
    text = "0123456789"
    diags = [
        _fix(0, 2, "ab"),
        _fix(1, 3, "XX"),  # overlaps the first: skipped
        _fix(5, 5, "+"),  # insertion
        _fix(5, 5, "-"),  # second insertion at the same point: skipped
        _fix(7, 8, "U", safe=False),  # unsafe: skipped
        _fix(8, 20, "?"),  # out of range: skipped
        _fix(9, 10, ""),  # deletion
    ]
    assert apply_fixes(text, diags) == ("ab234+5678", 3)


def test_apply_fixes_multi_edit_fix_is_all_or_nothing() -> None:
    both = Diagnostic(
        "X",
        "warning",
        "m",
        0,
        1,
        fixes=(
            Fix(
                "f",
                (TextEdit(0, 1, "A"), TextEdit(4, 5, "E")),
            ),
        ),
    )
    blocked = Diagnostic(
        "X",
        "warning",
        "m",
        4,
        5,
        fixes=(
            Fix(
                "g",
                (TextEdit(2, 3, "C"), TextEdit(4, 5, "Z")),
            ),
        ),
    )
    assert apply_fixes("abcde", [both, blocked]) == ("AbcdE", 1)
