"""Every diagnostic message is one line (DIAGNOSTICS.md §1), whichever stage produced it."""

from __future__ import annotations

from server.checks import analyze
from server.diagnostics import Diagnostic, Related, one_line, sort_and_dedupe

FLOW = """---
name: nl
version: "1.0.0"
---
<workflow>
  <delay id="d" duration="1&#10;x"/>
</workflow>
"""


def test_a_runtime_message_with_a_line_break_is_one_line() -> None:
    found = [d for d in analyze(FLOW, None) if d.code == "VALID_INVALID_FIELD_TYPE"]
    assert [d.message for d in found] == ['Invalid duration "1\\nx" in <delay> "d"']


def test_sort_and_dedupe_makes_messages_hints_and_related_one_line() -> None:
    diag = Diagnostic("X", "error", "a\r\nb", 0, 1, hints=("c\rd",), related=(Related("e\nf", 0, 1),))
    (out,) = sort_and_dedupe([diag])
    assert (out.message, out.hints, out.related[0].message) == ("a\\r\\nb", ("c\\rd",), "e\\nf")
    assert one_line("plain") == "plain"
