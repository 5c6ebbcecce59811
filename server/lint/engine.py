"""Runs the analysis over the targets: reading, configuration, cache, process-parallel analysis and ``--fix``.

The engine never prints; it returns :class:`FileReport`s for the output formats. User mistakes (unreadable file,
invalid configuration) raise :class:`UsageError`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from runtimes.records import field, record
from server.config import ConfigError, ConfigLoader, FlowscriptConfig, PathBase
from server.diagnostics import Diagnostic, sort_and_dedupe
from server.lint import collector
from server.lint.fixes import apply_fixes
from server.lint.model import Analysis, Analyzer, FileReport, SuppressedDiagnostic, Target, UsageError, decode_source

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from server.lint.cache import Cache  # only imported when caching (hashing and JSON cost start-up time)

__all__ = ["EngineOptions", "default_analyzer", "lint_targets"]

PARALLEL_THRESHOLD = 48
"""Below this many files to analyse, starting worker processes costs more than it saves."""
MAX_FIX_PASSES = 10


def default_analyzer(text: str, path: Path | None, base_dir: Path | None) -> Analysis:
    """``server.checks.analyze`` with the confinement base chosen by the linter.

    While ``server.checks.analyze`` is the original function, ``analyze_with_suppressions`` (the same analysis plus the
    silenced diagnostics, for SARIF) is called instead; a replaced ``analyze`` (a test seam) is called as it is.
    """
    import sys

    from server import checks

    options = checks.AnalyzeOptions(base_dir=base_dir)
    original = getattr(sys.modules.get("server.checks.analyze"), "analyze", None)
    if checks.analyze is original:
        return _as_analysis(checks.analyze_with_suppressions(text, path, options))
    return _as_analysis(checks.analyze(text, path, options))


def checks_replaced() -> bool:
    """Has ``server.checks.analyze`` been replaced (a test seam)? Then results must not be cached or served."""
    import sys

    checks = sys.modules.get("server.checks")
    if checks is None:
        return False  # not even imported: nobody replaced it
    return getattr(checks, "analyze", None) is not getattr(sys.modules.get("server.checks.analyze"), "analyze", None)


def _as_analysis(value: object) -> Analysis:
    if isinstance(value, Analysis):
        return value
    diagnostics = getattr(value, "diagnostics", None)
    if diagnostics is not None:
        suppressed = tuple(
            SuppressedDiagnostic(s.diagnostic, "inSource", getattr(s, "reason", None))
            for s in getattr(value, "suppressed", ())
        )
        return Analysis(tuple(diagnostics), suppressed)
    if isinstance(value, list | tuple):
        return Analysis(tuple(value))
    raise TypeError(f"analyzer returned {type(value).__name__}, expected a list of diagnostics")


@record(frozen=False)
class EngineOptions:
    cwd: Path
    configs: ConfigLoader
    analyzer: Analyzer = default_analyzer
    path_base: PathBase | None = None
    """From the command line; overrides the configuration."""
    cache: Cache | None = None
    jobs: int = 1
    fix: bool = False
    progress: Callable[[int, int], None] | None = None
    stdin_text: bytes | None = field(default=None, repr=False)


@record(frozen=False)
class _Job:
    target: Target
    data: bytes
    text: str
    config: FlowscriptConfig
    base_dir: Path | None
    path_base: PathBase
    key: str | None = None
    analysis: Analysis | None = None


def _read(target: Target, options: EngineOptions) -> bytes:
    if target.path is None or options.stdin_text is not None:
        return options.stdin_text or b""
    try:
        with open(target.path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise UsageError(f"cannot read {target.display}: {exc.strerror or exc}") from exc


def _prepare(target: Target, options: EngineOptions) -> _Job:
    data = _read(target, options)
    try:
        config = options.configs.for_file(target.path) if target.path else options.configs.for_dir(options.cwd)
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
    path_base: PathBase = options.path_base or config.path_base or "workflow"
    if path_base == "workspace":
        base_dir: Path | None = options.cwd
    else:
        base_dir = target.path.parent if target.path is not None else None
    return _Job(target, data, decode_source(data), config, base_dir, path_base)


def _analyze_chunk(analyzer: Analyzer, items: list[tuple[str, Path | None, Path | None]]) -> list[Analysis]:
    return [_as_analysis(analyzer(text, path, base)) for text, path, base in items]


def _picklable(value: object) -> bool:
    import pickle

    try:
        pickle.dumps(value)
    except (pickle.PicklingError, AttributeError, TypeError):
        return False
    return True


def _warm_up(analyzer: Analyzer) -> None:
    """Import the analysis code once in the parent so that forked workers inherit it."""
    if analyzer is default_analyzer:
        default_analyzer("", None, None)
    collector.resume()


def _analyze(jobs: list[_Job], options: EngineOptions) -> None:
    todo = [job for job in jobs if job.analysis is None]
    if not todo:
        return
    analyzer = options.analyzer
    total = len(todo)
    workers = min(options.jobs, os.cpu_count() or 1)
    if workers > 1 and total >= PARALLEL_THRESHOLD and _picklable(analyzer):
        _analyze_parallel(todo, analyzer, workers, options.progress)
    else:
        for done, job in enumerate(todo, start=1):
            job.analysis = _as_analysis(analyzer(job.text, job.target.path, job.base_dir))
            collector.resume()
            if options.progress is not None:
                options.progress(done, total)
    if options.cache is not None:
        for job in todo:
            if job.key is not None and job.analysis is not None:
                options.cache.put(job.key, job.analysis)


def _analyze_parallel(
    todo: list[_Job], analyzer: Analyzer, workers: int, progress: Callable[[int, int], None] | None
) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    _warm_up(analyzer)
    size = max(4, min(64, len(todo) // (workers * 4) or 1))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    done = 0
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            pool.submit(_analyze_chunk, analyzer, [(j.text, j.target.path, j.base_dir) for j in chunk]): chunk
            for chunk in chunks
        }
        for future in as_completed(futures):
            chunk = futures[future]
            for job, analysis in zip(chunk, future.result(), strict=True):
                job.analysis = analysis
            done += len(chunk)
            if progress is not None:
                progress(done, len(todo))


def _report(job: _Job) -> FileReport:
    assert job.analysis is not None
    kept, dropped = job.config.apply(job.analysis.diagnostics, job.target.path)
    reason = f"ignored by {job.config.source.name}" if job.config.source is not None else None
    suppressed = list(job.analysis.suppressed)
    suppressed.extend(SuppressedDiagnostic(d, "external", reason) for d in dropped)
    return FileReport(job.target.display, job.target.path, job.text, sort_and_dedupe(kept), suppressed)


def _fix(job: _Job, options: EngineOptions) -> tuple[str, int]:
    """Apply safe fixes until none is left (or MAX_FIX_PASSES); returns the final text and the number applied."""
    total = 0
    text = job.text
    for _ in range(MAX_FIX_PASSES):
        assert job.analysis is not None
        kept, _dropped = job.config.apply(job.analysis.diagnostics, job.target.path)
        new_text, applied = apply_fixes(text, kept)
        if applied == 0 or new_text == text:
            break
        total += applied
        text = new_text
        job.analysis = _as_analysis(options.analyzer(text, job.target.path, job.base_dir))
    return text, total


def lint_targets(targets: Sequence[Target], options: EngineOptions) -> list[FileReport]:
    jobs = [_prepare(target, options) for target in targets]
    cache = options.cache
    if cache is not None:
        fingerprints: dict[int, str] = {}
        for job in jobs:
            if job.target.path is not None and options.stdin_text is None:
                fingerprint = fingerprints.get(id(job.config))
                if fingerprint is None:
                    fingerprint = fingerprints[id(job.config)] = job.config.fingerprint()
                job.key = cache.key(job.data, job.text, job.target.path, job.base_dir, job.path_base, fingerprint)
                job.analysis = cache.get(job.key)
    _analyze(jobs, options)
    reports: list[FileReport] = []
    for job in jobs:
        original = job.text
        fixed = 0
        skipped = None
        if options.fix:
            if _fixable(job):
                job.text, fixed = _fix(job, options)
            else:
                skipped = "invalid UTF-8"
        report = _report(job)
        report.fix_skipped = skipped
        report.fixed = fixed
        report.original_text = original
        reports.append(report)
    return reports


def _fixable(job: _Job) -> bool:
    """Never rewrite a file whose bytes are not valid UTF-8 (the replacement characters would be written back)."""
    try:
        job.data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def diagnostics_of(reports: Sequence[FileReport]) -> list[Diagnostic]:
    return [d for r in reports for d in r.diagnostics]
