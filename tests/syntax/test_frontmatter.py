"""Frontmatter: YAML 1.2 core schema with positions, and the rules of LANGUAGE.md §3.2–3.6."""

from __future__ import annotations

import math
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.syntax import Frontmatter, parse_document
from tests.syntax.syntax_helpers import Found, parse

BODY = "<workflow/>\n"


def fm(yaml_text: str) -> tuple[Frontmatter | None, list[Found]]:
    doc, diags = parse(f"---\n{yaml_text}\n---\n{BODY}")
    return doc.frontmatter, diags


def base(extra: str) -> str:
    return f'name: demo\nversion: "1.0"\n{extra}'


def raw_value(yaml_value: str) -> Any:
    front, diags = fm(base(f"schemas:\n  v: {yaml_value}"))
    assert front is not None, [d.message for d in diags]
    return front.raw["schemas"]["v"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("~", None),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("", None),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("y", "y"),
        ("42", 42),
        ("-7", -7),
        ("010", 10),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.0", 1.0),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("-.inf", -math.inf),
        ("2024-01-01", "2024-01-01"),
        ("1.0.0", "1.0.0"),
        ('"true"', "true"),
        ("'42'", "42"),
        ("!!str 42", "42"),
        ("!!int '42'", 42),
    ],
)
def test_core_schema_scalars(source: str, expected: Any) -> None:
    value = raw_value(source)
    assert value == expected and type(value) is type(expected)


def test_nan() -> None:
    assert math.isnan(raw_value(".nan"))


def test_anchors_aliases_and_merge_keys() -> None:
    front, diags = fm(base("schemas:\n  base: &b {a: 1, b: 2}\n  copy: *b\n  merged:\n    <<: *b\n    b: 3\n    c: 4"))
    assert diags == []
    assert front is not None
    assert front.raw["schemas"] == {
        "base": {"a": 1, "b": 2},
        "copy": {"a": 1, "b": 2},
        "merged": {"b": 3, "c": 4, "a": 1},
    }


def test_yaml_syntax_error_position() -> None:
    text = f"---\nversion: '1.0'\nname: demo: x y\n---\n{BODY}"
    doc, diags = parse(text)
    (d,) = diags
    assert d.code == "PARSE_YAML_INVALID"
    assert d.message == "Invalid YAML in frontmatter: mapping values are not allowed in this context"
    assert d.hints == ("Check YAML syntax", "Ensure proper indentation")
    assert d.covered == ": x y"
    line, _ = doc.positions.position(d.diagnostic.start)
    assert line == 2  # the frontmatter's second line, shifted by the opening delimiter
    end_line, end_char = doc.positions.position(d.diagnostic.end)
    assert end_line == line and end_char == len(doc.positions.line_text(line))
    assert doc.frontmatter is None
    assert doc.workflow is not None  # the body is still parsed
    assert not doc.declarations_known


def test_duplicate_key_is_reported_at_the_second_key_last_value_wins() -> None:
    text = f"---\nname: first\nversion: '1.0'\nname: second\n---\n{BODY}"
    doc, diags = parse(text)
    (d,) = diags
    assert (d.code, d.message, d.covered) == ("PARSE_YAML_INVALID", 'Duplicate key "name" in frontmatter', "name")
    assert d.diagnostic.start == text.index("name: second")
    assert d.hints == ("The last value is used",)
    (related,) = d.diagnostic.related
    assert related.message == "first defined here" and related.start == text.index("name: first")
    assert doc.frontmatter is not None and doc.frontmatter.name == "second"
    assert not doc.declarations_known


def test_duplicate_key_in_nested_mapping() -> None:
    _, diags = fm(base("config:\n  a: {type: string, type: number}"))
    assert [d.message for d in diags] == ['Duplicate key "type" in frontmatter']


@pytest.mark.parametrize("root", ["just text", "- a\n- b", "42"])
def test_root_not_a_mapping(root: str) -> None:
    front, diags = fm(root)
    (d,) = diags
    assert (d.code, d.message) == ("PARSE_YAML_INVALID", "Frontmatter must be a YAML object")
    assert d.covered.strip() == root.strip()
    assert front is None


