"""Template segmentation (EXPRESSIONS.md §2.1) and bare-field unwrapping (§3).

``split_template`` cuts a template into segments, left to right::

    "Hi {{ user.name }}!\\{{x"  ->  text "Hi " | expr "user.name" | text "!" | escape "{{" | text "x"

Every segment carries its ``[start, end)`` range in the host string (braces included for expressions) and, for an
expression, ``expr_start``: the host offset of the first character of the trimmed expression, which maps parser
offsets back to the host. Nothing here raises.
"""

from __future__ import annotations

from functools import lru_cache

from runtimes.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

__all__ = ["BareField", "Segment", "SegmentKind", "is_template", "split_template", "unwrap_bare"]

SegmentKind: TypeAlias = 'Literal["text", "escape", "expr", "unclosed"]'

_WHITESPACE = " \t\r\n"


@record
class Segment:
    """One piece of a template.

    ``text``: the literal text (``"{{"`` for an escape, the raw rest of the template for an unclosed segment, the
    trimmed expression for an expression segment). ``expr_start``: host offset of ``text`` for expressions.
    """

    kind: SegmentKind
    start: int
    end: int
    text: str
    expr_start: int = -1

    @property
    def is_expression(self) -> bool:
        return self.kind == "expr"

    @property
    def expr_end(self) -> int:
        """Host offset just past the trimmed expression (expression segments)."""
        return self.expr_start + len(self.text)


def is_template(value: str) -> bool:
    """Whether ``value`` contains ``{{`` (RUNTIMES.md §5.1: otherwise it is a literal)."""
    return "{{" in value


def _find_close(t: str, k: int) -> int:
    n = len(t)
    depth = 0
    while k < n:
        c = t[k]
        if c == "'" or c == '"':
            k += 1
            while k < n:
                d = t[k]
                if d == "\\":
                    k += 2
                    continue
                if d == c:
                    break
                k += 1
        elif c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                if k + 1 < n and t[k + 1] == "}":
                    return k
            else:
                depth -= 1
        k += 1
    return -1


def _split(t: str) -> tuple[Segment, ...]:
    out: list[Segment] = []
    n = len(t)
    text_start = 0
    i = t.find("{{")
    while i != -1:
        if i > 0 and t[i - 1] == "\\" and i - 1 >= text_start:
            if i - 1 > text_start:
                out.append(Segment("text", text_start, i - 1, t[text_start : i - 1]))
            out.append(Segment("escape", i - 1, i + 2, "{{"))
            text_start = i + 2
            i = t.find("{{", text_start)
            continue
        if i > text_start:
            out.append(Segment("text", text_start, i, t[text_start:i]))
        j = _find_close(t, i + 2)
        if j == -1:
            out.append(Segment("unclosed", i, n, t[i:]))
            return tuple(out)
        raw = t[i + 2 : j]
        lead = len(raw) - len(raw.lstrip(_WHITESPACE))
        expr = raw.strip(_WHITESPACE)
        out.append(Segment("expr", i, j + 2, expr, i + 2 + lead))
        text_start = j + 2
        i = t.find("{{", text_start)
    if text_start < n:
        out.append(Segment("text", text_start, n, t[text_start:]))
    return tuple(out)


_split_cached = lru_cache(maxsize=4096)(_split)


def split_template(template: str) -> tuple[Segment, ...]:
    """The segments of ``template`` (EXPRESSIONS.md §2.1); empty text segments are not emitted."""
    if len(template) > 4096:
        return _split(template)
    return _split_cached(str(template))


@record
class BareField:
    """A bare expression field (EXPRESSIONS.md §3): the expression and its host offset.

    ``redundant``: the value was exactly one ``{{ expr }}`` segment (EXPR_REDUNDANT_BRACES); ``expression`` is then
    the inner expression. ``has_braces``: the value contains ``{{`` anywhere (parse errors get the bare-field hint).
    """

    expression: str
    start: int
    redundant: bool
    has_braces: bool

    @property
    def end(self) -> int:
        return self.start + len(self.expression)


BARE_FIELD_HINT = "Bare fields are expressions; remove {{ }}"


def unwrap_bare(value: str) -> BareField:
    """The expression of a bare field: the trimmed value, or the inside of a lone ``{{ … }}``."""
    stripped = value.strip(_WHITESPACE)
    lead = len(value) - len(value.lstrip(_WHITESPACE))
    if "{{" not in stripped:
        return BareField(stripped, lead, False, False)
    segments = split_template(stripped)
    if len(segments) == 1 and segments[0].kind == "expr" and segments[0].start == 0:
        seg = segments[0]
        if seg.end == len(stripped) and seg.text:
            return BareField(seg.text, lead + seg.expr_start, True, True)
    return BareField(stripped, lead, False, True)
