"""The state of one preview call: the document, its environment, the outputs so far, and the per-node derived data
(the expression scope of EXPRESSIONS.md §8 and the cache key)."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runtimes.errors import FlowScriptRuntimeError
from runtimes.expressions.scope import Scope
from runtimes.expressions.values import UNDEFINED
from server.preview.graph import FlowGraph, NodeInfo, Read
from server.preview.redact import Redactor
from server.preview.result import Status, UpstreamRun
from server.syntax import ast as A
from server.syntax.document import Document

__all__ = ["NodeOutcome", "PreviewRun", "Progress", "elapsed_ms", "output_digest"]

Progress = Callable[[str, int | None], None]
"""``progress(message, percentage)``."""

_FLOW_SUFFIX = ".flow.md"


def output_digest(output: Any) -> str:
    """A stable digest of a JSON-like output."""
    encoded = json.dumps(output, sort_keys=True, ensure_ascii=False, default=repr).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def elapsed_ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 3)


@dataclass(slots=True)
class NodeOutcome:
    """What happened to one node (or to the preview as a whole, for cancellation and the total time limit)."""

    status: Status
    duration_ms: float
    output: Any = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    error: FlowScriptRuntimeError | None = None
    error_node: A.Node | None = None
    """The node whose field failed (the node itself, an upstream node, or an enclosing container)."""
    error_path: tuple[str | int, ...] | None = None
    context: list[dict[str, Any]] = field(default_factory=list)
    cached: bool = False


@dataclass(slots=True)
class PreviewRun:
    document: Document
    graph: FlowGraph
    path: Path | None
    """The flow file (resolved), None for an unsaved document."""
    node_id: str
    environ: dict[str, str]
    secrets: dict[str, str]
    """Declared secrets that have a value."""
    config: dict[str, Any]
    redactor: Redactor
    allow_side_effects: bool
    progress: Progress | None
    outputs: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    """Cache key of each node handled so far."""
    digests: dict[str, str] = field(default_factory=dict)
    """Digest of the output of each node handled so far."""
    upstream: list[UpstreamRun] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    def scope(self, info: NodeInfo) -> Scope:
        """The base scope of a node (EXPRESSIONS.md §8.1; later layers win), without container bindings."""
        frontmatter = self.document.frontmatter
        inputs: dict[str, Any] = {}
        if frontmatter is not None:
            inputs = {name: f.default for name, f in frontmatter.input.items() if f.has_default}
        nodes = {node_id: {"output": output} for node_id, output in self.outputs.items()}
        builtins = {
            "$config": dict(self.config),
            "$secrets": dict(self.secrets),
            "$env": dict(self.environ),
            "$context": {},
            "$workflowDir": str(self.path.parent) if self.path is not None else "",
        }
        source = str(info.node.input) if info.node.input is not None else None
        value = self.outputs[source] if source is not None and source in self.outputs else UNDEFINED
        return Scope(inputs, nodes, builtins, {"input": value})

    def cache_key(self, info: NodeInfo) -> str:
        """Hash of the node's source text, its upstream nodes' keys and results, its containers' start tags, the
        ``$config`` / ``$secrets`` / ``$env`` values it reads, the side-effect switch and the workflow folder."""
        reads: set[Read] = set(info.reads)
        for container in info.ancestors:
            reads |= self.graph.binding_reads(container)
        sources: dict[str, Mapping[str, Any]] = {"$config": self.config, "$secrets": self.secrets, "$env": self.environ}
        values = []
        for root, key in sorted(reads, key=lambda r: (r[0], r[1] or "")):
            source = sources[root]
            values.append([root, key, dict(source) if key is None else source.get(key), key in source])
        text = self.document.text
        containers = [text[c.element.start_tag[0] : c.element.start_tag[1]] for c in info.ancestors]
        deps = [[dep, self.keys.get(dep), self.digests.get(dep)] for dep in self.graph.dependencies(str(info.node.id))]
        folder = str(self.path.parent) if self.path is not None else None
        material = [info.source, containers, deps, values, self.allow_side_effects, folder]
        encoded = json.dumps(material, sort_keys=True, ensure_ascii=False, default=repr).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()

    def flow_name(self) -> str:
        """``<flow-name>`` of the result path: the file name without ``.flow.md``, else the frontmatter name."""
        if self.path is not None:
            name = self.path.name
            return name[: -len(_FLOW_SUFFIX)] if name.endswith(_FLOW_SUFFIX) else self.path.stem
        frontmatter = self.document.frontmatter
        return frontmatter.name if frontmatter is not None and frontmatter.name else "untitled"