def test_several_documents() -> None:
    # "---" would close the frontmatter, so a second document needs an explicit "--- value" start
    front, diags = fm('name: a\nversion: "1.0"\n--- b')
    assert [(d.code, d.message) for d in diags] == [("PARSE_YAML_INVALID", "Frontmatter must be a YAML object")]
    assert front is None


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("after", ["foo: 1", "# note\n\n  foo: 1", "- x", "text"])
def test_bare_document_after_document_end(newline: str, after: str) -> None:
    # YAML 1.2: a bare document may follow "...", so this is a two-document stream, not a syntax error
    yaml_text = f'name: a\nversion: "1.0"\n...  \n{after}'.replace("\n", newline)
    doc, diags = parse(f"---{newline}{yaml_text}{newline}---{newline}{BODY}")
    assert [(d.code, d.message, d.covered.strip()) for d in diags] == [
        ("PARSE_YAML_INVALID", "Frontmatter must be a YAML object", after.split("\n")[-1].strip())
    ]
    assert doc.frontmatter is None


def test_document_end_alone_is_one_document() -> None:
    front, diags = fm('name: a\nversion: "1.0"\n...\n# trailing comment')
    assert diags == []
    assert front is not None and front.name == "a"


def test_alias_bomb_finishes_quickly() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 12):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    start = time.perf_counter()
    front, diags = fm(base("schemas:\n  " + "\n  ".join(lines)))
    assert time.perf_counter() - start < 2
    assert [d.code for d in diags] == ["PARSE_YAML_INVALID"]
    assert "100000" in diags[0].message
    assert front is None


def test_recursive_alias_is_bounded() -> None:
    _front, diags = fm(base("schemas: &s\n  self: *s"))
    assert [d.code for d in diags] == ["PARSE_YAML_INVALID"]


# -- §3.2 top-level keys ------------------------------------------------------------------------------------------


def test_valid_frontmatter_model() -> None:
    front, diags = fm(
        "name: order-digest\nversion: '1.2.0'\ndescription: Digest\n"
        "trigger:\n  schedule: '0 7 * * MON-FRI'\n"
        "config:\n  min_total: {type: number, default: 100}\n  out_dir: {default: ./out}\n  flag: {}\n"
        "secrets: [SHOP_TOKEN, OTHER, SHOP_TOKEN]\n"
        "runtime: {timeout: 30s, retry: 2, concurrency: 4, context_budget: 8k}\n"
        "input:\n  who: string\n  n: {type: number, required: true, default: 1}\n"
        "output:\n  text: string\n"
        "evolution: {generation: 2, parent: abc, fitness: 0.5, learnings: [a, b]}\n"
        "schemas: [a]"
    )
    assert diags == []
    assert front is not None and front.parsed
    assert (front.name, front.version, front.description) == ("order-digest", "1.2.0", "Digest")
    assert front.trigger is not None and (front.trigger.type, front.trigger.schedule) == ("schedule", "0 7 * * MON-FRI")
    assert {n: (f.type, f.default, f.has_default) for n, f in front.config.items()} == {
        "min_total": ("number", 100, True),
        "out_dir": ("string", "./out", True),
        "flag": ("string", None, False),
    }
    assert [s.name for s in front.secrets] == ["SHOP_TOKEN", "OTHER"]
    assert front.runtime is not None and (front.runtime.timeout, front.runtime.retry) == ("30s", 2)
    assert front.input["n"].required and front.input["who"].type == "string"
    assert front.config_defaults == {"min_total": 100, "out_dir": "./out"}
    assert front.secret_names == frozenset({"SHOP_TOKEN", "OTHER"})


def test_ranges_of_keys_and_values() -> None:
    text = f"---\nname: demo\nversion: '1.0'\nconfig:\n  limit: {{type: number, default: 5}}\nsecrets: [A]\n---\n{BODY}"
    doc, diags = parse(text)
    assert diags == []
    front = doc.frontmatter
    assert front is not None
    field = front.config["limit"]
    assert text[slice(*field.key_range)] == "limit"
    assert text[slice(*field.default_range)] == "5"  # type: ignore[misc]
    assert text[slice(*field.type_range)] == "number"  # type: ignore[misc]
    assert text[slice(*front.secrets[0].range)] == "A"
    assert text[slice(*front.fields["name"].value_range)] == "demo"


@pytest.mark.parametrize(
    ("yaml_text", "message", "covered"),
    [
        ('version: "1.0"', 'Frontmatter must include a "name" field', "---"),
        ('name:\nversion: "1.0"', 'Frontmatter must include a "name" field', ""),
        ('name: "  "\nversion: "1.0"', 'Frontmatter must include a "name" field', '"  "'),
        ("name: a", 'Frontmatter must include a "version" field', "---"),
        ("name: a\nversion: ~", 'Frontmatter must include a "version" field', "~"),
    ],
)
def test_missing_required(yaml_text: str, message: str, covered: str) -> None:
    _, diags = fm(yaml_text)
    (d,) = diags
    assert (d.code, d.message, d.covered) == ("VALID_MISSING_REQUIRED_FIELD", message, covered)


