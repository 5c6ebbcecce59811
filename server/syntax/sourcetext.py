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

from runtimes.lazyre import lazy_compile

__all__ = ["SourceText", "decode_entities"]

_WS = " \t\r\n"
_new_str = str.__new__


class SourceText(str):
    """A string plus, for each character, the document offset it came from.

    A value copied unchanged from the document (the common case) stores only its start offset ``_at``; other values
    also store ``_runs = (starts, docs, ends)``.
    """

    _at: int
    _runs: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]] | None = None

    def __new__(cls, value: str, offset: int = 0) -> SourceText:
        """A string whose characters are contiguous in the document, starting at ``offset``."""
        obj = str.__new__(cls, value)
        obj._at = offset
        return obj

    @classmethod
    def _from_runs(cls, value: str, starts: list[int], docs: list[int], ends: list[int], at: int) -> SourceText:
        obj = str.__new__(cls, value)
        obj._at = at
        if len(starts) == 1 and ends[0] - docs[0] == len(value):
            obj._at = docs[0]
        elif starts:
            obj._runs = (tuple(starts), tuple(docs), tuple(ends))
        return obj

    @property
    def _starts(self) -> tuple[int, ...]:
        return self._runs[0] if self._runs is not None else ((0,) if self else ())

    @property
    def _docs(self) -> tuple[int, ...]:
        return self._runs[1] if self._runs is not None else ((self._at,) if self else ())

    @property
    def _ends(self) -> tuple[int, ...]:
        return self._runs[2] if self._runs is not None else ((self._at + len(self),) if self else ())

    @classmethod
    def empty(cls, offset: int) -> SourceText:
        """An empty value located at ``offset`` (e.g. ``a=""`` → between the quotes)."""
        return cls("", offset)

    @classmethod
    def concat(cls, parts: Iterable[SourceText], at: int | None = None) -> SourceText:
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
            base += plen
        return cls._from_runs("".join(chunks), starts, docs, ends, first_at if first_at is not None else 0)

    # -- offsets -------------------------------------------------------------------------------------------------

    def _run(self, i: int) -> int:
        return bisect_right(self._starts, i) - 1

    def doc_offset(self, i: int) -> int:
        """Document offset of character ``i``; ``i == len(self)`` gives the end of the last character."""
        n = len(self)
        runs = self._runs
        if runs is None:
            return self._at + max(0, min(i, n))
        if i >= n:
            return self._char_end(n - 1)
        i = max(i, 0)
        k = bisect_right(runs[0], i) - 1
        return runs[1][k] + (i - runs[0][k])

    def _char_end(self, i: int) -> int:
        runs = self._runs
        if runs is None:
            return self._at + i + 1
        starts, docs, ends = runs
        k = bisect_right(starts, i) - 1
        run_last = (starts[k + 1] if k + 1 < len(starts) else len(self)) - 1
        if i == run_last:
            return ends[k]
        return docs[k] + (i - starts[k]) + 1

    def doc_span(self, i: int, j: int) -> tuple[int, int]:
        """Document range ``[start, end)`` of the characters ``[i, j)`` (zero-length when ``i >= j``)."""
        n = len(self)
        i = max(0, min(i, n))
        j = max(0, min(j, n))
        if self._runs is None:
            return self._at + i, self._at + max(i, j)
        if j <= i:
            off = self.doc_offset(i)
            return off, off
        return self.doc_offset(i), self._char_end(j - 1)

    @property
    def span(self) -> tuple[int, int]:
        """Document range of the whole value."""
        if self._runs is None:
            return self._at, self._at + len(self)
        return self.doc_span(0, len(self))

    @property
    def is_contiguous(self) -> bool:
        """True when the characters are an unmodified slice of the document."""
        return self._runs is None

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
        if self._runs is None:
            return SourceText(value, self._at + i)
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
        left = str.lstrip(self, chars)
        i = n - len(left)
        if i == 0 and (n == 0 or self[-1] not in chars):
            return self
        value = left.rstrip(chars)
        if not value:
            return SourceText.empty(self.doc_offset(i)) if n else self
        if self._runs is None:  # contiguous: the slice starts i characters later in the document
            obj = _new_str(SourceText, value)
            obj._at = self._at + i
            return obj
        return self.sub(i, i + len(value))

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
_ENTITY = lazy_compile(r"&(?:#([0-9]+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));")
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
