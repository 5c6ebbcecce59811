"""The registry holds exactly the 118 names of EXPRESSIONS.md §10 with arities from their signatures."""

from __future__ import annotations

import pytest

from runtimes.expressions.builtins import CATEGORY_MODULES, FUNCTIONS, BuiltinFunction

SPEC_NAMES = {
    "string": "upper lower trim replace split join truncate concat includes starts_with ends_with substring pad_start "
    "pad_end repeat char_at len",
    "array": "length first last slice flatten unique reverse contains index_of sort compact count at every some find "
    "take skip range",
    "math": "min max sum avg round floor ceil abs sqrt sign trunc pow random random_int clamp mod percent",
    "time": "now date time parse_date format_date add_time subtract_time diff timestamp from_timestamp start_of end_of "
    "get_part is_before is_after relative duration",
    "object": "keys values entries from_entries get has merge pick omit size set delete equals clone",
    "type": "typeof is_null is_array is_object is_string is_number is_boolean is_empty to_string to_number to_boolean "
    "to_array coalesce default if_else is_finite is_integer is_nan is_truthy is_falsy switch",
    "utility": "json_encode json_decode base64_encode base64_decode url_encode url_decode uuid match test match_all "
    "hash pretty",
}
COUNTS = {"string": 17, "array": 19, "math": 17, "time": 17, "object": 14, "type": 21, "utility": 12}


def test_category_counts_follow_the_spec() -> None:
    for category, names in SPEC_NAMES.items():
        assert len(names.split()) == COUNTS[category], category


def test_registry_has_exactly_the_spec_names() -> None:
    expected = {name for names in SPEC_NAMES.values() for name in names.split()} | {"array_concat"}
    assert len(expected) == 118
    assert set(FUNCTIONS) == expected
    assert len(FUNCTIONS) == 118


def test_categories() -> None:
    for category, names in SPEC_NAMES.items():
        for name in names.split():
            assert FUNCTIONS[name].category == category, name
    assert FUNCTIONS["array_concat"].category == "array"


def test_every_defined_function_is_listed() -> None:
    for module in CATEGORY_MODULES:
        defined = {v for v in vars(module).values() if isinstance(v, BuiltinFunction)}
        assert defined == set(module.FUNCTIONS), module.__name__


@pytest.mark.parametrize(
    ("name", "min_args", "max_args", "arity"),
    [
        ("now", 0, 0, "0"),
        ("upper", 1, 1, "1"),
        ("pad_start", 2, 3, "2 to 3"),
        ("substring", 1, 3, "1 to 3"),
        ("min", 1, None, "at least 1"),
        ("concat", 1, None, "at least 1"),
        ("merge", 1, None, "at least 1"),
        ("coalesce", 1, None, "at least 1"),
        ("array_concat", 1, None, "at least 1"),
        ("get", 2, 3, "2 to 3"),
        ("switch", 2, 3, "2 to 3"),
        ("if_else", 3, 3, "3"),
        ("range", 2, 3, "2 to 3"),
        ("sort", 1, 3, "1 to 3"),
        ("count", 1, 2, "1 to 2"),
        ("hash", 1, 2, "1 to 2"),
    ],
)
def test_arity(name: str, min_args: int, max_args: int | None, arity: str) -> None:
    fn = FUNCTIONS[name]
    assert (fn.min_args, fn.max_args) == (min_args, max_args)
    assert fn.arity_text() == arity


def test_signatures_and_summaries() -> None:
    for name, fn in FUNCTIONS.items():
        assert fn.name == name
        assert fn.signature.startswith(name + "(")
        assert fn.summary and "\n" not in fn.summary
