"""Utility built-ins (EXPRESSIONS.md §10.7): JSON, base64, URL encoding, UUIDs, regular expressions, hashes."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Sequence

from runtimes.expressions.builtins._base import (
    BuiltinContext,
    BuiltinFunction,
    arg,
    definer,
    fail,
    index_arg,
    s,
)
from runtimes.expressions.values import UNDEFINED, json_encode, normalize_number, to_string
from runtimes.lazyre import lazy_compile

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Final, TypeAlias

__all__ = ["FUNCTIONS", "MAX_PATTERN_LENGTH", "MAX_REGEX_INPUT", "djb2", "utf8_bytes"]

MAX_PATTERN_LENGTH: Final = 1_000
MAX_REGEX_INPUT: Final = 1_000_000

builtin = definer("utility")
Args: TypeAlias = "Sequence[Any]"


def utf8_bytes(text: str) -> bytes:
    """UTF-8 of ``text``; lone surrogates become U+FFFD (as a JavaScript TextEncoder does)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace").encode("utf-8")


def djb2(text: str) -> int:
    """djb2 over UTF-16 code units: h = ToInt32(h × 33) XOR c, result as an unsigned 32-bit number."""
    from array import array

    units = array("H", text.encode("utf-16-le", "surrogatepass"))
    if sys.byteorder == "big":
        units.byteswap()
    h = 5381
    for unit in units:  # ToInt32 then XOR, kept as the congruent unsigned value
        h = ((h * 33) & 0xFFFFFFFF) ^ unit
    return h


@builtin("json_encode(v)", "Compact JSON text of v")
def fn_json_encode(args: Args, ctx: BuiltinContext) -> Any:
    return json_encode(arg(args, 0))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _json_int(text: str) -> int | float:
    """A JSON integer as JavaScript reads it: a double (``-0`` stays negative zero, huge ones become floats)."""
    if text == "-0":
        return -0.0
    if len(text) > 300:  # beyond any finite double's digits (and Python's int-parsing digit limit)
        return float(text)
    return normalize_number(int(text))


@builtin("json_decode(s)", "Value of a JSON text, or null when it is not valid JSON")
def fn_json_decode(args: Args, ctx: BuiltinContext) -> Any:
    import json

    text = to_string(arg(args, 0))
    try:
        return json.loads(
            text,
            parse_constant=_reject_constant,
            parse_int=_json_int,
        )
    except (ValueError, RecursionError):
        return None


@builtin("base64_encode(s)", "Base64 of the UTF-8 bytes of s")
def fn_base64_encode(args: Args, ctx: BuiltinContext) -> Any:
    import base64

    return base64.b64encode(utf8_bytes(s(arg(args, 0)))).decode("ascii")


_B64_WHITESPACE = lazy_compile(r"[\t\n\f\r ]+")


@builtin("base64_decode(s)", "Text of base64 data (UTF-8), or null when invalid")
def fn_base64_decode(args: Args, ctx: BuiltinContext) -> Any:
    import base64
    import binascii

    data = _B64_WHITESPACE.sub("", s(arg(args, 0)))
    stripped = data.rstrip("=")
    if len(data) - len(stripped) > 2 or len(stripped) % 4 == 1:
        return None
    try:
        raw = base64.b64decode(stripped + "=" * (-len(stripped) % 4), validate=True)
        return raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None


@builtin("url_encode(s)", "Percent-encodes s like encodeURIComponent")
def fn_url_encode(args: Args, ctx: BuiltinContext) -> Any:
    from urllib.parse import quote_from_bytes

    return quote_from_bytes(utf8_bytes(s(arg(args, 0))), safe="-_.!~*'()")


_BAD_PERCENT = lazy_compile(r"%(?![0-9A-Fa-f]{2})")


@builtin("url_decode(s)", "Decodes %XX sequences (UTF-8); s unchanged when malformed")
def fn_url_decode(args: Args, ctx: BuiltinContext) -> Any:
    from urllib.parse import unquote_to_bytes

    text = s(arg(args, 0))
    if "%" not in text or _BAD_PERCENT.search(text):
        return text
    try:
        return unquote_to_bytes(text.encode("utf-8")).decode("utf-8")
    except UnicodeError:
        return text


@builtin("uuid()", "A random UUID (version 4)")
def fn_uuid(args: Args, ctx: BuiltinContext) -> Any:
    import uuid

    return str(uuid.uuid4())


def _regex(name: str, args: Args) -> tuple[re.Pattern[str] | None, str]:
    text, pattern = s(arg(args, 0)), s(arg(args, 1))
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise fail(name, f"pattern is longer than {MAX_PATTERN_LENGTH} characters")
    if len(text) > MAX_REGEX_INPUT:
        raise fail(name, f"text is longer than {MAX_REGEX_INPUT} characters")
    try:
        return re.compile(pattern), text
    except (re.error, ValueError, OverflowError, RecursionError):
        return None, text


@builtin("match(s, p)", "First match of regular expression p in s, or null")
def fn_match(args: Args, ctx: BuiltinContext) -> Any:
    regex, text = _regex("match", args)
    m = regex.search(text) if regex else None
    return m.group(0) if m else None


@builtin("test(s, p)", "Whether regular expression p matches s anywhere")
def fn_test(args: Args, ctx: BuiltinContext) -> Any:
    regex, text = _regex("test", args)
    return bool(regex and regex.search(text))


@builtin("match_all(s, p)", "All non-overlapping matches of p in s")
def fn_match_all(args: Args, ctx: BuiltinContext) -> Any:
    regex, text = _regex("match_all", args)
    return [m.group(0) for m in regex.finditer(text)] if regex else []


_DIGESTS: Final = frozenset({"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha512-256", "blake2b256"})


@builtin("hash(s, algo?)", "djb2 hash number, or the hex digest for md5/sha1/sha256/…")
def fn_hash(args: Args, ctx: BuiltinContext) -> Any:
    text, algo_arg = s(arg(args, 0)), arg(args, 1)
    if algo_arg is UNDEFINED or algo_arg is None:
        return djb2(text)
    algo = to_string(algo_arg).lower()
    if algo not in _DIGESTS:
        return 0
    import hashlib

    data = utf8_bytes(text)
    if algo == "blake2b256":
        return hashlib.blake2b(data, digest_size=32).hexdigest()
    name = "sha512_256" if algo == "sha512-256" else algo
    try:
        return hashlib.new(name, data).hexdigest()
    except ValueError as exc:  # an OpenSSL build without the algorithm
        raise fail("hash", f"{algo} is not available in this Python build") from exc


@builtin("pretty(v, indent?)", "Indented JSON text of v (indent: spaces 0-10 or a string; default 2)")
def fn_pretty(args: Args, ctx: BuiltinContext) -> Any:
    value, indent_arg = arg(args, 0), arg(args, 1)
    indent: int | str
    if indent_arg is UNDEFINED:
        indent = 2
    elif isinstance(indent_arg, str):
        indent = indent_arg[:10]
    elif isinstance(indent_arg, int | float) and not isinstance(indent_arg, bool):
        n = index_arg(indent_arg)
        indent = 0 if n != n else int(min(max(n, 0), 10)) if not math.isinf(n) else (10 if n > 0 else 0)
    else:  # null, booleans, arrays, objects: ignored, as JSON.stringify's space argument → compact
        indent = 0
    return json_encode(value, indent)


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    fn_json_encode,
    fn_json_decode,
    fn_base64_encode,
    fn_base64_decode,
    fn_url_encode,
    fn_url_decode,
    fn_uuid,
    fn_match,
    fn_test,
    fn_match_all,
    fn_hash,
    fn_pretty,
)
