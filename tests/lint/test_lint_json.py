"""JSON format, byte-exact against DIAGNOSTICS.md §5.3."""

from __future__ import annotations

import json
from pathlib import Path

from tests.lint.lint_helpers import run_lint, write

EXPECTED = """{
  "version": 1,
  "files": [
    {
      "path": "a.flow.md",
      "diagnostics": [
        {
          "code": "VALID_DUPLICATE_NODE_ID",
          "severity": "error",
          "message": "Duplicate node id \\"DUP\\"",
          "range": {
            "start": {
              "line": 0,
              "character": 0
            },
            "end": {
              "line": 0,
              "character": 3
            }
          },
          "source": "flowscript",
          "related": [
            {
              "message": "first defined here",
              "range": {
                "start": {
                  "line": 0,
                  "character": 0
                },
                "end": {
                  "line": 0,
                  "character": 3
                }
              }
            }
          ]
        },
        {
          "code": "VALID_UNKNOWN_FIELD",
          "severity": "warning",
          "message": "Unknown field \\"WARN\\"",
          "range": {
            "start": {
              "line": 1,
              "character": 3
            },
            "end": {
              "line": 1,
              "character": 7
            }
          },
          "source": "flowscript",
          "hints": [
            "Remove it"
          ]
        }
      ]
    },
    {
      "path": "sub/é.flow.md",
      "diagnostics": []
    }
  ],
  "summary": {
    "files": 2,
    "errors": 1,
    "warnings": 1,
    "information": 0,
    "hints": 0
  }
}
"""


def test_json_is_byte_exact(tmp_path: Path) -> None:
    write(tmp_path / "a.flow.md", "DUP\n𝄞éWARN\n")
    write(tmp_path / "sub" / "é.flow.md", "clean\n")
    result = run_lint(["--format", "json"], tmp_path)
    assert result.code == 1
    assert result.out == EXPECTED
    assert result.err == ""


def test_json_with_no_files(tmp_path: Path) -> None:
    result = run_lint(["--format", "json", "."], tmp_path)
    assert result.code == 0
    assert json.loads(result.out) == {
        "version": 1,
        "files": [],
        "summary": {"files": 0, "errors": 0, "warnings": 0, "information": 0, "hints": 0},
    }
    assert result.out.endswith("}\n")


def test_json_written_to_output_file_as_utf8(tmp_path: Path) -> None:
    write(tmp_path / "é.flow.md", "WARN")
    result = run_lint(["--format", "json", "--output", "report.json", "é.flow.md"], tmp_path)
    assert result.code == 0
    assert result.out == ""
    data = (tmp_path / "report.json").read_bytes()
    assert '"path": "é.flow.md"'.encode() in data
    assert json.loads(data)["summary"]["warnings"] == 1
