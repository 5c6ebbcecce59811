"""A small ``.gitignore`` matcher (the pattern format of gitignore(5)), also used for ``exclude`` settings.

Patterns are matched against POSIX paths relative to the folder that holds them. The rules implemented: blank lines
and ``#`` comments are skipped; trailing unescaped spaces are dropped; ``!`` negates; a trailing ``/`` matches folders
only; a pattern with a ``/`` at its start or middle is anchored to its folder, otherwise it matches at any depth;
``*``, ``?``, ``[...]``, leading ``**/``, trailing ``/**`` and inner ``/**/``; the last matching pattern wins; a path
inside an ignored folder stays ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from runtimes.records import record

__all__ = ["IgnorePattern", "compile_pattern", "compile_patterns", "is_ignored", "match", "parse_gitignore"]


@record
class IgnorePattern:
    source: str
    regex: re.Pattern[str]
    negated: bool
    dir_only: bool


def _translate(body: str) -> str:
    out: list[str] = []
    i = 0
    n = len(body)
    while i < n:
        c = body[i]
        if c == "*":
            if body.startswith("**", i):
                at_start = i == 0 or body[i - 1] == "/"
                j = i + 2
                at_end = j == n or body[j] == "/"
                if at_start and at_end:
                    if j == n:
                        out.append(".*")  # "x/**" -> everything inside x
                        i = j
                    else:
                        out.append("(?:.*/)?")  # "**/" -> zero or more folders
                        i = j + 1
                    continue
                while i < n and body[i] == "*":
                    i += 1
                out.append("[^/]*")
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = i + 1
            if j < n and body[j] in "!^":
                j += 1
            if j < n and body[j] == "]":
                j += 1
            while j < n and body[j] != "]":
                j += 1
            if j >= n:
                out.append(re.escape(c))
            else:
                inner = body[i + 1 : j]
                negate = inner[:1] in ("!", "^")
                if negate:
                    inner = inner[1:]
                inner = inner.replace("\\", "\\\\")
                out.append(f"[^/{inner}]" if negate else f"[{inner}]")
                i = j
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(body[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def compile_pattern(line: str) -> IgnorePattern | None:
    """Compile one gitignore line; None for blank lines and comments."""
    text = line.rstrip("\n").rstrip("\r")
    if not text or text.startswith("#"):
        return None
    # trailing spaces are dropped unless escaped with a backslash
    stripped = text.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(text):
        stripped += " "
    text = stripped
    negated = text.startswith("!")
    if negated or text.startswith(("\\!", "\\#")):
        text = text[1:]
    dir_only = text.endswith("/") and not text.endswith("\\/")
    if dir_only:
        text = text.rstrip("/")
    if not text:
        return None
    anchored = "/" in text
    if text.startswith("/"):
        text = text[1:]
    prefix = "" if anchored else "(?:.*/)?"
    regex = re.compile(f"{prefix}{_translate(text)}", re.DOTALL)
    return IgnorePattern(source=line, regex=regex, negated=negated, dir_only=dir_only)


def compile_patterns(lines: Iterable[str]) -> tuple[IgnorePattern, ...]:
    return tuple(p for p in (compile_pattern(line) for line in lines) if p is not None)


def parse_gitignore(text: str) -> tuple[IgnorePattern, ...]:
    return compile_patterns(text.splitlines())


def match(patterns: Iterable[IgnorePattern], rel: str, is_dir: bool) -> bool | None:
    """The decision of the last pattern matching ``rel`` itself: True = ignored, False = re-included, None = none."""
    decision: bool | None = None
    for pattern in patterns:
        if pattern.dir_only and not is_dir:
            continue
        if pattern.regex.fullmatch(rel):
            decision = not pattern.negated
    return decision


def is_ignored(patterns: tuple[IgnorePattern, ...], rel: str, is_dir: bool) -> bool:
    """Is ``rel`` (POSIX, relative to the patterns' folder) ignored, itself or through one of its folders?"""
    if not patterns or not rel or rel == ".":
        return False
    parts = rel.split("/")
    for depth in range(1, len(parts)):
        if match(patterns, "/".join(parts[:depth]), True):
            return True
    return bool(match(patterns, rel, is_dir))
