"""Runtime error model (RUNTIMES.md §3).

    FlowScriptRuntimeError                code, message, node_id, path
    ├── HttpError(message, status, body)  RUNTIME_HTTP_ERROR; is_retryable for 429 and 5xx
    ├── FileError(message, path, code)    RUNTIME_FILE_NOT_FOUND | RUNTIME_FILE_WRITE_ERROR | RUNTIME_EXECUTION_ERROR
    ├── PathTraversalError(message, path) RUNTIME_PATH_TRAVERSAL
    (for these two ``path`` is the file path text; ``config_path`` is the config path used for range mapping)
    ├── RuntimeTimeout(message, timeout_ms) RUNTIME_TIMEOUT
    ├── DatabaseError(message, query)     RUNTIME_DATABASE_ERROR
    ├── RuntimeConfigError(message, path) RUNTIME_INVALID_CONFIG | RUNTIME_AUTH_INVALID
    ├── AIError(message, kind, retryable) RUNTIME_EXECUTION_ERROR
    └── ExpressionError(...)              EXPR_PARSE_ERROR | EXPR_EVAL_ERROR | EXPR_BLOCKED_ACCESS
                                          | EXPR_UNDEFINED_FUNCTION

Lower-level exceptions (httpx, sqlite3, OSError, json) are always wrapped with ``raise ... from exc``. Messages never
contain secret values: runtimes build them from non-secret parts, and the preview layer redacts once more.
"""

from __future__ import annotations

from enum import StrEnum

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Literal

__all__ = [
    "AIError",
    "ConfigPath",
    "DatabaseError",
    "ExpressionError",
    "FileError",
    "FlowScriptRuntimeError",
    "HttpError",
    "PathTraversalError",
    "RuntimeConfigError",
    "RuntimeErrorCode",
    "RuntimeTimeout",
]

ConfigPath = tuple[str | int, ...]


class RuntimeErrorCode(StrEnum):
    RUNTIME_HTTP_ERROR = "RUNTIME_HTTP_ERROR"
    RUNTIME_FILE_NOT_FOUND = "RUNTIME_FILE_NOT_FOUND"
    RUNTIME_FILE_WRITE_ERROR = "RUNTIME_FILE_WRITE_ERROR"
    RUNTIME_PATH_TRAVERSAL = "RUNTIME_PATH_TRAVERSAL"
    RUNTIME_TIMEOUT = "RUNTIME_TIMEOUT"
    RUNTIME_DATABASE_ERROR = "RUNTIME_DATABASE_ERROR"
    RUNTIME_INVALID_CONFIG = "RUNTIME_INVALID_CONFIG"
    RUNTIME_AUTH_INVALID = "RUNTIME_AUTH_INVALID"
    RUNTIME_EXECUTION_ERROR = "RUNTIME_EXECUTION_ERROR"
    EXPR_PARSE_ERROR = "EXPR_PARSE_ERROR"
    EXPR_EVAL_ERROR = "EXPR_EVAL_ERROR"
    EXPR_BLOCKED_ACCESS = "EXPR_BLOCKED_ACCESS"
    EXPR_UNDEFINED_FUNCTION = "EXPR_UNDEFINED_FUNCTION"

    def __str__(self) -> str:
        return self.value


_CODE_VALUES = frozenset(code.value for code in RuntimeErrorCode)


class FlowScriptRuntimeError(Exception):
    """Base of every error raised by ``execute``."""

    def __init__(
        self,
        message: str,
        code: RuntimeErrorCode | str = RuntimeErrorCode.RUNTIME_EXECUTION_ERROR,
        *,
        node_id: str | None = None,
        path: ConfigPath | str | None = None,
    ) -> None:
        if isinstance(message, RuntimeErrorCode) and not isinstance(code, RuntimeErrorCode):
            # Also accept the order of RUNTIMES.md §3, ``FlowScriptRuntimeError(RUNTIME_EXECUTION_ERROR, message)``.
            message, code = str(code), message
        if not isinstance(code, RuntimeErrorCode):
            if code not in _CODE_VALUES:
                raise ValueError(f"Unknown runtime error code: {code}")
            code = RuntimeErrorCode(code)
        super().__init__(message)
        self.message = message
        self.code: RuntimeErrorCode = code
        self.node_id = node_id
        self.path: ConfigPath | str | None = path
        """The config path of the field the error belongs to; for FileError/PathTraversalError the file path text."""

    @property
    def config_path(self) -> ConfigPath | None:
        """The config path used to map the error to a source range (RUNTIMES.md §1.5, §3). Use this rather than
        ``path``, which FileError and PathTraversalError define as the file path string."""
        return self.path if isinstance(self.path, tuple) else None

    def __str__(self) -> str:
        return self.message


