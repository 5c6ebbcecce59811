"""Helpers for the check tests: build a document, analyse it strictly, look diagnostics up by code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from server.checks import AnalyzeOptions, analyze
from server.diagnostics import Diagnostic

FRONTMATTER = '---\nname: demo\nversion: "1.0.0"\n---\n'


@dataclass(frozen=True)
class Found:
    diagnostic: Diagnostic
    text: str

    @property
    def covered(self) -> str:
        return self.text[self.diagnostic.start : self.diagnostic.end]


def flow(body: str, frontmatter: str = FRONTMATTER) -> str:
    return f"{frontmatter}<workflow>\n{body}\n</workflow>\n"


def run(text: str, path: Path | None = None, **options: object) -> list[Found]:
    opts = AnalyzeOptions(strict_internal_errors=True, **options)  # type: ignore[arg-type]
    return [Found(d, text) for d in analyze(text, path, opts)]


def codes(found: list[Found]) -> list[str]:
    return [f.diagnostic.code for f in found]


def only(found: list[Found], code: str) -> list[Found]:
    return [f for f in found if f.diagnostic.code == code]


def one(found: list[Found], code: str) -> Found:
    hits = only(found, code)
    assert len(hits) == 1, [(f.diagnostic.code, f.diagnostic.message) for f in found]
    return hits[0]
