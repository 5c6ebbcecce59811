"""Did-you-mean (DIAGNOSTICS.md §2.4)."""

from __future__ import annotations

from server.syntax.suggest import did_you_mean, did_you_mean_hint, levenshtein


def test_levenshtein() -> None:
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3
    assert levenshtein("same", "same") == 0


def test_threshold_sorting_ties_and_limit() -> None:
    assert did_you_mean("souce", ["sink", "source", "sources"]) == ["source", "sources"]
    assert did_you_mean("ab", ["abc", "abd", "xab", "a", "zzz"]) == ["abc", "abd", "xab"]
    assert did_you_mean("Tranform", ["transform"]) == ["transform"]  # case-insensitive
    assert did_you_mean("x", ["y"]) == ["y"]  # threshold is at least 2
    assert did_you_mean("configuration", ["concurrency", "config"]) == []
    long_target = "abcdefghijkl"  # threshold 4
    assert did_you_mean(long_target, ["abcdefgh", "abcdefg"]) == ["abcdefgh"]


def test_hint_text() -> None:
    assert did_you_mean_hint("trasform", ["transform", "source"], element=True) == "Did you mean: <transform>?"
    assert did_you_mean_hint("defualt", ["default", "type"]) == "Did you mean: default?"
    assert did_you_mean_hint("zzzzzz", ["default"]) is None
