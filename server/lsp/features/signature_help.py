"""Signature help for built-in function calls inside expressions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lsprotocol import types

from server.lsp.convert import to_offset
from server.lsp.cursor import cursor_at

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer

_PARAMS = re.compile(r"\((.*)\)")


def open_call(expression: str) -> tuple[str, int] | None:
    """The innermost unclosed call before the end of ``expression``: (function name, active argument index)."""
    depth_stack: list[tuple[str, int]] = []
    quote: str | None = None
    i = 0
    while i < len(expression):
        char = expression[i]
        if quote is not None:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = None
        elif char in "'\"`":
            quote = char
        elif char == "(":
            callee = re.search(r"([A-Za-z_$][\w$]*)\s*\Z", expression[:i])
            depth_stack.append((callee.group(1) if callee else "", 0))
        elif char in "[{":
            depth_stack.append(("", 0))
        elif char in ")]}":
            if depth_stack:
                depth_stack.pop()
        elif char == "," and depth_stack:
            top, count = depth_stack[-1]
            depth_stack[-1] = (top, count + 1)
        i += 1
    if depth_stack and depth_stack[-1][0]:
        return depth_stack[-1]
    return None


def signature_of(name: str, active: int) -> types.SignatureHelp | None:
    from runtimes.expressions.builtins import FUNCTIONS

    fn = FUNCTIONS.get(name)
    if fn is None:
        return None
    inner = _PARAMS.search(fn.signature)
    names = [part.strip() for part in inner.group(1).split(",")] if inner and inner.group(1).strip() else []
    parameters = [types.ParameterInformation(label=param) for param in names]
    if parameters and active >= len(parameters):
        active = len(parameters) - 1
    signature = types.SignatureInformation(
        label=fn.signature,
        documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=fn.summary),
        parameters=parameters,
        active_parameter=active,
    )
    return types.SignatureHelp(signatures=[signature], active_signature=0, active_parameter=active)


def register(server: FlowScriptServer) -> None:
    options = types.SignatureHelpOptions(trigger_characters=["(", ","], retrigger_characters=[","])

    @server.handle(types.TEXT_DOCUMENT_SIGNATURE_HELP, options)
    def signature_help(params: types.SignatureHelpParams) -> types.SignatureHelp | None:
        snapshot = server.snapshot(params.text_document.uri)
        if snapshot is None:
            return None
        from server.lsp.model import BARE_ATTRIBUTES, BARE_ELEMENTS, model_of

        offset = to_offset(snapshot, params.position, server.encoding)
        model = model_of(snapshot)
        origin = model.cursor_origin(offset) if model is not None else None
        cursor = cursor_at(snapshot.core_text, offset, BARE_ATTRIBUTES, BARE_ELEMENTS, origin)
        if cursor.kind != "expression":
            return None
        call = open_call(cursor.prefix)
        return signature_of(*call) if call is not None else None
