"""Hover: node kinds with their runtime's config keys, attribute and config-key docs, ``$config`` fields with their
static value, secrets, node ids, built-in function signatures, and the documentation of diagnostics under the cursor.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from server.lsp import catalog
from server.lsp.analysis import rule_url
from server.lsp.convert import to_offset, to_range
from server.lsp.cursor import cursor_at, word_at

if TYPE_CHECKING:
    from runtimes.keys import KeySpec
    from server.lsp.cursor import OpenElement
    from server.lsp.documents import Snapshot
    from server.lsp.model import Model, Ref
    from server.lsp.server import FlowScriptServer
    from server.syntax import ast


def _node_doc(node: ast.Node) -> str:
    lines = [f"**<{node.kind}>** `{node.label}`"]
    doc = catalog.ELEMENTS.get(node.kind)
    if doc is not None:
        lines += ["", doc.summary]
    type_ = getattr(node, "type", None)
    if isinstance(type_, str):
        lines += _runtime_keys_lines(node.kind, type_)
    return "\n".join(lines)


def _runtime_keys_lines(element: str, type_: str) -> list[str]:
    keys = catalog.runtime_keys(element, type_)
    if not keys:
        return []
    lines = ["", f"Runtime `{type_}` keys:", ""]
    for name, spec in keys.items():
        required = " (required)" if spec.required else ""
        default = f" — default `{spec.default}`" if spec.default not in (None, "") else ""
        lines.append(f"- `{name}`{required}: {spec.doc}{default}")
    return lines


def _runtime_doc(element: str, type_: str) -> str | None:
    """The docs of the runtime ``type_`` of a source/transform/sink (hover on its ``type`` value)."""
    if type_ not in catalog.runtime_types(element):
        return None
    default = " (the default)" if catalog.DEFAULT_TYPES.get(element) == type_ else ""
    lines = [f"**{type_}** `<{element}>` runtime{default}"]
    doc = catalog.ELEMENTS.get(element)
    if doc is not None:
        lines += ["", doc.summary]
    return "\n".join(lines + _runtime_keys_lines(element, type_))


def _ref_doc(model: Model, ref: Ref) -> str | None:
    frontmatter = model.frontmatter
    if ref.kind == "config":
        field = frontmatter.config.get(ref.name) if frontmatter is not None else None
        if field is None:
            return f"`$config.{ref.name}` is not declared in the frontmatter `config`."
        lines = [f"**$config.{ref.name}**: `{field.type}`"]
        if field.description:
            lines += ["", field.description]
        if field.has_default:
            lines += ["", f"Static value (default): `{json.dumps(_plain(field.default), ensure_ascii=False)}`"]
        elif field.required:
            lines += ["", "Required; no default."]
        return "\n".join(lines)
    if ref.kind == "secret":
        declared = frontmatter is not None and ref.name in frontmatter.secret_names
        state = "declared" if declared else "**not declared** in `secrets`"
        return f"**$secrets.{ref.name}**: secret ({state}); its value is the environment variable `{ref.name}`."
    node = model.definitions.get(ref.name)
    return _node_doc(node) if node is not None else None


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _rule_summary(code: str) -> str | None:
    """The "What" section of the rule's documentation page (``server/checks/rules/<CODE>.md``)."""
    from server.checks.rule_docs import rule_text

    text = rule_text(code)
    if not text:
        return None
    match = re.search(r"^## What\s*\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    return match.group(1).strip() if match else None


def _diagnostic_doc(snapshot: Snapshot, offset: int) -> list[str]:
    lines = []
    for diag in snapshot.diagnostics:
        if diag.start <= offset <= diag.end:
            url = rule_url(diag.code)
            title = f"[{diag.code}]({url})" if url else f"`{diag.code}`"
            lines.append(f"{title}: {diag.message}")
            lines.extend(f"- hint: {hint}" for hint in diag.hints)
            summary = _rule_summary(diag.code)
            if summary:
                lines += ["", summary]
    return lines


def _config_element_doc(word: str, parents: tuple[OpenElement, ...]) -> str | None:
    """A child element of a source/transform/sink is a config field (LANGUAGE.md §6), whatever its name: the
    runtime's key documentation, or the field path when the runtime does not declare it."""
    owner_index = next(
        (index for index in range(len(parents) - 1, -1, -1) if parents[index].name in catalog.DEFAULT_TYPES), None
    )
    if owner_index is None:
        return None
    owner = parents[owner_index]
    type_ = owner.attributes.get("type") or catalog.DEFAULT_TYPES[owner.name]
    path = [element.name for element in parents[owner_index + 1 :]]
    keys = catalog.runtime_keys(owner.name, type_)
    if path and keys.get(path[0]) is not None and keys[path[0]].kind == "flattened":
        path = path[1:]  # <request>/<response> blocks are merged into the config
    if not path:
        spec = keys.get(word)
        if spec is not None:
            return _key_doc(word, spec, owner.name, type_)
    if path == ["auth"] and word in catalog.AUTH_KEY_DOCS:
        return f"**{word}**: `auth` field\n\n{catalog.AUTH_KEY_DOCS[word]}"
    if len(path) == 1 and path[0] in ("headers", "params"):
        what = "Request header" if path[0] == "headers" else "Query parameter"
        return f'**{word}**: {what} (`{path[0]}` of `<{owner.name} type="{type_}">`)'
    field = ".".join([*path, word])
    return f'**{word}**: config field `{field}` of `<{owner.name} type="{type_}">`'


_KEY_VALUE_LINE = re.compile(r"[ \t]*([A-Za-z0-9_$][\w.$\-]*)[ \t]*:(?:[ \t]+(.*))?\Z")


def _key_line_doc(text: str, span: tuple[int, int], word: str, parents: tuple[OpenElement, ...]) -> str | None:
    """A ``key: value`` config line in element text (LANGUAGE.md §6): the key is a config field; the value of an
    ``auth`` block's ``type`` is an auth type."""
    line_start = text.rfind("\n", 0, span[0]) + 1
    line_end = text.find("\n", span[0])
    line = text[line_start : len(text) if line_end == -1 else line_end].rstrip("\r")
    match = _KEY_VALUE_LINE.match(line)
    if match is None:
        return None
    if (line_start + match.start(1), line_start + match.end(1)) == span:
        return _config_element_doc(word, parents)
    in_auth = bool(parents) and parents[-1].name == "auth"
    if in_auth and match.group(1) == "type" and match.group(2) is not None and line_start + match.start(2) <= span[0]:
        value = match.group(2).strip().strip("\"'")
        doc = catalog.AUTH_TYPE_DOCS.get(value)
        if doc is not None and value == word:
            return f"**{value}**: auth type\n\n{doc}"
    return None


_YAML_KEY = re.compile(r"( *)(?:- +)?([A-Za-z_][\w\-]*)[ \t]*:")


def _frontmatter_doc(text: str, span: tuple[int, int], word: str) -> str | None:
    """A frontmatter key (LANGUAGE.md §3): top-level keys, and the keys of trigger, runtime, evolution and of a
    config/input/output field (block or flow style)."""
    from server.syntax.split import split_document

    if not text.startswith("---") or text[span[1] :].lstrip(" \t")[:1] != ":":
        return None
    region = split_document(text, []).frontmatter
    if region is None or not region[0] <= span[0] < region[1]:
        return None
    line_start = text.rfind("\n", 0, span[0]) + 1
    match = _YAML_KEY.match(text, line_start)
    if match is None:
        return None
    indent = len(match.group(1))
    path = [word] if match.start(2) == span[0] else [match.group(2), word]
    if len(path) == 2 and "{" not in text[match.end() : span[0]]:
        return None
    position = line_start
    while indent > 0 and position > region[0]:
        position = text.rfind("\n", 0, position - 1) + 1
        if position < region[0]:
            break
        parent = _YAML_KEY.match(text, position)
        if parent is not None and len(parent.group(1)) < indent:
            indent = len(parent.group(1))
            path.insert(0, parent.group(2))
    if len(path) == 1:
        doc = catalog.FRONTMATTER_KEYS.get(word)
        return f"**{word}** (frontmatter)\n\n{doc}" if doc is not None else None
    parents = tuple(path[:-1])
    keys = catalog.FRONTMATTER_NESTED_KEYS.get(parents)
    if keys is None and len(parents) == 2:
        keys = catalog.FRONTMATTER_NESTED_KEYS.get((parents[0], "*"))
    if keys is None:
        return None
    doc = keys.get(word)
    return f"**{word}** (`{'.'.join(path)}`)\n\n{doc}" if doc is not None else None


def _key_doc(name: str, spec: KeySpec, element: str, type_: str) -> str:
    lines = [f"**{name}**: config field of the `{type_}` {element} ({spec.kind})", "", spec.doc]
    if spec.required:
        lines += ["", "Required."]
    if spec.default not in (None, ""):
        lines += ["", f"Default: `{spec.default}`"]
    return "\n".join(lines)


def _word_doc(snapshot: Snapshot, model: Model | None, offset: int) -> tuple[str, tuple[int, int]] | None:
    from runtimes.expressions.builtins import FUNCTIONS
    from server.lsp.model import BARE_ATTRIBUTES

    text = snapshot.core_text
    span = word_at(text, offset)
    if span is None:
        return None
    word = text[span[0] : span[1]]
    frontmatter = _frontmatter_doc(text, span, word)
    if frontmatter is not None:
        return frontmatter, span
    before = text[: span[0]]
    if before.endswith(("<", "</")):
        node = model.node_at(offset) if model is not None else None
        if node is not None and node.anchor[0] <= offset <= node.anchor[1]:
            return _node_doc(node), span
        at = span[0] - (2 if before.endswith("</") else 1)
        cursor = cursor_at(text, at, origin=model.cursor_origin(at) if model is not None else None)
        parents = cursor.parents
        if before.endswith("</") and parents and parents[-1].name == word:
            parents = parents[:-1]  # a closing tag: the element it closes is not its own parent
        config = _config_element_doc(word, parents)
        if config is not None:
            return config, span
        element_doc = catalog.ELEMENTS.get(word)
        if element_doc is not None:
            return f"**<{word}>**\n\n{element_doc.summary}", span
        for parent, children in catalog.CHILD_ELEMENTS.items():
            if word in children:
                return f"**<{word}>** (in `<{parent}>`)\n\n{children[word]}", span
        return None
    origin = model.cursor_origin(span[0]) if model is not None else None
    cursor = cursor_at(text, span[0], BARE_ATTRIBUTES, origin=origin)
    if cursor.kind == "attribute" and text[span[1] : span[1] + 1] == "=" and cursor.element is not None:
        element = cursor.element
        doc = catalog.ELEMENTS[element].attributes.get(word) if element in catalog.ELEMENTS else None
        doc = doc or catalog.SUB_ELEMENT_ATTRIBUTES.get(element, {}).get(word)
        if doc is None and element in catalog.DEFAULT_TYPES:
            spec = catalog.runtime_keys(element, cursor.attributes.get("type")).get(word)
            doc = spec.doc if spec is not None else None
        if doc is not None:
            return f"**{word}** (`<{element}>` attribute)\n\n{doc}", span
    if cursor.kind == "text":
        line_doc = _key_line_doc(text, span, word, cursor.parents)
        if line_doc is not None:
            return line_doc, span
    if cursor.kind == "value" and cursor.attribute == "type" and cursor.element in catalog.DEFAULT_TYPES:
        runtime = _runtime_doc(cursor.element, cursor.attributes.get("type") or word)
        if runtime is not None:
            return runtime, span
    if cursor.kind == "expression":
        fn = FUNCTIONS.get(word)
        if fn is not None and text[span[1] :].lstrip().startswith("("):
            return f"```\n{fn.signature}\n```\n{fn.summary}", span
    return None


def hover_at(snapshot: Snapshot, offset: int) -> tuple[str, tuple[int, int] | None] | None:
    from server.lsp.model import model_of

    model = model_of(snapshot)
    parts: list[str] = []
    span: tuple[int, int] | None = None
    ref = model.ref_at(offset) if model is not None else None
    if model is not None and ref is not None:
        doc = _ref_doc(model, ref)
        if doc:
            parts.append(doc)
            span = (ref.start, ref.end)
    if not parts:
        found = _word_doc(snapshot, model, offset)
        if found is not None:
            parts.append(found[0])
            span = found[1]
    diagnostics = _diagnostic_doc(snapshot, offset)
    if diagnostics:
        parts.append("\n".join(diagnostics))
    if not parts:
        return None
    return "\n\n---\n\n".join(parts), span


def register(server: FlowScriptServer) -> None:
    @server.handle(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        snapshot = server.snapshot(params.text_document.uri)
        if snapshot is None:
            return None
        found = hover_at(snapshot, to_offset(snapshot, params.position, server.encoding))
        if found is None:
            return None
        value, span = found
        contents = types.MarkupContent(kind=types.MarkupKind.Markdown, value=value)
        hover_range = to_range(snapshot, span[0], span[1], server.encoding) if span is not None else None
        return types.Hover(contents=contents, range=hover_range)
