"""Parser throughput: ``parse_document`` against the raw C parsers alone on the same files.

The examples are replicated to at least 200 files (each copy gets a distinct name so nothing can be cached). The floor
is what the C libraries need for the same work: ``yaml.compose`` with ``CSafeLoader`` on the frontmatter plus
``xml.parsers.expat`` on the body (only the body up to ``</workflow>``; a raw ``<`` inside an attribute value,
which we accept and expat does not, is written as ``&lt;`` for expat).
Median of several interleaved runs, in CPU time. Target: ``parse_document`` within 4x of the floor.

Usage: python benchmarks/parse_benchmark.py [--runs N] [--files N] [--stages] [--profile [--sort KEY]]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import xml.parsers.expat
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.syntax import parse_document  # noqa: E402
from server.syntax.split import split_document  # noqa: E402


def load_corpus(minimum: int) -> list[str]:
    sources = sorted((ROOT / "examples").glob("*.flow.md")) + sorted((ROOT / "examples" / "sub").glob("*.flow.md"))
    texts = [path.read_text(encoding="utf-8") for path in sources]
    corpus: list[str] = []
    copy = 0
    while len(corpus) < minimum:
        for text in texts:
            corpus.append(re.sub(r"^name: (.*)$", rf"name: \1-{copy}", text, count=1, flags=re.MULTILINE))
        copy += 1
    return corpus


def floor_parse(parts: list[tuple[str, str]]) -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for frontmatter, body in parts:
        yaml.compose(frontmatter, Loader=loader)
        parser = xml.parsers.expat.ParserCreate()
        parser.Parse(body, True)


_ATTR_LT = re.compile(r'="[^"]*<[^"]*"')  # a raw "<" in an attribute value is ours to accept, not expat's


def split_parts(corpus: list[str]) -> list[tuple[str, str]]:
    parts = []
    for text in corpus:
        split = split_document(text, [])
        assert split.frontmatter is not None and split.body is not None
        body = text[split.body[0] :]
        end = body.find("</workflow>")
        body = _ATTR_LT.sub(lambda m: m.group().replace("<", "&lt;"), body[: end + len("</workflow>")])
        parts.append((text[split.frontmatter[0] : split.frontmatter[1]], body))
    return parts


def measure_pair(corpus: list[str], parts: list[tuple[str, str]], runs: int) -> list[tuple[float, float]]:
    """CPU seconds of (ours, floor) per run, interleaved so that load from other processes hits both alike.

    CPU time (``time.process_time``) rather than wall time: the machine is shared and a descheduled process would
    otherwise be charged for others' work.
    """
    pairs = []
    for _ in range(runs):
        start = time.process_time()
        ours(corpus)
        middle = time.process_time()
        floor_parse(parts)
        pairs.append((middle - start, time.process_time() - middle))
    return pairs


def ours(corpus: list[str]) -> None:
    for text in corpus:
        parse_document(text)


def print_stages(corpus: list[str], parts: list[tuple[str, str]], runs: int) -> None:
    """CPU time of each stage over the whole corpus (median), next to the two C parsers."""
    from server.syntax.builder import build_workflow
    from server.syntax.frontmatter import parse_frontmatter
    from server.syntax.xmltree import tokenize_body

    splits = [split_document(text, []) for text in corpus]
    roots = [tokenize_body(t, s.body[0], s.body[1], [])[0] for t, s in zip(corpus, splits, strict=True) if s.body]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def expat_only() -> None:
        for _, body in parts:
            xml.parsers.expat.ParserCreate().Parse(body, True)

    stages: list[tuple[str, object]] = [
        ("C yaml.compose", lambda: [yaml.compose(f, Loader=loader) for f, _ in parts]),
        ("C expat", expat_only),
        ("split", lambda: [split_document(t, []) for t in corpus]),
        ("frontmatter", lambda: [parse_frontmatter(t, s, []) for t, s in zip(corpus, splits, strict=True)]),
        ("tokenize", lambda: [tokenize_body(t, s.body[0], s.body[1], []) for t, s in zip(corpus, splits, strict=True)]),
        ("build nodes", lambda: [build_workflow(r, t, []) for t, r in zip(corpus, roots, strict=True) if r]),
    ]
    for label, func in stages:
        timings = []
        for _ in range(runs):
            start = time.process_time()
            func()  # type: ignore[operator]
            timings.append(time.process_time() - start)
        print(f"  {label:<15}: {statistics.median(timings) * 1000:7.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="tottime", help="pstats sort key of --profile (tottime, cumulative, ...)")
    parser.add_argument("--stages", action="store_true", help="also print the CPU time of each parse stage")
    args = parser.parse_args(argv)
    corpus = load_corpus(args.files)
    parts = split_parts(corpus)
    size_mb = sum(len(t.encode("utf-8")) for t in corpus) / 1e6
    ours(corpus)  # warm up imports and regex caches
    floor_parse(parts)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        ours(corpus)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(25)
        return 0
    pairs = measure_pair(corpus, parts, args.runs)
    t_ours = statistics.median(p[0] for p in pairs)
    t_floor = statistics.median(p[1] for p in pairs)
    ratio = statistics.median(p[0] / p[1] for p in pairs)
    n = len(corpus)
    print(f"files: {n}, {size_mb:.3f} MB, median of {args.runs} interleaved runs (CPU time)")
    print(f"parse_document : {n / t_ours:9.0f} files/s  {size_mb / t_ours:7.2f} MB/s  ({t_ours * 1000:.1f} ms)")
    print(f"C floor        : {n / t_floor:9.0f} files/s  {size_mb / t_floor:7.2f} MB/s  ({t_floor * 1000:.1f} ms)")
    print(f"ratio          : {ratio:.2f}x the floor (median of per-run ratios; target <= 4x)")
    if args.stages:
        print_stages(corpus, parts, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
