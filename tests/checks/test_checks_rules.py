"""Rule docs: a page per code, docs/rules in sync with the package copies, flowscript explain, rule_url."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from server.checks import CODES, AnalyzeOptions, analyze, rule_url
from server.checks.explain import main as explain
from server.checks.rule_docs import rule_text
from server.checks.rules_sync import out_of_date

SPEC = Path("/work/shared/spec/DIAGNOSTICS.md")


def test_every_catalogue_code_has_a_page_with_the_sections() -> None:
    for code in CODES:
        text = rule_text(code)
        assert text is not None, code
        assert text.startswith(f"# {code}\n")
        for section in ("## What", "## Why", "## Failing example", "## Fixed example"):
            assert section in text, (code, section)


def test_catalogue_covers_the_spec_codes() -> None:
    if not SPEC.is_file():
        pytest.fail("the spec is not available at /work/shared/spec")
    table = SPEC.read_text(encoding="utf-8").split("## 3. Code catalogue", 1)[1].split("## 4.", 1)[0]
    spec_codes = set(re.findall(r"^\| ([A-Z_]+) \|", table, re.MULTILINE))
    assert spec_codes and spec_codes <= set(CODES)


def test_docs_rules_are_in_sync_with_the_package_copies() -> None:
    assert out_of_date() == [], "run: python -m server.checks.rules_sync"


def test_explain_prints_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert explain(["valid_duplicate_node_id"]) == 0
    assert capsys.readouterr().out.startswith("# VALID_DUPLICATE_NODE_ID\n")
    assert explain(["suppressions"]) == 0
    assert "## Security codes" in capsys.readouterr().out


def test_explain_unknown_code_and_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert explain(["NOPE"]) == 2
    assert "unknown code 'NOPE'" in capsys.readouterr().err
    assert explain([]) == 2
    assert explain(["--list"]) == 0
    assert "EXPR_PARSE_ERROR" in capsys.readouterr().out


def test_rule_url() -> None:
    assert rule_url("EXPR_PARSE_ERROR").endswith("/docs/rules/EXPR_PARSE_ERROR.md")


_EXAMPLE = re.compile(r"## (Failing|Fixed) example\n\n```xml\n(.*?)\n```", re.DOTALL)


@pytest.mark.parametrize("code", [code for code, info in CODES.items() if info.stage not in ("preview", "none", "cap")])
def test_rule_examples_fail_and_pass(code: str, tmp_path: Path) -> None:
    text = rule_text(code)
    assert text is not None
    examples = dict(_EXAMPLE.findall(text))
    assert set(examples) == {"Failing", "Fixed"}
    path = tmp_path / "demo.flow.md"
    failing = analyze(examples["Failing"] + "\n", path, AnalyzeOptions(strict_internal_errors=True))
    assert code in [d.code for d in failing]
    fixed = analyze(
        examples["Fixed"] + "\n", path, AnalyzeOptions(strict_internal_errors=True, file_exists=lambda p: True)
    )
    assert [(d.code, d.message) for d in fixed if d.severity in ("error", "warning") or d.code == code] == []
