"""Static rules of the control, checkpoint, temporal, composition and state runtimes (RUNTIMES.md §6.10-6.14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from runtimes.base import ConfigValue, RuntimeIssue
from runtimes.composition import CallRuntime, IncludeRuntime
from runtimes.control import (
    BranchRuntime,
    CheckpointRuntime,
    ForeachRuntime,
    IfRuntime,
    LoopRuntime,
    ParallelRuntime,
    WhileRuntime,
)
from runtimes.state import ContextRuntime, PhaseRuntime, SetRuntime
from runtimes.temporal import DelayRuntime, TimeoutRuntime
from tests.runtimes.helpers import spec, vctx


def rows(issues: list[RuntimeIssue]) -> list[tuple[str, str, str, tuple[str | int, ...], tuple[str, ...]]]:
    return [(i.code, i.severity, i.message, i.path, i.hints) for i in issues]


MISSING = "VALID_MISSING_REQUIRED_FIELD"
INVALID = "VALID_INVALID_FIELD_TYPE"


def test_branch_without_cases() -> None:
    assert rows(BranchRuntime().validate(spec("branch", {"cases": []}, node_id="route"), vctx())) == [
        (
            MISSING,
            "error",
            'Branch node "route" must have at least one case',
            (),
            ('Add <case when="condition">...</case> elements inside the branch',),
        ),
    ]
    assert rows(BranchRuntime().validate(spec("branch", {}, node_id=None), vctx()))[0][2] == (
        'Branch node "<branch>" must have at least one case'
    )


def test_branch_case_without_when() -> None:
    cases: list[ConfigValue] = [{"when": "a > 1"}, {"when": " "}, {}]
    issues = BranchRuntime().validate(spec("branch", {"cases": cases}, node_id="r"), vctx())
    assert rows(issues) == [
        (
            MISSING,
            "error",
            'Branch "r" case 2 is missing a "when" condition',
            ("cases", 1),
            ('Add when="expression" to the <case> element',),
        ),
        (
            MISSING,
            "error",
            'Branch "r" case 3 is missing a "when" condition',
            ("cases", 2),
            ('Add when="expression" to the <case> element',),
        ),
    ]


@pytest.mark.parametrize(
    ("runtime", "element", "word"), [(IfRuntime(), "if", "If"), (WhileRuntime(), "while", "While")]
)
def test_if_and_while_need_condition(runtime: IfRuntime | WhileRuntime, element: str, word: str) -> None:
    assert rows(runtime.validate(spec(element, {}, node_id="c"), vctx())) == [
        (
            MISSING,
            "error",
            f'{word} node "c" is missing required "condition" attribute',
            (),
            (f'Add condition="expression" to the <{element}> element',),
        ),
    ]
    assert runtime.validate(spec(element, {"condition": "x"}), vctx()) == []


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "1.5", ""])
def test_loop_invalid_max(raw: str) -> None:
    issues = LoopRuntime().validate(spec("loop", {"max": raw, "break": "done"}, node_id="l"), vctx())
    assert rows(issues) == [
        (
            INVALID,
            "error",
            f'Loop node "l" has invalid max iterations: {raw}',
            ("max",),
            ("max must be a positive integer",),
        ),
    ]


def test_loop_template_max_and_exit_condition() -> None:
    assert LoopRuntime().validate(spec("loop", {"max": "{{ $config.n }}"}), vctx()) == []
    assert LoopRuntime().validate(spec("loop", {"max": " 5 "}), vctx()) == []
    assert rows(LoopRuntime().validate(spec("loop", {}, node_id="l"), vctx())) == [
        (
            MISSING,
            "warning",
            'Loop node "l" has no exit condition (max or break)',
            (),
            ('Add max="10" or break="condition" to prevent infinite loops',),
        ),
    ]


def test_foreach_rules() -> None:
    node = spec("foreach", {"item": "2x", "concurrency": "0"}, node_id="f")
    assert rows(ForeachRuntime().validate(node, vctx())) == [
        (
            MISSING,
            "error",
            'Foreach node "f" is missing required "collection" attribute',
            (),
            ('Add collection="items" to specify what to iterate over',),
        ),
        (
            INVALID,
            "error",
            'Foreach node "f" has invalid item variable name "2x"',
            ("item",),
            ("item must be an identifier such as item or record",),
        ),
        (
            INVALID,
            "error",
            'Foreach node "f" has invalid concurrency: 0',
            ("concurrency",),
            ("concurrency must be a positive integer",),
        ),
    ]
    ok = spec("foreach", {"collection": "xs", "item": "record", "concurrency": "{{ n }}"})
    assert ForeachRuntime().validate(ok, vctx()) == []
    assert ForeachRuntime().validate(spec("foreach", {"collection": "xs", "item": "null"}), vctx())[0].path == ("item",)


@pytest.mark.parametrize("wait", ["all", "any", "n(2)", " n(10) "])
def test_parallel_valid_wait(wait: str) -> None:
    assert ParallelRuntime().validate(spec("parallel", {"wait": wait, "branch_count": 2}), vctx()) == []


@pytest.mark.parametrize("wait", ["n(0)", "N(2)", "some", "n()", "n(-1)", ""])
def test_parallel_invalid_wait(wait: str) -> None:
    issues = ParallelRuntime().validate(spec("parallel", {"wait": wait, "branch_count": 1}, node_id="p"), vctx())
    assert rows(issues) == [
        (
            INVALID,
            "error",
            f'Parallel node "p" has invalid wait strategy "{wait}"',
            ("wait",),
            ("Use all, any or n(N)",),
        ),
    ]


def test_parallel_without_branches() -> None:
    assert rows(ParallelRuntime().validate(spec("parallel", {"branch_count": 0}, node_id="p"), vctx())) == [
        (
            MISSING,
            "error",
            'Parallel node "p" must have at least one branch',
            (),
            ("Add <branch>...</branch> elements inside the parallel",),
        ),
    ]


def test_checkpoint_rules() -> None:
    actions: list[ConfigValue] = [{"id": "ok", "label": "OK"}, {"label": "no id"}]
    node = spec("checkpoint", {"timeout": "soon", "default": "maybe", "actions": actions}, node_id="cp")
    assert rows(CheckpointRuntime().validate(node, vctx())) == [
        (
            MISSING,
            "error",
            'Checkpoint node "cp" is missing required "prompt" attribute',
            (),
            ('Add prompt="Please review and approve" to describe the checkpoint',),
        ),
        (
            INVALID,
            "error",
            'Checkpoint node "cp" has invalid timeout: soon',
            ("timeout",),
            ("timeout must be a positive integer (seconds)",),
        ),
        (
            INVALID,
            "error",
            'Checkpoint node "cp" has invalid default action: maybe',
            ("default",),
            ('default must be "approve" or "reject"',),
        ),
        (MISSING, "error", '<action> in checkpoint "cp" requires an "id" attribute', ("actions", 1), ()),
    ]
    good = spec("checkpoint", {"prompt": "Go?", "timeout": "60", "default": "approve"})
    assert CheckpointRuntime().validate(good, vctx()) == []


@pytest.mark.parametrize("duration", ["500ms", "30s", "1h30m", "PT30S", "10", "{{ $config.d }}", "1.5s"])
def test_valid_durations(duration: str) -> None:
    assert DelayRuntime().validate(spec("delay", {"duration": duration}), vctx()) == []


@pytest.mark.parametrize("duration", ["5 s", "1e3", "-5s", "2M", "1H", "0s", "PT0S", "p1d", "5sx", "2m30", "1m1h"])
def test_invalid_durations(duration: str) -> None:
    for runtime, element in ((DelayRuntime(), "delay"), (TimeoutRuntime(), "timeout")):
        issues = runtime.validate(spec(element, {"duration": duration}, node_id="t"), vctx())
        assert rows(issues) == [
            (
                INVALID,
                "error",
                f'Invalid duration "{duration}" in <{element}> "t"',
                ("duration",),
                ("Use e.g. 500ms, 30s, 5m, 1h30m or PT30S",),
            ),
        ]


def test_missing_duration() -> None:
    assert rows(DelayRuntime().validate(spec("delay", {}), vctx())) == [
        (
            MISSING,
            "error",
            '<delay> requires a "duration" attribute',
            (),
            ('Add duration="5s" to the <delay> element',),
        ),
    ]


@pytest.mark.parametrize(("runtime", "element"), [(IncludeRuntime(), "include"), (CallRuntime(), "call")])
def test_composition_workflow_rules(runtime: IncludeRuntime | CallRuntime, element: str, tmp_path: Path) -> None:
    ctx = vctx(tmp_path)
    assert runtime.validate(spec(element, {"workflow": "./sub.flow.md"}), ctx) == []
    assert rows(runtime.validate(spec(element, {"workflow": "{{ $config.wf }}"}), ctx)) == [
        ("RUNTIME_INVALID_CONFIG", "error", "workflow must be a literal path", ("workflow",), ()),
    ]
    issues = runtime.validate(spec(element, {"workflow": "../other.flow.md"}), ctx)
    assert [(i.code, i.message, i.path) for i in issues] == [
        ("RUNTIME_PATH_TRAVERSAL", "Path traversal not allowed: ../other.flow.md", ("workflow",)),
    ]
    assert runtime.validate(spec(element, {"workflow": "../other.flow.md"}), vctx(None)) == []


def test_include_resolves_against_the_workflow_folder(tmp_path: Path) -> None:
    from runtimes.base import ValidateContext

    ctx = ValidateContext(workflow_dir=tmp_path / "sub", base_dir=tmp_path)
    assert IncludeRuntime().validate(spec("include", {"workflow": "../x.flow.md"}), ctx) == []
    assert IncludeRuntime().validate(spec("include", {"workflow": "../../x.flow.md"}), ctx)[0].code == (
        "RUNTIME_PATH_TRAVERSAL"
    )


def test_context_entry_without_key() -> None:
    entries: list[ConfigValue] = [{"key": "a", "value": "1"}, {"value": "2"}]
    assert rows(ContextRuntime().validate(spec("context", {"entries": entries}, node_id="ctx"), vctx())) == [
        (
            MISSING,
            "error",
            '<set> in context "ctx" requires a "key" attribute',
            ("entries", 1),
            ('Add key="name" to the <set> element',),
        ),
    ]


def test_phase_and_set_have_no_static_rules() -> None:
    assert PhaseRuntime().validate(spec("phase", {"name": "p"}), vctx()) == []
    assert SetRuntime().validate(spec("set", {"var": "x", "value": "1"}), vctx()) == []


def test_odd_structural_values_never_raise() -> None:
    odd: dict[str, ConfigValue] = {"cases": "text", "actions": [1, "x"], "entries": {"a": "b"}, "max": {"a": "b"}}
    for runtime, element in (
        (BranchRuntime(), "branch"),
        (CheckpointRuntime(), "checkpoint"),
        (ContextRuntime(), "context"),
        (LoopRuntime(), "loop"),
        (ForeachRuntime(), "foreach"),
        (ParallelRuntime(), "parallel"),
    ):
        runtime.validate(spec(element, odd), vctx())
