"""The result of one preview: the JSON object editors and the CLI show, the result file, and output limits.

JSON shape (names are read by the VS Code extension; keep them)::

    {nodeId, status: "ok" | "error" | "cancelled" | "timeout", durationMs, output | error {code, message},
     truncated, dryRun, context, upstream: [{nodeId, status, durationMs, cached}], resultPath, metadata}

The result file is ``<workspace>/.flowscript/preview/<flow-name>/<node-id>.json``; the ``.flowscript/preview``
folder gets a ``.gitignore`` containing ``*`` so results are never committed.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from server.diagnostics import Diagnostic

__all__ = [
    "PREVIEW_SOURCE",
    "PreviewResult",
    "Status",
    "UpstreamRun",
    "json_safe",
    "limit_output",
    "result_file_path",
    "write_result_file",
]

Status = Literal["ok", "error", "cancelled", "timeout"]
PREVIEW_SOURCE = "flowscript-preview"
"""``source`` of the diagnostics a preview produces."""


@dataclass(frozen=True, slots=True)
class UpstreamRun:
    node_id: str
    status: Status
    duration_ms: float
    cached: bool

    def to_json(self) -> dict[str, Any]:
        return {"nodeId": self.node_id, "status": self.status, "durationMs": self.duration_ms, "cached": self.cached}


@dataclass(slots=True)
class PreviewResult:
    node_id: str
    status: Status
    duration_ms: float
    output: Any = None
    error_code: str | None = None
    error_message: str | None = None
    truncated: bool = False
    dry_run: bool = False
    context: list[dict[str, Any]] = field(default_factory=list)
    upstream: list[UpstreamRun] = field(default_factory=list)
    metadata: Mapping[str, Any] = field(default_factory=dict)
    result_path: Path | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Execution errors as diagnostics (``source="flowscript-preview"``), ranges in the previewed document."""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_json(self) -> dict[str, Any]:
        """The JSON object; NaN/±Infinity anywhere in it are null (EXPRESSIONS.md §5.4), so it is strict JSON."""
        out: dict[str, Any] = {"nodeId": self.node_id, "status": self.status, "durationMs": self.duration_ms}
        if self.status == "ok":
            out["output"] = json_safe(self.output)
        else:
            out["error"] = {"code": self.error_code or "RUNTIME_EXECUTION_ERROR", "message": self.error_message or ""}
        out["truncated"] = self.truncated
        out["dryRun"] = self.dry_run
        out["context"] = json_safe(self.context)
        out["upstream"] = [run.to_json() for run in self.upstream]
        out["resultPath"] = str(self.result_path) if self.result_path is not None else None
        if self.metadata:
            out["metadata"] = json_safe(dict(self.metadata))
        return out


def json_safe(value: Any) -> Any:
    """A copy of ``value`` with every NaN/±Infinity (at any depth) replaced by None, as the JSON encoding of
    EXPRESSIONS.md §5.4 does; ``json.dumps`` would write the non-JSON tokens ``NaN``/``Infinity``. Iterative."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if not isinstance(value, Mapping | list | tuple):
        return value
    root: list[Any] = [None]
    work: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while work:
        source, parent, slot = work.pop()
        if isinstance(source, Mapping):
            copy: dict[Any, Any] = {}
            parent[slot] = copy
            for key, item in source.items():
                copy[key] = None
                work.append((item, copy, key))
        elif isinstance(source, list | tuple):
            items: list[Any] = [None] * len(source)
            parent[slot] = items
            work.extend((item, items, index) for index, item in enumerate(source))
        elif isinstance(source, float) and not math.isfinite(source):
            parent[slot] = None
        else:
            parent[slot] = source
    return root[0]


def _cut_lists(value: Any, rows: int) -> tuple[Any, bool]:
    """A copy with every list (at any depth) cut to ``rows`` items. Iterative: depth is no problem."""
    cut = False
    root: list[Any] = [None]
    work: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while work:
        source, parent, slot = work.pop()
        if isinstance(source, Mapping):
            copy: dict[Any, Any] = {}
            parent[slot] = copy
            for key, item in source.items():
                copy[key] = None
                work.append((item, copy, key))
        elif isinstance(source, list | tuple):
            if len(source) > rows:
                cut = True
                source = source[:rows]
            items: list[Any] = [None] * len(source)
            parent[slot] = items
            work.extend((item, items, index) for index, item in enumerate(source))
        else:
            parent[slot] = source
    return root[0], cut


def _size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8"))


def limit_output(value: Any, max_rows: int, max_bytes: int) -> tuple[Any, bool]:
    """The output to display and whether it was truncated.

    Lists longer than ``max_rows`` are cut (at any depth). When the JSON is still larger than ``max_bytes``, lists
    are cut further (halving the row count); as a last resort the output is replaced by the beginning of its JSON
    text (a string of at most ``max_bytes`` bytes).
    """
    shown, truncated = _cut_lists(value, max_rows)
    size = _size(shown)
    rows = max_rows
    while size > max_bytes and rows > 1:
        rows //= 2
        shown, _ = _cut_lists(value, rows)
        size = _size(shown)
        truncated = True
    if size > max_bytes:
        text = json.dumps(shown, ensure_ascii=False, default=str).encode("utf-8")[:max_bytes]
        return text.decode("utf-8", errors="ignore"), True
    return shown, truncated


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe(name: str) -> str:
    cleaned = _UNSAFE.sub("_", name).strip("._")
    return cleaned or "_"


def result_file_path(workspace: Path, flow_name: str, node_id: str) -> Path:
    return workspace / ".flowscript" / "preview" / _safe(flow_name) / f"{_safe(node_id)}.json"


def write_result_file(path: Path, result: Mapping[str, Any]) -> None:
    """Write the result JSON atomically and make sure ``.flowscript/preview/.gitignore`` exists."""
    preview_dir = path.parent.parent
    path.parent.mkdir(parents=True, exist_ok=True)
    ignore = preview_dir / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    text = json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
