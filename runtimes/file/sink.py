"""``file:sink`` (RUNTIMES.md §6.4): write the input to a confined file, atomically (temp file + rename)."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from runtimes.base import (
    ExecutionParams,
    NodeSpec,
    RuntimeExecuteResult,
    RuntimeIssue,
    ValidateContext,
    runtime_execute,
)
from runtimes.errors import ExpressionError, FileError, FlowScriptRuntimeError, RuntimeConfigError, RuntimeErrorCode
from runtimes.file.formats import FORMATS, detect_format, write_content
from runtimes.file.source import os_error_name, render_format, render_path, render_setting
from runtimes.validation.common import check_boolean, check_common, check_enum, parse_boolean
from runtimes.validation.paths import check_static_path

__all__ = ["FileSink", "atomic_write"]


def _render_boolean(params: ExecutionParams, key: str, default: bool) -> bool:
    text = render_setting(params, key)
    if text is None or not text.strip():
        return default
    value = parse_boolean(text)
    if value is None:
        raise RuntimeConfigError(f'"{key}" must be true or false: "{text}"', (key,))
    return value


def atomic_write(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data``: write a temporary file in the same folder, then rename it over the target."""
    import tempfile

    folder = target.parent
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = 0o644
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


class FileSink:
    type = "file:sink"

    def validate(self, node: NodeSpec, ctx: ValidateContext) -> list[RuntimeIssue]:
        return [
            *check_common(node, self.type),
            *check_static_path(node.config.get("path"), ("path",), ctx),
            *check_enum(node.config, "format", FORMATS, ctx),
            *check_boolean(node.config, "pretty", ctx),
            *check_boolean(node.config, "createDir", ctx),
        ]

    @runtime_execute
    async def execute(self, params: ExecutionParams) -> RuntimeExecuteResult:
        path_text, target = render_path(params)
        fmt = detect_format(path_text, render_format(params))
        pretty = _render_boolean(params, "pretty", True)
        create_dir = _render_boolean(params, "createDir", True)
        try:
            data = write_content(params.input, fmt, pretty).encode("utf-8")
        except (ExpressionError, RecursionError, ValueError, TypeError, UnicodeError) as exc:  # e.g. nested too deeply
            message = f"Cannot encode the input as {fmt} for {path_text}: {exc}"
            raise FlowScriptRuntimeError(message, node_id=params.node.id) from exc
        if not params.state.allow_side_effects:
            description = {"dryRun": True, "path": path_text, "bytes": len(data), "format": fmt}
            return RuntimeExecuteResult(description, {"dry_run": True, "bytes": len(data), "format": fmt})
        try:
            if create_dir:
                target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data)
        except OSError as exc:
            raise FileError(
                f"Cannot write {path_text}: {exc.strerror or exc}",
                path_text,
                RuntimeErrorCode.RUNTIME_FILE_WRITE_ERROR,
                os_error=os_error_name(exc),
                node_id=params.node.id,
            ) from exc
        return RuntimeExecuteResult({"path": path_text, "bytes": len(data)}, {"bytes": len(data), "format": fmt})
