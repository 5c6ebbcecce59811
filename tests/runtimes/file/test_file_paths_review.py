"""Run-time path confinement (RUNTIMES.md §5.6) checked by executing the file runtimes (execute review, 2026-11).

The paths of the "allowed" column of §5.6 are usable at run time: ``a/../b``, ``sub/./../ok.txt`` and
``../{base name}/x`` name the file lexically even when the folder they pass through does not exist (the target used
to be handed to the operating system as written, which failed on the missing folder, and a sink created it). The
file used is the real path that was checked.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runtimes.errors import PathTraversalError
from runtimes.file import FileSink, FileSource
from tests.runtimes.helpers import params, spec

SOURCE = FileSource()
SINK = FileSink()


def _allowed_paths(base: Path) -> list[str]:
    return ["ok.txt", "./ok.txt", "a/../ok.txt", "sub/./../ok.txt", "a//../ok.txt", f"../{base.name}/ok.txt"]


async def test_allowed_paths_read_the_file(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("hello", encoding="utf-8")
    for path in _allowed_paths(tmp_path):
        node = spec("source", {"path": path}, type_="file")
        result = await SOURCE.execute(params(node, tmp_path))
        assert result.output == "hello", path


@pytest.mark.parametrize("index", range(6))
async def test_allowed_paths_write_the_file_without_creating_passed_folders(tmp_path: Path, index: int) -> None:
    path = _allowed_paths(tmp_path)[index]
    node = spec("sink", {"path": path, "format": "text"}, type_="file")
    result = await SINK.execute(params(node, tmp_path, "written"))
    assert result.output == {"path": path, "bytes": 7}
    assert (tmp_path / "ok.txt").read_text(encoding="utf-8") == "written"
    assert sorted(os.listdir(tmp_path)) == ["ok.txt"]


async def test_a_symlink_inside_the_base_is_followed_to_its_real_file(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "data.json").write_text('{"a": 1}', encoding="utf-8")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    node = spec("source", {"path": "alias/data.json"}, type_="file")
    assert (await SOURCE.execute(params(node, tmp_path))).output == {"a": 1}


async def test_dotdot_through_a_symlink_leaving_the_base_is_blocked(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.txt").write_text("s", encoding="utf-8")
    base = tmp_path / "base"
    base.mkdir()
    os.symlink(outside / "deep", base / "link")
    node = spec("source", {"path": "link/../secret.txt"}, type_="file")
    with pytest.raises(PathTraversalError) as info:
        await SOURCE.execute(params(node, base))
    assert info.value.path == "link/../secret.txt"
