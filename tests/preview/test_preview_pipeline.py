"""The example pipeline against a real HTTP server on 127.0.0.1 and files in tmp_path."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from server.preview import PREVIEW_SOURCE, REDACTED
from tests.preview.preview_helpers import (
    ITEMS,
    LABELS,
    SECRET,
    engine,
    everything_written,
    pipeline_flow,
    result_json,
    run,
    write_flow,
)
from tests.support.local_server import LocalServer, json_reply


@pytest.fixture
def flow(tmp_path: Path, local_server: LocalServer) -> Path:
    local_server.route("GET", "/items", json_reply(ITEMS))
    local_server.route("POST", "/hook", json_reply({"ok": True}, status=201))
    (tmp_path / "labels.json").write_text(json.dumps(LABELS), encoding="utf-8")
    return write_flow(tmp_path, pipeline_flow(local_server.base_url))


async def test_template_runs_its_upstreams_in_order(flow: Path, local_server: LocalServer) -> None:
    eng = engine(flow.parent)
    result = await run(eng, flow, "report")
    assert result.status == "ok", result.error_message
    assert result.output == "2 items: APPLE (fruit), KALE (vegetable)"
    assert [u.node_id for u in result.upstream] == ["items", "kept", "labels", "named"]
    assert all(u.status == "ok" and not u.cached for u in result.upstream)
    assert not result.dry_run and not result.truncated and result.context == []
    request = local_server.requests_to("/items")[0]
    assert request.headers["authorization"] == f"Bearer {SECRET}"  # the real value is sent to the server ...
    assert request.query["token"] == [SECRET]


async def test_result_file_and_gitignore(flow: Path) -> None:
    result = await run(engine(flow.parent), flow, "kept")
    expected = flow.parent / ".flowscript" / "preview" / "pipeline" / "kept.json"
    assert result.result_path == expected.resolve()
    assert result.result_path.is_absolute()
    on_disk = json.loads(expected.read_text(encoding="utf-8"))
    assert on_disk == result.to_json()
    assert on_disk["nodeId"] == "kept" and on_disk["status"] == "ok"
    assert on_disk["output"] == [ITEMS[0], ITEMS[2]]
    assert (flow.parent / ".flowscript" / "preview" / ".gitignore").read_text(encoding="utf-8") == "*\n"


async def test_sink_runs_dry_and_writes_nothing(flow: Path, local_server: LocalServer) -> None:
    result = await run(engine(flow.parent), flow, "save")
    assert result.status == "ok"
    assert result.dry_run is True
    assert result.output["dryRun"] is True
    assert result.output["path"].endswith("report.txt")
    assert not (flow.parent / "out").exists()
    assert [r.method for r in local_server.requests] == ["GET"]


async def test_side_effects_only_with_the_explicit_switch(flow: Path) -> None:
    result = await run(engine(flow.parent), flow, "save", allow_side_effects=True)
    assert result.status == "ok" and not result.dry_run
    assert (flow.parent / "out" / "report.txt").read_text(
        encoding="utf-8"
    ) == "2 items: APPLE (fruit), KALE (vegetable)"


async def test_upstream_http_write_runs_dry(tmp_path: Path, local_server: LocalServer) -> None:
    text = f"""---
name: hooks
---
<workflow>
  <sink id="notify" type="http" url="{local_server.url("/hook")}" method="POST"><body>{{"a": 1}}</body></sink>
  <transform id="after" type="template" input="notify">
    <template>{{{{input.dryRun}}}} {{{{input.method}}}}</template>
  </transform>
