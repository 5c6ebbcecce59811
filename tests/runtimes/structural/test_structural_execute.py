"""Preview descriptions of the control, checkpoint, temporal, composition and state runtimes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from runtimes.base import ConfigValue
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
from runtimes.errors import PathTraversalError, RuntimeConfigError
from runtimes.state import ContextRuntime, PhaseRuntime, SetRuntime
from runtimes.temporal import DelayRuntime, TimeoutRuntime
from tests.runtimes.helpers import params, spec


async def test_branch_first_matching_case(tmp_path: Path) -> None:
    cases: list[ConfigValue] = [{"when": "x > 5"}, {"when": "x > 1"}, {"when": "true"}]
    node = spec("branch", {"cases": cases, "default": "true"}, slots={"cases[1]": ("b", None, "c"), "default": ("d",)})
    result = await BranchRuntime().execute(params(node, tmp_path, scope={"x": 3}))
    assert result.output == {"matched": True, "caseIndex": 1, "useDefault": False, "bodyNodeIds": ["b", "c"]}


async def test_branch_default(tmp_path: Path) -> None:
    cases: list[ConfigValue] = [{"when": "false"}]
    with_default = spec("branch", {"cases": cases, "default": "true"}, slots={"default": ("d",)})
    result = await BranchRuntime().execute(params(with_default, tmp_path))
    assert result.output == {"matched": False, "caseIndex": None, "useDefault": True, "bodyNodeIds": ["d"]}
    without = spec("branch", {"cases": cases})
    result = await BranchRuntime().execute(params(without, tmp_path))
    assert result.output == {"matched": False, "caseIndex": None, "useDefault": False, "bodyNodeIds": []}


@pytest.mark.parametrize(
    ("condition", "slots", "expected"),
    [
        ("input.ok", {"then": ("t",), "else": ("e",)}, {"condition": True, "branch": "then", "bodyNodeIds": ["t"]}),
        ("!input.ok", {"then": ("t",), "else": ("e",)}, {"condition": False, "branch": "else", "bodyNodeIds": ["e"]}),
        ("!input.ok", {"then": ("t",)}, {"condition": False, "branch": "none", "bodyNodeIds": []}),
        ("!input.ok", {"then": ("t",), "else": ()}, {"condition": False, "branch": "none", "bodyNodeIds": []}),
    ],
)
async def test_if(condition: str, slots: dict[str, tuple[str, ...]], expected: object, tmp_path: Path) -> None:
    node = spec("if", {"condition": condition}, slots=dict(slots))
    assert (await IfRuntime().execute(params(node, tmp_path, {"ok": 1}))).output == expected


async def test_loop_description(tmp_path: Path) -> None:
    node = spec("loop", {"max": "5", "break": "done"}, slots={"body": ("a",)})
    result = await LoopRuntime().execute(params(node, tmp_path))
    assert result.output == {"maxIterations": 5, "breakCondition": "done", "bodyNodeIds": ["a"]}
    result = await LoopRuntime().execute(params(spec("loop", {"break": "x"}), tmp_path))
    assert result.output == {"maxIterations": 1000, "breakCondition": "x", "bodyNodeIds": []}
    templ = spec("loop", {"max": "{{ n * 2 }}"})
    assert (await LoopRuntime().execute(params(templ, tmp_path, scope={"n": 3}))).output["maxIterations"] == 6
    with pytest.raises(RuntimeConfigError):
        await LoopRuntime().execute(params(templ, tmp_path, scope={"n": 0}))


async def test_while_sees_iteration_zero(tmp_path: Path) -> None:
    node = spec("while", {"condition": "$iteration < 1"}, slots={"body": ("a",)})
    result = await WhileRuntime().execute(params(node, tmp_path))
    assert result.output == {"condition": True, "maxIterations": 1000, "bodyNodeIds": ["a"]}


@pytest.mark.parametrize(("collection", "expected"), [("input", [1, 2]), ("null", []), ("'one'", ["one"])])
async def test_foreach(collection: str, expected: list[object], tmp_path: Path) -> None:
    node = spec("foreach", {"collection": collection, "item": "row", "concurrency": "3"}, slots={"body": ("x",)})
    result = await ForeachRuntime().execute(params(node, tmp_path, [1, 2]))
    assert result.output == {
        "collection": expected,
        "count": len(expected),
        "itemVar": "row",
        "indexVar": "index",
        "maxConcurrency": 3,
        "bodyNodeIds": ["x"],
    }


async def test_foreach_defaults(tmp_path: Path) -> None:
    result = await ForeachRuntime().execute(params(spec("foreach", {"collection": "missing_name"}), tmp_path))
    assert result.output["itemVar"] == "item" and result.output["maxConcurrency"] == 1
    assert result.output["collection"] == []


async def test_parallel(tmp_path: Path) -> None:
    node = spec(
        "parallel",
        {"wait": "n(1)", "branch_count": 2},
        slots={"branches[0]": ("a", "b"), "branches[1]": ("c",)},
    )
    result = await ParallelRuntime().execute(params(node, tmp_path))
    assert result.output == {"branchCount": 2, "wait": "n(1)", "merge": "array", "branches": [["a", "b"], ["c"]]}


def clock() -> datetime:
    return datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


async def test_checkpoint_default_decision(tmp_path: Path) -> None:
    actions: list[ConfigValue] = [{"id": "ok", "label": "Looks good", "goto": "next"}, {"id": "stop"}]
    node = spec("checkpoint", {"prompt": "Approve {{ input.n }} rows?", "actions": actions})
    p = params(node, tmp_path, {"n": 3})
    p.state.now = clock
    result = await CheckpointRuntime().execute(p)
    assert result.output == {
        "action": "reject",
        "skipped": False,
        "timedOut": False,
        "respondedAt": int(clock().timestamp() * 1000),
        "prompt": "Approve 3 rows?",
        "actions": [{"id": "ok", "label": "Looks good", "goto": "next"}, {"id": "stop", "label": None, "goto": None}],
    }


async def test_checkpoint_skipped_when_condition_false(tmp_path: Path) -> None:
    node = spec("checkpoint", {"prompt": "x", "condition": "input > 5", "default": "reject"})
    p = params(node, tmp_path, 1)
    p.state.now = clock
    result = await CheckpointRuntime().execute(p)
    assert result.output == {
        "action": "approve",
        "skipped": True,
        "timedOut": False,
        "respondedAt": int(clock().timestamp() * 1000),
    }
    node = spec("checkpoint", {"prompt": "x", "condition": "input > 5", "default": "approve"})
    assert (await CheckpointRuntime().execute(params(node, tmp_path, 9))).output["action"] == "approve"


async def test_delay_returns_input_and_does_not_sleep(tmp_path: Path) -> None:
    result = await DelayRuntime().execute(params(spec("delay", {"duration": "1h"}), tmp_path, {"a": 1}))
    assert result.output == {"a": 1}
    assert result.metadata["durationMs"] == 3_600_000


async def test_timeout_description(tmp_path: Path) -> None:
    node = spec("timeout", {"duration": "PT30S", "on-timeout": "fallback"}, slots={"children": ("a", "b")})
    result = await TimeoutRuntime().execute(params(node, tmp_path))
    assert result.output == {"durationMs": 30000, "onTimeout": "fallback", "childIds": ["a", "b"]}
    bad = spec("timeout", {"duration": "{{ 'soon' }}"})
    with pytest.raises(RuntimeConfigError):
        await TimeoutRuntime().execute(params(bad, tmp_path))


async def test_include_description(tmp_path: Path) -> None:
    (tmp_path / "sub.flow.md").write_text("---\n", encoding="utf-8")
    bindings: list[ConfigValue] = [{"key": "n", "value": "{{ input.n }}"}, {"key": "s", "value": "x{{ 1 }}"}]
    node = spec("include", {"workflow": "./sub.flow.md", "bindings": bindings})
    result = await IncludeRuntime().execute(params(node, tmp_path, {"n": 7}))
    assert result.output == {"workflow": str(tmp_path / "sub.flow.md"), "exists": True, "bindings": {"n": 7, "s": "x1"}}


async def test_call_description_and_confinement(tmp_path: Path) -> None:
    node = spec("call", {"workflow": "lib/other.flow.md", "args": {"a": "{{ [1] }}", "b": "text"}})
    result = await CallRuntime().execute(params(node, tmp_path))
    assert result.output == {
        "workflow": str(tmp_path / "lib/other.flow.md"),
        "exists": False,
        "args": {"a": [1], "b": "text"},
    }
    with pytest.raises(PathTraversalError):
        await CallRuntime().execute(params(spec("call", {"workflow": "../x.flow.md"}), tmp_path))


async def test_phase_set_context(tmp_path: Path) -> None:
    phase = spec("phase", {"name": "load"}, slots={"children": ("a",)})
    assert (await PhaseRuntime().execute(params(phase, tmp_path))).output == {"name": "load", "childIds": ["a"]}
    assert (
        await SetRuntime().execute(params(spec("set", {"var": "v", "value": "{{ [1, 2] }}"}), tmp_path))
    ).output == [
        1,
        2,
    ]
    assert (await SetRuntime().execute(params(spec("set", {"var": "v"}), tmp_path))).output == ""
    entries: list[ConfigValue] = [
        {"key": "a", "value": "{{ 2 }}"},
        {"key": "b", "value": "{{ a + $context.a + $context.outer }}"},
        {"key": "c", "value": "plain"},
    ]
    node = spec("context", {"entries": entries})
    result = await ContextRuntime().execute(params(node, tmp_path, scope={"$context": {"outer": 10}}))
    assert result.output == {"a": 2, "b": 14, "c": "plain"}


async def test_outputs_are_json_compatible(tmp_path: Path) -> None:
    node = spec("set", {"var": "v", "value": "{{ {a: undefined, b: [undefined, 1]} }}"})
    assert (await SetRuntime().execute(params(node, tmp_path))).output == {"b": [None, 1]}
    assert (await SetRuntime().execute(params(spec("set", {"value": "{{ undefined }}"}), tmp_path))).output is None
    each = spec("foreach", {"collection": "[undefined, {x: undefined}]"})
    assert (await ForeachRuntime().execute(params(each, tmp_path))).output["collection"] == [None, {}]
