"""The preview engine: run one node and the nodes it needs (RUNTIMES.md §7).

``PreviewEngine.preview(text, path, node_id)`` parses the document, orders the node's dependencies
(:mod:`server.preview.graph`), runs each through its registered runtime with the scope of EXPRESSIONS.md §8, and
returns a :class:`~server.preview.result.PreviewResult`. One engine keeps an in-memory cache of node results keyed by
a hash of the node's source text, its upstream nodes' keys and results (digests), the container bindings it sees, the
``$config``/``$secrets``/``$env`` values it reads and the side-effect switch; editing a node therefore invalidates it
and its downstream nodes only. The previewed node itself always runs (its result is cached for later downstream
previews). Only successful results are cached.

Side effects, redaction, limits and cancellation: writes run dry unless ``allow_side_effects``; every declared
secret value is redacted from outputs, messages, log lines and the result file; each node has a timeout and the
whole preview a total limit; a cancel token or event (or cancelling the task) stops it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runtimes.base import ExecutionParams, ExecutionState, RuntimeExecuteResult
from runtimes.errors import FlowScriptRuntimeError, RuntimeErrorCode
from server.preview.bindings import BindingError, bind_containers
from server.preview.cancel import Cancel, is_cancelled, watch
from server.preview.envfile import load_environment
from server.preview.graph import CycleError, FlowGraph, NodeInfo
from server.preview.logs import redacting_logs
from server.preview.options import PreviewOptions
from server.preview.redact import Redactor
from server.preview.report import build_result
from server.preview.result import PreviewResult, UpstreamRun
from server.preview.runtime_lookup import builtin_runtime
from server.preview.session import NodeOutcome, PreviewRun, Progress, elapsed_ms, output_digest
from server.syntax.document import parse_document
from server.syntax.nodespec import build_node_spec

if TYPE_CHECKING:
    import httpx

    from runtimes.registry import RuntimeRegistry

__all__ = ["PreviewEngine", "PreviewUsageError"]

logger = logging.getLogger("server.preview")


class PreviewUsageError(Exception):
    """The request itself is wrong (unknown node, node without id): nothing was run."""


def _dry_run(result: RuntimeExecuteResult) -> bool:
    if result.metadata.get("dry_run") is True:
        return True
    output = result.output
    return isinstance(output, Mapping) and output.get("dryRun") is True


class PreviewEngine:
    """Runs node previews; keep one per workspace so the result cache is reused. Thread-safe."""

    def __init__(
        self,
        options: PreviewOptions | None = None,
        *,
        registry: RuntimeRegistry | None = None,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.options = options or PreviewOptions()
        self.registry = registry
        """An explicit registry (tests); None: the built-in runtimes, each family imported when first needed."""
        self.http = http
        """An injected HTTP client (tests); None: runtimes open their own per request."""
        self._cache: dict[str, tuple[Any, Mapping[str, Any], str]] = {}
        self._graphs: dict[str, FlowGraph] = {}
        self._lock = threading.Lock()
        self.executions = 0
        """Runtime executions performed (cache hits excluded)."""

    # -- public API -------------------------------------------------------------------------------------------

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()
            self._graphs.clear()

    def preview_sync(
        self,
        text: str,
        path: Path | None,
        node_id: str,
        *,
        allow_side_effects: bool | None = None,
        cancel: Cancel | None = None,
        progress: Progress | None = None,
    ) -> PreviewResult:
        """:meth:`preview` in a fresh event loop (for the CLI and worker threads)."""
        return asyncio.run(
            self.preview(text, path, node_id, allow_side_effects=allow_side_effects, cancel=cancel, progress=progress)
        )

    async def preview(
        self,
        text: str,
        path: Path | None,
        node_id: str,
        *,
        allow_side_effects: bool | None = None,
        cancel: Cancel | None = None,
        progress: Progress | None = None,
    ) -> PreviewResult:
        """Preview ``node_id`` of the document ``text`` (saved at ``path``, or None when unsaved).

        Raises :class:`PreviewUsageError` for an unknown node. ``cancel`` (a :class:`CancelToken`, an
        ``asyncio.Event`` or a ``threading.Event``) ends the preview with status ``"cancelled"``; cancelling the
        calling task propagates ``CancelledError`` as usual.
        """
        run = self._start(text, path, node_id, allow_side_effects, progress)
        task = asyncio.get_running_loop().create_task(self._execute(run))
        unwatch = watch(cancel, task)
        try:
            with redacting_logs(run.redactor):
                result = await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if not is_cancelled(cancel) or (current is not None and current.cancelling()):
                raise
            result = self._finish(run, NodeOutcome("cancelled", 0.0), "Preview cancelled")
        except TimeoutError:
            message = f"Preview exceeded the total time limit of {self.options.total_timeout_s:g} s"
            error = FlowScriptRuntimeError(message, RuntimeErrorCode.RUNTIME_TIMEOUT)
            outcome = NodeOutcome("timeout", 0.0, error=error, error_node=run.graph.by_id[node_id].node)
            result = self._finish(run, outcome)
        finally:
            unwatch()
        return result

    # -- one preview ------------------------------------------------------------------------------------------

    def _graph(self, text: str) -> FlowGraph:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with self._lock:
            graph = self._graphs.get(digest)
        if graph is None:
            graph = FlowGraph(parse_document(text))
            with self._lock:
                if len(self._graphs) > 16:
                    self._graphs.clear()
                self._graphs[digest] = graph
        return graph

    def _start(
        self, text: str, path: Path | None, node_id: str, allow: bool | None, progress: Progress | None
    ) -> PreviewRun:
        graph = self._graph(text)
        if node_id not in graph.by_id:
            known = ", ".join(sorted(graph.by_id)) or "none"
            raise PreviewUsageError(f'No node with id "{node_id}" in this workflow (node ids: {known})')
        options = self.options
        environ = load_environment(path, options.workspace_root, options.env_file, options.environ)
        frontmatter = graph.document.frontmatter
        secret_names = sorted(frontmatter.secret_names) if frontmatter is not None else []
        secrets = {name: environ[name] for name in secret_names if name in environ}
        config = dict(frontmatter.config_defaults) if frontmatter is not None else {}
        return PreviewRun(
            document=graph.document,
            graph=graph,
            path=path.resolve() if path is not None else None,
            node_id=node_id,
            environ=environ,
            secrets=secrets,
            config=config,
            redactor=Redactor(secrets.values()),
            allow_side_effects=options.allow_side_effects if allow is None else allow,
            progress=progress,
        )

    async def _execute(self, run: PreviewRun) -> PreviewResult:
        try:
            order = run.graph.order(run.node_id)
        except CycleError as exc:
            error = FlowScriptRuntimeError(str(exc))
            target = run.graph.by_id[run.node_id].node
            return self._finish(run, NodeOutcome("error", 0.0, error=error, error_node=target))
        async with asyncio.timeout(self.options.total_timeout_s):
            for position, node_id in enumerate(order):
                is_target = node_id == run.node_id
                if run.progress is not None:
                    percentage = round(100 * position / len(order))
                    run.progress(f"Running {node_id} ({position + 1}/{len(order)})", percentage)
                outcome = await self._node(run, run.graph.by_id[node_id], use_cache=not is_target)
                if is_target:
                    return self._finish(run, outcome)
                run.upstream.append(UpstreamRun(node_id, outcome.status, outcome.duration_ms, outcome.cached))
                if outcome.status != "ok":
                    assert outcome.error is not None
                    outcome.error.message = f'Upstream node "{node_id}" failed: {outcome.error.message}'
                    return self._finish(run, outcome)
        raise AssertionError("the previewed node is always last in the order")  # pragma: no cover

    def _base_dir(self, run: PreviewRun) -> Path:
        root = self.options.workspace_root
        if self.options.path_base == "workspace" and root is not None:
            return root.resolve()
        if run.path is not None:
            return run.path.parent
        return (root or Path.cwd()).resolve()

    async def _node(self, run: PreviewRun, info: NodeInfo, *, use_cache: bool) -> NodeOutcome:
        node = info.node
        node_id = str(node.id)
        started = time.perf_counter()
        key = run.keys[node_id] = run.cache_key(info)
        scope = run.scope(info)
        try:
            bindings = bind_containers(node, info.ancestors, scope)
        except BindingError as exc:
            return NodeOutcome(
                "error", elapsed_ms(started), error=exc.error, error_node=exc.container, error_path=exc.path
            )
        if use_cache:
            with self._lock:
                hit = self._cache.get(key)
            if hit is not None:
                run.outputs[node_id] = hit[0]
                run.digests[node_id] = hit[2]
                self._log(run, f"{node_id}: cached result reused")
                return NodeOutcome("ok", elapsed_ms(started), hit[0], hit[1], context=bindings.context, cached=True)
        if bindings.layer:
            scope = scope.child(bindings.layer)
        spec = build_node_spec(node)
        input_value = run.outputs.get(str(node.input)) if node.input is not None else None
        state = ExecutionState(
            workflow_path=run.path,
            base_dir=self._base_dir(run),
            scope=scope,
            environ=run.environ,
            http=self.http,
            allow_side_effects=run.allow_side_effects,
            settings=dict(self.options.runtime_settings),
        )
        outcome = await self._call_runtime(spec.key, ExecutionParams(spec, input_value, spec.config, state))
        outcome.duration_ms = elapsed_ms(started)
        outcome.context = bindings.context
        if outcome.error is not None:
            outcome.error_node = node
            outcome.error_path = outcome.error.config_path
        self._log(run, f"{node_id}: {outcome.status} in {outcome.duration_ms:.1f} ms")
        if outcome.status == "ok":
            digest = output_digest(outcome.output)
            run.outputs[node_id] = outcome.output
            run.digests[node_id] = digest
            with self._lock:
                self._cache[key] = (outcome.output, outcome.metadata, digest)
        return outcome

    async def _call_runtime(self, key: str, params: ExecutionParams) -> NodeOutcome:
        runtime = self.registry.get(key) if self.registry is not None else builtin_runtime(key)
        if runtime is None:
            error = FlowScriptRuntimeError(f"No runtime is registered for {key}")
            return NodeOutcome("error", 0.0, error=error)
        self.executions += 1
        timeout = self.options.timeout_s
        try:
            async with asyncio.timeout(timeout):
                result = await runtime.execute(params)
        except TimeoutError:
            message = f"Node {params.node.id} did not finish within {timeout:g} s"
            return NodeOutcome("timeout", 0.0, error=FlowScriptRuntimeError(message, RuntimeErrorCode.RUNTIME_TIMEOUT))
        except FlowScriptRuntimeError as exc:
            return NodeOutcome("error", 0.0, error=exc)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a runtime bug must not take the preview (or the language server) down
            error = FlowScriptRuntimeError(f"{type(exc).__name__}: {exc}")
            return NodeOutcome("error", 0.0, error=error)
        dry = _dry_run(result)
        return NodeOutcome("ok", 0.0, result.output, {**result.metadata, **({"dry_run": True} if dry else {})})

    def _log(self, run: PreviewRun, message: str) -> None:
        logger.info("preview %s", run.redactor.text(message))

    def _finish(self, run: PreviewRun, outcome: NodeOutcome, message: str | None = None) -> PreviewResult:
        return build_result(run, outcome, self.options, message)
