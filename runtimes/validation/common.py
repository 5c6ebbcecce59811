"""Value classes and the common checks shared by every runtime with a key table (RUNTIMES.md §5.1, §5.2).

Value classes of a config string:

* *missing*: the key is absent, or its value is ``""`` after trimming;
* *literal*: a string without ``{{``;
* *template*: a string with ``{{``. Its *static value* exists when every expression segment is exactly
  ``$config.NAME`` / ``$config['NAME']`` and NAME has a string, number or boolean default; otherwise it is *dynamic*.

Rules "on the effective text" see literals and static values through :func:`effective_text`; an issue found through a
static value is reported on the ``{{ }}`` segment with a hint naming the config field and its default
(:func:`value_issue`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from runtimes.base import ConfigValue, IssueSeverity, NodeSpec, RuntimeIssue, ValidateContext
from runtimes.expressions.template import split_template
from runtimes.expressions.values import number_to_string
from runtimes.keys import KEY_TABLES, KeyTable
from runtimes.lazyre import lazy_compile
from runtimes.records import record
from runtimes.validation.suggest import did_you_mean_hint

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Literal, TypeAlias

__all__ = [
    "ConfigRef",
    "Effective",
    "Segment",
    "ValueClass",
    "check_boolean",
    "check_common",
    "check_enum",
    "check_keys",
    "check_non_negative_int",
    "check_positive_int",
    "check_required",
    "classify",
    "default_text",
    "effective_text",
    "is_missing",
    "node_label",
    "parse_boolean",
    "segments",
    "static_hint",
    "text_value",
    "value_issue",
]

ValueClass: TypeAlias = 'Literal["missing", "literal", "template", "object"]'

INVALID_CONFIG = "RUNTIME_INVALID_CONFIG"
MISSING_REQUIRED = "VALID_MISSING_REQUIRED_FIELD"
UNKNOWN_FIELD = "VALID_UNKNOWN_FIELD"


# ---------------------------------------------------------------------------------------------------------------------
# Template segments (EXPRESSIONS.md §2.1)


@record
class Segment:
    """One piece of a template. ``kind`` is text, expression or unclosed; offsets are relative to the host string.

    For text pieces ``text`` is the rendered text (an escaped ``\\{{`` is ``{{``); for expressions it is the trimmed
    expression between the braces.
    """

    kind: Literal["text", "expression", "unclosed"]
    text: str
    start: int
    end: int


def segments(t: str) -> list[Segment]:
    """The segments of a template (EXPRESSIONS.md §2.1, via ``split_template``); an escaped ``\\{{`` is text."""
    out: list[Segment] = []
    for seg in split_template(t):
        if seg.kind == "expr":
            out.append(Segment("expression", seg.text, seg.start, seg.end))
        elif seg.kind == "unclosed":
            out.append(Segment("unclosed", seg.text, seg.start, seg.end))
        else:
            out.append(Segment("text", seg.text, seg.start, seg.end))
    return out


# ---------------------------------------------------------------------------------------------------------------------
# Value classes and static values

_CONFIG_REF = lazy_compile(
    r"\$config\s*(?:\.\s*(?P<dot>[A-Za-z_$][A-Za-z0-9_$]*)|\[\s*(?P<q>['\"])(?P<key>[^'\"\\]*)(?P=q)\s*\])",
)


@record
class ConfigRef:
    """A ``{{ $config.NAME }}`` segment whose default made a template static."""

    name: str
    default: str
    span: tuple[int, int]


@record
class Effective:
    """The effective text of a literal or static template value."""

    text: str
    refs: tuple[ConfigRef, ...] = ()

    @property
    def is_static(self) -> bool:
        return bool(self.refs)

    @property
    def span(self) -> tuple[int, int] | None:
        """The first ``{{ }}`` segment of a static value (where issues found through it point)."""
        return self.refs[0].span if self.refs else None


def default_text(value: Any) -> str | None:
    """The template text of a ``$config`` default, or None when it cannot make a value static."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_to_string(value)
    return None


def is_missing(value: ConfigValue | None) -> bool:
    """Absent, or a string that is empty after trimming."""
    return value is None or (isinstance(value, str) and not value.strip())


def classify(value: ConfigValue | None) -> ValueClass:
    if is_missing(value):
        return "missing"
    if not isinstance(value, str):
        return "object"
    return "template" if "{{" in value else "literal"


def effective_text(value: ConfigValue | None, ctx: ValidateContext) -> Effective | None:
    """The effective text of a literal or static template; None for missing, dynamic or non-text values."""
    if not isinstance(value, str) or is_missing(value):
        return None
    if "{{" not in value:
        return Effective(str(value))
    parts: list[str] = []
    refs: list[ConfigRef] = []
    for segment in segments(str(value)):
        if segment.kind == "text":
            parts.append(segment.text)
            continue
        if segment.kind == "unclosed":
            return None
        match = _CONFIG_REF.fullmatch(segment.text)
        if match is None:
            return None
        name = match.group("dot") or match.group("key") or ""
        if name not in ctx.config_defaults:
            return None
        rendered = default_text(ctx.config_defaults[name])
        if rendered is None:
            return None
        parts.append(rendered)
        refs.append(ConfigRef(name, rendered, (segment.start, segment.end)))
    return Effective("".join(parts), tuple(refs))


def text_value(config: Mapping[str, ConfigValue], key: str) -> str | None:
    """``config[key]`` when it is a non-missing string, else None."""
    value = config.get(key)
    return value if isinstance(value, str) and not is_missing(value) else None


def static_hint(effective: Effective, tail: str) -> str:
    """``With $config.k = "v" (its default) {tail}`` for the first reference of a static value."""
    ref = effective.refs[0]
    return f'With $config.{ref.name} = "{ref.default}" (its default) {tail}'


def value_issue(
    code: str,
    severity: IssueSeverity,
    message: str,
    path: tuple[str | int, ...],
    effective: Effective | None = None,
    hints: Sequence[str] = (),
    static_tail: str | None = None,
) -> RuntimeIssue:
    """An issue at a value; found through a static value, it points at the segment and names the default."""
    if effective is not None and effective.is_static:
        tail = static_tail if static_tail is not None else f'the value is "{effective.text}"'
        return RuntimeIssue(
            code, severity, message, path, span=effective.span, hints=(*hints, static_hint(effective, tail))
        )
    return RuntimeIssue(code, severity, message, path, hints=tuple(hints))


def node_label(node: NodeSpec) -> str:
    """``{id}`` of DIAGNOSTICS.md §1: the node id, or ``<tag>`` for a node without one."""
    return node.id if node.id else f"<{node.element}>"


# ---------------------------------------------------------------------------------------------------------------------
# Common checks (RUNTIMES.md §5.2)

_KIND_NAMES = {
    "http:source": "HTTP source",
    "http:sink": "HTTP sink",
    "file:source": "File source",
    "file:sink": "File sink",
    "database:source": "Database source",
    "database:sink": "Database sink",
    "email:sink": "Email sink",
    "transform:ai": "AI transform",
    "transform:template": "Template transform",
    "transform:map": "Map transform",
    "transform:filter": "Filter transform",
    "transform:reduce": "Reduce transform",
}

# (runtime, key) -> (message suffix after `{Kind} "{id}" `, hints), DIAGNOSTICS.md §4.2.
_REQUIRED: Mapping[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("http:source", "url"): ('requires a "url"', ('Add url="https://..." or a <url> child',)),
    ("http:sink", "url"): ('requires a "url"', ('Add url="https://..." or a <url> child',)),
    ("file:source", "path"): ('requires a "path"', ('Add path="data/file.json" or a <path> child',)),
    ("file:sink", "path"): ('requires a "path"', ('Add path="data/file.json" or a <path> child',)),
    ("database:source", "connection"): (
        'requires a "connection" attribute',
        ('Add connection="sqlite:///path/to/db" or connection="postgres://..."',),
    ),
    ("database:source", "query"): (
        'requires a "query" attribute',
        ('Add query="SELECT * FROM table WHERE col = ?"',),
    ),
    ("database:sink", "connection"): (
        'requires a "connection" attribute',
        ('Add connection="sqlite:///path/to/db" or connection="postgres://..."',),
    ),
    ("database:sink", "table"): ('requires a "table" attribute', ('Add table="my_table" to specify the target table',)),
    ("email:sink", "api_key"): (
        'requires an "api_key" attribute',
        ('Add api_key="{{$secrets.SENDGRID_API_KEY}}" or similar',),
    ),
    ("email:sink", "to"): ('requires a "to" attribute', ('Add to="recipient@example.com"',)),
    ("email:sink", "from"): ('requires a "from" attribute', ('Add from="sender@example.com"',)),
    ("transform:ai", "model"): ('requires a "model"', ("Add <model>openai/gpt-4o-mini</model>",)),
    ("transform:template", "template"): ('requires a "template"', ()),
    ("transform:map", "expression"): ('requires an "expression"', ()),
    ("transform:filter", "condition"): ('requires a "condition"', ()),
    ("transform:reduce", "expression"): ('requires an "expression"', ()),
}


def _required_issue(node: NodeSpec, runtime: str, key: str) -> RuntimeIssue:
    kind = _KIND_NAMES.get(runtime, f"{runtime} node")
    article = "an" if key[:1].lower() in "aeiou" else "a"
    suffix, hints = _REQUIRED.get((runtime, key), (f'requires {article} "{key}"', ()))
    return RuntimeIssue(MISSING_REQUIRED, "error", f'{kind} "{node_label(node)}" {suffix}', hints=hints)


def _alias_hint(key: str, table: KeyTable) -> str | None:
    target = table.aliases.get(key)
    if target is None:
        lowered = {alias.lower(): name for alias, name in table.aliases.items()}
        target = lowered.get(key.lower())
    if target is None or target not in table.keys:
        return None
    return f'Use "{target}" instead of "{key}"'


def check_keys(node: NodeSpec, table: KeyTable) -> list[RuntimeIssue]:
    """Unknown keys (VALID_UNKNOWN_FIELD at the key) and kind mismatches (RUNTIME_INVALID_CONFIG at the value)."""
    issues: list[RuntimeIssue] = []
    for key, value in node.config.items():
        spec = table.keys.get(key)
        if spec is None:
            hints: list[str] = []
            suggestion = did_you_mean_hint(key, table.keys)
            if suggestion is not None:
                hints.append(suggestion)
            alias = _alias_hint(key, table)
            if alias is not None:
                hints.append(alias)
            message = f'Unknown setting "{key}" for {table.runtime} node "{node_label(node)}"'
            issues.append(RuntimeIssue(UNKNOWN_FIELD, "warning", message, (key,), target="key", hints=tuple(hints)))
            continue
        if spec.kind in ("object", "flattened"):
            if isinstance(value, str) and value.strip():
                message = f'"{key}" must be key-value lines or child elements'
                issues.append(RuntimeIssue(INVALID_CONFIG, "error", message, (key,)))
        elif not isinstance(value, str):
            issues.append(RuntimeIssue(INVALID_CONFIG, "error", f'"{key}" must be text', (key,)))
    return issues


def check_required(node: NodeSpec, table: KeyTable) -> list[RuntimeIssue]:
    """Required keys that are missing (VALID_MISSING_REQUIRED_FIELD at the node), in table order."""
    issues: list[RuntimeIssue] = []
    for spec in table.keys.values():
        if spec.required and is_missing(node.config.get(spec.name)):
            issues.append(_required_issue(node, table.runtime, spec.name))
    return issues


def check_common(node: NodeSpec, runtime: str | None = None) -> list[RuntimeIssue]:
    """Every check of RUNTIMES.md §5.2 that does not depend on a value's meaning: keys, kinds, required keys."""
    table = KEY_TABLES.get(runtime or node.key)
    if table is None:
        return []
    return [*check_keys(node, table), *check_required(node, table)]


# ---------------------------------------------------------------------------------------------------------------------
# Value rules on the effective text (DIAGNOSTICS.md §4.7)

_DIGITS = re.compile(r"[0-9]+")


def parse_boolean(text: str) -> bool | None:
    lowered = text.strip().lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    return None


def _config_effective(
    config: Mapping[str, ConfigValue], key: str, ctx: ValidateContext
) -> tuple[Effective | None, tuple[str | int, ...]]:
    return effective_text(config.get(key), ctx), (key,)


def check_positive_int(
    config: Mapping[str, ConfigValue], key: str, ctx: ValidateContext, hints: Sequence[str] = ()
) -> list[RuntimeIssue]:
    effective, path = _config_effective(config, key, ctx)
    if effective is None:
        return []
    text = effective.text.strip()
    if _DIGITS.fullmatch(text) and int(text) > 0:
        return []
    message = f'"{key}" must be a positive integer: "{effective.text}"'
    return [value_issue(INVALID_CONFIG, "error", message, path, effective, hints)]


def check_non_negative_int(
    config: Mapping[str, ConfigValue], key: str, ctx: ValidateContext, hints: Sequence[str] = ()
) -> list[RuntimeIssue]:
    effective, path = _config_effective(config, key, ctx)
    if effective is None or _DIGITS.fullmatch(effective.text.strip()):
        return []
    message = f'"{key}" must be a non-negative integer: "{effective.text}"'
    return [value_issue(INVALID_CONFIG, "error", message, path, effective, hints)]


def check_boolean(config: Mapping[str, ConfigValue], key: str, ctx: ValidateContext) -> list[RuntimeIssue]:
    effective, path = _config_effective(config, key, ctx)
    if effective is None or parse_boolean(effective.text) is not None:
        return []
    message = f'"{key}" must be true or false: "{effective.text}"'
    return [value_issue(INVALID_CONFIG, "error", message, path, effective)]


def check_enum(
    config: Mapping[str, ConfigValue], key: str, values: Iterable[str], ctx: ValidateContext
) -> list[RuntimeIssue]:
    effective, path = _config_effective(config, key, ctx)
    allowed = list(values)
    if effective is None or effective.text.strip() in allowed:
        return []
    message = f'"{key}" must be one of {", ".join(allowed)}: "{effective.text}"'
    return [value_issue(INVALID_CONFIG, "error", message, path, effective)]
