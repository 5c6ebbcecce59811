"""Completion: element names, attributes, attribute values, node ids, and inside expressions variables, node ids,
``$config`` keys, ``$secrets`` names and built-in functions with their signatures."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lsprotocol import types

from server.lsp import catalog
from server.lsp.convert import to_offset
from server.lsp.cursor import Cursor, cursor_at

if TYPE_CHECKING:
    from server.lsp.model import Model
    from server.lsp.server import FlowScriptServer

_IDENT = re.compile(r"[A-Za-z_$][\w$]*\Z")
_MEMBER = re.compile(r"([A-Za-z_$][\w$]*)\s*(?:\.|\?\.)\s*([\w$]*)\Z")
_ROOT_WORD = re.compile(r"[\w$]*\Z")
MAX_ITEMS = 200
"""Longer lists are filtered by the typed word and cut; the client asks again as the user types."""
_TYPED_WORD = re.compile(r"[\w$\-]*\Z")

_VARIABLES = {
    "input": "Output of the node named by this node's `input` attribute.",
    "$config": "Workflow configuration (frontmatter `config` defaults and run-time overrides).",
    "$secrets": "Declared secrets, read from environment variables.",
    "$env": "The process environment.",
    "$context": "Context values (`<context>`, `<set>`, include bindings, call arguments).",
    "$workflowDir": "Absolute folder of the workflow file.",
}
_ITEM_VARIABLES = {
    "item": "Current element.",
    "index": "0-based index.",
    "$item": "Current element.",
    "$index": "0-based index.",
}


def _item(
    label: str, kind: types.CompletionItemKind, detail: str = "", doc: str = "", **extra: object
) -> types.CompletionItem:
    documentation = types.MarkupContent(kind=types.MarkupKind.Markdown, value=doc) if doc else None
    return types.CompletionItem(label=label, kind=kind, detail=detail or None, documentation=documentation, **extra)  # type: ignore[arg-type]


def _node_type(cursor: Cursor, element: str | None, attributes: dict[str, str]) -> tuple[str | None, str | None]:
    if element in catalog.DEFAULT_TYPES:
        return element, attributes.get("type")
    owner = cursor.nearest("source", "transform", "sink")
    return (owner.name, owner.attributes.get("type")) if owner is not None else (None, None)


def element_items(cursor: Cursor) -> list[types.CompletionItem]:
    parent = cursor.parent
    parent_name = parent.name if parent is not None else None
    items: list[types.CompletionItem] = []
    in_node_list = parent_name in catalog.NODE_LIST_PARENTS or (
        parent_name == "branch" and len(cursor.parents) >= 2 and cursor.parents[-2].name == "parallel"
    )
    if parent_name is None:
        items.append(_item("workflow", types.CompletionItemKind.Module, "root element"))
    if in_node_list:
        for name, element_doc in catalog.ELEMENTS.items():
            items.append(_item(name, types.CompletionItemKind.Class, "node", element_doc.summary))
    if parent_name is not None:
        for name, doc in catalog.CHILD_ELEMENTS.get(parent_name, {}).items():
            items.append(_item(name, types.CompletionItemKind.Struct, f"child of <{parent_name}>", doc))
        if parent_name in catalog.ELEMENTS:
            items.append(
                _item("on-error", types.CompletionItemKind.Struct, "error handling", "`<retry>` and `<fallback>`.")
            )
        kind, type_ = _node_type(cursor, parent_name, parent.attributes if parent else {})
        if kind is not None and parent_name == kind:
            for key, spec in catalog.runtime_keys(kind, type_).items():
                items.append(_item(key, types.CompletionItemKind.Field, f"{spec.kind} config key", spec.doc))
    return items


def attribute_items(cursor: Cursor) -> list[types.CompletionItem]:
    element = cursor.element or ""
    written = set(cursor.attributes)
    docs: dict[str, str] = {}
    if element in catalog.ELEMENTS:
        docs.update(catalog.ELEMENTS[element].attributes)
        kind, type_ = _node_type(cursor, element, cursor.attributes)
        if kind is not None:
            for key, spec in catalog.runtime_keys(kind, type_).items():
                if spec.kind == "text":
                    docs.setdefault(key, spec.doc)
    else:
        docs.update(catalog.SUB_ELEMENT_ATTRIBUTES.get(element, {}))
    return [
        _item(
            name,
            types.CompletionItemKind.Property,
            f"<{element}> attribute",
            doc,
            insert_text=f'{name}="$1"',
            insert_text_format=types.InsertTextFormat.Snippet,
        )
        for name, doc in docs.items()
        if name not in written
    ]


def _node_ids(model: Model | None, typed: str, identifiers_only: bool = False) -> list[tuple[str, str]]:
    """(id, kind) of the nodes to offer; with very many nodes only those starting with the typed word, at most
    ``MAX_ITEMS + 1`` (building thousands of items would dominate the response time)."""
    if model is None:
        return []
    many = len(model.definitions) > MAX_ITEMS
    found: list[tuple[str, str]] = []
    for node_id, node in model.definitions.items():
        if identifiers_only and not _IDENT.match(node_id):
            continue
        if many and not node_id.lower().startswith(typed):
            continue
        found.append((node_id, node.kind))
        if len(found) > MAX_ITEMS:
            break
    return found


def _typed(prefix: str) -> str:
    word = _TYPED_WORD.search(prefix)
    return word.group().lower() if word else ""


def _node_id_items(model: Model | None, typed: str) -> list[types.CompletionItem]:
    return [
        _item(node_id, types.CompletionItemKind.Reference, f"{kind} node") for node_id, kind in _node_ids(model, typed)
    ]


def value_items(cursor: Cursor, model: Model | None) -> list[types.CompletionItem]:
    element, attribute = cursor.element or "", cursor.attribute or ""
    if attribute in catalog.NODE_REFERENCE_ATTRIBUTES:
        return _node_id_items(model, _typed(cursor.prefix))
    values: tuple[str, ...] | list[str] = ()
    if attribute == "type" and element in catalog.DEFAULT_TYPES:
        values = catalog.runtime_types(element)
    elif attribute == "default" and element == "checkpoint":
        values = catalog.CHECKPOINT_DEFAULTS
    elif attribute == "method" and element == "sink":
        values = catalog.HTTP_METHODS[1:]
    else:
        values = catalog.ATTRIBUTE_VALUES.get(attribute, ())
    return [_item(value, types.CompletionItemKind.EnumMember, f"{attribute} value") for value in values]


def text_items(cursor: Cursor) -> list[types.CompletionItem]:
    key = cursor.line_key
    parent = cursor.parent
    if key is None or parent is None:
        return []
    values: tuple[str, ...] = ()
    if key == "type" and parent.name == "auth":
        values = catalog.AUTH_TYPES
    elif key == "method" and parent.name == "request":
        owner = cursor.nearest("source", "sink")
        values = catalog.HTTP_METHODS[1:] if owner is not None and owner.name == "sink" else catalog.HTTP_METHODS
    elif key in catalog.ATTRIBUTE_VALUES and parent.name in ("request", "response", "message", "config"):
        values = catalog.ATTRIBUTE_VALUES[key]
    return [_item(value, types.CompletionItemKind.EnumMember, f"{key} value") for value in values]


def expression_items(cursor: Cursor, model: Model | None) -> list[types.CompletionItem]:
    prefix = cursor.prefix
    member = _MEMBER.search(prefix)
    frontmatter = model.frontmatter if model is not None else None
    if member is not None:
        root = member.group(1)
        if root == "$config" and frontmatter is not None:
            return [
                _item(
                    name,
                    types.CompletionItemKind.Property,
                    f"{f.type}" + (f" = {f.default!r}" if f.has_default else ""),
                    f.description or "",
                )
                for name, f in frontmatter.config.items()
            ]
        if root == "$secrets" and frontmatter is not None:
            return [
                _item(s.name, types.CompletionItemKind.Constant, "secret", f"Environment variable `{s.name}`.")
                for s in frontmatter.secrets
            ]
        if model is not None and root in model.definitions:
            return [_item("output", types.CompletionItemKind.Property, f"output of {root}")]
        return []
    items = [_item(name, types.CompletionItemKind.Variable, "variable", doc) for name, doc in _VARIABLES.items()]
    if (
        cursor.nearest("foreach") is not None
        or cursor.attribute in ("expression", "condition")
        or cursor.nearest("expression", "condition") is not None
    ):
        items.extend(
            _item(name, types.CompletionItemKind.Variable, "variable", doc) for name, doc in _ITEM_VARIABLES.items()
        )
    if cursor.nearest("loop", "while") is not None:
        items.append(
            _item(
                "$iteration", types.CompletionItemKind.Variable, "variable", "0-based iteration of the enclosing loop."
            )
        )
    from runtimes.expressions.builtins import FUNCTIONS

    for fn in FUNCTIONS.values():
        items.append(
            _item(
                fn.name,
                types.CompletionItemKind.Function,
                fn.signature,
                fn.summary,
                insert_text=f"{fn.name}($1)" if fn.max_args != 0 else f"{fn.name}()",
                insert_text_format=types.InsertTextFormat.Snippet,
            )
        )
    # Node ids last: with thousands of nodes the list is cut (see ``bounded``).
    for node_id, kind in _node_ids(model, _typed(prefix), identifiers_only=True):
        items.append(_item(node_id, types.CompletionItemKind.Reference, f"{kind} node", "Use `.output`."))
    return items


def complete(cursor: Cursor, model: Model | None) -> list[types.CompletionItem]:
    if cursor.kind == "element":
        return element_items(cursor)
    if cursor.kind == "attribute":
        return attribute_items(cursor)
    if cursor.kind == "value":
        return value_items(cursor, model)
    if cursor.kind == "expression":
        return expression_items(cursor, model)
    if cursor.kind == "text":
        return text_items(cursor)
    return []


def bounded(items: list[types.CompletionItem], prefix: str) -> list[types.CompletionItem] | types.CompletionList:
    if len(items) <= MAX_ITEMS:
        return items
    typed = _typed(prefix)
    matching = [item for item in items if item.label.lower().startswith(typed)] if typed else items
    return types.CompletionList(is_incomplete=True, items=matching[:MAX_ITEMS])


def register(server: FlowScriptServer) -> None:
    options = types.CompletionOptions(trigger_characters=["<", " ", '"', ".", "{", "$", ":"])

    @server.handle(types.TEXT_DOCUMENT_COMPLETION, options, empty=list)
    def completion(params: types.CompletionParams) -> list[types.CompletionItem] | types.CompletionList:
        snapshot = server.snapshot(params.text_document.uri)
        if snapshot is None:
            return []
        from server.lsp.model import BARE_ATTRIBUTES, BARE_ELEMENTS, model_of

        offset = to_offset(snapshot, params.position, server.encoding)
        model = model_of(snapshot)
        origin = model.cursor_origin(offset) if model is not None else None
        cursor = cursor_at(snapshot.core_text, offset, BARE_ATTRIBUTES, BARE_ELEMENTS, origin)
        return bounded(complete(cursor, model), cursor.prefix)
