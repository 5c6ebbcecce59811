"""Tokens of the expression language (EXPRESSIONS.md §4.1).

``tokenize(source)`` returns the whole token list, ending with one ``eof`` token. Lexing never raises: the first
lexical error becomes an ``error`` token (with its message) that ends the list, so the parser reports problems in
source order. Token kinds: ``name``, ``num``, ``str``, ``eof``, ``error``, and for punctuators the punctuator itself
(``"+"``, ``"?."``, ``"=>"`` …).
"""

from __future__ import annotations

import re

from runtimes.expressions.values import normalize_number
from runtimes.lazyre import lazy_compile

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Final

__all__ = ["Token", "tokenize"]


class Token:
    """One token: ``kind``, source ``text``, ``[start, end)``, decoded ``value`` (numbers, strings, error message)."""

    __slots__ = ("end", "kind", "start", "text", "value")

    def __init__(self, kind: str, text: str, start: int, end: int, value: Any = None) -> None:
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
        self.value = value

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.text!r}, {self.start}, {self.end})"


_ASSIGNMENT: Final = frozenset({">>>=", "<<=", ">>=", "**=", "&&=", "||=", "??=", "+=", "-=", "*=", "/=", "%="})
_ASSIGNMENT_ALL: Final = _ASSIGNMENT | {"&=", "|=", "^=", "="}
_BITWISE: Final = frozenset({">>>", "<<", ">>", "|", "&", "^", "~"})

_PUNCTUATORS = (
    ">>>=",
    "===",
    "!==",
    "...",
    "**=",
    "&&=",
    "||=",
    "??=",
    "<<=",
    ">>=",
    ">>>",
    "=>",
    "==",
    "!=",
    "<=",
    ">=",
    "&&",
    "||",
    "??",
    "**",
    "+=",
    "-=",
    "*=",
    "/=",
    "%=",
    "&=",
    "|=",
    "^=",
    "<<",
    ">>",
)
_SINGLE = "<>+-*/%!.,()[]{}?:;=|&^~"

# Identifier characters (§4.1): A-Z a-z $ _ and everything >= U+0080, plus 0-9 after the first. Written as negated
# ASCII sets, which compile in well under a millisecond (a U+0080-U+10FFFF range costs ~30 ms at import).
_ID_START_CLASS = r"[^\x00-\x23\x25-\x40\x5b-\x5e\x60\x7b-\x7f]"
_ID_PART_CLASS = r"[^\x00-\x23\x25-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]"

_TOKEN_RE: Final = re.compile(
    rf"""
      (?P<ws>[ \t\r\n]+)
    | (?P<name>{_ID_START_CLASS}{_ID_PART_CLASS}*)
    | (?P<num>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)(?P<numtail>{_ID_PART_CLASS}*)
    | (?P<str>'[^'\\]*(?:\\.[^'\\]*)*'|"[^"\\]*(?:\\.[^"\\]*)*")
    | (?P<opt>\?\.(?![0-9]))
    | (?P<punct>{"|".join(re.escape(p) for p in _PUNCTUATORS)}|[{re.escape(_SINGLE)}])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_ESCAPES: Final = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE_RE: Final = lazy_compile(r"\\(.)", re.DOTALL)


def _unescape(match: re.Match[str]) -> str:
    c = match.group(1)
    return _ESCAPES.get(c, c)


def _number(text: str) -> int | float:
    if text.isdigit():
        return normalize_number(int(text))
    return normalize_number(float(text))  # the text matched the number grammar, so float() is exact here


def tokenize(source: str) -> list[Token]:
    """All tokens of ``source`` plus a final ``eof`` (or ``error``) token."""
    tokens: list[Token] = []
    append = tokens.append
    match = _TOKEN_RE.match
    pos = 0
    n = len(source)
    while pos < n:
        m = match(source, pos)
        if m is None:  # pragma: no cover - the ``other`` alternative matches any character
            break
        kind = m.lastgroup
        end = m.end()
        if kind == "ws":
            pos = end
            continue
        text = m.group()
        if kind == "name":
            append(Token("name", text, pos, end, text))
        elif kind == "numtail" or kind == "num":
            if m.group("numtail"):
                append(Token("error", text, pos, end, "Invalid number"))
                return tokens
            append(Token("num", text, pos, end, _number(text)))
        elif kind == "str":
            body = text[1:-1]
            value = _ESCAPE_RE.sub(_unescape, body) if "\\" in body else body
            append(Token("str", text, pos, end, value))
        elif kind == "opt":
            append(Token("?.", text, pos, end))
        elif kind == "punct":
            if text in _ASSIGNMENT_ALL:
                append(Token("error", text, pos, end, "Assignment is not allowed"))
                return tokens
            if text in _BITWISE:
                append(Token("error", text, pos, end, f'Bitwise operator "{text}" is not supported'))
                return tokens
            append(Token(text, text, pos, end))
        else:
            if text == "'" or text == '"':
                append(Token("error", source[pos:], pos, n, "Unclosed string literal"))
            elif text == "`":
                append(Token("error", text, pos, end, "Template literals are not supported"))
            else:
                append(Token("error", text, pos, end, f'Unexpected character "{text}"'))
            return tokens
        pos = end
    append(Token("eof", "", n, n))
    return tokens
