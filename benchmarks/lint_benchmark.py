"""Benchmark ``flowscript lint``: 2,000 typical files cold and warm (cached), and one file cold.

Usage: python benchmarks/lint_benchmark.py [--files 2000] [--runs 3] [--single-runs 5] [--json]

The tree is made of the repository's example workflows (``examples/*.flow.md``; the golden cases when there are no
examples) copied round-robin into folders of 100 files. Every figure is the wall time of a ``flowscript`` executable
installed as ``pip install .`` installs it, as a fresh process:

* cold  = empty cache folder (analysis of every file, cache written), median of ``--runs``;
* warm  = the same command again with the cache filled, median of ``--runs``;
* single = ``flowscript lint --no-cache <one file>``, and the same with an empty cache folder (analysed, cache
  written), median of ``--single-runs`` each; ``--runs 0`` measures only these.

Targets: warm <= 1 s for 2,000 files, single-file cold <= 60 ms; files/s is compared with 1,400 files/s.

The processes run without ``PYTHONDONTWRITEBYTECODE`` (after one warm-up run), so imports use cached bytecode as in
an installed package; ``--no-bytecode`` keeps the variable as it is. The installation is a throw-away virtual
environment made at the start: a snapshot of ``server`` and ``runtimes`` copied into its site-packages (a regular,
non-editable layout: an editable install's import hook alone costs ~12 ms per start), the dependencies taken from
this interpreter's site-packages through a path file, and the console script pip would write. The snapshot also keeps
edits made in the work tree during the run from changing the lint cache key (a fingerprint of the analysis code).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_FILES_PER_SECOND = 1400.0


def _sources() -> list[Path]:
    examples = sorted((ROOT / "examples").glob("**/*.flow.md"))
    if examples:
        return examples
    return sorted((ROOT / "tests" / "golden" / "cases").glob("*.flow.md"))


def build_tree(target: Path, count: int) -> None:
    sources = _sources()
    if not sources:
        raise SystemExit("no example workflows found")
    texts = [p.read_bytes() for p in sources]
    for i in range(count):
        folder = target / f"group{i // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"flow{i:05d}.flow.md").write_bytes(texts[i % len(texts)])


_SCRIPT = """#!{python}
import sys
from server.cli import main
if __name__ == "__main__":
    sys.exit(main())
"""


def install(target: Path) -> str:
    """Install a snapshot of the project into a new virtual environment at ``target``; return its ``flowscript``."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(target)], check=True)
    python = target / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    for package in ("server", "runtimes"):
        shutil.copytree(ROOT / package, Path(site) / package, ignore=shutil.ignore_patterns("__pycache__"))
    dependencies = sysconfig.get_paths()["purelib"]  # this interpreter's: PyYAML and the rest
    (Path(site) / "flowscript-dependencies.pth").write_text(dependencies + "\n", encoding="utf-8")
    script = target / "bin" / "flowscript"
    script.write_text(_SCRIPT.format(python=python), encoding="utf-8")
    script.chmod(0o755)
    return str(script)


_ENV = dict(os.environ)


_CPU: list[float] = []
"""CPU seconds (user + system, the process and its workers) of each timed run, in order."""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(args: list[str], cwd: Path) -> float:
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=_ENV)
    elapsed = time.perf_counter() - start
    _CPU.append(_children_cpu() - cpu)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"flowscript lint failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    return elapsed


def measure(files: int, runs: int, single_runs: int) -> dict[str, float | int]:
    """The figures; ``runs == 0`` measures only the single file."""
    with tempfile.TemporaryDirectory(prefix="flowscript-bench-") as tmp:
        exe = install(Path(tmp) / "venv")
        _ENV.pop("PYTHONPATH", None)
        tree = Path(tmp) / "tree"
        build_tree(tree, max(files, 1))
        one = tree / "group000" / "flow00000.flow.md"  # the first example in name order (glob order varies)
        _timed([exe, "lint", "--no-cache", str(one)], tree)  # bytecode warm-up
        cold: list[float] = []
        warm: list[float] = []
        cold_cpu: list[float] = []
        warm_cpu: list[float] = []
        for run in range(runs):
            cache = Path(tmp) / f"cache{run}"
            command = [exe, "lint", "--cache-dir", str(cache), "."]
            cold.append(_timed(command, tree))
            cold_cpu.append(_CPU[-1])
            warm.append(_timed(command, tree))
            warm_cpu.append(_CPU[-1])
        single: list[float] = []
        single_cpu: list[float] = []
        single_cached: list[float] = []
        for run in range(single_runs):
            single.append(_timed([exe, "lint", "--no-cache", str(one)], tree))
            single_cpu.append(_CPU[-1])
            # the default command on a fresh checkout: the cache is empty, analysed and written
            single_cached.append(_timed([exe, "lint", "--cache-dir", str(Path(tmp) / f"single{run}"), str(one)], tree))
    result: dict[str, float | int] = {
        "files": files if runs else 1,
        "single_file_cold_ms": round(statistics.median(single) * 1000, 1),
        "single_file_cold_cache_written_ms": round(statistics.median(single_cached) * 1000, 1),
        "single_file_cpu_ms": round(statistics.median(single_cpu) * 1000, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "jobs": os.cpu_count() or 1,
    }
    if runs:
        cold_median = statistics.median(cold)
        files_per_second = files / cold_median
        result |= {
            "cold_s": round(cold_median, 3),
            "warm_s": round(statistics.median(warm), 3),
            "cold_cpu_s": round(statistics.median(cold_cpu), 3),
            "warm_cpu_s": round(statistics.median(warm_cpu), 3),
            "files_per_second": round(files_per_second, 1),
            "ratio_to_1400_files_per_second": round(files_per_second / REFERENCE_FILES_PER_SECOND, 3),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--single-runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE if it is set")
    args = parser.parse_args(argv)
    if not args.no_bytecode:
        _ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    result = measure(args.files, args.runs, args.single_runs)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    if args.runs:
        print(f"files:                {result['files']} (jobs = {result['jobs']})")
        print(f"cold (median of {args.runs}):   {result['cold_s']} s  -> {result['files_per_second']} files/s")
        print(f"warm (median of {args.runs}):   {result['warm_s']} s  (target <= 1 s)")
        print(f"ratio to 1,400 f/s:   {result['ratio_to_1400_files_per_second']}")
        print(f"CPU (user+sys):       cold {result['cold_cpu_s']} s, warm {result['warm_cpu_s']} s")
    print(
        f"single file cold:     {result['single_file_cold_ms']} ms --no-cache, "
        f"{result['single_file_cold_cache_written_ms']} ms with the cache written "
        f"(median of {args.single_runs}; target <= 60); CPU {result['single_file_cpu_ms']} ms"
    )
    print(f"load average:         {result['load_average_1min']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
