"""The garbage collector is paused while ``flowscript lint`` starts up and restored afterwards."""

from __future__ import annotations

import gc
from pathlib import Path

from server import cli
from server.lint import collector


def test_lint_in_process_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    flow = tmp_path / "a.flow.md"
    flow.write_text("---\nname: a\nversion: 1.0.0\n---\n<workflow>\n</workflow>\n", encoding="utf-8")
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    assert cli.main(["lint", "--no-cache", str(flow)]) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
    gc.disable()
    try:
        assert cli.main(["lint", "--no-cache", str(flow)]) == 0
        assert not gc.isenabled()  # a caller's own choice is kept
    finally:
        gc.enable()


def test_the_collector_resumes_after_the_first_analysed_file() -> None:
    assert collector.pause() is True
    assert not gc.isenabled()
    collector.resume()
    assert gc.isenabled() and gc.get_freeze_count() > 0
    collector.finish()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert collector.pause() is True
    collector.finish(exiting=True)  # the process ends: the objects stay frozen
    assert gc.isenabled() and gc.get_freeze_count() > 0
    gc.unfreeze()
