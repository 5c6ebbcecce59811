"""Time from a ``flowscript.previewNode`` request to the server's first ``$/progress`` report (not a timed test).

    python benchmarks/preview_progress_benchmark.py [--rounds 15] [--json]

A real client over stdio (pygls' LanguageClient) announces ``window.workDoneProgress`` support, opens a small flow (a
file source and a template transform in a temporary folder) and runs the preview command ``--rounds`` times. For each
round it records the time from sending ``workspace/executeCommand`` to (1) the server's
``window/workDoneProgress/create`` request, (2) the first ``$/progress`` notification (the "begin") and (3) the
command's answer. Target of the issues: the first progress report within 200 ms of the request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 200.0

FLOW = """---
name: progress-bench
version: "1.0.0"
---
<workflow>
  <source id="rows" type="file" path="rows.json"/>
  <transform id="report" type="template" input="rows">
    <template>{{length(input)}} rows, first {{input[0].name}}</template>
  </transform>
</workflow>
"""


class ProgressClient:
    def __init__(self) -> None:
        self.client = LanguageClient("flowscript-progress-benchmark", "1")
        self.created: list[float] = []
        self.progress: list[float] = []

        @self.client.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def create(params: types.WorkDoneProgressCreateParams) -> None:
            self.created.append(time.perf_counter())

        @self.client.feature(types.PROGRESS)
        def progress(params: types.ProgressParams) -> None:
            self.progress.append(time.perf_counter())

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def diagnostics(params: types.PublishDiagnosticsParams) -> None:
            return None


async def run(rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "rows.json").write_text(json.dumps([{"name": f"row {i}"} for i in range(50)]), encoding="utf-8")
        flow = folder / "bench.flow.md"
        flow.write_text(FLOW, encoding="utf-8")
        bench = ProgressClient()
        await bench.client.start_io(sys.executable, "-m", "server", "lsp", cwd=str(ROOT))
        await bench.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(window=types.WindowClientCapabilities(work_done_progress=True)),
                root_uri=folder.as_uri(),
                initialization_options={"flowscript": {"diagnosticsDelayMs": 0}},
            )
        )
        bench.client.initialized(types.InitializedParams())
        uri = flow.as_uri()
        bench.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="flowscript", version=1, text=FLOW)
            )
        )
        to_create: list[float] = []
        to_progress: list[float] = []
        to_answer: list[float] = []
        statuses: list[str] = []
        for _ in range(rounds):
            bench.created.clear()
            bench.progress.clear()
            sent = time.perf_counter()
            answer = await bench.client.workspace_execute_command_async(
                types.ExecuteCommandParams(
                    command="flowscript.previewNode", arguments=[{"uri": uri, "nodeId": "report"}]
                )
            )
            answered = time.perf_counter()
            statuses.append(str(answer.get("status")) if isinstance(answer, dict) else repr(answer))
            if bench.created:
                to_create.append((bench.created[0] - sent) * 1000)
            if bench.progress:
                to_progress.append((bench.progress[0] - sent) * 1000)
            to_answer.append((answered - sent) * 1000)
        await bench.client.shutdown_async(None)
        bench.client.exit(None)
        await bench.client.stop()

    def describe(values: list[float]) -> dict[str, float]:
        if not values:
            return {"n": 0}
        ordered = sorted(values)
        return {"n": len(values), "median": statistics.median(ordered), "max": ordered[-1]}

    return {
        "load_average": os.getloadavg(),
        "rounds": rounds,
        "statuses": sorted(set(statuses)),
        "request_to_progress_create_ms": describe(to_create),
        "request_to_first_progress_ms": describe(to_progress),
        "request_to_answer_ms": describe(to_answer),
        "target_first_progress_ms": TARGET_MS,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = asyncio.run(run(args.rounds))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    load = ", ".join(f"{value:.2f}" for value in results["load_average"])
    print(f"load average [{load}]; {results['rounds']} previews; result statuses: {', '.join(results['statuses'])}")
    for key in ("request_to_progress_create_ms", "request_to_first_progress_ms", "request_to_answer_ms"):
        figures = results[key]
        if figures.get("n"):
            print(f"{key:32s} median {figures['median']:7.1f} ms   max {figures['max']:7.1f} ms   (n={figures['n']})")
        else:
            print(f"{key:32s} none received")
    first = results["request_to_first_progress_ms"]
    met = bool(first.get("n")) and first["median"] <= TARGET_MS
    print(f"first progress within {TARGET_MS:.0f} ms: {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
