"""Copy the canonical rule pages (``server/checks/rules/*.md``) to ``docs/rules/``.

Run ``python -m server.checks.rules_sync``; ``--check`` only compares and exits 1 when ``docs/rules`` is out of date.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from server.checks.rule_docs import rule_page_names, rule_text

__all__ = ["main", "out_of_date"]

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs" / "rules"


def out_of_date(docs_dir: Path = DOCS_DIR) -> list[str]:
    """Page names whose copy in ``docs_dir`` is missing or different, plus stray ``.md`` files there."""
    names = rule_page_names()
    stale = []
    for name in names:
        target = docs_dir / f"{name}.md"
        if not target.is_file() or target.read_text(encoding="utf-8") != rule_text(name):
            stale.append(name)
    if docs_dir.is_dir():
        stale.extend(sorted(p.stem for p in docs_dir.glob("*.md") if p.stem not in names))
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    stale = out_of_date()
    if "--check" in args:
        for name in stale:
            sys.stderr.write(f"docs/rules/{name}.md is out of date\n")
        return 1 if stale else 0
    DOCS_DIR.mkdir(parents=True, exist_ok=True)
    for name in rule_page_names():
        text = rule_text(name)
        if text is not None:
            (DOCS_DIR / f"{name}.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
