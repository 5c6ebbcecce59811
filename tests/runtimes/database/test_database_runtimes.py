from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from runtimes.base import ConfigValue
from runtimes.database import DatabaseSink, DatabaseSource
from runtimes.database.connection import parse_connection
from runtimes.database.drivers import ASYNCPG_MISSING
from runtimes.database.identifiers import parse_columns, quote_table
from runtimes.database.values import is_read_query, parse_params
from runtimes.errors import DatabaseError, PathTraversalError, RuntimeConfigError, RuntimeErrorCode
from tests.runtimes.helpers import params, spec, vctx

SOURCE = DatabaseSource()
SINK = DatabaseSink()


def make_db(path: Path) -> None:
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, flag INTEGER, data TEXT, blob BLOB);"
        "INSERT INTO t (id, name, flag, blob) VALUES (1, 'a', 1, x'0001'), (2, 'b', 0, NULL);"
    )
    db.commit()
    db.close()


def rows_of(path: Path, sql: str = "SELECT id, name, flag, data FROM t ORDER BY id") -> list[tuple[Any, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def src(config: dict[str, ConfigValue]) -> Any:
    return spec("source", config, type_="database")


def snk(config: dict[str, ConfigValue]) -> Any:
    return spec("sink", config, type_="database")


# --- connection forms --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "path"),
    [
        (":memory:", "memory", None),
        ("sqlite::memory:", "memory", None),
        ("sqlite://:memory:", "memory", None),
        ("sqlite:///abs/file.db", "sqlite", "/abs/file.db"),
        ("sqlite://rel/file.db", "sqlite", "rel/file.db"),
        ("sqlite:rel/file.db", "sqlite", "rel/file.db"),
        ("file:rel/file.db", "sqlite", "rel/file.db"),
        ("postgres://u@h/db", "postgres", None),
        ("postgresql://u@h/db", "postgres", None),
    ],
)
def test_connection_forms(text: str, kind: str, path: str | None) -> None:
    connection = parse_connection(text)
    assert connection is not None and (connection.kind, connection.path) == (kind, path)
    if path is not None:
        assert text[connection.path_start :] == path


@pytest.mark.parametrize("text", ["mysql://h/db", "data.db", "sqlite:", "http://x"])
def test_unsupported_connections(text: str) -> None:
    assert parse_connection(text) is None


# --- validate ----------------------------------------------------------------------------------------------------


def test_source_required_keys() -> None:
    issues = SOURCE.validate(src({}), vctx())
    assert [i.message for i in issues] == [
        'Database source "n" requires a "connection" attribute',
        'Database source "n" requires a "query" attribute',
    ]


def test_unsupported_connection_issue() -> None:
    issues = SOURCE.validate(src({"connection": "mysql://h/db", "query": "SELECT 1"}), vctx())
    assert [(i.code, i.message, i.path) for i in issues] == [
        ("RUNTIME_INVALID_CONFIG", 'Unsupported connection URL "mysql://h/db"', ("connection",)),
    ]
    assert SOURCE.validate(src({"connection": "{{ $env.DB }}", "query": "SELECT 1"}), vctx()) == []


def test_sqlite_path_confined_with_sub_span(tmp_path: Path) -> None:
    issues = SOURCE.validate(src({"connection": "sqlite://../x.db", "query": "SELECT 1"}), vctx(tmp_path))
    assert [(i.code, i.message, i.span) for i in issues] == [
        ("RUNTIME_PATH_TRAVERSAL", "Path traversal not allowed: ../x.db", (9, 16)),
    ]
    assert SOURCE.validate(src({"connection": "sqlite:data/x.db", "query": "SELECT 1"}), vctx(tmp_path)) == []
    absolute = SOURCE.validate(src({"connection": "sqlite:///etc/x.db", "query": "SELECT 1"}), vctx(tmp_path))
    assert [i.code for i in absolute] == ["RUNTIME_PATH_TRAVERSAL"]


def test_sqlite_static_and_dynamic_paths(tmp_path: Path) -> None:
    static = src({"connection": "{{ $config.db }}", "query": "SELECT 1"})
    assert SOURCE.validate(static, vctx(tmp_path, db="sqlite:ok.db")) == []
    issues = SOURCE.validate(static, vctx(tmp_path, db="sqlite:../up.db"))
    assert issues[0].code == "RUNTIME_PATH_TRAVERSAL" and issues[0].span == (0, 16)
    dynamic = src({"connection": "sqlite:../{{ name }}.db", "query": "SELECT 1"})
    assert [i.code for i in SOURCE.validate(dynamic, vctx(tmp_path))] == ["RUNTIME_PATH_TRAVERSAL"]


def test_literal_password_in_connection_url() -> None:
    issues = SOURCE.validate(src({"connection": "postgres://user:hunter2@db/app", "query": "SELECT 1"}), vctx())
    assert [(i.code, i.severity, i.message, i.span, i.hints) for i in issues] == [
        (
            "RUNTIME_HARDCODED_SECRET",
            "warning",
            'The password in the connection URL in node "n" is written in the file',
            (16, 23),
            ("Declare a secret (secrets: [NAME]) and write {{$secrets.NAME}}",),
        )
    ]
    ok = src({"connection": "postgres://user:{{ $secrets.PW }}@db/app", "query": "SELECT 1"})
    assert SOURCE.validate(ok, vctx()) == []
    assert SOURCE.validate(src({"connection": "postgres://user@db/app", "query": "SELECT 1"}), vctx()) == []


def test_sink_rules() -> None:
    node = snk(
        {
            "connection": ":memory:",
            "table": "bad-name",
            "operation": "upsert",
            "batch": "0",
            "where": "id = 1",
        }
    )
    issues = SINK.validate(node, vctx())
    assert [(i.code, i.severity, i.message, i.path, i.target) for i in issues] == [
        ("RUNTIME_INVALID_CONFIG", "error", '"batch" must be a positive integer: "0"', ("batch",), "value"),
        ("RUNTIME_INVALID_CONFIG", "error", 'Invalid table name "bad-name"', ("table",), "value"),
        (
            "VALID_MISSING_REQUIRED_FIELD",
            "error",
            'Upsert operation requires "conflictColumns" to be specified',
            ("operation",),
            "value",
        ),
        ("RUNTIME_INVALID_CONFIG", "warning", 'where is only used by operation="update"', ("where",), "key"),
    ]
    assert issues[2].hints == ('Add conflictColumns="id"',)


@pytest.mark.parametrize("where", ["", "   "])
def test_sink_blank_where_is_missing(where: str) -> None:
    # RUNTIMES.md §5.1: "" after trimming is missing, so no "where is only used by ..." warning
    assert SINK.validate(snk({"connection": ":memory:", "table": "t", "where": where}), vctx()) == []


def test_sink_conflict_columns_and_operation() -> None:
    base: dict[str, ConfigValue] = {"connection": ":memory:", "table": "main.t", "operation": "upsert"}
    assert SINK.validate(snk({**base, "conflictColumns": '["id", "k"]'}), vctx()) == []
    assert SINK.validate(snk({**base, "conflictColumns": "id, k"}), vctx()) == []
    issues = SINK.validate(snk({**base, "conflictColumns": "id, 2x"}), vctx())
    assert [i.message for i in issues] == ['Invalid column name "2x" in conflictColumns']
    issues = SINK.validate(snk({**base, "operation": "merge", "conflictColumns": "id"}), vctx())
    assert [i.message for i in issues] == ['"operation" must be one of insert, upsert, update: "merge"']
    update = snk({"connection": ":memory:", "table": "t", "operation": "update", "where": "id = 1"})
    assert SINK.validate(update, vctx()) == []
    assert SINK.validate(snk({"connection": ":memory:", "table": "t"}), vctx()) == []


# --- helpers -----------------------------------------------------------------------------------------------------


def test_helpers() -> None:
    assert parse_columns('["a", 1]') == ["a", "1"]
    assert parse_columns(" a , b ,") == ["a", "b"]
    assert quote_table("s.t") == '"s"."t"'
    assert is_read_query("  -- hi\n/* x */ (select 1)")
    assert is_read_query("with x as (select 1) select * from x")
    assert not is_read_query("DELETE FROM t")
    assert parse_params("[1, 2]") == [1, 2]
    assert parse_params("5") == [5]
    assert parse_params("abc") == ["abc"]
    assert parse_params('{"a": 1}') == {"a": 1}
    assert parse_params([3]) == [3]


# --- source execute ----------------------------------------------------------------------------------------------


async def test_select_with_params(tmp_path: Path) -> None:
    make_db(tmp_path / "app.db")
    node = src({"connection": "sqlite:app.db", "query": "SELECT id, name, blob FROM t WHERE id >= ?", "params": "[1]"})
    result = await SOURCE.execute(params(node, tmp_path))
    assert result.output == [{"id": 1, "name": "a", "blob": "AAE="}, {"id": 2, "name": "b", "blob": None}]


async def test_named_params_and_memory(tmp_path: Path) -> None:
    node = src({"connection": ":memory:", "query": "SELECT :a + 1 AS v", "params": '{"a": 41}'})
    assert (await SOURCE.execute(params(node, tmp_path))).output == [{"v": 42}]


async def test_params_list_from_the_python_api_used_as_is(tmp_path: Path) -> None:
    # RUNTIMES.md §6.5: a list is used as is (review finding 3: it was discarded and nothing was bound)
    node = src({"connection": ":memory:", "query": "SELECT ?1 AS x, ?2 AS y", "params": [1, "b"]})
    assert (await SOURCE.execute(params(node, tmp_path))).output == [{"x": 1, "y": "b"}]


async def test_read_does_not_create_missing_file(tmp_path: Path) -> None:
    node = src({"connection": "sqlite:missing.db", "query": "SELECT 1"})
    with pytest.raises(DatabaseError) as info:
        await SOURCE.execute(params(node, tmp_path))
    assert info.value.code is RuntimeErrorCode.RUNTIME_DATABASE_ERROR
    assert info.value.message.startswith("Failed to connect to database: ")
    assert not (tmp_path / "missing.db").exists()


async def test_query_failure(tmp_path: Path) -> None:
    node = src({"connection": ":memory:", "query": "SELECT * FROM nope"})
    with pytest.raises(DatabaseError) as info:
        await SOURCE.execute(params(node, tmp_path))
    assert info.value.message == "Query failed: no such table: nope"
    assert info.value.query == "SELECT * FROM nope"
    assert isinstance(info.value.__cause__, sqlite3.Error)


async def test_write_query_dry_run_and_real(tmp_path: Path) -> None:
    make_db(tmp_path / "app.db")
    node = src({"connection": "sqlite:app.db", "query": "DELETE FROM t WHERE id = ?", "params": "[1]"})
    dry = await SOURCE.execute(params(node, tmp_path, allow_side_effects=False))
    assert dry.output == {"dryRun": True, "operation": "query", "query": "DELETE FROM t WHERE id = ?", "params": [1]}
    assert len(rows_of(tmp_path / "app.db")) == 2
    await SOURCE.execute(params(node, tmp_path))
    assert [row[0] for row in rows_of(tmp_path / "app.db")] == [2]


async def test_source_confined_at_execution(tmp_path: Path) -> None:
    with pytest.raises(PathTraversalError) as info:
        await SOURCE.execute(params(src({"connection": "sqlite:../x.db", "query": "SELECT 1"}), tmp_path))
    assert (info.value.path, info.value.config_path) == ("../x.db", ("connection",))


async def test_postgres_needs_asyncpg(tmp_path: Path) -> None:
    import importlib.util

    node = src({"connection": "postgres://u:pw@127.0.0.1:1/db", "query": "SELECT 1"})
    with pytest.raises(DatabaseError) as info:
        await SOURCE.execute(params(node, tmp_path))
    if importlib.util.find_spec("asyncpg") is None:
        assert info.value.message == ASYNCPG_MISSING
    else:  # the optional extra is installed: nothing listens on port 1
        assert info.value.message.startswith("Failed to connect to database: ")
    assert "pw" not in info.value.message


# --- sink execute ------------------------------------------------------------------------------------------------


async def test_insert_in_batches(tmp_path: Path) -> None:
    make_db(tmp_path / "app.db")
    rows = [{"id": 10 + i, "name": f"n{i}", "flag": i % 2 == 0, "data": {"i": i}} for i in range(5)]
    node = snk({"connection": "sqlite:app.db", "table": "t", "batch": "2"})
    result = await SINK.execute(params(node, tmp_path, [*rows, "skipped"]))
    assert result.output == {"rowsAffected": 5, "batches": 3}
    stored = rows_of(tmp_path / "app.db", "SELECT id, name, flag, data FROM t WHERE id >= 10 ORDER BY id")
    assert stored[0] == (10, "n0", 1, '{"i":0}') and stored[1][2] == 0 and len(stored) == 5


async def test_insert_single_object_and_missing_values(tmp_path: Path) -> None:
    make_db(tmp_path / "app.db")
    node = snk({"connection": "sqlite:app.db", "table": "t"})
    result = await SINK.execute(params(node, tmp_path, {"id": 3, "name": None}))
    assert result.output == {"rowsAffected": 1, "batches": 1}
    assert rows_of(tmp_path / "app.db")[-1] == (3, None, None, None)


async def test_insert_rolls_back_on_error(tmp_path: Path) -> None:
    make_db(tmp_path / "app.db")
    node = snk({"connection": "sqlite:app.db", "table": "t", "batch": "1"})
    with pytest.raises(DatabaseError) as info:
        await SINK.execute(params(node, tmp_path, [{"id": 7, "name": "new"}, {"id": 1, "name": "duplicate"}]))
    assert info.value.message.startswith("Query failed: UNIQUE constraint failed")
    assert [row[0] for row in rows_of(tmp_path / "app.db")] == [1, 2]


async def test_upsert_and_do_nothing(tmp_path: Path) -> None:
    make_db(tmp_path / "app.db")
    node = snk({"connection": "sqlite:app.db", "table": "t", "operation": "upsert", "conflictColumns": '["id"]'})
    result = await SINK.execute(params(node, tmp_path, [{"id": 1, "name": "A"}, {"id": 3, "name": "c"}]))
    assert result.output == {"rowsAffected": 2, "batches": 1}
    assert [(r[0], r[1]) for r in rows_of(tmp_path / "app.db")] == [(1, "A"), (2, "b"), (3, "c")]
    only_keys = snk({"connection": "sqlite:app.db", "table": "t", "operation": "upsert", "conflictColumns": "id"})
    await SINK.execute(params(only_keys, tmp_path, [{"id": 1}, {"id": 4}]))
    assert [(r[0], r[1]) for r in rows_of(tmp_path / "app.db")] == [(1, "A"), (2, "b"), (3, "c"), (4, None)]


async def test_update_with_where(tmp_path: Path) -> None:
    make_db(tmp_path / "app.db")
    node = snk({"connection": "sqlite:app.db", "table": "t", "operation": "update", "where": "id = 2"})
    result = await SINK.execute(params(node, tmp_path, {"name": "B", "flag": True}))
    assert result.output == {"rowsAffected": 1, "batches": 1}
    assert rows_of(tmp_path / "app.db") == [(1, "a", 1, None), (2, "B", 1, None)]


async def test_sink_dry_run(tmp_path: Path) -> None:
    make_db(tmp_path / "app.db")
    node = snk({"connection": "sqlite:app.db", "table": "t", "batch": "2"})
    result = await SINK.execute(params(node, tmp_path, [{"id": 5}, {"id": 6}, {"id": 7}], allow_side_effects=False))
    assert result.output == {"dryRun": True, "operation": "insert", "table": "t", "rows": 3, "batches": 2}
    assert len(rows_of(tmp_path / "app.db")) == 2


async def test_sink_input_and_identifier_errors(tmp_path: Path) -> None:
    node = snk({"connection": ":memory:", "table": "t"})
    with pytest.raises(DatabaseError) as info:
        await SINK.execute(params(node, tmp_path, "text"))
    assert info.value.message == "Database sink input must be an object or array of objects"
    assert (await SINK.execute(params(node, tmp_path, []))).output == {"rowsAffected": 0, "batches": 0}
    with pytest.raises(RuntimeConfigError):
        await SINK.execute(params(node, tmp_path, {'x"; DROP TABLE t; --': 1}))
    with pytest.raises(RuntimeConfigError):
        await SINK.execute(params(snk({"connection": ":memory:", "table": "t; DROP"}), tmp_path, {"a": 1}))


async def test_unbindable_values_are_database_errors(tmp_path: Path) -> None:
    node = src({"connection": ":memory:", "query": "SELECT ? AS v", "params": "[123456789012345678901234567890]"})
    with pytest.raises(DatabaseError) as info:
        await SOURCE.execute(params(node, tmp_path))
    assert info.value.message.startswith("Query failed: ")


async def test_templates_in_connection_query_and_params(tmp_path: Path) -> None:
    make_db(tmp_path / "app.db")
    node = src(
        {
            "connection": "sqlite:{{ input.db }}",
            "query": "SELECT name FROM {{ input.table }} WHERE id = ?",
            "params": "{{ [input.id] }}",
        }
    )
    result = await SOURCE.execute(params(node, tmp_path, {"db": "app.db", "table": "t", "id": 2}))
    assert result.output == [{"name": "b"}]
