"""``SourceText``: a ``str`` that remembers the document offset of every character (LANGUAGE.md §8).

The mapping is stored compactly as *runs*: run ``k`` covers string indices ``[starts[k], starts[k+1])`` and maps
string index ``i`` to document offset ``docs[k] + (i - starts[k])``; ``ends[k]`` is the document offset just after the
run's last source character. A character produced by an entity (``&amp;``) is a run of one character whose document
span is the whole entity, so it maps to the entity's ``&`` and a range ending with it ends after the ``;``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

__all__ = ["SourceText", "decode_entities"]

_WS = " \t\r\n"


class SourceText(str):
    """A string plus, for each character, the document offset it came from."""

    _starts: tuple[int, ...]
    _docs: tuple[int, ...]
    _ends: tuple[int, ...]
    _at: int

    def __new__(cls, value: str, offset: int = 0) -> SourceText:
        """A string whose characters are contiguous in the document, starting at ``offset``."""
        obj = str.__new__(cls, value)
        n = len(value)
        if n:
            obj._starts = (0,)
            obj._docs = (offset,)
            obj._ends = (offset + n,)
        else:
            obj._starts = obj._docs = obj._ends = ()
        obj._at = offset
        return obj

    @classmethod
    def _from_runs(cls, value: str, starts: list[int], docs: list[int], ends: list[int], at: int) -> SourceText:
        obj = str.__new__(cls, value)
        obj._starts = tuple(starts)
        obj._docs = tuple(docs)
        obj._ends = tuple(ends)
        obj._at = at
        return obj

    @classmethod
    def empty(cls, offset: int) -> SourceText:
        """An empty value located at ``offset`` (e.g. ``a=""`` → between the quotes)."""
        return cls("", offset)

    @classmethod
    def join(cls, parts: Iterable[SourceText], at: int | None = None) -> SourceText:
        """Concatenate pieces, keeping every character's offset."""
        chunks: list[str] = []
        starts: list[int] = []
        docs: list[int] = []
        ends: list[int] = []
        base = 0
        first_at: int | None = at
        for part in parts:
            if first_at is None:
                first_at = part._at
            if not part:
                continue
            chunks.append(str(part))
            plen = len(part)
            runs = part._starts
            for k, (s, d, e) in enumerate(zip(runs, part._docs, part._ends, strict=True)):
                length = (runs[k + 1] if k + 1 < len(runs) else plen) - s
                if starts and e - d == length and ends[-1] == d and ends[-1] - docs[-1] == base + s - starts[-1]:
                    ends[-1] = e  # contiguous plain runs merge
                else:
                    starts.append(base + s)
                    docs.append(d)
                    ends.append(e)
            base += len(part)
        return cls._from_runs("".join(chunks), starts, docs, ends, first_at if first_at is not None else 0)

    # -- offsets -------------------------------------------------------------------------------------------------

    def _run(self, i: int) -> int:
        return bisect_right(self._starts, i) - 1

    def doc_offset(self, i: int) -> int:
        """Document offset of character ``i``; ``i == len(self)`` gives the end of the last character."""
        n = len(self)
        if n == 0:
            return self._at
        if i >= n:
            return self._char_end(n - 1)
        i = max(i, 0)
        if len(self._starts) == 1:
            return self._docs[0] + i
        k = self._run(i)
        return self._docs[k] + (i - self._starts[k])

    def _char_end(self, i: int) -> int:
        k = 0 if len(self._starts) == 1 else self._run(i)
        run_last = (self._starts[k + 1] if k + 1 < len(self._starts) else len(self)) - 1
        if i == run_last:
            return self._ends[k]
        return self._docs[k] + (i - self._starts[k]) + 1

    def doc_span(self, i: int, j: int) -> tuple[int, int]:
        """Document range ``[start, end)`` of the characters ``[i, j)`` (zero-length when ``i >= j``)."""
        n = len(self)
        i = max(0, min(i, n))
        j = max(0, min(j, n))
        if j <= i:
            off = self.doc_offset(i)
            return off, off
        return self.doc_offset(i), self._char_end(j - 1)

    @property
    def span(self) -> tuple[int, int]:
        """Document range of the whole value."""
        return self.doc_span(0, len(self))

    @property
    def is_contiguous(self) -> bool:
        """True when the characters are an unmodified slice of the document."""
        return len(self._starts) <= 1 and (not self._ends or self._ends[0] - self._docs[0] == len(self))

    # -- slicing helpers that keep offsets -----------------------------------------------------------------------

    def sub(self, i: int, j: int | None = None) -> SourceText:
        """``self[i:j]`` as a SourceText (no negative indices, no steps)."""
        n = len(self)
        j = n if j is None else max(0, min(j, n))
        i = max(0, min(i, j))
        if i == 0 and j == n:
            return self
        if i == j:
            return SourceText.empty(self.doc_offset(i))
        value = str.__getitem__(self, slice(i, j))
        if len(self._starts) == 1 and self._ends[0] - self._docs[0] == n:
            return SourceText(value, self._docs[0] + i)
        k0 = self._run(i)
        k1 = self._run(j - 1)
        starts: list[int] = []
        docs: list[int] = []
        ends: list[int] = []
        for k in range(k0, k1 + 1):
            s = max(self._starts[k], i)
            starts.append(s - i)
            docs.append(self._docs[k] + (s - self._starts[k]))
            ends.append(self._ends[k] if k < k1 else self._char_end(j - 1))
        return SourceText._from_runs(value, starts, docs, ends, docs[0])

    def trim(self, chars: str = _WS) -> SourceText:
        """Strip ``chars`` (spaces, tabs, CR, LF by default) at both ends; an all-blank value keeps its position."""
        n = len(self)
        i = 0
        while i < n and self[i] in chars:
            i += 1
        j = n
        while j > i and self[j - 1] in chars:
            j -= 1
        if i == j and n:
            return SourceText.empty(self.doc_offset(i))
        return self.sub(i, j)

    def splitlines_keep(self) -> list[tuple[int, int]]:
        """(start, end) string indices of each line's content; breaks are ``\\r\\n``, ``\\n``, ``\\r``."""
        lines: list[tuple[int, int]] = []
        start = 0
        for m in _LINE_BREAK.finditer(self):
            lines.append((start, m.start()))
            start = m.end()
        lines.append((start, len(self)))
        return lines

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (str(self), self._starts, self._docs, self._ends, self._at))


