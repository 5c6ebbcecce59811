"""Static facts (EXPRESSIONS.md §9.2): variables, member paths, calls, arrows, blocked names, with ranges."""

from __future__ import annotations

from runtimes.expressions.analysis import ExprFacts, analyze_source


def facts(source: str) -> ExprFacts:
    return analyze_source(source)[1]


def test_root_variables_exclude_params_and_callees() -> None:
    f = facts("count(xs, x => x.a > y) + upper(name)")
    assert [(v.name, v.start, v.end) for v in f.variables] == [("xs", 6, 8), ("y", 21, 22), ("name", 32, 36)]


def test_params_shadow_only_inside_their_arrow() -> None:
    f = facts("count(x, x => x) + x")
    assert [(v.name, v.start) for v in f.variables] == [("x", 6), ("x", 19)]


def test_member_paths_with_literal_and_computed_parts() -> None:
    f = facts("$config.out + $secrets['API_KEY'] + node.output.items[0][k].name")
    paths = {p.root: p for p in f.paths}
    assert [(part.name, part.start, part.end, part.computed) for part in paths["$config"].parts] == [
        ("out", 8, 11, False)
    ]
    secret = paths["$secrets"].parts[0]
    assert (secret.name, secret.start, secret.end, secret.computed, secret.literal) == ("API_KEY", 23, 32, True, True)
    node = paths["node"]
    assert node.dotted == "node.output.items.0[].name"
    assert [p.literal for p in node.parts] == [True, True, True, False, True]
    assert "k" in [v.name for v in f.variables]


def test_only_maximal_chains_and_nested_paths_inside_indexes() -> None:
    f = facts("a.b[c.d].e")
    assert sorted(p.dotted for p in f.paths) == ["a.b[].e", "c.d"]


def test_param_rooted_chains_are_not_paths() -> None:
    f = facts("find(items, it => it.output.x)")
    assert [p.root for p in f.paths] == []


def test_calls() -> None:
    f = facts("upper(a, ...b) + JSON.parse(s) + f(x)(y) + xs.map(g)")
    by_start = {c.callee_start: c for c in f.calls}
    upper = by_start[0]
    assert (upper.name, upper.callee_end, upper.open_start, upper.close_end) == ("upper", 5, 5, 14)
    assert (upper.arg_count, upper.has_spread) == (2, True)
    json_call = by_start[17]
    assert (json_call.name, json_call.qualified, json_call.method) == (None, "JSON.parse", "parse")
    assert (json_call.callee_start, json_call.callee_end) == (17, 27)
    method = next(c for c in f.calls if c.method == "map")
    assert (method.name, method.qualified) == (None, "xs.map")
    curried = [c for c in f.calls if c.callee_start == 33]
    assert sorted((c.name or "") for c in curried) == ["", "f"]


def test_arrow_positions() -> None:
    assert [a.position for a in facts("x => x * 2").arrows] == ["whole"]
    f = facts("count(xs, x => x > 1) + every(ys, (y, i) => i)")
    assert [(a.position, a.predicate_of, a.params) for a in f.arrows] == [
        ("predicate", "count", ("x",)),
        ("predicate", "every", ("y", "i")),
    ]
    f = facts("merge(x => x) + count(x => 1, xs) + [y => y]")
    assert [a.position for a in f.arrows] == ["other", "other", "other"]
    f = facts("(x => x)")
    assert f.arrows[0].whole


def test_blocked_names_and_this() -> None:
    f = facts("__proto__ + a.constructor + a['__x__'] + {prototype: 1} + this")
    assert [(b.name, b.kind, b.start, b.end) for b in f.blocked] == [
        ("__proto__", "identifier", 0, 9),
        ("constructor", "property", 14, 25),
        ("__x__", "property", 30, 37),
        ("prototype", "key", 42, 51),
        ("this", "this", 58, 62),
    ]
    assert f.uses_this


def test_deep_flat_chains_are_walked_iteratively() -> None:
    f = facts(" + ".join(f"v{i}" for i in range(5000)))
    assert len(f.variables) == 5000
    f = facts("a" + ".b" * 5000)
    assert len(f.paths[0].parts) == 5000
