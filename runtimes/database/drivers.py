"""Database access for the database runtimes: SQLite (stdlib ``sqlite3``) and PostgreSQL (optional ``asyncpg``).

Everything raised here is a ``DatabaseError`` (or ``PathTraversalError`` for a SQLite file outside the base); driver
exceptions are wrapped with ``from``. SQLite work runs in a worker thread so the event loop stays responsive.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import decimal
import sqlite3
import urllib.parse
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

from runtimes.database.connection import Connection, open_connection
from runtimes.database.sql import Params, Statement
from runtimes.errors import DatabaseError
from runtimes.validation.paths import confine
from runtimes.validation.urls import split_url

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["ASYNCPG_MISSING", "fetch_rows", "from_driver", "run_statements"]

ASYNCPG_MISSING = "PostgreSQL support needs the optional dependency asyncpg"


def _redact(text: str, url: str) -> str:
    parts = split_url(url)
    if parts is not None and parts.password is not None and parts.password[1] > parts.password[0]:
        password = url[parts.password[0] : parts.password[1]]
        text = text.replace(password, "[REDACTED]").replace(urllib.parse.unquote(password), "[REDACTED]")
    return text


def from_driver(value: Any) -> Any:
    """A result value: BLOB → base64 text, dates → ISO text, decimals → numbers, UUIDs → text."""
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [from_driver(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): from_driver(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------------------------------------------------
# SQLite


def _sqlite_connect(connection: Connection, base: Path, write: bool, node_id: str | None) -> sqlite3.Connection:
    if connection.kind == "memory" or connection.path is None:
        target_uri = "file::memory:?mode=memory"
    else:
        target = confine(connection.path, base, node_id=node_id, config_path=("connection",))
        mode = "rwc" if write else "ro"
        target_uri = f"file:{urllib.parse.quote(str(target))}?mode={mode}"
    try:
        return sqlite3.connect(target_uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise DatabaseError(f"Failed to connect to database: {exc}") from exc


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    if cursor.description is None:
        return []
    names = [column[0] for column in cursor.description]
    return [{name: from_driver(value) for name, value in zip(names, row, strict=False)} for row in cursor.fetchall()]


def _sqlite_fetch(
    connection: Connection, base: Path, query: str, params: Params, write: bool, node_id: str | None
) -> list[dict[str, Any]]:
    db = _sqlite_connect(connection, base, write, node_id)
    try:
        try:
            if write:
                db.execute("BEGIN")
            rows = _rows(db.execute(query, params))
            if write:
                db.execute("COMMIT")
            return rows
        except (sqlite3.Error, ValueError, OverflowError) as exc:  # driver errors, unbindable values
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise DatabaseError(f"Query failed: {exc}", query) from exc
    finally:
        db.close()


def _sqlite_run(connection: Connection, base: Path, statements: Sequence[Statement], node_id: str | None) -> int:
    db = _sqlite_connect(connection, base, True, node_id)
    current = ""
    try:
        try:
            affected = 0
            db.execute("BEGIN")
            for statement in statements:
                current = statement.sql
                cursor = db.execute(statement.sql, statement.params)
                affected += max(cursor.rowcount, 0)
            db.execute("COMMIT")
            return affected
        except (sqlite3.Error, ValueError, OverflowError) as exc:  # driver errors, unbindable values
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise DatabaseError(f"Query failed: {exc}", current) from exc
    finally:
        db.close()


# ---------------------------------------------------------------------------------------------------------------------
# PostgreSQL


async def _pg_connect(url: str) -> Any:
    try:
        import asyncpg  # optional dependency (extra "postgres")
    except ImportError as exc:
        raise DatabaseError(ASYNCPG_MISSING) from exc
    try:
        return await asyncpg.connect(url.strip(), timeout=30)
    except Exception as exc:  # asyncpg, OSError and timeouts alike
        raise DatabaseError(_redact(f"Failed to connect to database: {exc}", url)) from exc


def _positional(params: Params) -> Sequence[Any]:
    if isinstance(params, Mapping):
        raise DatabaseError("PostgreSQL queries take positional parameters ($1, $2, ...), not named ones")
    return params


async def _pg_fetch(url: str, query: str, params: Params, write: bool) -> list[dict[str, Any]]:
    positional = _positional(params)
    db = await _pg_connect(url)
    try:
        if write:
            async with db.transaction():
                records = await db.fetch(query, *positional)
        else:
            records = await db.fetch(query, *positional)
    except DatabaseError:
        raise
    except Exception as exc:
        raise DatabaseError(_redact(f"Query failed: {exc}", url), query) from exc
    finally:
        await db.close()
    return [{str(key): from_driver(value) for key, value in record.items()} for record in records]


async def _pg_run(url: str, statements: Sequence[Statement]) -> int:
    db = await _pg_connect(url)
    current = ""
    affected = 0
    try:
        async with db.transaction():
            for statement in statements:
                current = statement.sql
                status = await db.execute(statement.sql, *_positional(statement.params))
                last = str(status).rsplit(" ", 1)[-1]
                affected += int(last) if last.isdigit() else 0
    except DatabaseError:
        raise
    except Exception as exc:
        raise DatabaseError(_redact(f"Query failed: {exc}", url), current) from exc
    finally:
        await db.close()
    return affected


# ---------------------------------------------------------------------------------------------------------------------
# Entry points


async def fetch_rows(
    text: str, base: Path, query: str, params: Params, *, write: bool, node_id: str | None = None
) -> list[dict[str, Any]]:
    """Run one query and return its rows (a write query runs in its own transaction)."""
    connection = open_connection(text)
    if connection.kind == "postgres":
        return await _pg_fetch(text, query, params, write)
    return await asyncio.to_thread(_sqlite_fetch, connection, base, query, params, write, node_id)


async def run_statements(text: str, base: Path, statements: Sequence[Statement], *, node_id: str | None = None) -> int:
    """Run statements in one transaction (rolled back on error); returns the number of rows written."""
    connection = open_connection(text)
    if connection.kind == "postgres":
        return await _pg_run(text, statements)
    return await asyncio.to_thread(_sqlite_run, connection, base, statements, node_id)
