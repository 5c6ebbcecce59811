"""The CHECKS tuple lists every check family; analyze() survives a crashing check."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import server.checks
from server.checks import CHECKS, AnalyzeOptions, analyze
from server.checks.analyze import Check
from server.diagnostics import Diagnostic
from tests.checks.checks_helpers import flow

analyze_module = importlib.import_module("server.checks.analyze")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _check_functions() -> set[object]:
    found: set[object] = set()
    for info in pkgutil.iter_modules(server.checks.__path__):
        module = importlib.import_module(f"server.checks.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("check_") and inspect.isfunction(value) and value.__module__ == module.__name__:
                found.add(value)
    return found


def test_every_check_function_is_registered() -> None:
    registered = {check.run for check in CHECKS}
    missing = _check_functions() - registered
    assert not missing, f"check functions not listed in CHECKS: {missing}"


def test_check_names_are_unique() -> None:
    names = [check.name for check in CHECKS]
    assert len(names) == len(set(names))


def test_a_crashing_check_does_not_lose_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(ctx: object) -> list[Diagnostic]:
        raise RuntimeError("bug")

    monkeypatch.setattr(analyze_module, "CHECKS", (Check("boom", boom), *CHECKS))
    text = flow('  <source id="a" type="file" path="a.json"/>\n  <source id="a" type="file" path="b.json"/>')
    found = analyze(text, None)
    assert [d.code for d in found] == ["VALID_DUPLICATE_NODE_ID"]
    with pytest.raises(RuntimeError):
        analyze(text, None, AnalyzeOptions(strict_internal_errors=True))


def test_default_cap_is_1000() -> None:
    # 520 diagnostics are all reported (the cap is an extension, docs/rules/TOO_MANY_DIAGNOSTICS.md); 1,002 are cut to
    # the first 1,000 plus the summary.
    def delays(n: int) -> str:
        return "\n".join(f'  <delay id="d{i}"/>' for i in range(n))

    found = analyze(flow(delays(520)), None)
    assert len(found) == 520
    assert {d.code for d in found} == {"VALID_MISSING_REQUIRED_FIELD"}
    found = analyze(flow(delays(1002)), None)
    assert len(found) == 1001
    summary = [d for d in found if d.code == "TOO_MANY_DIAGNOSTICS"]
    assert summary[0].message == "Too many diagnostics: showing the first 1000 of 1002"


def test_cap_adds_a_summary() -> None:
    body = "\n".join(f'  <source id="a" type="file" path="{i}.json"/>' for i in range(12))
    found = analyze(flow(body), None, AnalyzeOptions(max_diagnostics=5))
    assert len(found) == 6
    summary = [d for d in found if d.code == "TOO_MANY_DIAGNOSTICS"]
    assert summary and summary[0].message == "Too many diagnostics: showing the first 5 of 11"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.flow.md")), ids=lambda p: p.name)
def test_clean_examples_have_no_errors_or_warnings(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = analyze(text, path, AnalyzeOptions(strict_internal_errors=True))
    bad = [(d.code, d.message) for d in found if d.severity in ("error", "warning")]
    assert bad == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "---",
        "---\n---\n",
        "<workflow>",
        "---\nname: x\n---\n<workflow><transform id='t'><template>{{ {{ }}</template></transform>",
        flow('<if id="a" condition="{{"><then/></if>'),
        flow(
            flow("<loop id='l' break='" + "(" * 150 + "1'/>"),
        ),
        flow("<phase name='p'>" * 300 + "</phase>" * 300),
    ],
)
def test_never_raises_on_odd_input(text: str) -> None:
    analyze(text, None, AnalyzeOptions(strict_internal_errors=True))
    analyze(text, Path("/nonexistent/x.flow.md"), AnalyzeOptions(strict_internal_errors=True))
