"""``flowscript lint``: the CI linter (DIAGNOSTICS.md §5). Exit codes: 0 clean, 1 failed, 2 usage error, 3 bug.

``main(argv, analyzer=...)`` takes the analysis function as a parameter so tests can run the whole command with a
stand-in analysis; the default is ``server.checks.analyze``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from server.config import ConfigError, ConfigLoader
from server.diagnostics import Severity
from server.lint.model import Analyzer, FileReport, LintResult, Target, UsageError
from server.lint.options import PROG, LintArgs, parse

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import IO

__all__ = ["main"]

PROGRESS_MIN_FILES = 200


def _write(stream: IO[str], text: str) -> None:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8", "replace"))
        buffer.flush()
    else:
        stream.write(text)
        stream.flush()


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Progress:
    """A one-line progress bar on stderr (terminals only, long runs only)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_MIN_FILES:
            return
        width = 30
        filled = width * done // total
        self.stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total} files")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _render(result: LintResult, fmt: str, code_frames: bool, color: bool) -> str:
    if fmt == "json":
        from server.lint.formats.json import render_json

        return render_json(result)
    if fmt == "sarif":
        from server.lint.formats.sarif import render_sarif

        return render_sarif(result)
    if fmt == "github":
        from server.lint.formats.github import render_github

        return render_github(result)
    if fmt == "junit":
        from server.lint.formats.junit import render_junit

        return render_junit(result)
    from server.lint.formats.text import render_text

    return render_text(result, code_frames=code_frames, color=color)


def _render_statistics(result: LintResult, fmt: str) -> str:
    from server.lint.formats.statistics import render_statistics

    if fmt not in ("text", "json"):
        raise UsageError("--statistics needs --format text or json")
    return render_statistics(result, fmt)


def _targets(args: LintArgs, cwd: Path, configs: ConfigLoader) -> list[Target]:
    if args.stdin:
        if args.paths:
            raise UsageError("--stdin takes no PATH arguments")
        if args.stdin_filename is None:
            return [Target("-", None)]
        return [Target(args.stdin_filename.replace("\\", "/"), Path(os.path.abspath(cwd / args.stdin_filename)))]
    if args.stdin_filename is not None:
        raise UsageError("--stdin-filename needs --stdin")
    from server.lint.discovery import discover
    from server.lint.gitignore import compile_patterns

    return discover(args.paths, str(cwd), configs, compile_patterns(args.exclude), gitignore=not args.no_gitignore)


def _run(
    argv: Sequence[str], analyzer: Analyzer | None, stdin: IO[bytes] | None, stdout: IO[str], stderr: IO[str]
) -> int:
    args = parse(argv)
    if args.fix and args.diff:
        raise UsageError("--fix and --diff cannot be combined")
    cwd = Path(os.getcwd())
    try:
        configs = ConfigLoader(Path(args.config) if args.config else None)
        workspace = configs.for_dir(cwd)
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
    fail_on: Severity = args.fail_on or workspace.fail_on or "error"
    targets = _targets(args, cwd, configs)

    from server.lint.engine import EngineOptions, checks_replaced, default_analyzer, lint_targets

    options = EngineOptions(
        cwd=cwd,
        configs=configs,
        analyzer=analyzer or default_analyzer,
        path_base=args.path_base,
        jobs=args.jobs or os.cpu_count() or 1,
        fix=args.fix or args.diff,
    )
    if args.stdin:
        stream = stdin if stdin is not None else sys.stdin.buffer
        options.stdin_text = stream.read()
    elif not args.no_cache and (analyzer is not None or not checks_replaced()):
        from server.lint.cache import CACHE_DIR, Cache

        cache_dir = args.cache_dir or os.environ.get("FLOWSCRIPT_CACHE_DIR") or (cwd / CACHE_DIR)
        name = (
            "" if analyzer is None else f"{getattr(analyzer, '__module__', '')}.{getattr(analyzer, '__qualname__', '')}"
        )
        options.cache = Cache(Path(cache_dir), analyzer=name)
    progress = _Progress(stderr) if _isatty(stderr) else None
    options.progress = progress
    try:
        reports = lint_targets(targets, options)
    finally:
        if progress is not None:
            progress.clear()
    result = LintResult(reports, fail_on)

    for report in reports:
        if report.fix_skipped is not None:
            stderr.write(f"{PROG}: not fixing {report.display}: {report.fix_skipped}\n")
    if args.diff:
        return _emit_diff(reports, args, stdout, stderr)
    if args.fix:
        _write_fixes(reports, args, stdout, stderr)
        if args.stdin:
            return 1 if result.failed else 0

    if args.statistics:
        text = _render_statistics(result, args.format)
    else:
        tty = args.output is None and _isatty(stdout)
        color = tty and not args.no_color and "NO_COLOR" not in os.environ and args.format == "text"
        text = _render(result, args.format, args.code_frame or (tty and args.format == "text"), color)
    _emit(text, args.output, stdout)
    return 1 if result.failed else 0


def _emit(text: str, output: str | None, stdout: IO[str]) -> None:
    if output is None:
        _write(stdout, text)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc


def _emit_diff(reports: list[FileReport], args: LintArgs, stdout: IO[str], stderr: IO[str]) -> int:
    from server.lint.fixes import unified_diff

    changed = [r for r in reports if r.original_text is not None and r.text != r.original_text]
    diff = "".join(unified_diff(r.original_text or "", r.text, r.display) for r in changed)
    _emit(diff, args.output, stdout)
    fixes = sum(r.fixed for r in changed)
    if changed:
        stderr.write(f"flowscript lint: would fix {fixes} problems in {len(changed)} files\n")
    return 1 if changed else 0


def _write_fixes(reports: list[FileReport], args: LintArgs, stdout: IO[str], stderr: IO[str]) -> None:
    changed = [r for r in reports if r.original_text is not None and r.text != r.original_text]
    if args.stdin:
        # like other formatters/linters: the fixed text goes to stdout, the report to stderr
        _write(stdout, reports[0].text if reports else "")
        result = LintResult(reports, "error")
        _write(stderr, _render(result, "text", False, False))
        return
    for report in changed:
        assert report.path is not None
        with open(report.path, "rb") as handle:
            bom = handle.read(3) == b"\xef\xbb\xbf"
        data = report.text.encode("utf-8")
        try:
            with open(report.path, "wb") as handle:
                handle.write((b"\xef\xbb\xbf" if bom else b"") + data)
        except OSError as exc:
            raise UsageError(f"cannot write {report.display}: {exc.strerror or exc}") from exc
        stderr.write(f"flowscript lint: fixed {report.fixed} problems in {report.display}\n")
    if changed:
        total = sum(r.fixed for r in changed)
        stderr.write(f"flowscript lint: fixed {total} problems in {len(changed)} files\n")


def main(
    argv: Sequence[str] | None = None,
    *,
    analyzer: Analyzer | None = None,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    try:
        return _run(sys.argv[1:] if argv is None else argv, analyzer, stdin, out, err)
    except UsageError as exc:
        err.write(f"{PROG}: error: {exc}\n")
        return 2
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        err.write(f"{PROG}: interrupted\n")
        return 130
    except Exception as exc:
        err.write(f"{PROG}: internal error: {exc or type(exc).__name__}\n")
        return 3
