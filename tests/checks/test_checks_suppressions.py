"""flowscript-ignore comments (docs/rules/suppressions.md)."""

from __future__ import annotations

from server.checks import AnalyzeOptions, analyze_with_suppressions
from server.checks.suppressions import apply_suppressions, find_suppressions
from server.diagnostics import Diagnostic
from tests.checks.checks_helpers import codes, flow, one, run

DUP = '  <source id="a" type="file" path="a.json"/>\n'


def test_line_suppression_covers_the_next_element_and_reports_the_reason() -> None:
    text = flow(DUP + "  <!-- flowscript-ignore VALID_DUPLICATE_NODE_ID: migrated later -->\n" + DUP)
    result = analyze_with_suppressions(text, None, AnalyzeOptions(strict_internal_errors=True))
    assert result.diagnostics == []
    assert [(s.diagnostic.code, s.reason) for s in result.suppressed] == [("VALID_DUPLICATE_NODE_ID", "migrated later")]


def test_missing_reason_and_unused_comments() -> None:
    text = flow(
        DUP
        + "  <!-- flowscript-ignore VALID_DUPLICATE_NODE_ID -->\n"
        + DUP
        + "  <!-- flowscript-ignore EXPR_PARSE_ERROR: nothing here -->\n  <delay id='d' duration='1s'/>"
    )
    found = run(text)
    assert codes(found) == ["SUPPRESSION_MISSING_REASON", "SUPPRESSION_UNUSED"]
    assert one(found, "SUPPRESSION_UNUSED").covered == "<!-- flowscript-ignore EXPR_PARSE_ERROR: nothing here -->"


def test_file_wide_and_unknown_codes() -> None:
    text = flow("  <!-- flowscript-ignore-file VALID_DUPLICATE_NODE_ID, NOT_A_CODE: generated file -->\n" + DUP + DUP)
    assert codes(run(text)) == ["SUPPRESSION_INVALID"]


def test_security_codes_need_a_line_comment_with_reason() -> None:
    text = (
        "<!-- flowscript-ignore-file RUNTIME_PATH_TRAVERSAL: ok -->\n"
        "<!-- flowscript-ignore RUNTIME_PATH_TRAVERSAL -->\nx\n"
    )
    sups, problems = find_suppressions(text, [(0, len(text), "xml")], {})
    x = text.index("\nx\n") + 1
    diag = Diagnostic("RUNTIME_PATH_TRAVERSAL", "error", "Path traversal not allowed: ..", x, x + 1)
    kept, silenced, unused = apply_suppressions([diag], sups)
    assert kept == [diag] and silenced == []
    assert [d.code for d in [*problems, *unused]] == [
        "SUPPRESSION_MISSING_REASON",
        "SUPPRESSION_UNUSED",
        "SUPPRESSION_UNUSED",
    ]
    with_reason = text.replace("RUNTIME_PATH_TRAVERSAL -->", "RUNTIME_PATH_TRAVERSAL: test fixture -->")
    sups, _ = find_suppressions(with_reason, [(0, len(with_reason), "xml")], {})
    x = with_reason.index("\nx\n") + 1
    diag = Diagnostic("RUNTIME_PATH_TRAVERSAL", "error", "Path traversal not allowed: ..", x, x + 1)
    kept, silenced, _ = apply_suppressions([diag], sups)
    assert kept == [] and silenced[0].reason == "test fixture"


def test_frontmatter_yaml_comment() -> None:
    fm = (
        '---\nname: demo\nversion: "1.0.0"\n'
        "# flowscript-ignore VALID_UNKNOWN_FIELD: read by our tooling\ntags: [a]\n---\n"
    )
    assert codes(run(flow("", fm))) == []


def test_comment_before_a_key_value_line_in_a_config_child() -> None:
    body = (
        '  <source id="api" url="https://api.example.com">\n    <auth>\n      type: bearer\n'
        "      <!-- flowscript-ignore RUNTIME_HARDCODED_SECRET: public demo token -->\n"
        "      token: demo-token\n    </auth>\n  </source>"
    )
    result = analyze_with_suppressions(flow(body), None, AnalyzeOptions(strict_internal_errors=True))
    assert result.diagnostics == []
    assert [(s.diagnostic.code, s.reason) for s in result.suppressed] == [
        ("RUNTIME_HARDCODED_SECRET", "public demo token")
    ]
