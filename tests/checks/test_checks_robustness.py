"""analyze() never raises on user input: seeded mutations of every example and golden case, strict mode."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from server.checks import AnalyzeOptions, analyze

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(ROOT.glob("examples/**/*.flow.md")) + sorted((ROOT / "tests" / "golden" / "cases").glob("*.flow.md"))
PIECES = (
    "{{", "}}", "<", ">", "/>", '"', "'", "&", "&lt;", "$secrets.", "$config[", "=>", "(", ")", "[", "]", "-", ".",
    "\n", "\r", "---\n", "<!-- flowscript-ignore VALID_UNKNOWN_FIELD: x -->\n", "</workflow>", "<case when='",
    'input="', "<on-error>", "{", "}", ",", ":", "\t", "\ufeff", "\U0001f600",
)  # fmt: skip


def _mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        pos = rng.randrange(len(chars) + 1)
        roll = rng.random()
        if roll < 0.4:
            chars.insert(pos, rng.choice(PIECES))
        elif roll < 0.8 and chars:
            start = pos % len(chars)
            del chars[start : start + rng.randint(1, 8)]
        else:
            chars.insert(pos, chr(rng.randint(0, 0x2FF)))
    return "".join(chars)


@pytest.mark.parametrize("seed", range(4))
def test_mutated_documents_never_raise(seed: int) -> None:
    assert SOURCES
    rng = random.Random(seed)
    texts = [path.read_text(encoding="utf-8") for path in SOURCES]
    options = AnalyzeOptions(strict_internal_errors=True)
    for _ in range(60):
        text = _mutate(rng.choice(texts), rng)
        for diag in analyze(text, ROOT / "tests" / "checks" / "mutated.flow.md", options):
            assert 0 <= diag.start <= diag.end <= len(text.removeprefix("\ufeff"))
