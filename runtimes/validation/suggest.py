"""Did-you-mean suggestions (DIAGNOSTICS.md §2.4), the one implementation for the runtimes and the server.

Levenshtein distance on lower-cased strings, candidates within ``max(2, len(target) // 3)``, sorted by distance (ties
keep the candidate order), at most three. It lives here because ``runtimes`` never imports ``server``;
``server.syntax.suggest`` re-exports it.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["did_you_mean", "did_you_mean_hint", "levenshtein"]


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insert, delete, substitute; each costs 1)."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def did_you_mean(target: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` candidates close to ``target``, closest first, ties in candidate order."""
    lowered = target.lower()
    threshold = max(2, len(target) // 3)
    scored: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for index, candidate in enumerate(candidates):
        if candidate in seen:
            continue
        seen.add(candidate)
        if abs(len(candidate) - len(target)) > threshold:
            continue  # the length difference alone is a lower bound of the distance
        distance = levenshtein(lowered, candidate.lower())
        if distance <= threshold:
            scored.append((distance, index, candidate))
    scored.sort()
    return [candidate for _, _, candidate in scored[:limit]]


def did_you_mean_hint(target: str, candidates: Iterable[str], *, element: bool = False) -> str | None:
    """``Did you mean: a, b, c?`` or None when nothing is close. ``element`` writes names as ``<name>``."""
    found = did_you_mean(target, candidates)
    if not found:
        return None
    names = [f"<{name}>" if element else name for name in found]
    return f"Did you mean: {', '.join(names)}?"
