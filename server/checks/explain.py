"""``flowscript explain CODE``: print the documentation page of a diagnostic code."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from server.checks.catalogue import CODES
from server.checks.rule_docs import rule_text

__all__ = ["main"]

USAGE = "usage: flowscript explain CODE\n       flowscript explain --list\n"


def main(argv: Sequence[str]) -> int:
    args = list(argv)
    if not args or args[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0 if args else 2
    if args[0] == "--list":
        for info in CODES.values():
            sys.stdout.write(f"{info.code}  {info.severity or '-'}  {info.summary}\n")
        return 0
    if len(args) != 1:
        sys.stderr.write(f"flowscript explain: error: expected one code\n{USAGE}")
        return 2
    text = rule_text(args[0])
    if text is None:
        sys.stderr.write(f"flowscript explain: error: unknown code {args[0]!r}; run flowscript explain --list\n")
        return 2
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
