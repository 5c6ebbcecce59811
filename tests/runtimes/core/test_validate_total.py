"""``validate`` is total (RUNTIMES.md §1.3): whatever the config holds, it returns issues and never raises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runtimes.base import NodeSpec, RuntimeIssue, ValidateContext
from runtimes.keys import KEY_TABLES
from runtimes.registry import BUILTIN_RUNTIMES

_STRUCTURAL_KEYS = [
    "cases", "when", "default", "condition", "max", "break", "collection", "item", "concurrency", "wait", "merge",
    "branch_count", "prompt", "timeout", "actions", "id", "label", "goto", "name", "entries", "key", "value", "var",
    "duration", "on-timeout", "workflow", "bindings", "args",
]  # fmt: skip
_DECLARED = sorted({key for table in KEY_TABLES.values() for key in table.keys} | {"type", "token", "token_url"})
_TEXT = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "5",
        "abc",
        "true",
        "FALSE",
        "../..",
        "/etc/passwd",
        "C:\\x",
        "%2e%2e/x",
        "a\0b",
        "{{",
        "{{ }}",
        "{{ $config.x }}",
        "{{ $config['y'] }}/z",
        "{{ $secrets.K }}",
        "\\{{ x }}",
        "n(0)",
        "n(2)",
        "PT0S",
        "1h30m",
        "sqlite:../x.db",
        ":memory:",
        "postgres://u:p@h/d",
        "http://u:p@h/?token=1",
        "https://x",
        '["id", 1]',
        "id, 2x",
        "upsert",
        "update",
        "insert",
        "json",
        "bearer",
        "oauth2",
        "é\u202e",
        "}}{{a}}",
    ]
) | st.text(max_size=12)
_KEYS = st.sampled_from([*_STRUCTURAL_KEYS, *_DECLARED]) | st.text(max_size=6)
_VALUES = st.recursive(
    _TEXT | st.integers(min_value=-3, max_value=3),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_KEYS, children, max_size=4),
    max_leaves=12,
)
_CONFIGS = st.dictionaries(_KEYS, _VALUES, max_size=8)
_SLOTS = st.dictionaries(
    st.sampled_from(["then", "else", "cases[0]", "default", "body", "branches[0]", "children"]),
    st.lists(st.sampled_from(["a", "b", None]), max_size=3).map(tuple),
    max_size=3,
)


def _contexts(tmp: Path) -> list[ValidateContext]:
    return [
        ValidateContext(workflow_dir=None, base_dir=None),
        ValidateContext(
            workflow_dir=tmp,
            base_dir=tmp,
            config_defaults={"x": "../../etc", "y": 3, "z": True, "n": None, "o": {"a": 1}},
            declared_secrets=frozenset({"K"}),
        ),
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(config=_CONFIGS, slots=_SLOTS, node_id=st.sampled_from([None, "n", ""]))
def test_validate_never_raises(config: dict[str, Any], slots: dict[str, tuple[str | None, ...]], node_id: str | None,
                               tmp_path: Path) -> None:  # fmt: skip
    for runtime in BUILTIN_RUNTIMES:
        element, _, kind = runtime.type.partition(":")
        if element in ("http", "file", "database", "email"):
            node_element, type_ = kind, element
        elif element == "transform":
            node_element, type_ = "transform", kind
        else:
            node_element, type_ = (kind or element), None
        node = NodeSpec(id=node_id, element=node_element, type=type_, key=runtime.type, config=config, slots=slots)
        for ctx in _contexts(tmp_path):
            issues = runtime.validate(node, ctx)
            assert isinstance(issues, list)
            assert all(isinstance(issue, RuntimeIssue) for issue in issues)
            assert issues == runtime.validate(node, ctx)  # deterministic
