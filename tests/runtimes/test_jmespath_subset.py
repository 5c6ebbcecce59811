"""The plain-shape JMESPath recogniser (runtimes.http.jmespath_subset) never accepts what jmespath rejects."""

from __future__ import annotations

import jmespath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runtimes.http.jmespath_subset import certainly_valid
from runtimes.http.validate import jmespath_error

_PIECES = ["a", "b", "_x1", "true", ".", "[", "]", "{", "}", ":", ",", "|", "*", "@", "0", "-1", "12", " ", "?", "'"]


def _compiles(expression: str) -> bool:
    try:
        jmespath.compile(expression)
    except Exception:
        return False
    return True


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14).map("".join))
def test_what_the_recogniser_accepts_compiles(expression: str) -> None:
    if certainly_valid(expression):
        assert _compiles(expression), expression


_NAMES = st.sampled_from(["a", "b", "c1", "_", "true"])
_SHAPES = st.recursive(
    _NAMES | st.sampled_from(["*", "@"]),
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda pair: f"{pair[0]}.{pair[1]}"),
        st.tuples(inner, st.sampled_from(["[0]", "[-1]", "[*]", "[]", "[12]"])).map("".join),
        st.lists(inner, min_size=1, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(_NAMES, inner), min_size=1, max_size=3).map(
            lambda pairs: "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"
        ),
        st.tuples(inner, inner).map(lambda pair: f"{pair[0]} | {pair[1]}"),
    ),
    max_leaves=12,
)


@settings(max_examples=3000, deadline=None)
@given(_SHAPES)
def test_what_the_recogniser_accepts_among_grammar_shaped_expressions_compiles(expression: str) -> None:
    if certainly_valid(expression):
        assert _compiles(expression), expression


@pytest.mark.parametrize(
    "expression",
    ["data", "items[].{id: id, name: name}", "a.b[0][-1].c[*].d[]", "*.a", "a | b", "[0].a", "a.[b, c]", "@"],
)
def test_plain_shapes_are_recognised(expression: str) -> None:
    assert certainly_valid(expression) and _compiles(expression)


@pytest.mark.parametrize("expression", ["a[0:2]", "foo[?a == `1`]", "'x'", "length(a)", "a || b", '"quoted"'])
def test_other_valid_shapes_are_left_to_the_library(expression: str) -> None:
    assert not certainly_valid(expression)
    assert jmespath_error(expression) is None


@pytest.mark.parametrize("expression", ["a[b]", "a.[0]", "a b", "a.", "", "{a}", "[a,]", "a[*]b"])
def test_invalid_expressions_still_get_the_library_message(expression: str) -> None:
    assert not certainly_valid(expression)
    assert jmespath_error(expression) is not None


@pytest.mark.parametrize("expression", ["[ ]", "a[ ]", "a.b[\t]"])
def test_spaced_flatten_brackets_are_not_recognised(expression: str) -> None:
    """Found by the property test above: JMESPath's flatten token is ``[]`` without space; ``[ ]`` does not compile."""
    assert not _compiles(expression)
    assert not certainly_valid(expression)
