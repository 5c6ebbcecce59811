"""Golden cases for the runtime diagnostics: ``cases/<name>.flow.md`` + ``<name>.expected.txt`` = the exact
``flowscript lint <name>.flow.md`` output, run in the cases folder. The folder's absolute path is written ``<cases>``
in the expected files and the repository root ``<root>`` (path-traversal hints name folders).

Set ``FLOWSCRIPT_UPDATE_GOLDEN=1`` to rewrite the expected files from the current output (review the diff).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from server.lint.cli import main

CASES = Path(__file__).parent / "cases"
ROOT = Path(__file__).resolve().parents[3]
_ERRORS = re.compile(r"^Summary: \d+ files, (\d+) errors,", re.MULTILINE)


def _cases() -> list[str]:
    return sorted(p.name[: -len(".flow.md")] for p in CASES.glob("*.flow.md"))


def _lint(name: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(CASES)
    try:
        code = main([f"{name}.flow.md", "--no-cache"], stdout=out, stderr=err)
    finally:
        os.chdir(old)
    text = out.getvalue().replace(str(CASES.resolve()), "<cases>").replace(str(ROOT), "<root>")
    return code, text, err.getvalue()


@pytest.mark.parametrize("name", _cases())
def test_runtime_golden(name: str) -> None:
    code, out, err = _lint(name)
    assert err == ""
    expected_file = CASES / f"{name}.expected.txt"
    if os.environ.get("FLOWSCRIPT_UPDATE_GOLDEN") == "1":
        expected_file.write_text(out, encoding="utf-8", newline="")
    assert out == expected_file.read_text(encoding="utf-8")
    errors = _ERRORS.search(out)
    assert errors is not None
    assert code == (1 if int(errors.group(1)) else 0)
