"""In-process throughput of ``server.checks.analyze`` (every check) against the raw-parser floor.

    python benchmarks/analyze_benchmark.py [--files 240] [--repeats 7]

The corpus is ``examples/*.flow.md`` (plus the golden spec examples) replicated to at least ``--files`` documents,
each replica made distinct by a footer comment. Two analyze figures are reported:

* warm: module-level parse caches (templates, expressions) stay filled across files, as in a long lint run over
  files that share expressions;
* cold: those caches are cleared before every file, so each file pays for all of its own parsing.

The floor is what any implementation must at least spend: PyYAML's C loader composing the frontmatter and expat
parsing the body (the ``<workflow>`` element only; expat rejects some FlowScript bodies, which still costs the scan).
Figures are medians over ``--repeats`` runs of the CPU time of this one process (``time.process_time``), so other
load on the machine does not count against them.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from xml.parsers import expat

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_DELIM = re.compile(r"^---[ \t]*$", re.MULTILINE)


def corpus(min_files: int) -> list[tuple[Path, str]]:
    sources = sorted((ROOT / "examples").glob("*.flow.md"))
    sources += sorted((ROOT / "tests" / "golden" / "cases").glob("spec_example_*.flow.md"))
    texts = [(path, path.read_text(encoding="utf-8")) for path in sources]
    if not texts:
        raise SystemExit("no example files found")
    out: list[tuple[Path, str]] = []
    replica = 0
    while len(out) < min_files:
        for path, text in texts:
            out.append((path, f"{text}\n<!-- replica {replica} -->\n"))
        replica += 1
    return out


def floor_one(text: str) -> None:
    match = _DELIM.search(text, 4)
    if match is None:
        return
    frontmatter = text[4 : match.start()]
    body = text[match.end() :]
    yaml.compose(frontmatter, Loader=yaml.CSafeLoader)
    end = body.find("</workflow>")
    body = body[: end + len("</workflow>")] if end != -1 else body
    parser = expat.ParserCreate()
    with contextlib.suppress(expat.ExpatError):
        parser.Parse(body, True)


def clear_caches() -> None:
    from runtimes.expressions import parser, template
    from server.checks import exprs

    parser._parse_or_error.cache_clear()
    template._split_cached.cache_clear()
    exprs._analysed_or_error.cache_clear()


CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}


def measure(
    files: list[tuple[Path, str]], run: Callable[[Path, str], object], repeats: int, clock: Callable[[], float]
) -> tuple[float, float]:
    """(median, best) files per second."""
    rates = []
    for _ in range(repeats):
        start = clock()
        for path, text in files:
            run(path, text)
        rates.append(len(files) / max(clock() - start, 1e-9))
    return statistics.median(rates), max(rates)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=240)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu", help="cpu: process CPU time (default)")
    args = parser.parse_args(argv)

    from server.checks import AnalyzeOptions, analyze

    files = corpus(max(args.files, 200))
    options = AnalyzeOptions()
    for path, text in files[:20]:  # import everything and warm up
        analyze(text, path, options)

    def warm(path: Path, text: str) -> object:
        return analyze(text, path, options)

    def cold(path: Path, text: str) -> object:
        clear_caches()
        return analyze(text, path, options)

    floor = measure(files, lambda _path, text: floor_one(text), args.repeats, CLOCKS[args.clock])
    warm_rate = measure(files, warm, args.repeats, CLOCKS[args.clock])
    cold_rate = measure(files, cold, args.repeats, CLOCKS[args.clock])
    replicas = len(files) // len({path for path, _ in files})
    print(f"files: {len(files)} ({replicas} replicas of each example), repeats: {args.repeats}; {args.clock} clock")
    print("files/s: median (best)")
    print(f"{'raw-parser floor (yaml CSafeLoader compose + expat)':52} {floor[0]:8.0f} ({floor[1]:.0f})")
    for label, rate in (("analyze, warm caches", warm_rate), ("analyze, caches cleared per file", cold_rate)):
        print(f"{label:52} {rate[0]:8.0f} ({rate[1]:.0f})  floor/analyze = {floor[0] / rate[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
