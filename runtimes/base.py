"""The NodeRuntime contract (RUNTIMES.md §1).

A runtime implements one node kind: a pure, total ``validate`` used by the linter and the language server, and an
``async execute`` used by node preview. ``validate`` reports problems against config paths; the server maps them to
source ranges. Nothing here imports httpx at run time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from runtimes.errors import ConfigPath, ExpressionError, FlowScriptRuntimeError
from runtimes.expressions.scope import Scope
from runtimes.records import field, record, replace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Literal, Protocol, TypeAlias, TypeVar

    import httpx

    _R = TypeVar("_R")
    _Execute: TypeAlias = Callable[[_R, "ExecutionParams"], Coroutine[Any, Any, "RuntimeExecuteResult"]]
else:
    Protocol = object  # NodeRuntime is a structural type for the checker; at run time a plain base class

__all__ = [
    "ConfigValue",
    "ExecutionParams",
    "ExecutionState",
    "IssueSeverity",
    "NodeRuntime",
    "NodeSpec",
    "RuntimeExecuteResult",
    "RuntimeIssue",
    "ValidateContext",
    "runtime_execute",
]

ConfigValue: TypeAlias = "str | int | Mapping[str, ConfigValue] | Sequence[ConfigValue]"
IssueSeverity: TypeAlias = 'Literal["error", "warning", "information", "hint"]'


@record
class NodeSpec:
    """Plain data handed to runtimes; built by the server from the AST (RUNTIMES.md §1.2).

    Strings in ``config`` may be ``str`` subclasses that remember their source offsets; runtimes treat them as
    plain strings and report sub-ranges with ``RuntimeIssue.span``.
    """

    id: str | None
    element: str
    type: str | None
    key: str
    config: Mapping[str, ConfigValue] = field(default_factory=dict)
    input: str | None = None
    slots: Mapping[str, tuple[str | None, ...]] = field(default_factory=dict)


@record
class ValidateContext:
    workflow_dir: Path | None
    base_dir: Path | None
    config_defaults: Mapping[str, Any] = field(default_factory=dict)
    declared_secrets: frozenset[str] = frozenset()


@record
class RuntimeIssue:
    code: str
    severity: IssueSeverity
    message: str
    path: tuple[str | int, ...] = ()
    target: Literal["value", "key"] = "value"
    span: tuple[int, int] | None = None
    hints: tuple[str, ...] = ()


@record
class RuntimeExecuteResult:
    output: Any
    metadata: Mapping[str, Any] = field(default_factory=dict)


def _utc_now() -> datetime:
    return datetime.now(UTC)


@record(frozen=False)
class ExecutionState:
    """What ``execute`` may use. Everything with I/O is injected so tests can swap it."""

    workflow_path: Path | None
    base_dir: Path
    scope: Scope
    environ: Mapping[str, str]
    http: httpx.AsyncClient | None = None
    allow_side_effects: bool = False
    now: Callable[[], datetime] = _utc_now
    settings: Mapping[str, Any] = field(default_factory=dict)
    """Runtime settings such as ``openrouter_base_url`` / ``sendgrid_base_url`` (tests point them at 127.0.0.1)."""

    def render_text(self, value: str, scope: Scope | None = None, *, path: ConfigPath | None = None) -> str:
        """Render a template in text mode (EXPRESSIONS.md §2.2). ``path``: the config path of the field, attached
        to an ExpressionError so the preview can point at the failing ``{{ }}`` segment (RUNTIMES.md §3)."""
        from runtimes.expressions.render import render_text

        try:
            return render_text(value, scope if scope is not None else self.scope)
        except ExpressionError as exc:
            raise tag_path(exc, path) from exc.__cause__

    def render_value(self, value: str, scope: Scope | None = None, *, path: ConfigPath | None = None) -> Any:
        """Render a template in value mode: a lone ``{{ expr }}`` keeps the expression's type."""
        from runtimes.expressions.render import render_value

        try:
            return render_value(value, scope if scope is not None else self.scope)
        except ExpressionError as exc:
            raise tag_path(exc, path) from exc.__cause__

    def evaluate(self, expr: str, scope: Scope | None = None, *, path: ConfigPath | None = None) -> Any:
        """Evaluate a bare expression field (EXPRESSIONS.md §3)."""
        from runtimes.expressions.render import evaluate_bare

        try:
            return evaluate_bare(expr, scope if scope is not None else self.scope)
        except ExpressionError as exc:
            raise tag_path(exc, path) from exc.__cause__


