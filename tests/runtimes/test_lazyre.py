"""Patterns compiled on first use (runtimes.lazyre)."""

from __future__ import annotations

import re

import pytest

from runtimes.lazyre import lazy_compile


def test_a_lazy_pattern_compiles_on_first_use_and_then_behaves_like_the_pattern() -> None:
    source = r"(?P<word>[a-z]+)-(?P<n>[0-9]+)"
    lazy = lazy_compile(source, re.IGNORECASE)
    eager = re.compile(source, re.IGNORECASE)
    assert "lazy_compile(" in repr(lazy)
    assert object.__getattribute__(lazy, "_source") == (source, re.IGNORECASE)
    text = "Ab-1 cd-22 x-"
    match = lazy.search(text)
    assert match is not None and match.group("word") == "Ab"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.sub("#", text) == eager.sub("#", text)
    assert lazy.fullmatch("zz-9") is not None and lazy.match(" zz-9") is None
    assert lazy.findall(text) == eager.findall(text)
    assert lazy.split(text) == eager.split(text)
    assert (lazy.pattern, lazy.flags, lazy.groups, dict(lazy.groupindex)) == (
        eager.pattern,
        eager.flags,
        eager.groups,
        dict(eager.groupindex),
    )


def test_a_lazy_pattern_has_only_the_pattern_attributes() -> None:
    lazy = lazy_compile("a")
    with pytest.raises(AttributeError):
        lazy.no_such_method  # type: ignore[attr-defined]  # noqa: B018


def test_an_invalid_lazy_pattern_fails_when_first_used() -> None:
    lazy = lazy_compile("(")
    with pytest.raises(re.error):
        lazy.match("x")
