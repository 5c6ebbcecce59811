"""Path confinement (RUNTIMES.md §5.6).

:func:`check_path` is the lexical check shared by ``validate`` (static) and ``execute`` (run time):

1. ``p`` contains U+0000 -> "contains a NUL byte";
2. ``d`` = ``p`` percent-decoded once (undecoded when an escape is malformed or the bytes are not UTF-8);
3. ``d`` contains U+0000 -> "contains a NUL byte";
4. ``n`` = ``d`` with ``\\`` replaced by ``/``;
5. ``n`` matches ``^[A-Za-z]:/`` -> "is a Windows drive path";
6. ``n`` starts with ``//`` -> "is a UNC path";
7. ``r`` = lexical normalisation of ``n`` (absolute) or of ``base + "/" + n``;
8. allowed iff ``r`` is the normalised base or lies below it, else "resolves outside {B}".

:func:`confine` adds the run-time step: the real path of the target (or of its nearest existing ancestor plus the
remaining components) must lie inside the real path of the base, so a symlink cannot lead outside.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from runtimes.base import ConfigValue, RuntimeIssue, ValidateContext
from runtimes.errors import PathTraversalError
from runtimes.lazyre import lazy_compile
from runtimes.validation.common import effective_text, segments, static_hint

__all__ = [
    "check_path",
    "check_static_path",
    "confine",
    "normalize",
    "percent_decode",
    "reason_hint",
    "resolve_lexically",
    "traversal_message",
]

PATH_TRAVERSAL = "RUNTIME_PATH_TRAVERSAL"

NUL = "contains a NUL byte"
DRIVE = "is a Windows drive path"
UNC = "is a UNC path"
_OUTSIDE_PREFIX = "resolves outside "

_ESCAPE = lazy_compile(r"%([0-9A-Fa-f]{2})")
_DRIVE = lazy_compile(r"[A-Za-z]:/")


def percent_decode(p: str) -> str:
    """Decode every ``%XY`` once; return ``p`` unchanged when an escape is malformed or the bytes are not UTF-8."""
    if "%" not in p:
        return p
    out = bytearray()
    i = 0
    n = len(p)
    while i < n:
        c = p[i]
        if c == "%":
            if _ESCAPE.match(p, i) is None:
                return p
            out.append(int(p[i + 1 : i + 3], 16))
            i += 3
            continue
        out += c.encode("utf-8", "surrogatepass")
        i += 1
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        return p


def normalize(path: str) -> str:
    """Lexical normalisation of an absolute POSIX path: collapse ``//``, drop ``.``, resolve ``..`` (stays at root)."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/" + "/".join(parts)


def _base_text(base: str | os.PathLike[str]) -> str:
    return normalize(os.fspath(base).replace("\\", "/"))


def resolve_lexically(p: str, base: str | os.PathLike[str], relative_to: str | os.PathLike[str] | None = None) -> str:
    """Step 2-7: the normalised absolute path ``p`` stands for (relative paths against ``relative_to`` or ``base``)."""
    n = percent_decode(p).replace("\\", "/")
    if n.startswith("/"):
        return normalize(n)
    anchor = _base_text(relative_to if relative_to is not None else base)
    return normalize(anchor + "/" + n)


def check_path(
    p: str, base: str | os.PathLike[str], *, relative_to: str | os.PathLike[str] | None = None
) -> str | None:
    """The reason ``p`` is not allowed under ``base`` (RUNTIMES.md §5.6 steps 1-8), or None when it is allowed.

    ``relative_to`` resolves relative paths against another folder (include/call: the workflow folder) while the
    confinement base stays ``base``.
    """
    if "\0" in p:
        return NUL
    d = percent_decode(p)
    if "\0" in d:
        return NUL
    n = d.replace("\\", "/")
    if _DRIVE.match(n):
        return DRIVE
    if n.startswith("//"):
        return UNC
    r = resolve_lexically(p, base, relative_to)
    b = _base_text(base)
    if r == b or r.startswith(b.rstrip("/") + "/"):
        return None
    return _OUTSIDE_PREFIX + b