def _rebuild(value: str, starts: tuple[int, ...], docs: tuple[int, ...], ends: tuple[int, ...], at: int) -> SourceText:
    return SourceText._from_runs(value, list(starts), list(docs), list(ends), at)


_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_ENTITY = re.compile(r"&(?:#([0-9]+)|#[xX]([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def decode_entities(raw: str, offset: int) -> SourceText:
    """Decode the entities of LANGUAGE.md §4.2 in ``raw`` (found at document ``offset``).

    Unknown names, references to 0, surrogates or values above U+10FFFF and lone ``&`` are kept literally.
    """
    if "&" not in raw:
        return SourceText(raw, offset)
    chunks: list[str] = []
    starts: list[int] = []
    docs: list[int] = []
    ends: list[int] = []
    pos = 0
    out = 0
    for m in _ENTITY.finditer(raw):
        dec, hexa, name = m.groups()
        if name is not None:
            char = _NAMED[name]
        else:
            try:
                code = int(dec, 10) if dec is not None else int(hexa, 16)
            except ValueError:  # pragma: no cover - the pattern only admits digits
                continue
            if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                continue
            char = chr(code)
        if m.start() > pos:
            chunks.append(raw[pos : m.start()])
            starts.append(out)
            docs.append(offset + pos)
            ends.append(offset + m.start())
            out += m.start() - pos
        chunks.append(char)
        starts.append(out)
        docs.append(offset + m.start())
        ends.append(offset + m.end())
        out += 1
        pos = m.end()
    if not starts:
        return SourceText(raw, offset)
    if pos < len(raw):
        chunks.append(raw[pos:])
        starts.append(out)
        docs.append(offset + pos)
        ends.append(offset + len(raw))
    return SourceText._from_runs("".join(chunks), starts, docs, ends, offset)
