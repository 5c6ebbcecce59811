"""Text format, byte-exact against DIAGNOSTICS.md §5.4 (lines, code frames, hints, related, summary)."""

from __future__ import annotations

from pathlib import Path

from tests.lint.lint_helpers import run_lint, write

DEMO = '---\nname: ERR\n---\n<workflow>\n\t<a x="😀WARN"/>\n\n  SPAN here\n  next\n</workflow>\n'


def test_plain_lines_hints_and_summary(tmp_path: Path) -> None:
    write(tmp_path / "demo.flow.md", DEMO)
    result = run_lint(["demo.flow.md"], tmp_path)
    assert result.code == 1
    assert result.err == ""
    assert result.out == (
        "demo.flow.md:2:7: error PARSE_XML_INVALID Marker ERR found\n"
        'demo.flow.md:5:10: warning VALID_UNKNOWN_FIELD Unknown field "WARN"\n'
        "  hint: Remove it\n"
        "demo.flow.md:7:3: error VALID_CIRCULAR_DEPENDENCY Span marker\n"
        "Summary: 1 files, 2 errors, 1 warnings, 0 information, 0 hints\n"
    )


def test_code_frames_tabs_astral_empty_lines_and_multiline_ranges(tmp_path: Path) -> None:
    write(tmp_path / "demo.flow.md", DEMO)
    result = run_lint(["--code-frame", "demo.flow.md"], tmp_path)
    assert result.out == (
        "demo.flow.md:2:7: error PARSE_XML_INVALID Marker ERR found\n"
        " 1 | ---\n"
        " 2 | name: ERR\n"
        "   |       ^^^\n"
        " 3 | ---\n"
        'demo.flow.md:5:10: warning VALID_UNKNOWN_FIELD Unknown field "WARN"\n'
        " 4 | <workflow>\n"
        ' 5 | \t<a x="😀WARN"/>\n'
        "   | \t       ^^^^\n"
        " 6 |\n"
        "  hint: Remove it\n"
        "demo.flow.md:7:3: error VALID_CIRCULAR_DEPENDENCY Span marker\n"
        " 6 |\n"
        " 7 |   SPAN here\n"
        "   |   ^^^^^^^^^\n"
        " 8 |   next\n"
        "Summary: 1 files, 2 errors, 1 warnings, 0 information, 0 hints\n"
    )


def test_frame_width_first_line_zero_length_and_related(tmp_path: Path) -> None:
    lines = ["DUP line"] + [f"l{i}" for i in range(2, 10)] + ["  HINT", "l11"]
    write(tmp_path / "w.flow.md", "\n".join(lines))
    result = run_lint(["--code-frame", "w.flow.md"], tmp_path)
    assert result.out == (
        'w.flow.md:1:1: error VALID_DUPLICATE_NODE_ID Duplicate node id "DUP"\n'
        " 1 | DUP line\n"
        "   | ^^^\n"
        " 2 | l2\n"
        "  related: w.flow.md:1:1: first defined here\n"
        "w.flow.md:10:3: hint VALID_UNUSED_DECLARATION Hint marker\n"
        "  9 | l9\n"
        " 10 |   HINT\n"
        "    |   ^^^^\n"
        " 11 | l11\n"
        "Summary: 1 files, 1 errors, 0 warnings, 0 information, 1 hints\n"
    )


def test_zero_length_range_gets_one_caret(tmp_path: Path) -> None:
    from tests.lint.lint_helpers import base_dir_analyzer

    write(tmp_path / "z.flow.md", "only")
    result = run_lint(["--code-frame", "--path-base", "workspace", "z.flow.md"], tmp_path, analyzer=base_dir_analyzer)
    assert result.out.splitlines()[1:3] == [" 1 | only", "   | ^"]


def test_every_file_listed_and_summary_counts_all_severities(tmp_path: Path) -> None:
    write(tmp_path / "a.flow.md", "INFO HINT")
    write(tmp_path / "b.flow.md", "clean")
    result = run_lint(["."], tmp_path)
    assert result.code == 0
    assert result.out == (
        "a.flow.md:1:1: information RUNTIME_INVALID_CONFIG Information marker\n"
        "a.flow.md:1:6: hint VALID_UNUSED_DECLARATION Hint marker\n"
        "Summary: 2 files, 0 errors, 0 warnings, 1 information, 1 hints\n"
    )


def test_crlf_and_lone_cr_lines(tmp_path: Path) -> None:
    write(tmp_path / "c.flow.md", "a\r\nb\rc WARN\r\n")
    result = run_lint(["--code-frame", "c.flow.md"], tmp_path)
    assert result.out.splitlines()[:5] == [
        'c.flow.md:3:3: warning VALID_UNKNOWN_FIELD Unknown field "WARN"',
        " 2 | b",
        " 3 | c WARN",
        "   |   ^^^^",
        " 4 |",
    ]


def test_bom_is_stripped_and_invalid_utf8_is_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "bom.flow.md").write_bytes(b"\xef\xbb\xbfERR \xff WARN")
    result = run_lint(["bom.flow.md"], tmp_path)
    assert result.code == 1
    assert result.out.splitlines()[:2] == [
        "bom.flow.md:1:1: error PARSE_XML_INVALID Marker ERR found",
        'bom.flow.md:1:7: warning VALID_UNKNOWN_FIELD Unknown field "WARN"',
    ]


def test_colour_only_on_a_terminal(tmp_path: Path) -> None:
    import io

    from server.lint.cli import main
    from tests.lint.lint_helpers import marker_analyzer

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    write(tmp_path / "t.flow.md", "WARN")
    out, err = Tty(), io.StringIO()
    import os

    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        main(["t.flow.md"], analyzer=marker_analyzer, stdout=out, stderr=err)
        coloured = out.getvalue()
        out2 = Tty()
        main(["--no-color", "t.flow.md"], analyzer=marker_analyzer, stdout=out2, stderr=err)
    finally:
        os.chdir(old)
    assert "\x1b[33mwarning\x1b[0m" in coloured
    assert " 1 |" in coloured  # code frames by default on a terminal
    assert "\x1b[" not in out2.getvalue()
    assert " 1 | WARN" in out2.getvalue()