@pytest.mark.parametrize(
    ("yaml_text", "message", "covered"),
    [
        ('name: 5\nversion: "1.0"', 'Frontmatter "name" must be a string', "5"),
        ("name: a\nversion: 1.0", 'Frontmatter "version" must be a string; quote it: version: "1.0"', "1.0"),
        ("name: a\nversion: 2", 'Frontmatter "version" must be a string; quote it: version: "2"', "2"),
        ("name: a\nversion: [1]", 'Frontmatter "version" must be a string', "[1]"),
        ('name: a\nversion: "v1"', 'Invalid version format "v1"', '"v1"'),
        ('name: a\nversion: "1.2.3.4"', 'Invalid version format "1.2.3.4"', '"1.2.3.4"'),
        (base("description: [x]"), 'Frontmatter "description" must be a string', "[x]"),
        (base("trigger: sometimes"), 'Invalid trigger type "sometimes"', "sometimes"),
        (base("trigger: [manual]"), 'Frontmatter "trigger" must be a string or a mapping', "[manual]"),
        (base("trigger: {manual: 'yes'}"), 'Trigger "manual" must be a boolean', "'yes'"),
        (base("trigger: {schedule: 5}"), 'Trigger "schedule" must be a string', "5"),
        (
            base("trigger: {webhook: {auth: magic}}"),
            'Trigger "webhook.auth" must be one of none, basic, bearer, hmac',
            "magic",
        ),
        (base("config: [a]"), 'Frontmatter "config" must be a mapping', "[a]"),
        (base("config: {x: {type: integer}}"), 'Config field "x" has invalid type "integer"', "integer"),
        (base("config: {x: {required: 'yes'}}"), 'Config field "x": "required" must be a boolean', "'yes'"),
        (base("config: {x: {description: 5}}"), 'Config field "x": "description" must be a string', "5"),
        (base("config: {1x: {type: string}}"), 'Config field name "1x" must match [A-Za-z_][A-Za-z0-9_]*', "1x"),
        (base("secrets: API"), 'Frontmatter "secrets" must be a list of names', "API"),
        (
            base("secrets: [ok, 'bad-name']"),
            "Secret name 'bad-name' must be a name matching [A-Za-z_][A-Za-z0-9_]*",
            "'bad-name'",
        ),
        (base("schemas: 5"), 'Frontmatter "schemas" must be a mapping or a list', "5"),
        (base("runtime: {timeout: soon}"), '"runtime.timeout" must be a duration such as 30s', "soon"),
        (base("runtime: {retry: -1}"), '"runtime.retry" must be a non-negative integer', "-1"),
        (base("runtime: {concurrency: 0}"), '"runtime.concurrency" must be a positive integer', "0"),
        (base("runtime: 5"), 'Frontmatter "runtime" must be a mapping', "5"),
        (base("input: [a]"), 'Frontmatter "input" must be a mapping', "[a]"),
        (base("output: {x: {required: 1}}"), '"output.x.required" must be a boolean', "1"),
        (base("input: {x: 5}"), '"input.x" must be a type string or a mapping', "5"),
    ],
)
def test_invalid_field_type(yaml_text: str, message: str, covered: str) -> None:
    _, diags = fm(yaml_text)
    (d,) = [x for x in diags if x.code == "VALID_INVALID_FIELD_TYPE"]
    assert (d.message, d.covered, d.severity) == (message, covered, "error")


def test_version_hints() -> None:
    _, diags = fm("name: a\nversion: 1.0")
    assert diags[0].hints == ("Unquoted numbers such as 1.0 are read as numbers",)
    _, diags = fm('name: a\nversion: "x"')
    assert diags[0].hints == ("Version must be in semver format: X.Y.Z or X.Y", 'Examples: "1.0.0", "2.1", "0.0.1"')


def test_trigger_forms() -> None:
    for text, expected in [
        ("trigger: webhook", "webhook"),
        ("trigger: {webhook: {path: /hook, auth: hmac}}", "webhook"),
        ("trigger: {manual: true, schedule: 5m}", "manual"),
        ("trigger: {type: schedule, webhook: /x}", "schedule"),
        ("trigger: {config: {a: 1}}", "manual"),
    ]:
        front, diags = fm(base(text))
        assert diags == [], text
        assert front is not None and front.trigger is not None and front.trigger.type == expected
    front, diags = fm(base("trigger:"))
    assert diags == [] and front is not None and front.trigger is None


