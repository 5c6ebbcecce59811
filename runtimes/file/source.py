"""``file:source`` (RUNTIMES.md §6.3): read a confined file as json, text, csv or yaml."""

from __future__ import annotations

import errno
from pathlib import Path

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.errors import FileError, FlowScriptRuntimeError, RuntimeConfigError, RuntimeErrorCode
from runtimes.file.formats import FORMATS, Format, detect_format, parse_json, read_content
from runtimes.validation.common import check_common, check_enum
from runtimes.validation.paths import check_static_path, confine

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["FileSource", "os_error_name", "render_setting"]


def os_error_name(exc: OSError) -> str | None:
    """The errno name of an OSError (``ENOENT``, ``EACCES``…), or None."""
    return errno.errorcode.get(exc.errno) if exc.errno is not None else None


def render_setting(params: ExecutionParams, key: str, default: str | None = None) -> str | None:
    """A text setting rendered in text mode, or ``default`` when the key is absent or not text."""
    value = params.config.get(key)
    if not isinstance(value, str):
        return default
    return params.state.render_text(value, path=(key,))


def render_format(params: ExecutionParams) -> str:
    fmt = (render_setting(params, "format", "auto") or "auto").strip()
    if fmt not in FORMATS:
        raise RuntimeConfigError(f'"format" must be one of {", ".join(FORMATS)}: "{fmt}"', ("format",))
    return fmt


def render_path(params: ExecutionParams) -> tuple[str, Path]:
    """The rendered ``path`` and its confined target (RUNTIMES.md §5.6, run-time use)."""
    text = render_setting(params, "path")
    if text is None or not text.strip():
        raise RuntimeConfigError('"path" is empty after rendering', ("path",))
    return text, confine(text, params.state.base_dir, node_id=params.node.id)


class FileSource:
    type = "file:source"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return [
            *check_common(node, self.type),
            *check_static_path(node.config.get("path"), ("path",), ctx),
            *check_enum(node.config, "format", FORMATS, ctx),
        ]

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        path_text, target = render_path(params)
        fmt = detect_format(path_text, render_format(params))
        node_id = params.node.id
        try:
            data = target.read_bytes()
        except FileNotFoundError as exc:
            raise FileError(
                f"File not found: {path_text}",
                path_text,
                RuntimeErrorCode.RUNTIME_FILE_NOT_FOUND,
                os_error="ENOENT",
                node_id=node_id,
            ) from exc
        except OSError as exc:
            raise FileError(
                f"Cannot read {path_text}: {exc.strerror or exc}",
                path_text,
                RuntimeErrorCode.RUNTIME_EXECUTION_ERROR,
                os_error=os_error_name(exc),
                node_id=node_id,
            ) from exc
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FileError(f"Cannot read {path_text}: not valid UTF-8", path_text, node_id=node_id) from exc
        if text.startswith("\ufeff"):
            text = text[1:]
        output = _parse(text, fmt, path_text, node_id)
        return RuntimeExecuteResult(output, {"path": path_text, "format": fmt, "bytes": len(data)})


def _parse(text: str, fmt: Format, path_text: str, node_id: str | None) -> Any:
    if fmt == "json":
        try:
            return parse_json(text)
        except ValueError as exc:
            message = f"Invalid JSON in {path_text}: {exc}"
            raise FlowScriptRuntimeError(message, node_id=node_id) from exc
    if fmt == "yaml":
        try:
            return read_content(text, fmt)
        except Exception as exc:  # yaml.YAMLError (imported lazily) and the reader's other failures
            detail = " ".join(str(exc).split())
            message = f"Invalid YAML in {path_text}: {detail}"
            raise FlowScriptRuntimeError(message, node_id=node_id) from exc
    return read_content(text, fmt)
