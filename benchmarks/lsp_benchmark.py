"""Language-server latency and memory, measured through a real client over stdio (not a timed test).

    python benchmarks/lsp_benchmark.py [--rounds 40] [--startup-runs 9] [--json]

Measures, with the debounce set to 0 so that only the server's own work is timed:
- didChange -> publishDiagnostics (p50/p95) on the largest example, a synthetic 100-node flow and a synthetic
  2,000-node flow;
- completion p95 inside an expression;
- time from process start to the ``initialize`` response (median of --startup-runs fresh processes), next to the
  same time for a bare pygls ``LanguageServer`` (the floor: importing pygls and lsprotocol), started alternately;
- RSS of the server after opening 200 flows (each with its diagnostics published).
Targets: p95 <= 50 ms up to 100 nodes, <= 250 ms for 2,000 nodes; completion p95 <= 30 ms; initialize (median)
<= 400 ms; RSS <= 150 MB.
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
TARGETS = {
    "small_p95_ms": 50.0,
    "large_p95_ms": 250.0,
    "completion_p95_ms": 30.0,
    "initialize_ms": 400.0,
    "rss_mb": 150.0,
}


def synthetic_flow(nodes: int) -> str:
    lines = [
        "---",
        f"name: synthetic-{nodes}",
        'version: "1.0.0"',
        "config:",
        "  limit: {type: number, default: 10}",
        "secrets: [API_TOKEN]",
        "---",
        "<workflow>",
        '  <source id="n0" type="http" url="https://api.example.com/items">',
        "    <auth>",
        "      type: bearer",
        '      token: "{{$secrets.API_TOKEN}}"',
        "    </auth>",
        "  </source>",
    ]
    for i in range(1, nodes):
        kind = i % 3
        if kind == 0:
            lines.append(f'  <transform id="n{i}" type="filter" input="n{i - 1}">')
            lines.append("    <condition>item.total >= $config.limit</condition>")
            lines.append("  </transform>")
        elif kind == 1:
            lines.append(f'  <transform id="n{i}" type="template" input="n{i - 1}">')
            lines.append(f"    <template>{{{{length(input)}}}} items from {{{{n{i - 1}.output}}}}</template>")
            lines.append("  </transform>")
        else:
            lines.append(f'  <transform id="n{i}" type="map" input="n{i - 1}">')
            lines.append("    <expression>upper(item.name)</expression>")
            lines.append("  </transform>")
    lines += ["</workflow>", "", "## Notes", "Synthetic benchmark flow.", ""]
    return "\n".join(lines)


SERVER_COMMAND = (sys.executable, "-m", "server", "lsp")
FLOOR_COMMAND = (
    sys.executable,
    "-c",
    "from pygls.lsp.server import LanguageServer; LanguageServer('pygls-floor', '0').start_io()",
)
"""A pygls server with no features: what any pygls server pays before it can answer ``initialize``."""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


class Bench:
    def __init__(self) -> None:
        self.client = LanguageClient("flowscript-benchmark", "1")
        self.published: dict[tuple[str, int | None], float] = {}
        self.waiters: dict[tuple[str, int | None], asyncio.Future[float]] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            key = (params.uri, params.version)
            now = time.perf_counter()
            self.published[key] = now
            waiter = self.waiters.pop(key, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(now)

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def log(params: types.LogMessageParams) -> None:
            if params.type == types.MessageType.Error:
                print(f"server error: {params.message}", file=sys.stderr)

    def wait_for(self, uri: str, version: int) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        key = (uri, version)
        if key in self.published:
            future.set_result(self.published[key])
        else:
            self.waiters[key] = future
        return future

    async def start(self, root: Path, command: tuple[str, ...] = SERVER_COMMAND) -> tuple[float, float]:
        """(process start -> initialize response, initialize request -> response) in ms."""
        started = time.perf_counter()
        await self.client.start_io(*command, cwd=str(ROOT))
        requested = time.perf_counter()
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=root.as_uri(),
                initialization_options={"flowscript": {"diagnosticsDelayMs": 0}},
            )
        )
        answered = time.perf_counter()
        self.client.initialized(types.InitializedParams())
        return (answered - started) * 1000, (answered - requested) * 1000

    async def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        done = self.wait_for(uri, 1)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="flowscript", version=1, text=text)
            )
        )
        await asyncio.wait_for(done, 60)
        return uri

    async def change_latency(self, uri: str, text: str, rounds: int) -> list[float]:
        """Alternately append and remove a comment line at the end; time each change until its diagnostics."""
        lines = text.count("\n")
        samples = []
        for i in range(rounds):
            version = i + 2
            end = types.Position(line=lines, character=0)
            if i % 2 == 0:
                change = types.TextDocumentContentChangePartial(
                    range=types.Range(start=end, end=end), text="<!-- x -->"
                )
            else:
                stop = types.Position(line=lines, character=len("<!-- x -->"))
                change = types.TextDocumentContentChangePartial(range=types.Range(start=end, end=stop), text="")
            done = self.wait_for(uri, version)
            started = time.perf_counter()
            self.client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[change],
                )
            )
            finished = await asyncio.wait_for(done, 60)
            samples.append((finished - started) * 1000)
        return samples

    async def completion_latency(self, uri: str, text: str, needle: str, rounds: int) -> list[float]:
        index = text.index(needle) + len(needle)
        line = text.count("\n", 0, index)
        character = index - (text.rfind("\n", 0, index) + 1)
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            await self.client.text_document_completion_async(
                types.CompletionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=types.Position(line=line, character=character),
                )
            )
            samples.append((time.perf_counter() - started) * 1000)
        return samples

    def rss_mb(self) -> float:
        server = self.client._server
        assert server is not None
        for line in Path(f"/proc/{server.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
    }


async def startup(root: Path, command: tuple[str, ...]) -> float:
    """Process start -> ``initialize`` response of one fresh server, in ms."""
    bench = Bench()
    elapsed, _request = await bench.start(root, command)
    await bench.stop()
    return elapsed


async def startups(root: Path, runs: int) -> dict[str, Any]:
    """Our server and the pygls floor, started alternately (so that load changes affect both alike)."""
    ours: list[float] = []
    floor: list[float] = []
    for _ in range(runs):
        ours.append(await startup(root, SERVER_COMMAND))
        floor.append(await startup(root, FLOOR_COMMAND))

    def stats(samples: list[float]) -> dict[str, float]:
        return {
            "p50_ms": round(statistics.median(samples), 1),
            "min_ms": round(min(samples), 1),
            "max_ms": round(max(samples), 1),
        }

    return {
        "runs": runs,
        "flowscript": stats(ours),
        "pygls_floor": stats(floor),
        "overhead_p50_ms": round(statistics.median(ours) - statistics.median(floor), 1),
    }


async def run(rounds: int, startup_runs: int) -> dict[str, Any]:
    examples = sorted(ROOT.glob("examples/**/*.flow.md"), key=lambda p: p.stat().st_size, reverse=True)
    largest = examples[0]
    results: dict[str, Any] = {"load_average": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        results["initialize"] = await startups(root, startup_runs)
        results["initialize_ms"] = results["initialize"]["flowscript"]["p50_ms"]
        bench = Bench()
        await bench.start(root)
        cases = [
            (f"example {largest.relative_to(ROOT)}", root / largest.name, largest.read_text(encoding="utf-8")),
            ("synthetic 100 nodes", root / "s100.flow.md", synthetic_flow(100)),
            ("synthetic 2000 nodes", root / "s2000.flow.md", synthetic_flow(2000)),
        ]
        results["did_change_to_diagnostics"] = {}
        results["completion"] = {}
        for label, path, text in cases:
            uri = await bench.open(path, text)
            results["did_change_to_diagnostics"][label] = summary(await bench.change_latency(uri, text, rounds))
            if "{{" in text:
                needle = text[: text.index("{{") + 2]
                samples = await bench.completion_latency(uri, text, needle[-12:], rounds)
                results["completion"][label] = summary(samples)
        flows = [(root / f"many{i}.flow.md", synthetic_flow(20)) for i in range(200)]
        for path, text in flows:
            await bench.open(path, text)
        results["rss_after_200_flows_mb"] = round(bench.rss_mb(), 1)
        await bench.stop()
    return results


def verdict(results: dict[str, Any]) -> dict[str, bool]:
    changes = results["did_change_to_diagnostics"]
    small = [v["p95_ms"] for k, v in changes.items() if "2000" not in k]
    large = [v["p95_ms"] for k, v in changes.items() if "2000" in k]
    return {
        "diagnostics p95 <= 50 ms (<= 100 nodes)": max(small) <= TARGETS["small_p95_ms"],
        "diagnostics p95 <= 250 ms (2,000 nodes)": max(large) <= TARGETS["large_p95_ms"],
        "completion p95 <= 30 ms": max(v["p95_ms"] for v in results["completion"].values())
        <= TARGETS["completion_p95_ms"],
        "initialize (median) <= 400 ms": results["initialize_ms"] <= TARGETS["initialize_ms"],
        "RSS <= 150 MB": results["rss_after_200_flows_mb"] <= TARGETS["rss_mb"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--startup-runs", type=int, default=9, help="fresh processes timed to initialize (each)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    results = asyncio.run(run(args.rounds, args.startup_runs))
    checks = verdict(results)
    if args.json:
        print(json.dumps({"results": results, "targets_met": checks}, indent=2))
    else:
        print(json.dumps(results, indent=2))
        for name, ok in checks.items():
            print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