class HttpError(FlowScriptRuntimeError):
    def __init__(self, message: str, status: int, body: str | None = None, *, node_id: str | None = None) -> None:
        super().__init__(message, RuntimeErrorCode.RUNTIME_HTTP_ERROR, node_id=node_id, path=("url",))
        self.status = status
        self.body = body

    @property
    def is_retryable(self) -> bool:
        return self.status == 429 or 500 <= self.status <= 599


_FILE_CODES = frozenset(
    {
        RuntimeErrorCode.RUNTIME_FILE_NOT_FOUND,
        RuntimeErrorCode.RUNTIME_FILE_WRITE_ERROR,
        RuntimeErrorCode.RUNTIME_EXECUTION_ERROR,
    }
)


class FileError(FlowScriptRuntimeError):
    def __init__(
        self,
        message: str,
        path: str,
        code: RuntimeErrorCode = RuntimeErrorCode.RUNTIME_EXECUTION_ERROR,
        *,
        os_error: str | None = None,
        node_id: str | None = None,
        config_path: ConfigPath | None = None,
    ) -> None:
        if code not in _FILE_CODES:
            raise ValueError(f"FileError code must be one of {sorted(c.value for c in _FILE_CODES)}, got {code}")
        super().__init__(message, code, node_id=node_id, path=path)
        self.file_path = path
        """The same as ``path`` (kept for older callers)."""
        self.os_error = os_error
        if config_path is None and code != RuntimeErrorCode.RUNTIME_EXECUTION_ERROR:
            config_path = ("path",)
        self._config_path = config_path
        """DIAGNOSTICS.md §4.8: not found / write errors point at the path value, other failures at the node."""

    @property
    def config_path(self) -> ConfigPath | None:
        return self._config_path


class PathTraversalError(FlowScriptRuntimeError):
    """A path leaves the base folder. ``reason`` is the hint of DIAGNOSTICS.md §4.7 (kept out of the message)."""

    def __init__(
        self,
        message: str,
        path: str,
        *,
        reason: str | None = None,
        node_id: str | None = None,
        config_path: ConfigPath = ("path",),
    ) -> None:
        super().__init__(message, RuntimeErrorCode.RUNTIME_PATH_TRAVERSAL, node_id=node_id, path=path)
        self.file_path = path
        """The same as ``path`` (kept for older callers)."""
        self.reason = reason
        self._config_path = config_path

    @property
    def config_path(self) -> ConfigPath | None:
        return self._config_path


class RuntimeTimeout(FlowScriptRuntimeError):
    def __init__(self, message: str, timeout_ms: int, *, node_id: str | None = None) -> None:
        super().__init__(message, RuntimeErrorCode.RUNTIME_TIMEOUT, node_id=node_id)
        self.timeout_ms = timeout_ms


class DatabaseError(FlowScriptRuntimeError):
    def __init__(self, message: str, query: str | None = None, *, node_id: str | None = None) -> None:
        super().__init__(
            message,
            RuntimeErrorCode.RUNTIME_DATABASE_ERROR,
            node_id=node_id,
            path=("query",) if query is not None else ("connection",),
        )
        self.query = query


class RuntimeConfigError(FlowScriptRuntimeError):
    def __init__(
        self,
        message: str,
        path: ConfigPath | None = None,
        code: RuntimeErrorCode = RuntimeErrorCode.RUNTIME_INVALID_CONFIG,
        *,
        node_id: str | None = None,
    ) -> None:
        super().__init__(message, code, node_id=node_id, path=path)


class AIError(FlowScriptRuntimeError):
    def __init__(
        self,
        message: str,
        kind: Literal["validation", "api_error"] = "api_error",
        retryable: bool = False,
        *,
        node_id: str | None = None,
    ) -> None:
        super().__init__(message, RuntimeErrorCode.RUNTIME_EXECUTION_ERROR, node_id=node_id)
        self.kind = kind
        self.retryable = retryable


class ExpressionError(FlowScriptRuntimeError):
    """An expression failed to parse or evaluate. ``segment_range`` is ``[start, end)`` within the host string."""

    def __init__(
        self,
        message: str,
        code: RuntimeErrorCode = RuntimeErrorCode.EXPR_EVAL_ERROR,
        expression: str = "",
        label: str = "",
        segment_range: tuple[int, int] | None = None,
        cause: BaseException | None = None,
        *,
        node_id: str | None = None,
        path: ConfigPath | None = None,
    ) -> None:
        super().__init__(message, code, node_id=node_id, path=path)
        self.expression = expression
        self.label = label
        self.segment_range = segment_range
        self.cause = cause
