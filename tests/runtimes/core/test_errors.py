"""The error model (RUNTIMES.md §3)."""

from __future__ import annotations

import pytest

from runtimes.errors import (
    AIError,
    DatabaseError,
    ExpressionError,
    FileError,
    FlowScriptRuntimeError,
    HttpError,
    PathTraversalError,
    RuntimeConfigError,
    RuntimeErrorCode,
    RuntimeTimeout,
)


def test_codes_are_a_string_enum() -> None:
    assert [code.value for code in RuntimeErrorCode] == [
        "RUNTIME_HTTP_ERROR", "RUNTIME_FILE_NOT_FOUND", "RUNTIME_FILE_WRITE_ERROR", "RUNTIME_PATH_TRAVERSAL",
        "RUNTIME_TIMEOUT", "RUNTIME_DATABASE_ERROR", "RUNTIME_INVALID_CONFIG", "RUNTIME_AUTH_INVALID",
        "RUNTIME_EXECUTION_ERROR", "EXPR_PARSE_ERROR", "EXPR_EVAL_ERROR", "EXPR_BLOCKED_ACCESS",
        "EXPR_UNDEFINED_FUNCTION",
    ]  # fmt: skip
    assert RuntimeErrorCode.RUNTIME_TIMEOUT == "RUNTIME_TIMEOUT"
    assert str(RuntimeErrorCode.RUNTIME_TIMEOUT) == "RUNTIME_TIMEOUT"


@pytest.mark.parametrize(("status", "retryable"), [(429, True), (500, True), (503, True), (599, True), (200, False),
                                                   (400, False), (401, False), (428, False), (430, False), (499, False),
                                                   (600, False)])  # fmt: skip
def test_http_error_retryable(status: int, retryable: bool) -> None:
    assert HttpError(f"HTTP {status}", status).is_retryable is retryable


def test_http_error_retryable_exactly_for_429_and_5xx() -> None:
    retryable = [status for status in range(0, 1000) if HttpError("x", status).is_retryable]
    assert retryable == [429, *range(500, 600)]


def test_http_error_fields() -> None:
    error = HttpError("HTTP 503: Service Unavailable", 503, "busy", node_id="api")
    assert (error.code, error.status, error.body, error.node_id, str(error)) == (
        RuntimeErrorCode.RUNTIME_HTTP_ERROR,
        503,
        "busy",
        "api",
        "HTTP 503: Service Unavailable",
    )


@pytest.mark.parametrize(
    "code",
    [
        RuntimeErrorCode.RUNTIME_FILE_NOT_FOUND,
        RuntimeErrorCode.RUNTIME_FILE_WRITE_ERROR,
        RuntimeErrorCode.RUNTIME_EXECUTION_ERROR,
    ],
)
def test_file_error_codes(code: RuntimeErrorCode) -> None:
    error = FileError("File not found: a.json", "a.json", code, os_error="ENOENT")
    # review finding 5: ``path`` is the file path text (RUNTIMES.md §3); the config path is ``config_path``
    # DIAGNOSTICS.md §4.8: not found / write errors point at the path value; RUNTIME_EXECUTION_ERROR at the anchor
    config_path = None if code == RuntimeErrorCode.RUNTIME_EXECUTION_ERROR else ("path",)
    assert (error.code, error.path, error.os_error, error.config_path) == (code, "a.json", "ENOENT", config_path)
    assert error.file_path == "a.json"


def test_file_error_default_code_and_rejected_codes() -> None:
    assert FileError("x", "p").code is RuntimeErrorCode.RUNTIME_EXECUTION_ERROR
    assert FileError("x", "p").os_error is None
    with pytest.raises(ValueError):
        FileError("x", "p", RuntimeErrorCode.RUNTIME_HTTP_ERROR)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (PathTraversalError("Path traversal not allowed: ..", ".."), RuntimeErrorCode.RUNTIME_PATH_TRAVERSAL),
        (RuntimeTimeout("Request timed out after 5ms", 5), RuntimeErrorCode.RUNTIME_TIMEOUT),
        (DatabaseError("Query failed: x", "SELECT 1"), RuntimeErrorCode.RUNTIME_DATABASE_ERROR),
        (RuntimeConfigError("bad", ("url",)), RuntimeErrorCode.RUNTIME_INVALID_CONFIG),
        (
            RuntimeConfigError("bad", ("auth",), RuntimeErrorCode.RUNTIME_AUTH_INVALID),
            RuntimeErrorCode.RUNTIME_AUTH_INVALID,
        ),
        (AIError("No content in response"), RuntimeErrorCode.RUNTIME_EXECUTION_ERROR),
        (ExpressionError("Division failed"), RuntimeErrorCode.EXPR_EVAL_ERROR),
        (FlowScriptRuntimeError("wrapped"), RuntimeErrorCode.RUNTIME_EXECUTION_ERROR),
    ],
)
def test_every_error_is_a_flowscript_runtime_error(error: FlowScriptRuntimeError, code: RuntimeErrorCode) -> None:
    assert isinstance(error, FlowScriptRuntimeError)
    assert error.code is code


def test_error_details() -> None:
    assert RuntimeTimeout("t", 30000).timeout_ms == 30000
    assert DatabaseError("Query failed: x", "SELECT 1").path == ("query",)
    assert DatabaseError("Failed to connect to database: x").path == ("connection",)
    ai = AIError("Validation failed after 3 retries: x", "validation", False)
    assert (ai.kind, ai.retryable) == ("validation", False)
    expr = ExpressionError("bad", RuntimeErrorCode.EXPR_PARSE_ERROR, expression="a +", segment_range=(0, 7))
    assert (expr.code, expr.expression, expr.segment_range) == (RuntimeErrorCode.EXPR_PARSE_ERROR, "a +", (0, 7))
    traversal = PathTraversalError("m", "../x", reason="The path resolves outside /b", config_path=("connection",))
    assert traversal.path == "../x"
    assert (traversal.file_path, traversal.reason, traversal.config_path) == (
        "../x",
        "The path resolves outside /b",
        ("connection",),
    )


def test_wrapping_keeps_the_cause() -> None:
    def read() -> None:
        try:
            raise FileNotFoundError(2, "No such file or directory")
        except OSError as exc:
            raise FileError(
                "File not found: a", "a", RuntimeErrorCode.RUNTIME_FILE_NOT_FOUND, os_error="ENOENT"
            ) from exc

    with pytest.raises(FileError) as info:
        read()
    assert isinstance(info.value.__cause__, FileNotFoundError)


async def test_database_messages_do_not_contain_the_url_password(tmp_path: object) -> None:
    from runtimes.database.drivers import _redact

    url = "postgres://user:s3cr%40t@db.example/app"
    assert _redact("could not connect to postgres://user:s3cr%40t@db.example/app", url) == (
        "could not connect to postgres://user:[REDACTED]@db.example/app"
    )
    assert "s3cr@t" not in _redact("password s3cr@t rejected", url)


def test_http_error_message_does_not_include_the_body() -> None:
    error = HttpError("HTTP 401: Unauthorized", 401, "token=abc123")
    assert "abc123" not in str(error) and error.body == "token=abc123"
