from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pytest

from runtimes.errors import FileError, FlowScriptRuntimeError, PathTraversalError, RuntimeConfigError, RuntimeErrorCode
from runtimes.file import FileSink, FileSource
from runtimes.file.formats import detect_format, parse_csv, to_csv, write_content
from runtimes.file.yaml12 import dump_yaml, load_yaml
from tests.runtimes.helpers import params, spec, vctx

SOURCE = FileSource()
SINK = FileSink()


def source(path: str, **config: str) -> Any:
    return spec("source", {"path": path, **config}, type_="file")


def sink(path: str, **config: str) -> Any:
    return spec("sink", {"path": path, **config}, type_="file")


# --- validate ----------------------------------------------------------------------------------------------------


def test_validate_ok(tmp_path: Path) -> None:
    assert SOURCE.validate(source("data/in.json"), vctx(tmp_path)) == []
    assert SINK.validate(sink("out.csv", format="csv", pretty="FALSE", createDir="true"), vctx(tmp_path)) == []


def test_validate_missing_path(tmp_path: Path) -> None:
    issues = SINK.validate(spec("sink", {}, type_="file"), vctx(tmp_path))
    assert [(i.code, i.message) for i in issues] == [
        ("VALID_MISSING_REQUIRED_FIELD", 'File sink "n" requires a "path"')
    ]


def test_validate_traversal_format_booleans(tmp_path: Path) -> None:
    issues = SINK.validate(sink("../x.json", format="xml", pretty="yes", createDir="1"), vctx(tmp_path))
    assert [(i.code, i.path, i.message) for i in issues] == [
        ("RUNTIME_PATH_TRAVERSAL", ("path",), "Path traversal not allowed: ../x.json"),
        ("RUNTIME_INVALID_CONFIG", ("format",), '"format" must be one of json, text, csv, yaml, auto: "xml"'),
        ("RUNTIME_INVALID_CONFIG", ("pretty",), '"pretty" must be true or false: "yes"'),
        ("RUNTIME_INVALID_CONFIG", ("createDir",), '"createDir" must be true or false: "1"'),
    ]


def test_validate_enum_is_exact_lowercase(tmp_path: Path) -> None:
    issues = SOURCE.validate(source("a.json", format="JSON"), vctx(tmp_path))
    assert [i.code for i in issues] == ["RUNTIME_INVALID_CONFIG"]


def test_validate_static_config_path(tmp_path: Path) -> None:
    node = source("{{ $config.dir }}/a.json")
    assert SOURCE.validate(node, vctx(tmp_path, dir="data")) == []
    issues = SOURCE.validate(node, vctx(tmp_path, dir="../../x"))
    assert issues[0].span == (0, 17)


def test_validate_never_raises_on_odd_values(tmp_path: Path) -> None:
    node = spec("sink", {"path": {"a": "b"}, "format": ["x"], "pretty": "{{"}, type_="file")
    issues = SINK.validate(node, vctx(tmp_path))
    assert [(i.code, i.path) for i in issues] == [
        ("RUNTIME_INVALID_CONFIG", ("path",)),
        ("RUNTIME_INVALID_CONFIG", ("format",)),
    ]


# --- formats -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("a.json", "json"),
        ("A.JSON", "json"),
        ("a.csv", "csv"),
        ("a.yml", "yaml"),
        ("a.YAML", "yaml"),
        ("a.txt", "text"),
        ("noext", "text"),
        (".json", "text"),
        ("dir.json/file", "text"),
    ],
)
def test_detect_format(path: str, fmt: str) -> None:
    assert detect_format(path, "auto") == fmt


def test_parse_csv_rules() -> None:
    text = 'name,note,x\r\nAda,"a, ""quoted"" note"\n\n   \nBob,b,1,extra\n""\n'
    assert parse_csv(text) == [
        {"name": "Ada", "note": 'a, "quoted" note', "x": ""},
        {"name": "Bob", "note": "b", "x": "1"},
    ]
    assert parse_csv(" \n\n") == []
    assert parse_csv("a,b") == []


def test_to_csv_rules() -> None:
    rows = [{"a": 1, "b": "x,y", "c": None}, {"a": True, "b": 'q"', "c": [1, {"k": "v"}]}, {"a": 2.5}]
    assert to_csv(rows) == 'a,b,c\n1,"x,y",\ntrue,"q""","[1,{""k"":""v""}]"\n2.5,,'
    assert to_csv([]) == ""
    assert to_csv(["a"]) == ""
    assert to_csv({"a": 1}) == ""


def test_write_content_json_and_text() -> None:
    value = {"a": [1, 2], "b": "é"}
    assert write_content(value, "json", True) == '{\n  "a": [\n    1,\n    2\n  ],\n  "b": "é"\n}'
    assert write_content(value, "json", False) == '{"a":[1,2],"b":"é"}'
    assert write_content("plain", "text", True) == "plain"
    assert write_content({"a": 1}, "text", False) == '{"a":1}'