@record
class ExecutionParams:
    node: NodeSpec
    input: Any
    config: Mapping[str, ConfigValue]
    state: ExecutionState


def tag_path(exc: ExpressionError, path: ConfigPath | None) -> ExpressionError:
    """Attach the config path of the field being rendered (the first one wins: the innermost field)."""
    if exc.path is None and path is not None:
        exc.path = path
    return exc


def _config_strings(config: Mapping[str, Any]) -> Iterator[tuple[ConfigPath, str]]:
    """Every string in a config with its path, in document order."""
    stack: list[tuple[ConfigPath, Any]] = [((key,), value) for key, value in reversed(list(config.items()))]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, Mapping):
            stack.extend(((*path, key), item) for key, item in reversed(list(value.items())))
        elif isinstance(value, list | tuple):
            stack.extend(((*path, index), item) for index, item in reversed(list(enumerate(value))))


def locate_expression_error(exc: ExpressionError, params: ExecutionParams) -> None:
    """Give an ExpressionError without a config path the path of the config string it came from: the string whose
    ``segment_range`` holds the failing expression. Used only when the runtime did not name the field itself."""
    if exc.path is not None or exc.segment_range is None:
        return
    start, end = exc.segment_range
    expression = exc.expression.strip()
    for config in (params.config, params.node.config):
        for path, text in _config_strings(config):
            segment = text[start:end] if end <= len(text) else ""
            if segment and (expression in segment if expression else segment.startswith("{{")):
                exc.path = path
                return


def _field_label(node: NodeSpec, path: ConfigPath) -> str:
    """``{id}.config.{key}`` (EXPRESSIONS.md §1), deeper path parts joined with dots."""
    name = node.id if node.id else node.element
    return f"{name}.config." + ".".join(str(part) for part in path)


def runtime_execute(execute: _Execute[_R]) -> _Execute[_R]:
    """The common entry of every ``execute`` (RUNTIMES.md §1.4, §3), applied as a decorator:

    - ``params.input`` is bound as ``input`` in the expression scope of every field the runtime renders;
    - an error gets the node id, and an ExpressionError the config path (and field label) of the field it came from
      (from the render helpers' ``path``, else found by its segment), so the preview points at the ``{{ }}``;
    - any other exception is wrapped as ``FlowScriptRuntimeError(RUNTIME_EXECUTION_ERROR)`` with ``raise ... from``.
    """

    @functools.wraps(execute)
    async def wrapper(self: _R, params: ExecutionParams) -> RuntimeExecuteResult:
        state = params.state
        bound = replace(params, state=replace(state, scope=state.scope.child({"input": params.input})))
        try:
            return await execute(self, bound)
        except FlowScriptRuntimeError as exc:
            if exc.node_id is None:
                exc.node_id = params.node.id
            if isinstance(exc, ExpressionError):
                locate_expression_error(exc, params)
                if not exc.label and exc.config_path:
                    exc.label = _field_label(params.node, exc.config_path)
            raise
        except Exception as exc:  # RUNTIMES.md §3: any other failure is a RUNTIME_EXECUTION_ERROR
            detail = str(exc).strip()
            message = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
            raise FlowScriptRuntimeError(message, node_id=params.node.id) from exc

    return wrapper


class NodeRuntime(Protocol):
    """One node kind. ``type`` is the registry key, e.g. ``"http:source"`` (RUNTIMES.md §4)."""

    @property
    def type(self) -> str: ...

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]: ...

    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult: ...
