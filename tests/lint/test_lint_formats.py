"""SARIF (validated against the OASIS 2.1.0 schema), GitHub annotations, JUnit XML, statistics, stdin."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]

from tests.lint.lint_helpers import run_lint, suppressing_analyzer, write

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def test_sarif_is_valid_and_complete(tmp_path: Path) -> None:
    write(tmp_path / "a.flow.md", "DUP\n𝄞 WARN\n")
    write(tmp_path / "flowscript.toml", 'ignore = ["RUNTIME_INVALID"]\n')
    write(tmp_path / "b b.flow.md", "INFO HINT")
    result = run_lint(["--format", "sarif"], tmp_path, analyzer=suppressing_analyzer)
    assert result.code == 1
    log = json.loads(result.out)
    jsonschema.validate(log, json.loads(SCHEMA.read_text()))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(r["helpUri"].endswith(f"docs/rules/{r['id']}.md") for r in rules)
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    results = run["results"]
    summary = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"],
            [s["kind"] for s in r.get("suppressions", [])],
        )
        for r in results
    ]
    region = {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 4}
    assert summary == [
        ("VALID_DUPLICATE_NODE_ID", "error", "a.flow.md", region, []),
        ("RUNTIME_HARDCODED_SECRET", "warning", "a.flow.md", region, ["inSource"]),
        (
            "VALID_UNKNOWN_FIELD",
            "warning",
            "a.flow.md",
            {"startLine": 2, "startColumn": 4, "endLine": 2, "endColumn": 8},
            [],
        ),
        ("RUNTIME_HARDCODED_SECRET", "warning", "b%20b.flow.md", region, ["inSource"]),
        (
            "RUNTIME_INVALID_CONFIG",
            "note",
            "b%20b.flow.md",
            {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 5},
            ["external"],
        ),
        (
            "VALID_UNUSED_DECLARATION",
            "note",
            "b%20b.flow.md",
            {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 10},
            [],
        ),
    ]
    assert results[0]["relatedLocations"][0]["message"]["text"] == "first defined here"
    assert results[1]["suppressions"][0]["justification"] == "test fixture, not a real key"
    assert results[4]["suppressions"][0]["justification"] == "ignored by flowscript.toml"
    assert results[2]["message"]["text"] == 'Unknown field "WARN"\nhint: Remove it'
    assert rules[results[2]["ruleIndex"]]["id"] == "VALID_UNKNOWN_FIELD"


def test_github_annotations(tmp_path: Path) -> None:
    write(tmp_path / "a,b.flow.md", "ERR\n  WARN 100%\nINFO HINT")
    result = run_lint(["--format", "github"], tmp_path)
    assert result.code == 1
    assert result.out == (
        "::error file=a%2Cb.flow.md,line=1,col=1,endLine=1,endColumn=4,title=PARSE_XML_INVALID::Marker ERR found\n"
        "::warning file=a%2Cb.flow.md,line=2,col=3,endLine=2,endColumn=7,title=VALID_UNKNOWN_FIELD::"
        'Unknown field "WARN"%0Ahint: Remove it\n'
        "::notice file=a%2Cb.flow.md,line=3,col=1,endLine=3,endColumn=5,title=RUNTIME_INVALID_CONFIG::"
        "Information marker\n"
        "::notice file=a%2Cb.flow.md,line=3,col=6,endLine=3,endColumn=10,title=VALID_UNUSED_DECLARATION::Hint marker\n"
    )


def test_junit(tmp_path: Path) -> None:
    write(tmp_path / "a.flow.md", "ERR <WARN> &")
    write(tmp_path / "clean.flow.md", "ok")
    result = run_lint(["--format", "junit", "--fail-on", "warning"], tmp_path)
    assert result.code == 1
    root = ET.fromstring(result.out)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("3", "2")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["a.flow.md", "clean.flow.md"]
    cases = suites[0].findall("testcase")
    assert [c.get("name") for c in cases] == ["PARSE_XML_INVALID at 1:1", "VALID_UNKNOWN_FIELD at 1:6"]
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("type") == "VALID_UNKNOWN_FIELD"
    assert suites[1].find("testcase").get("name") == "lint"  # type: ignore[union-attr]
    below = run_lint(["--format", "junit"], tmp_path)
    assert ET.fromstring(below.out).get("failures") == "1"


def test_statistics(tmp_path: Path) -> None:
    write(tmp_path / "a.flow.md", "ERR ERR WARN HINT")
    write(tmp_path / "b.flow.md", "WARN")
    result = run_lint(["--statistics"], tmp_path)
    assert result.out == (
        "2  PARSE_XML_INVALID         error\n"
        "2  VALID_UNKNOWN_FIELD       warning\n"
        "1  VALID_UNUSED_DECLARATION  hint\n"
        "Summary: 2 files, 2 errors, 2 warnings, 0 information, 1 hints\n"
    )
    data = json.loads(run_lint(["--statistics", "--format", "json"], tmp_path).out)
    assert data["statistics"][0] == {"code": "PARSE_XML_INVALID", "severity": "error", "count": 2}
    bad = run_lint(["--statistics", "--format", "sarif"], tmp_path)
    assert (bad.code, bad.out) == (2, "")


def test_stdin_with_and_without_filename(tmp_path: Path) -> None:
    write(tmp_path / "flowscript.toml", 'ignore = ["VALID"]\n')
    result = run_lint(["--stdin", "--stdin-filename", "sub\\x.flow.md"], tmp_path, stdin=b"\xef\xbb\xbfERR WARN")
    assert result.out == (
        "sub/x.flow.md:1:1: error PARSE_XML_INVALID Marker ERR found\n"
        "Summary: 1 files, 1 errors, 0 warnings, 0 information, 0 hints\n"
    )
    result = run_lint(["--stdin"], tmp_path, stdin=b"HINT INFO")  # no file name: the configuration of the cwd
    assert result.out.startswith("-:1:6: information RUNTIME_INVALID_CONFIG Information marker\nSummary: 1 files")
    assert not (tmp_path / ".flowscript").exists()


def test_stdin_fix_and_diff(tmp_path: Path) -> None:
    result = run_lint(["--stdin", "--stdin-filename", "x.flow.md", "--fix"], tmp_path, stdin=b"FIXME ERR")
    assert result.out == "fixed ERR"
    assert result.code == 1
    assert "x.flow.md:1:7: error PARSE_XML_INVALID" in result.err
    result = run_lint(["--stdin", "--stdin-filename", "x.flow.md", "--diff"], tmp_path, stdin=b"FIXME\n")
    assert result.out == "--- a/x.flow.md\n+++ b/x.flow.md\n@@ -1 +1 @@\n-FIXME\n+fixed\n"
    bad = run_lint(["--stdin", "a.flow.md"], tmp_path, stdin=b"")
    assert (bad.code, bad.err) == (2, "flowscript lint: error: --stdin takes no PATH arguments\n")
