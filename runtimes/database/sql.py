"""SQL statements and dialects shared by the database sink and the drivers (no driver imports here)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from runtimes.database.connection import Connection
from runtimes.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

__all__ = ["POSTGRES", "SQLITE", "Dialect", "Params", "Statement", "dialect_of"]

Params: TypeAlias = "Sequence[Any] | Mapping[str, Any]"


@record
class Statement:
    sql: str
    params: Params = ()


@record
class Dialect:
    placeholder: Callable[[int], str]
    """The placeholder of the i-th (0-based) parameter."""
    booleans: bool
    """Whether the driver takes booleans (PostgreSQL) or 1/0 (SQLite)."""


def _question_mark(index: int) -> str:
    return "?"


def _dollar(index: int) -> str:
    return f"${index + 1}"


SQLITE = Dialect(_question_mark, booleans=False)
POSTGRES = Dialect(_dollar, booleans=True)


def dialect_of(connection: Connection) -> Dialect:
    return POSTGRES if connection.kind == "postgres" else SQLITE
