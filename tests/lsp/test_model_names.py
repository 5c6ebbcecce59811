"""The names an expression can refer to are computed once per expression text (kept across versions)."""

from __future__ import annotations

from server.lsp.model import expression_names


def test_expression_names_skip_members_and_object_keys() -> None:
    source = "{total: orders.output, key: $config.limit} ?? $secrets.TOKEN ?? other"
    names = expression_names(source)
    assert [(kind, name, source[start:end]) for kind, name, start, end in names] == [
        (None, "orders", "orders"),
        ("config", "limit", "limit"),
        ("secret", "TOKEN", "TOKEN"),
        (None, "other", "other"),
    ]
    assert expression_names(str(source)) is names, "kept for the same text"
