"""The ``flowscript`` command: a thin dispatcher that imports each subcommand lazily (startup time matters)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

USAGE = """\
usage: flowscript <command> [options]

commands:
  lint      check .flow.md files and report diagnostics (CI mode)
  lsp       run the language server (stdio, or --tcp HOST:PORT)
  preview   execute one node and show its result
  explain   show the documentation of a diagnostic code
  version   print the version

Run "flowscript <command> --help" for the options of a command.
"""


def _lint(argv: Sequence[str], exiting: bool = False) -> int:
    from server.lint import collector

    paused = collector.pause()  # start-up: see server.lint.collector
    try:
        from server.lint.cli import main

        return main(argv)
    finally:
        if paused:
            collector.finish(exiting)


def _lsp(argv: Sequence[str]) -> int:
    from server.lsp.main import main

    return main(argv)


def _preview(argv: Sequence[str]) -> int:
    from server.preview.cli import main

    return main(argv)


def _explain(argv: Sequence[str]) -> int:
    from server.checks.explain import main

    return main(argv)


def _version(argv: Sequence[str]) -> int:
    from server import __version__

    print(f"flowscript {__version__}")
    return 0


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "lint": _lint,
    "lsp": _lsp,
    "preview": _preview,
    "explain": _explain,
    "version": _version,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0
    if args[0] == "--version":
        return _version([])
    command = COMMANDS.get(args[0])
    if command is None:
        sys.stderr.write(f"flowscript: error: unknown command {args[0]!r}\n\n{USAGE}")
        return 2
    if command is _lint:
        return _lint(args[1:], exiting=argv is None)
    return command(args[1:])


if __name__ == "__main__":
    sys.exit(main())
