"""Rule documentation: the ``CODE.md`` pages shipped as package data in ``server/checks/rules``."""

from __future__ import annotations

from importlib import resources

from server.checks.catalogue import CODES

__all__ = ["EXTRA_PAGES", "rule_page_names", "rule_text"]

EXTRA_PAGES = ("README", "suppressions")


def rule_page_names() -> list[str]:
    """Every page name (codes first, in catalogue order, then the extra pages)."""
    return [*CODES, *EXTRA_PAGES]


def rule_text(name: str) -> str | None:
    """The Markdown page of a code (case-insensitive) or an extra page; None when there is none."""
    key = name.strip()
    upper = key.upper()
    if upper in CODES:
        key = upper
    elif key.lower() in EXTRA_PAGES:
        key = key.lower()
    elif key not in EXTRA_PAGES:
        return None
    try:
        return resources.files("server.checks.rules").joinpath(f"{key}.md").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
