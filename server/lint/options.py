"""The options of ``flowscript lint``: one table, read by two parsers.

:func:`parse` reads the common command lines itself (known options, their values checked) and hands everything else
to ``argparse`` (:func:`build_parser`): ``--help``, every usage error and its message, ``--``, values that start with
a dash, joined short options (``-j4``). Importing ``argparse`` and building the parser is about a twentieth of a
one-file lint, so the table is the single source of both; a property test checks that the quick reading always
agrees with argparse's.
"""

from __future__ import annotations

from runtimes.records import field, record
from server.diagnostics import SEVERITIES
from server.lint.formats import FORMATS
from server.lint.model import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import NoReturn

    from server.config import PathBase
    from server.diagnostics import Severity

__all__ = ["OPTIONS", "LintArgs", "Option", "build_parser", "parse", "parse_quick"]

PROG = "flowscript lint"


class Option:
    """One option: its spellings, where it is stored, and what it takes (``flag``, ``value``, ``append``, ``jobs``)."""

    __slots__ = ("choices", "dest", "help", "kind", "metavar", "names")

    def __init__(
        self,
        names: tuple[str, ...],
        kind: str,
        help: str,
        *,
        choices: tuple[str, ...] | None = None,
        metavar: str | None = None,
    ) -> None:
        self.names = names
        self.dest = names[-1].lstrip("-").replace("-", "_")
        self.kind = kind
        self.help = help
        self.choices = choices
        self.metavar = metavar


OPTIONS: tuple[Option, ...] = (
    Option(("--format",), "value", "output format (default: text)", choices=FORMATS),
    Option(("--fail-on",), "value", "failure threshold (default: error)", choices=SEVERITIES),
    Option(("--code-frame",), "flag", "text format: show the source under each diagnostic"),
    Option(("--path-base",), "value", "path-confinement base", choices=("workflow", "workspace")),
    Option(("--no-color",), "flag", "no ANSI colours on a terminal"),
    Option(("-o", "--output"), "value", "write the report to FILE instead of stdout", metavar="FILE"),
    Option(("--statistics",), "flag", "show counts per code instead of each diagnostic"),
    Option(("--fix",), "flag", "apply safe fixes and report what is left"),
    Option(("--diff",), "flag", "print the safe fixes as a unified diff; write nothing"),
    Option(("--stdin",), "flag", "lint the text read from standard input"),
    Option(("--stdin-filename",), "value", "path of the --stdin text (display, config, base)", metavar="PATH"),
    Option(("-j", "--jobs"), "jobs", "worker processes (default: cores)"),
    Option(("--no-cache",), "flag", "do not read or write .flowscript/cache"),
    Option(("--cache-dir",), "value", "cache folder (default: .flowscript/cache)", metavar="DIR"),
    Option(("--config",), "value", "use this configuration file for every file", metavar="FILE"),
    Option(("--exclude",), "append", "gitignore-style pattern", metavar="PATTERN"),
    Option(("--no-gitignore",), "flag", "do not skip files ignored by .gitignore (read only inside a git work tree)"),
)
_BY_NAME = {name: option for option in OPTIONS for name in option.names}


@record(frozen=False)
class LintArgs:
    """The parsed command line (the fields are the options' ``dest`` names, and ``paths``)."""

    paths: list[str] = field(default_factory=list)
    format: str = "text"
    fail_on: Severity | None = None
    code_frame: bool = False
    path_base: PathBase | None = None
    no_color: bool = False
    output: str | None = None
    statistics: bool = False
    fix: bool = False
    diff: bool = False
    stdin: bool = False
    stdin_filename: str | None = None
    jobs: int | None = None
    no_cache: bool = False
    cache_dir: str | None = None
    config: str | None = None
    exclude: list[str] = field(default_factory=list)
    no_gitignore: bool = False


def _jobs(text: str) -> int | None:
    """``--jobs`` accepts a positive integer (what ``int()`` reads)."""
    try:
        number = int(text)
    except ValueError:
        return None
    return number if number >= 1 else None


def parse_quick(argv: Sequence[str]) -> LintArgs | None:
    """The command line read without argparse, or None when argparse must read it (see the module docstring)."""
    args = LintArgs()
    paths: list[str] = []
    exclude: list[str] = []
    index = 0
    while index < len(argv):
        token = argv[index]
        index += 1
        if not token.startswith("-") or token == "-":
            paths.append(token)
            continue
        name, equals, inline = token.partition("=")
        option = _BY_NAME.get(name)
        if option is None or (equals and not name.startswith("--")):
            return None  # unknown, --help, --, -j4, -o=FILE ...
        if option.kind == "flag":
            if equals:
                return None
            setattr(args, option.dest, True)
            continue
        if equals:
            value = inline
        elif index < len(argv) and not argv[index].startswith("-"):
            value = argv[index]
            index += 1
        else:
            return None  # a missing value, or one that starts with a dash
        if option.choices is not None and value not in option.choices:
            return None
        if option.kind == "jobs":
            jobs = _jobs(value)
            if jobs is None:
                return None
            args.jobs = jobs
        elif option.kind == "append":
            exclude.append(value)
        else:
            setattr(args, option.dest, value)
    args.paths = paths
    args.exclude = exclude
    return args


def build_parser() -> argparse.ArgumentParser:
    """The argparse reading of :data:`OPTIONS` (help text, usage errors)."""
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            raise UsageError(message)

        def _get_formatter(self) -> argparse.HelpFormatter:
            # a fixed width: argparse would import shutil to ask the terminal on every add_argument (startup time)
            return argparse.HelpFormatter(prog=self.prog, width=100)

    def positive_int(value: str) -> int:
        number = _jobs(value)
        if number is None:
            raise argparse.ArgumentTypeError(f"invalid positive integer: {value!r}")
        return number

    parser = Parser(
        prog=PROG,
        description="Check .flow.md workflows and report diagnostics.",
        allow_abbrev=False,
        epilog="Exit codes: 0 = nothing at or above --fail-on, 1 = failures, 2 = usage error, 3 = internal error.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or glob patterns (default: .)")
    for option in OPTIONS:
        if option.kind == "flag":
            parser.add_argument(*option.names, action="store_true", help=option.help)
        elif option.kind == "append":
            parser.add_argument(*option.names, action="append", default=[], metavar=option.metavar, help=option.help)
        elif option.kind == "jobs":
            parser.add_argument(*option.names, type=positive_int, default=None, help=option.help)
        else:
            parser.add_argument(
                *option.names, choices=option.choices, default=None, metavar=option.metavar, help=option.help
            )
    parser.set_defaults(format="text")
    return parser


def parse(argv: Sequence[str]) -> LintArgs:
    """Read the command line (PATHs may come before, between and after options); usage errors raise UsageError."""
    quick = parse_quick(argv)
    if quick is not None:
        return quick
    namespace = build_parser().parse_intermixed_args(list(argv))
    return LintArgs(**vars(namespace))
