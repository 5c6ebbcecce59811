"""Offsets <-> (line, character) for one document, in code points and in UTF-16 / UTF-8 units.

Line breaks are ``\\r\\n``, ``\\n`` and a lone ``\\r`` (LANGUAGE.md §2.1). This is the only place that knows about
client position encodings; everything else works with code-point offsets into the document text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from runtimes.lazyre import lazy_compile

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

__all__ = ["Encoding", "PositionIndex"]

Encoding: TypeAlias = 'Literal["utf-16", "utf-8", "utf-32"]'

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_ASCII = lazy_compile(r"[\x00-\x7f]*\Z")


class PositionIndex:
    """Maps code-point offsets of ``text`` to positions and back."""

    __slots__ = ("_line_ends", "_line_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        ends: list[int] = []
        for match in _LINE_BREAK.finditer(text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(text))
        self._line_starts = starts
        self._line_ends = ends

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_start(self, line: int) -> int:
        return self._line_starts[line]

    def line_end(self, line: int) -> int:
        """Offset of the end of ``line``'s content (before its line break)."""
        return self._line_ends[line]

    def line_text(self, line: int) -> str:
        return self.text[self._line_starts[line] : self._line_ends[line]]

    def line_of(self, offset: int) -> int:
        offset = max(0, min(offset, len(self.text)))
        return bisect_right(self._line_starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) in code points. An offset inside a ``\\r\\n`` pair maps to the end of the line."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._line_starts, offset) - 1
        return line, min(offset, self._line_ends[line]) - self._line_starts[line]

    def position_in(self, offset: int, encoding: Encoding = "utf-16") -> tuple[int, int]:
        """(line, character) with the character counted in the units of ``encoding``."""
        line, char = self.position(offset)
        if encoding == "utf-32":
            return line, char
        start = self._line_starts[line]
        prefix = self.text[start : start + char]
        if _ASCII.match(prefix):
            return line, char
        if encoding == "utf-16":
            return line, char + sum(1 for c in prefix if ord(c) > 0xFFFF)
        return line, len(prefix.encode("utf-8", "surrogatepass"))

    def offset(self, line: int, character: int, encoding: Encoding = "utf-16") -> int:
        """Offset of a client position; out-of-range values are clamped (LSP rules)."""
        if line < 0:
            return 0
        if line >= len(self._line_starts):
            return len(self.text)
        start = self._line_starts[line]
        end = self._line_ends[line]
        if character <= 0:
            return start
        if encoding == "utf-32":
            return min(start + character, end)
        units = 0
        pos = start
        while pos < end and units < character:
            code = ord(self.text[pos])
            if encoding == "utf-16":
                units += 2 if code > 0xFFFF else 1
            else:
                units += 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
            pos += 1
        return pos
