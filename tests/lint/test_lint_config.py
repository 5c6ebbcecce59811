"""Configuration: walking up, select/ignore prefixes, severities, per-path overrides, path-base, fail-on."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.config import ConfigError, ConfigLoader, load_config_file
from tests.lint.lint_helpers import base_dir_analyzer, run_lint, write

ALL = "ERR WARN INFO HINT DUP\n"


def _codes(tmp_path: Path, args: list[str], cwd: Path | None = None) -> list[str]:
    result = run_lint(["--no-cache", *args], cwd or tmp_path)
    assert result.code in (0, 1), result.err
    lines = [line for line in result.out.splitlines()[:-1] if not line.startswith(" ")]
    return [line.split()[2] + ":" + line.split()[1] for line in lines]


def test_pyproject_table_is_found_by_walking_up(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.flowscript]\nignore = ["VALID"]\n')
    write(tmp_path / "a" / "b" / "f.flow.md", ALL)
    assert _codes(tmp_path, ["a/b/f.flow.md"]) == ["PARSE_XML_INVALID:error", "RUNTIME_INVALID_CONFIG:information"]


def test_pyproject_without_table_is_skipped_and_flowscript_toml_wins(tmp_path: Path) -> None:
    write(tmp_path / "flowscript.toml", 'select = ["PARSE"]\n')
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path / "sub" / "f.flow.md", ALL)
    assert _codes(tmp_path, ["sub"]) == ["PARSE_XML_INVALID:error"]
    write(tmp_path / "sub" / "pyproject.toml", '[tool.flowscript]\nselect = ["RUNTIME"]\n')
    assert _codes(tmp_path, ["sub"]) == ["RUNTIME_INVALID_CONFIG:information"]
    write(tmp_path / "sub" / "flowscript.toml", 'select = ["VALID_UNUSED"]\n')
    assert _codes(tmp_path, ["sub"]) == ["VALID_UNUSED_DECLARATION:hint"]


def test_longest_prefix_decides_and_ignore_wins_ties(tmp_path: Path) -> None:
    write(
        tmp_path / "flowscript.toml", 'select = ["ALL", "VALID_DUPLICATE"]\nignore = ["VALID", "PARSE_XML_INVALID"]\n'
    )
    write(tmp_path / "f.flow.md", ALL)
    assert _codes(tmp_path, []) == ["RUNTIME_INVALID_CONFIG:information", "VALID_DUPLICATE_NODE_ID:error"]


def test_severity_overrides_and_fail_on(tmp_path: Path) -> None:
    write(
        tmp_path / "flowscript.toml",
        'fail-on = "information"\n[severity]\nVALID = "information"\nVALID_UNKNOWN_FIELD = "error"\n',
    )
    write(tmp_path / "f.flow.md", "WARN HINT\n")
    result = run_lint(["--no-cache"], tmp_path)
    assert result.code == 1
    assert "f.flow.md:1:1: error VALID_UNKNOWN_FIELD" in result.out
    assert "f.flow.md:1:6: information VALID_UNUSED_DECLARATION" in result.out
    write(tmp_path / "f.flow.md", "HINT\n")  # a hint raised to information by the VALID prefix
    assert run_lint(["--no-cache"], tmp_path).code == 1
    assert run_lint(["--no-cache", "--fail-on", "warning"], tmp_path).code == 0
    write(tmp_path / "f.flow.md", "INFO\n")
    assert run_lint(["--no-cache"], tmp_path).code == 1  # fail-on = information from the config
    assert run_lint(["--no-cache", "--fail-on", "error"], tmp_path).code == 0  # the command line wins


def test_per_path_overrides(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        "[tool.flowscript]\n"
        'ignore = ["VALID_UNUSED_DECLARATION"]\n'
        "[[tool.flowscript.overrides]]\n"
        'paths = ["tests/**"]\n'
        'ignore = ["PARSE"]\n'
        'severity = { RUNTIME = "error" }\n'
        "[[tool.flowscript.overrides]]\n"
        'paths = ["tests/keep/"]\n'
        'select = ["PARSE_XML"]\n',
    )
    write(tmp_path / "main.flow.md", "ERR INFO HINT\n")
    write(tmp_path / "tests" / "t.flow.md", "ERR INFO HINT\n")
    write(tmp_path / "tests" / "keep" / "k.flow.md", "ERR INFO HINT\n")
    result = run_lint(["--no-cache"], tmp_path)
    assert result.out.splitlines() == [
        "main.flow.md:1:1: error PARSE_XML_INVALID Marker ERR found",
        "main.flow.md:1:5: information RUNTIME_INVALID_CONFIG Information marker",
        "tests/keep/k.flow.md:1:1: error PARSE_XML_INVALID Marker ERR found",
        "tests/keep/k.flow.md:1:5: error RUNTIME_INVALID_CONFIG Information marker",
        "tests/t.flow.md:1:5: error RUNTIME_INVALID_CONFIG Information marker",
        "Summary: 3 files, 4 errors, 0 warnings, 1 information, 0 hints",
    ]


def test_path_base_from_config_and_command_line(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "f.flow.md", "x")
    result = run_lint(["--no-cache", "sub"], tmp_path, analyzer=base_dir_analyzer)
    assert f"base={tmp_path / 'sub'}" in result.out
    result = run_lint(["--no-cache", "--path-base", "workspace", "sub"], tmp_path, analyzer=base_dir_analyzer)
    assert f"base={tmp_path}\n" in result.out
    write(tmp_path / "flowscript.toml", 'path-base = "workspace"\n')
    result = run_lint(["--no-cache", "sub"], tmp_path, analyzer=base_dir_analyzer)
    assert f"base={tmp_path}\n" in result.out
    result = run_lint(["--no-cache", "--path-base", "workflow", "sub"], tmp_path, analyzer=base_dir_analyzer)
    assert f"base={tmp_path / 'sub'}\n" in result.out


def test_explicit_config_option(tmp_path: Path) -> None:
    write(tmp_path / "ci.toml", 'select = ["HINT", "VALID_UNUSED"]\n')
    write(tmp_path / "flowscript.toml", 'select = ["PARSE"]\n')
    write(tmp_path / "f.flow.md", ALL)
    assert _codes(tmp_path, ["--config", "ci.toml"]) == ["VALID_UNUSED_DECLARATION:hint"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("select = 3\n", "flowscript.toml: flowscript.toml.select must be a list of strings"),
        ('fail-on = "fatal"\n', "fail-on must be one of error, warning, information, hint, not 'fatal'"),
        ('path-base = "home"\n', "path-base must be workflow or workspace, not 'home'"),
        ("colour = true\n", "unknown key flowscript.toml.colour"),
        ("[severity]\nX = 1\n", "severity.X must be one of"),
        ("[[overrides]]\nignore = []\n", "overrides[0].paths is required"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_invalid_configuration_is_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    write(tmp_path / "flowscript.toml", content)
    write(tmp_path / "f.flow.md", "x")
    result = run_lint(["f.flow.md"], tmp_path)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("flowscript lint: error: ")
    assert message in result.err


def test_loader_caches_and_defaults(tmp_path: Path) -> None:
    loader = ConfigLoader()
    write(tmp_path / "pyproject.toml", '[tool.flowscript]\nfail-on = "hint"\n')
    (tmp_path / "a" / "b").mkdir(parents=True)
    config = loader.for_dir(tmp_path / "a" / "b")
    assert config.fail_on == "hint"
    assert config.root == tmp_path
    assert loader.for_dir(tmp_path / "a") is config
    assert config.fingerprint() == load_config_file(tmp_path / "pyproject.toml").fingerprint()  # type: ignore[union-attr]
    with pytest.raises(ConfigError):
        write(tmp_path / "bad" / "flowscript.toml", "ignore = [1]\n")
        ConfigLoader().for_dir(tmp_path / "bad")


def test_unrelated_pyproject_is_not_parsed(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "this is [not TOML\n")
    write(tmp_path / "f.flow.md", "ERR")
    assert run_lint(["--no-cache"], tmp_path).code == 1
    write(tmp_path / "pyproject.toml", "[tool.flowscript\n")
    result = run_lint(["--no-cache"], tmp_path)
    assert result.code == 2
    assert "pyproject.toml: invalid TOML" in result.err


_PYPROJECTS = {
    "scripts only": '[project]\nname = "flowscript-lsp"\n[project.scripts]\nflowscript = "server.cli:main"\n',
    "dependency": '[project]\ndependencies = ["flowscript"]\n[tool.ruff]\nline-length = 100\n',
    "table": '[tool.flowscript]\nselect = ["A"]\n',
    "spaced quoted header": '[ tool . "flowscript" ]\nselect = ["A"]\n',
    "array of tables": '[[tool.flowscript.overrides]]\npaths = ["a"]\n',
    "dotted key": 'tool.flowscript.select = ["A"]\n',
    "quoted dotted key": "'tool'.\"flowscript\".select = ['A']\n",
    "bare tool table": '[tool]\nflowscript = { select = ["A"] }\n',
    "bare tool table, dotted": '[tool]\nflowscript.select = ["A"]\n',
    "inline tool": 'tool = { flowscript = { select = ["A"] } }\n',
}


@pytest.mark.parametrize("name", sorted(_PYPROJECTS))
def test_the_toml_parser_is_skipped_only_for_pyprojects_without_tool_flowscript(name: str) -> None:
    import tomllib

    from server.config import _may_hold_tool_flowscript

    text = _PYPROJECTS[name]
    has_table = "flowscript" in tomllib.loads(text).get("tool", {})
    assert _may_hold_tool_flowscript(text.encode()) or not has_table
    assert _may_hold_tool_flowscript(text.encode()) == has_table  # and these plain cases are told apart exactly
