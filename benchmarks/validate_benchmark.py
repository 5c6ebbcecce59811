"""Cost of ``NodeRuntime.validate`` per node over the examples (RUNTIMES.md §1.3). No network, no file system access
inside the measured loop.

The example files are parsed once; every node with a registered runtime becomes a ``NodeSpec`` (the same
``build_node_spec`` the server uses) with the ``ValidateContext`` of its file. The measured loop calls ``validate`` on
each of them; the figure is the median over several runs of (loop time / number of nodes). Target: <= 0.2 ms/node.

Usage: python benchmarks/validate_benchmark.py [--runs N] [--repeat N] [--per-runtime]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runtimes.base import NodeRuntime, NodeSpec, ValidateContext  # noqa: E402
from runtimes.keys import runtime_key  # noqa: E402
from runtimes.registry import runtime_registry  # noqa: E402
from server.syntax import ast, parse_document  # noqa: E402
from server.syntax.nodespec import build_node_spec  # noqa: E402
from server.syntax.walk import iter_nodes  # noqa: E402

TARGET_MS = 0.2

Case = tuple[NodeRuntime, NodeSpec, ValidateContext]


def load_cases() -> list[Case]:
    paths = sorted((ROOT / "examples").rglob("*.flow.md"))
    cases: list[Case] = []
    for path in paths:
        document = parse_document(path.read_text(encoding="utf-8"))
        frontmatter = document.frontmatter
        known = document.declarations_known and frontmatter is not None
        ctx = ValidateContext(
            workflow_dir=path.parent,
            base_dir=path.parent,
            config_defaults=frontmatter.config_defaults if known and frontmatter is not None else {},
            declared_secrets=frontmatter.secret_names if known and frontmatter is not None else frozenset(),
        )
        for node in iter_nodes(document.workflow):
            if isinstance(node, ast.Source | ast.Transform | ast.Sink):
                if not node.type_valid:
                    continue
                key = runtime_key(node.kind, node.type)
            else:
                key = runtime_key(node.kind, None)
            runtime = runtime_registry.get(key)
            if runtime is not None:
                cases.append((runtime, build_node_spec(node), ctx))
    return cases


def run_once(cases: list[Case], repeat: int) -> float:
    """Milliseconds per node validation for one pass of ``repeat`` loops over all cases."""
    start = time.perf_counter()
    for _ in range(repeat):
        for runtime, spec, ctx in cases:
            runtime.validate(spec, ctx)
    elapsed = time.perf_counter() - start
    return elapsed * 1000 / (len(cases) * repeat)


def per_runtime(cases: list[Case], repeat: int) -> dict[str, float]:
    totals: dict[str, list[float]] = defaultdict(list)
    for runtime, spec, ctx in cases:
        start = time.perf_counter()
        for _ in range(repeat):
            runtime.validate(spec, ctx)
        totals[runtime.type].append((time.perf_counter() - start) * 1000 / repeat)
    return {key: statistics.mean(values) for key, values in sorted(totals.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--per-runtime", action="store_true", help="also print the mean cost per runtime key")
    args = parser.parse_args(argv)

    cases = load_cases()
    if not cases:
        print("no nodes found under examples/", file=sys.stderr)
        return 2
    run_once(cases, 1)  # warm caches (template splitting, regexes)
    samples = [run_once(cases, args.repeat) for _ in range(args.runs)]
    median = statistics.median(samples)
    kinds = len({runtime.type for runtime, _, _ in cases})
    print(f"nodes: {len(cases)} ({kinds} runtime keys) x {args.repeat} per run, {args.runs} runs")
    print(f"validate: median {median:.4f} ms/node (min {min(samples):.4f}, max {max(samples):.4f}); target {TARGET_MS}")
    if args.per_runtime:
        for key, cost in per_runtime(cases, args.repeat).items():
            print(f"  {key:22} {cost:.4f} ms/node")
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
