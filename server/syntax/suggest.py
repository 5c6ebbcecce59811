"""Did-you-mean suggestions (DIAGNOSTICS.md §2.4): the runtimes' implementation, re-exported for the server side."""

from __future__ import annotations

from runtimes.validation.suggest import did_you_mean, did_you_mean_hint, levenshtein

__all__ = ["did_you_mean", "did_you_mean_hint", "levenshtein"]
