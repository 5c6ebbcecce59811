from __future__ import annotations

from typing import Any

import pytest

from runtimes.base import ConfigValue, NodeSpec, ValidateContext
from runtimes.validation.common import (
    check_boolean,
    check_common,
    check_enum,
    check_non_negative_int,
    check_positive_int,
    classify,
    effective_text,
    segments,
)
from runtimes.validation.suggest import did_you_mean, did_you_mean_hint, levenshtein


def ctx(**defaults: Any) -> ValidateContext:
    return ValidateContext(workflow_dir=None, base_dir=None, config_defaults=defaults)


def node(key: str, config: dict[str, ConfigValue], node_id: str | None = "n") -> NodeSpec:
    element, _, _ = key.partition(":")
    element = {"http": "source", "file": "source", "database": "source"}.get(element, element)
    return NodeSpec(id=node_id, element=element, type=None, key=key, config=config)


# --- did-you-mean ------------------------------------------------------------------------------------------------


def test_levenshtein() -> None:
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3
    assert levenshtein("same", "same") == 0


def test_did_you_mean_orders_by_distance_then_candidate_order() -> None:
    assert did_you_mean("formt", ["path", "format", "pretty"]) == ["format"]
    assert did_you_mean("ab", ["xy", "ac", "ab_", "zz"]) == ["ac", "ab_", "xy"]


def test_did_you_mean_threshold_and_limit() -> None:
    assert did_you_mean("completely", ["path", "format"]) == []
    assert len(did_you_mean("a", ["b", "c", "d", "e"])) == 3


def test_did_you_mean_is_case_insensitive_and_hint_text() -> None:
    assert did_you_mean_hint("CREATEDIR", ["path", "createDir"]) == "Did you mean: createDir?"
    assert did_you_mean_hint("cse", ["case"], element=True) == "Did you mean: <case>?"
    assert did_you_mean_hint("zzzzzzzz", ["case"]) is None


# --- value classes -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "missing"), ("", "missing"), ("   ", "missing"), ("a", "literal"), ("a{{b}}", "template"), ({}, "object")],
)
def test_classify(value: ConfigValue | None, expected: str) -> None:
    assert classify(value) == expected


def test_segments_follow_the_template_grammar() -> None:
    parts = segments("a {{ x }} \\{{ b {{ f({c: {d: 1}}) }}")
    assert [(p.kind, p.text, p.start, p.end) for p in parts] == [
        ("text", "a ", 0, 2),
        ("expression", "x", 2, 9),
        ("text", " ", 9, 10),
        ("text", "{{", 10, 13),
        ("text", " b ", 13, 16),
        ("expression", "f({c: {d: 1}})", 16, 36),
    ]
    assert segments("x {{ '}}' + y")[-1].kind == "unclosed"


def test_effective_text_of_literal_and_static_templates() -> None:
    assert effective_text("data.json", ctx()) is not None
    eff = effective_text("{{ $config.out }}/x.json", ctx(out="./out"))
    assert eff is not None and eff.text == "./out/x.json" and eff.span == (0, 17)
    eff = effective_text("p{{$config['n']}}", ctx(n=2.5))
    assert eff is not None and eff.text == "p2.5"
    eff = effective_text("{{$config.b}}", ctx(b=True))
    assert eff is not None and eff.text == "true"


@pytest.mark.parametrize(
    ("value", "defaults"),
    [
        ("{{ $config.missing }}", {}),
        ("{{ $config.obj }}", {"obj": {"a": 1}}),
        ("{{ $config.none }}", {"none": None}),
        ("{{ name }}", {}),
        ("{{ $config.a + 1 }}", {"a": 1}),
        ("{{ $config.a", {"a": 1}),
        ("", {}),
    ],
)
def test_effective_text_is_none_for_dynamic_values(value: str, defaults: dict[str, Any]) -> None:
    assert effective_text(value, ctx(**defaults)) is None


# --- common checks -----------------------------------------------------------------------------------------------


def test_unknown_key_is_a_warning_at_the_key_with_did_you_mean() -> None:
    issues = check_common(node("file:source", {"path": "a.json", "formt": "json"}))
    assert len(issues) == 1
    issue = issues[0]
    assert (issue.code, issue.severity, issue.target, issue.path) == (
        "VALID_UNKNOWN_FIELD",
        "warning",
        "key",
        ("formt",),
    )
    assert issue.message == 'Unknown setting "formt" for file:source node "n"'
    assert issue.hints == ("Did you mean: format?",)


def test_unknown_key_gets_the_alias_hint() -> None:
    issues = check_common(node("http:source", {"url": "https://a", "jmespath": "x"}))
    assert issues[0].hints[-1] == 'Use "extract" instead of "jmespath"'


@pytest.mark.parametrize(
    ("key", "config", "message", "hints"),
    [
        ("file:sink", {}, 'File sink "n" requires a "path"', ('Add path="data/file.json" or a <path> child',)),
        ("http:source", {"url": "  "}, 'HTTP source "n" requires a "url"', ('Add url="https://..." or a <url> child',)),
        (
            "database:sink",
            {"connection": ":memory:"},
            'Database sink "n" requires a "table" attribute',
            ('Add table="my_table" to specify the target table',),
        ),
        ("transform:map", {}, 'Map transform "n" requires an "expression"', ()),
    ],
)
def test_required_key_missing(key: str, config: dict[str, ConfigValue], message: str, hints: tuple[str, ...]) -> None:
    issues = check_common(node(key, config))
    assert [(i.code, i.severity, i.message, i.hints, i.path) for i in issues] == [
        ("VALID_MISSING_REQUIRED_FIELD", "error", message, hints, ())
    ]


def test_node_without_id_is_named_by_its_tag() -> None:
    issues = check_common(node("file:source", {}, node_id=None))
    assert issues[0].message == 'File source "<source>" requires a "path"'


def test_kind_mismatches() -> None:
    issues = check_common(node("http:source", {"url": "https://a", "headers": "oops", "body": {"a": "b"}}))
    assert [(i.message, i.path) for i in issues] == [
        ('"headers" must be key-value lines or child elements', ("headers",)),
        ('"body" must be text', ("body",)),
    ]
    assert check_common(node("http:source", {"url": "https://a", "headers": ""})) == []


def test_integer_boolean_enum_messages() -> None:
    c = ctx()
    cfg: dict[str, ConfigValue] = {"a": "0", "b": "-1", "c": "yes", "d": "JSON", "e": "5", "f": "TRUE", "g": "0"}
    assert check_positive_int(cfg, "a", c)[0].message == '"a" must be a positive integer: "0"'
    assert check_positive_int(cfg, "e", c) == []
    assert check_non_negative_int(cfg, "b", c)[0].message == '"b" must be a non-negative integer: "-1"'
    assert check_non_negative_int(cfg, "g", c) == []
    assert check_boolean(cfg, "c", c)[0].message == '"c" must be true or false: "yes"'
    assert check_boolean(cfg, "f", c) == []
    assert check_enum(cfg, "d", ["json", "text"], c)[0].message == '"d" must be one of json, text: "JSON"'


def test_value_rule_through_a_static_value_points_at_the_segment() -> None:
    issues = check_positive_int({"timeout": "{{ $config.t }}"}, "timeout", ctx(t="abc"))
    assert len(issues) == 1
    assert issues[0].span == (0, 15)
    assert issues[0].hints[-1] == 'With $config.t = "abc" (its default) the value is "abc"'
    assert check_positive_int({"timeout": "{{ t }}"}, "timeout", ctx()) == []
