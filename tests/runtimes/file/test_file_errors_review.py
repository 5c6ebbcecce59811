"""File runtime errors with the codes, fields and ranges of RUNTIMES.md §3/§6.3/§6.4 and DIAGNOSTICS.md §4.8
(execute review, 2026-11): RUNTIME_FILE_NOT_FOUND and RUNTIME_FILE_WRITE_ERROR point at the path value; a
RUNTIME_EXECUTION_ERROR (`Invalid JSON in {path}: …`, invalid YAML or UTF-8, a folder) at the node anchor, so its
config path is None (it was the path value)."""

from __future__ import annotations

from pathlib import Path

import pytest

from runtimes.errors import FileError, FlowScriptRuntimeError, RuntimeErrorCode
from runtimes.file import FileSink, FileSource
from tests.runtimes.helpers import params, spec

NOT_FOUND = RuntimeErrorCode.RUNTIME_FILE_NOT_FOUND
WRITE = RuntimeErrorCode.RUNTIME_FILE_WRITE_ERROR
EXECUTION = RuntimeErrorCode.RUNTIME_EXECUTION_ERROR

# (file name, bytes written first or None, config, code, message prefix, os_error, config path)
READS: list[tuple[str, bytes | None, dict[str, str], RuntimeErrorCode, str, str | None, tuple[str, ...] | None]] = [
    ("missing.json", None, {}, NOT_FOUND, "File not found: missing.json", "ENOENT", ("path",)),
    ("bad.json", b"{a: 1}", {}, EXECUTION, "Invalid JSON in bad.json: ", None, None),
    ("nan.json", b"NaN", {}, EXECUTION, "Invalid JSON in nan.json: ", None, None),
    ("text.txt", b"plain", {"format": "json"}, EXECUTION, "Invalid JSON in text.txt: ", None, None),
    ("bad.yaml", b"a: [1\n", {}, EXECUTION, "Invalid YAML in bad.yaml: ", None, None),
    ("latin.txt", b"caf\xe9", {}, EXECUTION, "Cannot read latin.txt: ", None, None),
]


@pytest.mark.parametrize(("name", "content", "config", "code", "prefix", "os_error", "config_path"), READS)
async def test_read_errors(
    tmp_path: Path,
    name: str,
    content: bytes | None,
    config: dict[str, str],
    code: RuntimeErrorCode,
    prefix: str,
    os_error: str | None,
    config_path: tuple[str, ...] | None,
) -> None:
    if content is not None:
        (tmp_path / name).write_bytes(content)
    node = spec("source", {"path": name, **config}, type_="file", node_id="read")
    with pytest.raises(FlowScriptRuntimeError) as info:
        await FileSource().execute(params(node, tmp_path))
    error = info.value
    assert (error.code, error.node_id, error.config_path) == (code, "read", config_path)
    assert error.message.startswith(prefix)
    if isinstance(error, FileError):
        assert (error.path, error.os_error) == (name, os_error)


async def test_a_folder_is_an_execution_error_at_the_anchor(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    node = spec("source", {"path": "folder"}, type_="file")
    with pytest.raises(FileError) as info:
        await FileSource().execute(params(node, tmp_path))
    assert (info.value.code, info.value.path, info.value.os_error, info.value.config_path) == (
        EXECUTION,
        "folder",
        "EISDIR",
        None,
    )


async def test_write_error_points_at_the_path(tmp_path: Path) -> None:
    node = spec("sink", {"path": "no/such/dir/x.json", "createDir": "false"}, type_="file")
    with pytest.raises(FileError) as info:
        await FileSink().execute(params(node, tmp_path, {"a": 1}))
    error = info.value
    assert (error.code, error.path, error.os_error, error.config_path) == (
        WRITE,
        "no/such/dir/x.json",
        "ENOENT",
        ("path",),
    )
    assert error.message.startswith("Cannot write no/such/dir/x.json: ")
