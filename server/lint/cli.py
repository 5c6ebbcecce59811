"""``flowscript lint``: the CI linter (DIAGNOSTICS.md §5). Exit codes: 0 clean, 1 failed, 2 usage error, 3 bug.

``main(argv, analyzer=...)`` takes the analysis function as a parameter so tests can run the whole command with a
stand-in analysis; the default is ``server.checks.analyze``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from server.config import ConfigError, ConfigLoader
from server.diagnostics import SEVERITIES, Severity
from server.lint.formats import FORMATS
from server.lint.model import Analyzer, FileReport, LintResult, Target, UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import IO, NoReturn

__all__ = ["main"]

PROG = "flowscript lint"
PROGRESS_MIN_FILES = 200


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def _get_formatter(self) -> argparse.HelpFormatter:
        # a fixed width: argparse would import shutil to ask the terminal on every add_argument (startup time)
        return argparse.HelpFormatter(prog=self.prog, width=100)


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid positive integer: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"invalid positive integer: {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Check .flow.md workflows and report diagnostics.",
        allow_abbrev=False,
        epilog="Exit codes: 0 = nothing at or above --fail-on, 1 = failures, 2 = usage error, 3 = internal error.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or glob patterns (default: .)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--fail-on", choices=SEVERITIES, default=None, help="failure threshold (default: error)")
    parser.add_argument("--code-frame", action="store_true", help="text format: show the source under each diagnostic")
    parser.add_argument("--path-base", choices=("workflow", "workspace"), default=None, help="path-confinement base")
    parser.add_argument("--no-color", action="store_true", help="no ANSI colours on a terminal")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument("--statistics", action="store_true", help="show counts per code instead of each diagnostic")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes and report what is left")
    parser.add_argument("--diff", action="store_true", help="print the safe fixes as a unified diff; write nothing")
    parser.add_argument("--stdin", action="store_true", help="lint the text read from standard input")
    parser.add_argument("--stdin-filename", metavar="PATH", help="path of the --stdin text (display, config, base)")
    parser.add_argument("-j", "--jobs", type=_positive_int, default=None, help="worker processes (default: cores)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write .flowscript/cache")
    parser.add_argument("--cache-dir", metavar="DIR", help="cache folder (default: .flowscript/cache)")
    parser.add_argument("--config", metavar="FILE", help="use this configuration file for every file")
    parser.add_argument("--exclude", action="append", default=[], metavar="PATTERN", help="gitignore-style pattern")
    parser.add_argument(
        "--no-gitignore",
        action="store_true",
        help="do not skip files ignored by .gitignore (read only inside a git work tree)",
    )
    return parser


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


def _targets(args: argparse.Namespace, cwd: Path, configs: ConfigLoader) -> list[Target]:
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
    args = build_parser().parse_intermixed_args(list(argv))  # PATHs may come before, between and after options
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


def _emit_diff(reports: list[FileReport], args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from server.lint.fixes import unified_diff

    changed = [r for r in reports if r.original_text is not None and r.text != r.original_text]
    diff = "".join(unified_diff(r.original_text or "", r.text, r.display) for r in changed)
    _emit(diff, args.output, stdout)
    fixes = sum(r.fixed for r in changed)
    if changed:
        stderr.write(f"flowscript lint: would fix {fixes} problems in {len(changed)} files\n")
    return 1 if changed else 0


def _write_fixes(reports: list[FileReport], args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> None:
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