def test_yaml_core_schema_read() -> None:
    doc = "a: yes\nb: 010\nc: 0o17\nd: 0x1F\ne: 1.0\nf: 2024-01-01\ng: ~\nh: True\ni: 1.0.0\nj: .5\nk: off\n"
    assert load_yaml(doc) == {
        "a": "yes",
        "b": 10,
        "c": 15,
        "d": 31,
        "e": 1.0,
        "f": "2024-01-01",
        "g": None,
        "h": True,
        "i": "1.0.0",
        "j": 0.5,
        "k": "off",
    }


def test_yaml_anchors_and_merge_keys() -> None:
    assert load_yaml("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n") == {"base": {"x": 1}, "derived": {"x": 1, "y": 2}}


@pytest.mark.parametrize(
    "value",
    [
        {"s": "yes", "t": "true", "n": "010", "f": "1.5", "e": "", "z": None, "list": [1, "a", {"k": "v"}], "b": False},
        ["null", "~", "0x1", "a: b", "- x", "multi\nline", "  padded ", "#hash", "café", 3.25, -7],
        {"nested": {"deep": {"deeper": ["x", []]}}, "empty": {}},
    ],
)
def test_yaml_round_trip(value: Any) -> None:
    text = dump_yaml(value)
    assert load_yaml(text) == value


def test_yaml_block_style_and_plain_strings() -> None:
    assert dump_yaml({"a": {"b": ["x", "yes"]}, "c": "true"}) == "a:\n  b:\n  - x\n  - yes\nc: 'true'\n"


# --- file:source execute -----------------------------------------------------------------------------------------


