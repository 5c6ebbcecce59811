"""Core model -> LSP types. Offsets become positions in exactly one function, :func:`to_position`.

The encoding is what pygls negotiated from ``general.positionEncodings`` (UTF-16 unless the client offers UTF-8 or
UTF-32, in the client's order of preference).

Diagnostics have two renderings of the same mapping (DIAGNOSTICS.md §6): :func:`to_lsp_diagnostic` (lsprotocol
objects, for features that hand them to pygls) and :func:`diagnostic_json` (the JSON object itself, for the published
and pulled lists: pygls would unstructure ~1,000 lsprotocol objects through cattrs, ~15 ms; plain data is encoded by
``json`` in C). A test keeps them equal to what pygls's converter makes of :func:`to_lsp_diagnostic`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

if TYPE_CHECKING:
    from server.diagnostics import Diagnostic, Fix
    from server.lsp.documents import Snapshot
    from server.syntax.positions import Encoding

__all__ = [
    "SEVERITY",
    "diagnostic_json",
    "encoding_of",
    "line_character",
    "to_lsp_diagnostic",
    "to_offset",
    "to_position",
    "to_range",
    "to_workspace_edit",
]

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}
_UNNECESSARY = frozenset({"VALID_UNUSED_DECLARATION", "EXPR_REDUNDANT_BRACES"})


def encoding_of(kind: object) -> Encoding:
    """The PositionIndex encoding for a negotiated ``PositionEncodingKind``."""
    value = getattr(kind, "value", kind)
    if value == "utf-8":
        return "utf-8"
    if value == "utf-32":
        return "utf-32"
    return "utf-16"


def line_character(snapshot: Snapshot, offset: int, encoding: Encoding) -> tuple[int, int]:
    """A core (code-point, BOM-less) offset -> (line, character) in ``encoding``. The one conversion in this
    direction (:func:`to_position` and the JSON renderings use it)."""
    return snapshot.index.position_in(offset + snapshot.shift, encoding)


def to_position(snapshot: Snapshot, offset: int, encoding: Encoding) -> types.Position:
    """A core offset -> an LSP position."""
    line, character = line_character(snapshot, offset, encoding)
    return types.Position(line=line, character=character)


def to_range(snapshot: Snapshot, start: int, end: int, encoding: Encoding) -> types.Range:
    return types.Range(start=to_position(snapshot, start, encoding), end=to_position(snapshot, end, encoding))


def to_offset(snapshot: Snapshot, position: types.Position, encoding: Encoding) -> int:
    """An LSP position -> a core offset (clamped to the document)."""
    offset = snapshot.index.offset(position.line, position.character, encoding)
    return snapshot.core_offset(offset)


def _message(diag: Diagnostic) -> str:
    return "\n".join([diag.message, *(f"hint: {hint}" for hint in diag.hints)])


def to_lsp_diagnostic(
    diag: Diagnostic, snapshot: Snapshot, encoding: Encoding, href: str | None = None
) -> types.Diagnostic:
    """DIAGNOSTICS.md §6."""
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=snapshot.uri, range=to_range(snapshot, item.start, item.end, encoding)),
            message=item.message,
        )
        for item in diag.related
    ]
    return types.Diagnostic(
        range=to_range(snapshot, diag.start, diag.end, encoding),
        message=_message(diag),
        severity=SEVERITY[diag.severity],
        code=diag.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=diag.source,
        related_information=related or None,
        tags=[types.DiagnosticTag.Unnecessary] if diag.code in _UNNECESSARY else None,
    )


def _position_json(snapshot: Snapshot, offset: int, encoding: Encoding) -> dict[str, int]:
    line, character = line_character(snapshot, offset, encoding)
    return {"line": line, "character": character}


def _range_json(snapshot: Snapshot, start: int, end: int, encoding: Encoding) -> dict[str, Any]:
    return {"start": _position_json(snapshot, start, encoding), "end": _position_json(snapshot, end, encoding)}


def diagnostic_json(
    diag: Diagnostic, snapshot: Snapshot, encoding: Encoding, href: str | None = None
) -> dict[str, Any]:
    """DIAGNOSTICS.md §6 as the JSON object of an LSP ``Diagnostic`` (what pygls sends for
    :func:`to_lsp_diagnostic`: camelCase keys, absent optional fields left out)."""
    result: dict[str, Any] = {
        "range": _range_json(snapshot, diag.start, diag.end, encoding),
        "message": _message(diag),
        "severity": SEVERITY[diag.severity].value,
        "code": diag.code,
    }
    if href:
        result["codeDescription"] = {"href": href}
    if diag.source is not None:
        result["source"] = diag.source
    if diag.code in _UNNECESSARY:
        result["tags"] = [types.DiagnosticTag.Unnecessary.value]
    if diag.related:
        result["relatedInformation"] = [
            {
                "location": {"uri": snapshot.uri, "range": _range_json(snapshot, item.start, item.end, encoding)},
                "message": item.message,
            }
            for item in diag.related
        ]
    return result


def to_workspace_edit(fix: Fix, snapshot: Snapshot, encoding: Encoding) -> types.WorkspaceEdit:
    edits = [
        types.TextEdit(range=to_range(snapshot, edit.start, edit.end, encoding), new_text=edit.new_text)
        for edit in fix.edits
    ]
    return types.WorkspaceEdit(changes={snapshot.uri: edits})