def test_config_field_not_a_mapping_is_still_declared() -> None:
    front, diags = fm(base("config:\n  out: ./x"))
    (d,) = diags
    assert d.message == 'Config field "out" must be a mapping with "type" and "default"'
    assert d.hints == ("Write out: {type: string, default: ./x}",)
    assert front is not None
    assert (front.config["out"].type, front.config["out"].default) == ("string", "./x")


def test_config_type_inferred_from_default() -> None:
    front, diags = fm(base("config: {a: {default: 1}, b: {default: true}, c: {default: {x: 1}}, d: {default: [1]}}"))
    assert diags == []
    assert front is not None
    assert [f.type for f in front.config.values()] == ["number", "boolean", "object", "array"]


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("{type: number, default: '5'}", 'Default of config field "x" is a string but the field is declared as number'),
        (
            "{type: number, default: true}",
            'Default of config field "x" is a boolean but the field is declared as number',
        ),
        ("{type: string, default: [1]}", 'Default of config field "x" is an array but the field is declared as string'),
        (
            "{type: array, default: {a: 1}}",
            'Default of config field "x" is an object but the field is declared as array',
        ),
    ],
)
def test_config_default_type_mismatch(field: str, message: str) -> None:
    _, diags = fm(base(f"config:\n  x: {field}"))
    (d,) = diags
    assert (d.code, d.severity, d.message) == ("VALID_TYPE_MISMATCH", "warning", message)


def test_null_default_is_no_default() -> None:
    front, diags = fm(base("config: {x: {type: number, default: null}}"))
    assert diags == [] and front is not None and not front.config["x"].has_default


@pytest.mark.parametrize(
    ("yaml_text", "message", "hint"),
    [
        (base("tags: [a]"), 'Unknown frontmatter field "tags"', None),
        (base("secret: [A]"), 'Unknown frontmatter field "secret"', "Did you mean: secrets?"),
        (base("trigger: {watch: x}"), 'Unknown field "watch" in trigger', None),
        (base("config: {x: {defualt: 1}}"), 'Unknown field "defualt" in config field "x"', "Did you mean: default?"),
        (base("runtime: {concurency: 1}"), 'Unknown field "concurency" in runtime', "Did you mean: concurrency?"),
        (base("runtime: {retries: 1}"), 'Unknown field "retries" in runtime', None),
        (base("input: {x: {typ: string}}"), 'Unknown field "typ" in input "x"', "Did you mean: type?"),
        (base("output: {x: {foo: 1}}"), 'Unknown field "foo" in output "x"', None),
        (base("evolution: {gen: 1}"), 'Unknown field "gen" in evolution', None),
    ],
)
def test_unknown_fields(yaml_text: str, message: str, hint: str | None) -> None:
    _, diags = fm(yaml_text)
    (d,) = diags
    assert (d.code, d.severity, d.message) == ("VALID_UNKNOWN_FIELD", "warning", message)
    assert d.hints == ((hint,) if hint else ())
    key = message.split('"')[1]
    assert d.covered == key


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("evolution: {generation: -1}", '"evolution.generation" must be a non-negative integer'),
        ("evolution: {parent: 5}", '"evolution.parent" must be a string'),
        ("evolution: {fitness: 2}", '"evolution.fitness" must be a number between 0 and 1'),
        ("evolution: {learnings: [1]}", '"evolution.learnings" must be a list of strings'),
    ],
)
def test_evolution_problems_are_warnings(yaml_text: str, message: str) -> None:
    _, diags = fm(base(yaml_text))
    (d,) = diags
    assert (d.code, d.severity, d.message) == ("VALID_INVALID_FIELD_TYPE", "warning", message)


def test_secret_duplicates_are_ignored_silently_and_bad_items_dropped() -> None:
    front, diags = fm(base("secrets: [A, A, 5, B]"))
    assert [d.message for d in diags] == ["Secret name 5 must be a name matching [A-Za-z_][A-Za-z0-9_]*"]
    assert front is not None and [s.name for s in front.secrets] == ["A", "B"]


def test_frontmatter_positions_with_non_ascii() -> None:
    text = f"---\nname: 'é✓'\nversion: '1.0'\nbad: 1\n---\n{BODY}"
    _, diags = parse(text)
    (d,) = diags
    assert d.covered == "bad"


