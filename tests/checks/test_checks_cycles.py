"""VALID_CIRCULAR_DEPENDENCY (DIAGNOSTICS.md §4.5 algorithm)."""

from __future__ import annotations

from tests.checks.checks_helpers import flow, only, run


def _t(node_id: str, input_id: str | None = None) -> str:
    attr = f' input="{input_id}"' if input_id else ""
    return f'  <transform id="{node_id}"{attr}><template>x</template></transform>'


def test_cycle_reported_once_from_first_member_with_related_edges() -> None:
    text = flow("\n".join([_t("a", "c"), _t("b", "a"), _t("c", "b"), _t("lead", "a")]))
    found = only(run(text), "VALID_CIRCULAR_DEPENDENCY")
    assert len(found) == 1
    d = found[0].diagnostic
    assert d.message == "Circular dependency detected: a -> c -> b -> a"
    assert found[0].covered == "c"
    assert d.start == text.index('input="c"') + 7
    assert [r.message for r in d.related] == ["c takes its input from b", "b takes its input from a"]
    assert d.hints == ("Break the cycle by removing one of the input references",)


def test_self_reference_and_two_disjoint_cycles() -> None:
    text = flow("\n".join([_t("s", "s"), _t("x", "y"), _t("y", "x")]))
    found = only(run(text), "VALID_CIRCULAR_DEPENDENCY")
    assert [f.diagnostic.message for f in found] == [
        "Circular dependency detected: s -> s",
        "Circular dependency detected: x -> y -> x",
    ]
    assert found[0].diagnostic.related == ()


def test_cycle_through_nested_nodes_and_duplicate_ids_resolve_to_first() -> None:
    body = '  <phase name="p">\n' + _t("a", "b") + "\n  </phase>\n" + _t("b", "a") + "\n" + _t("a", "zzz")
    found = only(run(flow(body)), "VALID_CIRCULAR_DEPENDENCY")
    assert [f.diagnostic.message for f in found] == ["Circular dependency detected: a -> b -> a"]