</workflow>
"""
    path = write_flow(tmp_path, text, "hooks.flow.md")
    result = await run(engine(tmp_path), path, "after")
    assert result.status == "ok", result.error_message
    assert result.output == "true POST"
    assert local_server.requests_to("/hook") == []


async def test_cache_reuses_upstreams_and_edits_invalidate_downstream_only(
    flow: Path, local_server: LocalServer
) -> None:
    eng = engine(flow.parent)
    await run(eng, flow, "named")
    assert len(local_server.requests_to("/items")) == 1
    executions = eng.executions

    result = await run(eng, flow, "report")
    assert {u.node_id: u.cached for u in result.upstream} == {
        "items": True,
        "kept": True,
        "labels": True,
        "named": True,
    }
    assert eng.executions == executions + 1  # only the previewed node ran
    assert len(local_server.requests_to("/items")) == 1

    # Edit the filter: it and everything below it run again; the sources stay cached.
    flow.write_text(flow.read_text(encoding="utf-8").replace("item.price >= ", "item.price > "), encoding="utf-8")
    result = await run(eng, flow, "report")
    assert {u.node_id: u.cached for u in result.upstream} == {
        "items": True,
        "kept": False,
        "labels": True,
        "named": False,
    }
    assert len(local_server.requests_to("/items")) == 1

    # Editing an unrelated node (the sink) invalidates nothing upstream of report.
    flow.write_text(flow.read_text(encoding="utf-8").replace("out/report.txt", "out/other.txt"), encoding="utf-8")
    result = await run(eng, flow, "report")
    assert all(u.cached for u in result.upstream)


async def test_fresh_upstream_output_invalidates_downstream(flow: Path, local_server: LocalServer) -> None:
    eng = engine(flow.parent)
    assert (await run(eng, flow, "kept")).output == [ITEMS[0], ITEMS[2]]
    # The data behind the source changes; previewing the source itself always runs it again ...
    local_server.route("GET", "/items", json_reply([{"name": "fig", "price": 99, "kind": "f"}]))
    assert (await run(eng, flow, "items")).output == [{"name": "fig", "price": 99, "kind": "f"}]
    # ... and the nodes below it are keyed by its new output, so they run again too.
    result = await run(eng, flow, "kept")
    assert {u.node_id: u.cached for u in result.upstream} == {"items": True}
    assert result.output == [{"name": "fig", "price": 99, "kind": "f"}]
    named = await run(eng, flow, "named")
    assert {u.node_id: u.cached for u in named.upstream} == {"items": True, "kept": True, "labels": False}
    assert named.output == ["FIG (fruit)"]


async def test_config_value_change_invalidates_readers(flow: Path) -> None:
    eng = engine(flow.parent)
    await run(eng, flow, "named")
    flow.write_text(flow.read_text(encoding="utf-8").replace("default: 10}", "default: 1}"), encoding="utf-8")
    result = await run(eng, flow, "named")
    assert result.output == ["APPLE (fruit)", "PEAR (fruit)", "KALE (vegetable)"]
    assert {u.node_id: u.cached for u in result.upstream} == {"items": True, "kept": False, "labels": True}


async def test_secret_never_appears_in_output_log_or_files(
    tmp_path: Path, local_server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    # The server echoes the request back: the secret comes back inside nested JSON and inside larger strings.
    def echo(request: object) -> object:
        from tests.support.local_server import RecordedRequest

        assert isinstance(request, RecordedRequest)
        return json_reply(
            [
                {
                    "name": "echo",
                    "price": 50,
                    "kind": "f",
                    "auth": request.headers["authorization"],
                    "nested": {"q": request.query},
                }
            ]
        )

    local_server.route("GET", "/items", echo)  # type: ignore[arg-type]
    (tmp_path / "labels.json").write_text(json.dumps(LABELS), encoding="utf-8")
    path = write_flow(tmp_path, pipeline_flow(local_server.base_url))
    caplog.set_level(logging.DEBUG)
    eng = engine(tmp_path)
    ok = await run(eng, path, "kept")
    assert ok.status == "ok"
    assert ok.output[0]["auth"] == f"Bearer {REDACTED}"
    assert ok.output[0]["nested"] == {"q": {"token": [REDACTED]}}
    # An error message that quotes the secret (the URL of a failing request) is redacted as well.
    local_server.route("GET", "/items", json_reply({"error": f"bad token {SECRET}"}, status=401))
    eng.clear_cache()
    failed = await run(eng, path, "report")
    assert failed.status == "error"
    texts = [result_json(ok), result_json(failed), everything_written(tmp_path), caplog.text]
    texts += [d.message for d in failed.diagnostics]
    for text in texts:
        assert SECRET not in text
        assert "s3cr3t" not in text


async def test_upstream_error_becomes_a_diagnostic_in_the_failing_node(flow: Path, local_server: LocalServer) -> None:
    local_server.route("GET", "/items", json_reply({"error": "nope"}, status=500))
    result = await run(engine(flow.parent), flow, "report")
    assert result.status == "error"
    assert result.error_code == "RUNTIME_HTTP_ERROR"
    assert result.error_message is not None and result.error_message.startswith(
        'Upstream node "items" failed: HTTP 500'
    )
    assert [(u.node_id, u.status) for u in result.upstream] == [("items", "error")]
    (diagnostic,) = result.diagnostics
    assert diagnostic.source == PREVIEW_SOURCE and diagnostic.code == "RUNTIME_HTTP_ERROR"
    text = flow.read_text(encoding="utf-8")
    assert text[diagnostic.start : diagnostic.end] == "{{$config.api}}/items?token={{url_encode($secrets.API_TOKEN)}}"


async def test_expression_error_points_at_the_segment(tmp_path: Path) -> None:
    text = """---
name: bad
---
<workflow>
  <transform id="t" type="template"><template>a {{ 1 + nope() }} b</template></transform>
</workflow>
"""
    path = write_flow(tmp_path, text, "bad.flow.md")
    result = await run(engine(tmp_path), path, "t")
    assert result.status == "error"
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == result.error_code
    assert diagnostic.code.startswith("EXPR_")
    assert text[diagnostic.start : diagnostic.end] == "{{ 1 + nope() }}"


async def test_missing_file_is_reported_at_the_path(tmp_path: Path) -> None:
    text = '---\nname: f\n---\n<workflow>\n  <source id="data" type="file" path="missing.json"/>\n</workflow>\n'
    path = write_flow(tmp_path, text, "f.flow.md")
    result = await run(engine(tmp_path), path, "data")
    assert (result.status, result.error_code) == ("error", "RUNTIME_FILE_NOT_FOUND")
    (diagnostic,) = result.diagnostics
    assert text[diagnostic.start : diagnostic.end] == "missing.json"