async def test_read_json_with_bom(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(b'\xef\xbb\xbf{"x": [1, 2]}')
    result = await SOURCE.execute(params(source("a.json"), tmp_path))
    assert result.output == {"x": [1, 2]}


async def test_read_yaml_non_finite_floats(tmp_path: Path) -> None:
    # review finding 6: .inf/-.inf/.nan (LANGUAGE.md §3.1 case variants) are floats, as the YAML sink writes them
    (tmp_path / "y.yaml").write_text("g: -.INF\nh: .NaN\nf: .inf\ni: +.Inf\nj: .NAN\n", encoding="utf-8")
    out = (await SOURCE.execute(params(source("y.yaml"), tmp_path))).output
    assert out["g"] == float("-inf") and out["f"] == float("inf") and out["i"] == float("inf")
    assert math.isnan(out["h"]) and math.isnan(out["j"])
    await SINK.execute(params(sink("o.yaml", format="yaml"), tmp_path, [float("inf"), float("-inf")]))
    assert (await SOURCE.execute(params(source("o.yaml"), tmp_path))).output == [float("inf"), float("-inf")]


async def test_read_formats(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("k,v\n1,2\n", encoding="utf-8")
    (tmp_path / "a.yml").write_text("k: [1, on]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text('{"not": "parsed"}', encoding="utf-8")
    assert (await SOURCE.execute(params(source("a.csv"), tmp_path))).output == [{"k": "1", "v": "2"}]
    assert (await SOURCE.execute(params(source("a.yml"), tmp_path))).output == {"k": [1, "on"]}
    assert (await SOURCE.execute(params(source("a.txt"), tmp_path))).output == '{"not": "parsed"}'
    assert (await SOURCE.execute(params(source("a.txt", format="json"), tmp_path))).output == {"not": "parsed"}


async def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileError) as info:
        await SOURCE.execute(params(source("nope.json"), tmp_path))
    error = info.value
    assert (error.code, error.message, error.os_error, error.file_path) == (
        RuntimeErrorCode.RUNTIME_FILE_NOT_FOUND,
        "File not found: nope.json",
        "ENOENT",
        "nope.json",
    )
    assert (error.path, error.config_path) == ("nope.json", ("path",))  # review finding 5
    assert isinstance(error.__cause__, FileNotFoundError)


async def test_read_directory_is_execution_error(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(FileError) as info:
        await SOURCE.execute(params(source("d"), tmp_path))
    assert info.value.code is RuntimeErrorCode.RUNTIME_EXECUTION_ERROR
    assert info.value.os_error == "EISDIR"


async def test_read_invalid_json_and_yaml(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{nope", encoding="utf-8")
    (tmp_path / "nan.json").write_text("NaN", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("a: [1\n", encoding="utf-8")
    for name, prefix in (("bad.json", "Invalid JSON in bad.json: "), ("nan.json", "Invalid JSON in nan.json: ")):
        with pytest.raises(FlowScriptRuntimeError) as info:
            await SOURCE.execute(params(source(name), tmp_path))
        assert info.value.code is RuntimeErrorCode.RUNTIME_EXECUTION_ERROR
        assert info.value.message.startswith(prefix)
    with pytest.raises(FlowScriptRuntimeError) as info:
        await SOURCE.execute(params(source("bad.yaml"), tmp_path))
    assert info.value.code is RuntimeErrorCode.RUNTIME_EXECUTION_ERROR


async def test_read_confined_at_execution(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    (tmp_path / "secret.json").write_text("{}", encoding="utf-8")
    os.symlink(tmp_path, base / "up")
    for path in ("../secret.json", "up/secret.json", str(tmp_path / "secret.json")):
        with pytest.raises(PathTraversalError) as info:
            await SOURCE.execute(params(source(path), base))
        assert (info.value.path, info.value.config_path) == (path, ("path",))  # review finding 5


async def test_read_bad_format_at_execution(tmp_path: Path) -> None:
    with pytest.raises(RuntimeConfigError):
        await SOURCE.execute(params(source("a.json", format="xml"), tmp_path))


# --- file:sink execute -------------------------------------------------------------------------------------------


async def test_write_json_pretty_and_compact(tmp_path: Path) -> None:
    result = await SINK.execute(params(sink("out/a.json"), tmp_path, {"a": "é"}))
    data = (tmp_path / "out/a.json").read_bytes()
    assert data == '{\n  "a": "é"\n}'.encode()
    assert result.output == {"path": "out/a.json", "bytes": len(data)}
    await SINK.execute(params(sink("b.json", pretty="false"), tmp_path, [1, None]))
    assert (tmp_path / "b.json").read_text(encoding="utf-8") == "[1,null]"


async def test_write_replaces_and_leaves_no_temp_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("old old old", encoding="utf-8")
    await SINK.execute(params(sink("a.txt"), tmp_path, "new"))
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


async def test_write_yaml_and_csv(tmp_path: Path) -> None:
    rows = [{"id": 1, "name": "x, y"}]
    await SINK.execute(params(sink("a.yaml"), tmp_path, rows))
    assert load_yaml((tmp_path / "a.yaml").read_text(encoding="utf-8")) == rows
    await SINK.execute(params(sink("a.csv"), tmp_path, rows))
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == 'id,name\n1,"x, y"'


async def test_write_without_create_dir_fails(tmp_path: Path) -> None:
    with pytest.raises(FileError) as info:
        await SINK.execute(params(sink("missing/a.json", createDir="false"), tmp_path, {}))
    assert info.value.code is RuntimeErrorCode.RUNTIME_FILE_WRITE_ERROR
    assert info.value.os_error == "ENOENT"
    assert info.value.message.startswith("Cannot write missing/a.json: ")
    assert not (tmp_path / "missing").exists()


async def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    result = await SINK.execute(params(sink("out/a.json"), tmp_path, {"a": 1}, allow_side_effects=False))
    assert result.output == {"dryRun": True, "path": "out/a.json", "bytes": len(b'{\n  "a": 1\n}'), "format": "json"}
    assert result.metadata["dry_run"] is True
    assert list(tmp_path.iterdir()) == []


async def test_write_confined_including_symlinks(tmp_path: Path) -> None:
    base = tmp_path / "base"
    outside = tmp_path / "outside"
    base.mkdir()
    outside.mkdir()
    os.symlink(outside, base / "link")
    for path in ("../x.json", "link/x.json", "link/new/x.json"):
        with pytest.raises(PathTraversalError):
            await SINK.execute(params(sink(path), base, {"a": 1}))
    assert list(outside.iterdir()) == []


async def test_write_bad_boolean_at_execution(tmp_path: Path) -> None:
    with pytest.raises(RuntimeConfigError) as info:
        await SINK.execute(params(sink("a.json", pretty="maybe"), tmp_path, {}))
    assert info.value.message == '"pretty" must be true or false: "maybe"'


async def test_written_json_reads_back(tmp_path: Path) -> None:
    value = {"n": 1.5, "big": 10**20, "s": "line\nbreak", "u": "\u0001"}
    await SINK.execute(params(sink("r.json"), tmp_path, value))
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == value
    assert (await SOURCE.execute(params(source("r.json"), tmp_path))).output == value


async def test_templates_are_rendered_once(tmp_path: Path) -> None:
    node = sink("out/{{ input.name }}.{{ 'json' }}")
    value = {"name": "report", "note": "{{ not evaluated }}"}
    result = await SINK.execute(params(node, tmp_path, value))
    assert result.output == {"path": "out/report.json", "bytes": len((tmp_path / "out/report.json").read_bytes())}
    assert json.loads((tmp_path / "out/report.json").read_text(encoding="utf-8")) == value
    read = await SOURCE.execute(params(source("{{ 'out' }}/report.json"), tmp_path))
    assert read.output == value


async def test_rendered_path_is_confined(tmp_path: Path) -> None:
    with pytest.raises(PathTraversalError):
        await SINK.execute(params(sink("{{ input.dir }}/x.json"), tmp_path, {"dir": ".."}))


async def test_unencodable_input_is_a_runtime_error(tmp_path: Path) -> None:
    deep: Any = []
    for _ in range(5000):
        deep = [deep]
    for path in ("deep.json", "deep.yaml"):
        with pytest.raises(FlowScriptRuntimeError) as info:
            await SINK.execute(params(sink(path), tmp_path, deep))
        assert info.value.code is RuntimeErrorCode.RUNTIME_EXECUTION_ERROR
    assert list(tmp_path.iterdir()) == []
