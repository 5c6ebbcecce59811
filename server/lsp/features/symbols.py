"""Document symbols: the frontmatter declarations and a nested outline of the nodes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from server.lsp.convert import to_range

if TYPE_CHECKING:
    from server.lsp.model import Model
    from server.lsp.server import FlowScriptServer
    from server.syntax import ast
    from server.syntax.positions import Encoding

_KIND = {
    "source": types.SymbolKind.Interface,
    "transform": types.SymbolKind.Function,
    "sink": types.SymbolKind.Event,
    "set": types.SymbolKind.Variable,
    "context": types.SymbolKind.Object,
    "include": types.SymbolKind.Module,
    "call": types.SymbolKind.Module,
}


def _detail(node: ast.Node) -> str:
    kind = node.kind
    type_ = getattr(node, "type", None)
    return f"{kind} {type_}" if isinstance(type_, str) else kind


def outline(model: Model, encoding: Encoding) -> list[types.DocumentSymbol]:
    from server.lsp.model import child_nodes

    snapshot = model.snapshot

    def symbol(node: ast.Node) -> types.DocumentSymbol:
        start, end = node.range
        sel = node.id_range or node.anchor
        return types.DocumentSymbol(
            name=node.label,
            detail=_detail(node),
            kind=_KIND.get(node.kind, types.SymbolKind.Struct),
            range=to_range(snapshot, start, end, encoding),
            selection_range=to_range(snapshot, sel[0], sel[1], encoding),
            children=[symbol(child) for child in child_nodes(node)] or None,
        )

    symbols: list[types.DocumentSymbol] = []
    frontmatter = model.frontmatter
    if frontmatter is not None:
        for name, config_field in frontmatter.config.items():
            symbols.append(
                types.DocumentSymbol(
                    name=f"$config.{name}",
                    detail=config_field.type,
                    kind=types.SymbolKind.Property,
                    range=to_range(snapshot, config_field.key_range[0], config_field.value_range[1], encoding),
                    selection_range=to_range(snapshot, *config_field.key_range, encoding),
                )
            )
        for secret in frontmatter.secrets:
            symbols.append(
                types.DocumentSymbol(
                    name=f"$secrets.{secret.name}",
                    detail="secret",
                    kind=types.SymbolKind.Key,
                    range=to_range(snapshot, *secret.range, encoding),
                    selection_range=to_range(snapshot, *secret.range, encoding),
                )
            )
    workflow = model.workflow
    if workflow is not None:
        symbols.extend(symbol(node) for node in workflow.nodes)
    return symbols


def register(server: FlowScriptServer) -> None:
    @server.handle(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, empty=list)
    def document_symbol(params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        from server.lsp.model import model_of

        snapshot = server.snapshot(params.text_document.uri)
        model = model_of(snapshot) if snapshot is not None else None
        return [] if model is None else outline(model, server.encoding)
