"""Helpers for the parser tests: wrap a body in a valid file, look diagnostics up, show the text they cover."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.diagnostics import Diagnostic
from server.syntax import Document, parse_document

FRONTMATTER = '---\nname: demo\nversion: "1.0.0"\n---\n'


def flow(body: str, frontmatter: str = FRONTMATTER) -> str:
    return f"{frontmatter}<workflow>\n{body}\n</workflow>\n"


@dataclass(frozen=True)
class Found:
    diagnostic: Diagnostic
    text: str

    @property
    def code(self) -> str:
        return self.diagnostic.code

    @property
    def message(self) -> str:
        return self.diagnostic.message

    @property
    def hints(self) -> tuple[str, ...]:
        return self.diagnostic.hints

    @property
    def covered(self) -> str:
        return self.text[self.diagnostic.start : self.diagnostic.end]

    @property
    def severity(self) -> str:
        return self.diagnostic.severity


def parse(text: str) -> tuple[Document, list[Found]]:
    doc = parse_document(text)
    return doc, [Found(d, doc.text) for d in doc.diagnostics]


def found(text: str, code: str | None = None) -> list[Found]:
    _, diags = parse(text)
    return [d for d in diags if code is None or d.code == code]


def only(text: str, code: str | None = None) -> Found:
    items = found(text, code)
    assert len(items) == 1, [(d.code, d.message, d.covered) for d in found(text)]
    return items[0]


def summary(text: str) -> list[tuple[str, str, str]]:
    """(code, message, covered text) of every diagnostic, in order."""
    return [(d.code, d.message, d.covered) for d in found(text)]


def edits(pieces: Any) -> Any:
    """A hypothesis strategy of up to six edits (position, length to remove, text from ``pieces`` to insert)."""
    from hypothesis import strategies as st

    return st.lists(
        st.tuples(st.integers(0, 5000), st.integers(0, 20), st.lists(pieces, max_size=4).map("".join)), max_size=6
    )


def apply_edits(text: str, changes: list[tuple[int, int, str]]) -> str:
    """``text`` with the :func:`edits` applied in order (positions wrap around the current length)."""
    for position, length, insert in changes:
        position %= len(text) + 1
        text = text[:position] + insert + text[position + length :]
    return text