def test_each_repeated_key_relates_to_the_first() -> None:
    text = f"---\nname: a\nversion: '1.0'\nname: b\nname: c\n---\n{BODY}"
    doc, diags = parse(text)
    assert [d.covered for d in diags] == ["name", "name"]
    assert {d.diagnostic.related[0].start for d in diags} == {text.index("name: a")}
    assert doc.frontmatter is not None and doc.frontmatter.name == "c"


def test_duplicate_inside_a_merged_mapping_is_reported_once() -> None:
    _, diags = fm(base("schemas:\n  base: &b {x: 1, x: 2}\n  one: {<<: *b}\n  two: {<<: *b}"))
    assert [d.message for d in diags] == ['Duplicate key "x" in frontmatter']


def test_block_collection_ranges_end_at_their_last_character_not_the_next_line() -> None:
    # PyYAML ends a block collection at the start of the line after it; DIAGNOSTICS.md: "the root node".
    text = "---\n- a\n- b\n---\n<workflow></workflow>\n"
    (diag,) = [d for d in parse_document(text).diagnostics if d.code == "PARSE_YAML_INVALID"]
    assert text[diag.start : diag.end] == "- a\n- b"
    text = '---\nname: x\nversion: "1.0"\ndescription: |\n  two\n  lines\n\nconfig:\n  a: 1\n\n---\n<workflow/>\n'
    fm = parse_document(text).frontmatter
    assert fm is not None
    start, end = fm.fields["config"].value_range
    assert text[start:end] == "a: 1"
    start, end = fm.fields["description"].value_range
    assert text[start:end] == "|\n  two\n  lines"


# Where an anchor can stand, each with an alias that refers to it; "{s}" is blanks (or none where YAML allows).
ANCHOR_SITES = [
    "k:{s}&a{s}v\nj:{s}*a\n",
    "k:{s}&a\n  x: 1\nj:{s}*a\n",
    "-{s}&a{s}v\n-{s}*a\n",
    "m:{s}[{s}&a{s}v{s},{s}*a{s}]\n",
    "m: [&a v,*a]\n",
    "m:{s}{{{s}k:{s}&a{s}v,{s}j:{s}*a{s}}}\n",
    'm: {{"k":&a v, "j":*a}}\n',
    "&a k:{s}v\nj:{s}*a\n",
    "b:{s}&a{s}{{x: 1}}\nc:\n  <<:{s}*a\n",
    "? &a k\n: v\nj: *a\n",
    "k: !!str &a v\nj: *a\n",
    "k:\t&a\tv\nj:\t*a\n",
]
NOISE = ["", 'cron: "0 7 * * *"\n', "url: https://x.test/?a=1&b=2\n", "d: Tom & Jerry *ok*\n", "# &x *x\n"]


def _shared_nodes(root: Any) -> bool:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        value = node.value
        if isinstance(value, list):
            for item in value:
                stack.extend(item if isinstance(item, tuple) else (item,))
    return False


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(ANCHOR_SITES),
    st.sampled_from([" ", "  ", "\t", " \t"]),
    st.sampled_from(NOISE),
    st.sampled_from(NOISE),
)
def test_the_anchor_precheck_finds_every_document_whose_aliases_resolve(
    site: str, blank: str, before: str, after: str
) -> None:
    """The alias budget runs only when the text may hold an anchor (server.syntax.yamlnodes._ANCHOR): wherever the
    composer shares a node (an alias resolved), the pattern must have found an anchor."""
    from server.syntax import libyaml
    from server.syntax.yamlnodes import _ANCHOR, _loader_class

    text = before + site.format(s=blank) + after
    lib = libyaml.load()
    loader = _loader_class()(text)
    try:
        root = loader.get_single_node()
    except lib.YAMLError:
        return
    finally:
        loader.dispose()
    if root is not None and _shared_nodes(root):
        assert _ANCHOR.search(text), text


def test_a_cron_schedule_does_not_run_the_alias_budget() -> None:
    from server.syntax import yamlnodes

    calls: list[object] = []
    original = yamlnodes._check_graph
    yamlnodes._check_graph = lambda *args: calls.append(args) or original(*args)  # type: ignore[assignment]
    try:
        parse_document('---\nname: x\nversion: "1.0"\ntrigger:\n  schedule: "0 7 * * *"\n---\n<workflow/>\n')
        assert calls == []
        parse_document('---\nname: &n x\nversion: "1.0"\ndescription: *n\n---\n<workflow/>\n')
        assert len(calls) == 1
    finally:
        yamlnodes._check_graph = original  # type: ignore[assignment]