def reason_hint(reason: str) -> str:
    """The hint of DIAGNOSTICS.md §4.7 for a reason of :func:`check_path`."""
    if reason == NUL:
        return "NUL bytes are not allowed"
    if reason == DRIVE:
        return "Windows drive paths are not allowed"
    if reason == UNC:
        return "UNC paths are not allowed"
    if reason.startswith(_OUTSIDE_PREFIX):
        return f"The path resolves outside {reason[len(_OUTSIDE_PREFIX) :]}"
    return reason


def traversal_message(p: str) -> str:
    return f"Path traversal not allowed: {p}"


def _placeholder_text(value: str) -> str | None:
    """A dynamic template with every expression segment replaced by ``x``; None if a segment is unclosed."""
    parts: list[str] = []
    for segment in segments(value):
        if segment.kind == "unclosed":
            return None
        parts.append(segment.text if segment.kind == "text" else "x")
    return "".join(parts)


def check_static_path(
    value: ConfigValue | None,
    path: tuple[str | int, ...],
    ctx: ValidateContext,
    *,
    relative_to: Path | None = None,
    span_offset: int = 0,
    extra_hints: Sequence[str] = (),
) -> list[RuntimeIssue]:
    """The static use of §5.6 for one config value (literal, static or dynamic template).

    ``span_offset`` is where ``value`` starts inside the config string at ``path`` (a SQLite path inside a
    connection URL); a non-zero offset reports the sub-span of the literal.
    """
    if ctx.base_dir is None or not isinstance(value, str) or not value.strip():
        return []
    effective = effective_text(value, ctx)
    if effective is not None:
        reason = check_path(effective.text, ctx.base_dir, relative_to=relative_to)
        if reason is None:
            return []
        hints = [reason_hint(reason), *extra_hints]
        message = traversal_message(value)
        if effective.is_static:
            resolved = resolve_lexically(effective.text, ctx.base_dir, relative_to)
            hints.append(static_hint(effective, f"the path is {resolved}"))
            span = effective.span
            assert span is not None
            span = (span[0] + span_offset, span[1] + span_offset)
            return [RuntimeIssue(PATH_TRAVERSAL, "error", message, path, span=span, hints=tuple(hints))]
        literal_span = (span_offset, span_offset + len(value)) if span_offset else None
        return [RuntimeIssue(PATH_TRAVERSAL, "error", message, path, span=literal_span, hints=tuple(hints))]
    placeholder = _placeholder_text(value)
    if placeholder is None:
        return []
    reason = check_path(placeholder, ctx.base_dir, relative_to=relative_to)
    if reason is None:
        return []
    literal_span = (span_offset, span_offset + len(value)) if span_offset else None
    dynamic_hints = (reason_hint(reason), *extra_hints)
    message = traversal_message(value)
    return [RuntimeIssue(PATH_TRAVERSAL, "error", message, path, span=literal_span, hints=dynamic_hints)]


def confine(p: str, base: Path, *, node_id: str | None = None, config_path: tuple[str | int, ...] = ("path",)) -> Path:
    """The run-time use of §5.6: check ``p`` lexically, then through real paths. Returns the target path.

    The target is ``base / p`` with the raw rendered string (an absolute ``p`` is used as is). Raises
    :class:`PathTraversalError` when the lexical check fails or the real target (the real path of its nearest
    existing ancestor plus the remaining components) is not inside the real base.

    The path returned is that real target, so the file used is the one that was checked, and ``a/../b.json`` means
    ``b.json`` even when ``a`` does not exist (the operating system would otherwise fail on the missing ``a``, and a
    sink would create it).
    """
    reason = check_path(p, base)
    if reason is not None:
        raise PathTraversalError(
            traversal_message(p), p, reason=reason_hint(reason), node_id=node_id, config_path=config_path
        )
    target = Path(p) if os.path.isabs(p) else base / p
    real_base = os.path.realpath(base)
    real_target = os.path.realpath(target)
    if real_target != real_base and not real_target.startswith(real_base.rstrip(os.sep) + os.sep):
        reason = f"The path resolves outside {real_base} (through a symbolic link)"
        raise PathTraversalError(traversal_message(p), p, reason=reason, node_id=node_id, config_path=config_path)
    return Path(real_target)
