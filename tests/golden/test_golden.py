"""Golden cases: ``cases/<name>.flow.md`` + ``<name>.expected.txt`` = the exact ``flowscript lint <name>.flow.md``
output, run with the cases folder as the current directory (optional ``<name>.expected.json`` for ``--format json``).

Adding a case needs no Python: drop the two files in ``cases/``. ``pytest tests/golden --update-golden`` rewrites the
expected files from the current output (review the diff before committing).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from server.lint.cli import main

CASES = Path(__file__).parent / "cases"
_SUMMARY = re.compile(
    r"Summary: (\d+) files, (\d+) errors, (\d+) warnings, (\d+) information, (\d+) hints\n\Z", re.MULTILINE
)


def _cases() -> list[str]:
    return sorted(p.name[: -len(".flow.md")] for p in CASES.glob("*.flow.md"))


@contextmanager
def _in_cases() -> Iterator[None]:
    old = os.getcwd()
    os.chdir(CASES)
    try:
        yield
    finally:
        os.chdir(old)


def _lint(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with _in_cases():
        code = main([*args, "--no-cache"], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _check(expected_file: Path, actual: str, update: bool) -> None:
    if update:
        expected_file.write_text(actual, encoding="utf-8", newline="")
        return
    if not expected_file.is_file():
        pytest.fail(f"{expected_file.name} is missing; run pytest tests/golden --update-golden and review it")
    assert actual == expected_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", _cases())
def test_text_output(name: str, request: pytest.FixtureRequest) -> None:
    code, out, err = _lint(f"{name}.flow.md")
    assert err == ""
    summary = _SUMMARY.search(out)
    assert summary is not None and summary.group(1) == "1"
    assert code == (1 if int(summary.group(2)) else 0)
    _check(CASES / f"{name}.expected.txt", out, request.config.getoption("--update-golden"))


@pytest.mark.parametrize("name", [n for n in _cases() if (CASES / f"{n}.expected.json").is_file()])
def test_json_output(name: str, request: pytest.FixtureRequest) -> None:
    _code, out, err = _lint("--format", "json", f"{name}.flow.md")
    assert err == ""
    _check(CASES / f"{name}.expected.json", out, request.config.getoption("--update-golden"))


def test_every_case_through_the_installed_command() -> None:
    """One run of the real ``flowscript`` executable over all cases: the per-case outputs, one combined summary."""
    names = _cases()
    if not names:
        pytest.fail("no golden cases")
    executable = shutil.which("flowscript", path=os.path.dirname(sys.executable)) or shutil.which("flowscript")
    assert executable is not None, "the flowscript console script is not installed"
    expected_lines: list[str] = []
    totals = [0, 0, 0, 0, 0]
    for name in names:
        text = (CASES / f"{name}.expected.txt").read_text(encoding="utf-8")
        summary = _SUMMARY.search(text)
        assert summary is not None, f"{name}.expected.txt has no Summary line"
        expected_lines.append(text[: summary.start()])
        totals = [t + int(v) for t, v in zip(totals, summary.groups(), strict=True)]
    expected = "".join(expected_lines) + (
        f"Summary: {totals[0]} files, {totals[1]} errors, {totals[2]} warnings, {totals[3]} information, "
        f"{totals[4]} hints\n"
    )
    proc = subprocess.run(
        [executable, "lint", "--no-cache", *(f"{n}.flow.md" for n in names)],
        cwd=CASES,
        capture_output=True,
        timeout=240,
        check=False,
    )
    assert proc.stderr.decode() == ""
    assert proc.stdout.decode("utf-8") == expected
    assert proc.returncode == (1 if totals[1] else 0)
