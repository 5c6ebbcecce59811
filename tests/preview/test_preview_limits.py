"""Timeouts, total time, cancellation (token, task, other thread) and output limits."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path

import pytest

from server.preview import CancelToken
from tests.preview.preview_helpers import engine, run, write_flow
from tests.support.local_server import LocalServer, RecordedRequest, Reply, json_reply


def slow_flow(base_url: str) -> str:
    return f"""---
name: slow
---
<workflow>
  <source id="slow" type="http" url="{base_url}/slow" timeout="60000"/>
  <transform id="after" type="template" input="slow"><template>{{{{input}}}}</template></transform>
</workflow>
"""


@pytest.fixture
def arrived(local_server: LocalServer) -> threading.Event:
    """Set when the slow request reached the server; the handler then blocks until the server stops."""
    event = threading.Event()

    def handler(_request: RecordedRequest) -> Reply:
        event.set()
        local_server.release.wait(30)
        return json_reply("late")

    local_server.route("GET", "/slow", handler)
    return event


async def test_node_timeout(tmp_path: Path, local_server: LocalServer, arrived: threading.Event) -> None:
    path = write_flow(tmp_path, slow_flow(local_server.base_url), "slow.flow.md")
    result = await run(engine(tmp_path, timeout_s=0.5), path, "slow")
    assert (result.status, result.error_code) == ("timeout", "RUNTIME_TIMEOUT")
    assert result.error_message == "Node slow did not finish within 0.5 s"
    assert result.diagnostics[0].code == "RUNTIME_TIMEOUT"


async def test_upstream_timeout_fails_the_downstream_node(
    tmp_path: Path, local_server: LocalServer, arrived: threading.Event
) -> None:
    path = write_flow(tmp_path, slow_flow(local_server.base_url), "slow.flow.md")
    result = await run(engine(tmp_path, timeout_s=0.3), path, "after")
    assert result.status == "timeout"
    assert [(u.node_id, u.status) for u in result.upstream] == [("slow", "timeout")]


async def test_total_time_limit(tmp_path: Path, local_server: LocalServer, arrived: threading.Event) -> None:
    path = write_flow(tmp_path, slow_flow(local_server.base_url), "slow.flow.md")
    result = await run(engine(tmp_path, timeout_s=60, total_timeout_s=0.3), path, "after")
    assert (result.status, result.error_code) == ("timeout", "RUNTIME_TIMEOUT")
    assert result.error_message == "Preview exceeded the total time limit of 0.3 s"


async def test_cancel_token_stops_within_a_second(
    tmp_path: Path, local_server: LocalServer, arrived: threading.Event
) -> None:
    path = write_flow(tmp_path, slow_flow(local_server.base_url), "slow.flow.md")
    token = CancelToken()
    task = asyncio.create_task(run(engine(tmp_path), path, "after", cancel=token))
    assert await asyncio.to_thread(arrived.wait, 10)
    started = time.perf_counter()
    token.cancel()
    result = await task
    assert time.perf_counter() - started < 1.0
    assert result.status == "cancelled"
    assert result.error_message == "Preview cancelled"
    assert result.result_path is not None and json.loads(result.result_path.read_text())["status"] == "cancelled"


async def test_cancelling_the_task_propagates(
    tmp_path: Path, local_server: LocalServer, arrived: threading.Event
) -> None:
    path = write_flow(tmp_path, slow_flow(local_server.base_url), "slow.flow.md")
    task = asyncio.create_task(run(engine(tmp_path), path, "slow", cancel=CancelToken()))
    assert await asyncio.to_thread(arrived.wait, 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_cancel_from_another_thread(tmp_path: Path, local_server: LocalServer, arrived: threading.Event) -> None:
    path = write_flow(tmp_path, slow_flow(local_server.base_url), "slow.flow.md")
    token = CancelToken()
    results = []
    eng = engine(tmp_path)
    worker = threading.Thread(
        target=lambda: results.append(eng.preview_sync(path.read_text(), path, "slow", cancel=token))
    )
    worker.start()
    assert arrived.wait(10)
    started = time.perf_counter()
    token.cancel()
    worker.join(5)
    assert time.perf_counter() - started < 1.0
    assert [r.status for r in results] == ["cancelled"]


def test_a_token_cancelled_before_the_start_cancels_at_once(tmp_path: Path) -> None:
    path = write_flow(
        tmp_path, '---\nname: t\n---\n<workflow><set id="v" var="x" value="1"/></workflow>\n', "t.flow.md"
    )
    token = CancelToken()
    token.cancel()
    assert engine(tmp_path).preview_sync(path.read_text(), path, "v", cancel=token).status == "cancelled"


def rows_flow(tmp_path: Path, count: int) -> Path:
    (tmp_path / "rows.json").write_text(json.dumps([{"n": i, "pad": "x" * 20} for i in range(count)]), "utf-8")
    text = """---
name: rows
---
<workflow>
  <source id="rows" type="file" path="rows.json"/>
  <transform id="total" type="reduce" input="rows" initial="0"><expression>(acc, r) => acc + 1</expression></transform>
</workflow>
"""
    return write_flow(tmp_path, text, "rows.flow.md")


async def test_lists_are_cut_to_500_rows_for_display_only(tmp_path: Path) -> None:
    path = rows_flow(tmp_path, 1200)
    eng = engine(tmp_path)
    rows = await run(eng, path, "rows")
    assert rows.truncated is True
    assert len(rows.output) == 500 and rows.output[-1]["n"] == 499
    assert len(json.loads(rows.result_path.read_text())["output"]) == 500  # type: ignore[union-attr]
    total = await run(eng, path, "total")
    assert (total.output, total.truncated) == (1200, False)  # downstream nodes see every row


async def test_output_size_limit(tmp_path: Path) -> None:
    path = rows_flow(tmp_path, 300)
    result = await run(engine(tmp_path, max_output_bytes=2000), path, "rows")
    assert result.truncated is True
    assert len(json.dumps(result.output).encode()) <= 2000
    assert 0 < len(result.output) < 300


async def test_small_outputs_are_not_truncated(tmp_path: Path) -> None:
    path = rows_flow(tmp_path, 3)
    result = await run(engine(tmp_path), path, "rows")
    assert (len(result.output), result.truncated) == (3, False)


async def test_an_asyncio_event_cancels(tmp_path: Path, local_server: LocalServer, arrived: threading.Event) -> None:
    path = write_flow(tmp_path, slow_flow(local_server.base_url), "slow.flow.md")
    event = asyncio.Event()
    task = asyncio.create_task(run(engine(tmp_path), path, "after", cancel=event))
    assert await asyncio.to_thread(arrived.wait, 10)
    started = time.perf_counter()
    event.set()
    result = await task
    assert time.perf_counter() - started < 1.0
    assert (result.status, [u.status for u in result.upstream]) == ("cancelled", [])


def test_a_threading_event_cancels(tmp_path: Path, local_server: LocalServer, arrived: threading.Event) -> None:
    path = write_flow(tmp_path, slow_flow(local_server.base_url), "slow.flow.md")
    event = threading.Event()
    results = []
    eng = engine(tmp_path)
    worker = threading.Thread(
        target=lambda: results.append(eng.preview_sync(path.read_text(), path, "slow", cancel=event))
    )
    worker.start()
    assert arrived.wait(10)
    started = time.perf_counter()
    event.set()
    worker.join(5)
    assert time.perf_counter() - started < 1.0
    assert [r.status for r in results] == ["cancelled"]
