"""``--fix`` and ``--diff``: apply the safe fixes carried by diagnostics; render a unified diff."""

from __future__ import annotations

from collections.abc import Iterable

from server.diagnostics import Diagnostic, Fix, TextEdit

__all__ = ["apply_fixes", "unified_diff"]


def _overlaps(a: TextEdit, b: TextEdit) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start  # two insertions at one point: their order would be arbitrary
    return (a.start < b.end and b.start < a.end) or (a.start == a.end and b.start < a.start < b.end)


def apply_fixes(text: str, diagnostics: Iterable[Diagnostic]) -> tuple[str, int]:
    """Apply every safe fix that does not overlap an earlier accepted one (in diagnostic order).

    Only the first safe fix of a diagnostic is considered. Edits are applied from the end of the text so that
    code-point offsets stay valid. Returns the new text and the number of fixes applied.
    """
    accepted: list[TextEdit] = []
    count = 0
    seen: set[Fix] = set()
    for diag in diagnostics:
        fix = next((f for f in diag.fixes if f.safe), None)
        if fix is None or fix in seen:
            continue
        seen.add(fix)
        edits = fix.edits
        if any(e.start < 0 or e.end > len(text) or e.start > e.end for e in edits):
            continue
        if any(_overlaps(e, o) for e in edits for o in accepted) or any(
            _overlaps(e, o) for i, e in enumerate(edits) for o in edits[i + 1 :]
        ):
            continue
        accepted.extend(edits)
        count += 1
    for edit in sorted(accepted, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.new_text + text[edit.end :]
    return text, count


def unified_diff(before: str, after: str, path: str) -> str:
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{path}", tofile=f"b/{path}"
    )
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)
