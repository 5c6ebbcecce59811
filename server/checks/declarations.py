"""Declarations (EXPRESSIONS.md §8.1, §9.2): undeclared secrets and config fields, unused declarations, and
``$secrets.X`` / ``$config.X`` / ``$env.X`` written outside ``{{ }}`` in a template field.

Skipped when the frontmatter is missing or unparsable (DIAGNOSTICS.md §2.5). A reference inside an expression that
failed to parse still counts as a use (found in its raw text), so a syntax error never also yields "unused".
"""

from __future__ import annotations

from collections.abc import Iterator

from runtimes.expressions.template import split_template
from runtimes.lazyre import lazy_compile
from runtimes.validation.suggest import did_you_mean
from server.checks.context import CheckContext
from server.checks.frontmatter_edits import declare_config_fix, declare_secret_fix
from server.diagnostics import Diagnostic, Fix, TextEdit
from server.syntax.sourcetext import SourceText

__all__ = ["check_declarations", "check_uninterpolated"]

_RAW_REF = lazy_compile(r"\$(secrets|config)\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*(['\"])([^'\"]*)\3\s*\]|)")
_UNINTERPOLATED = lazy_compile(r"\$(?:secrets|config|env)\.[A-Za-z_][A-Za-z0-9_]*")


def check_declarations(ctx: CheckContext) -> Iterator[Diagnostic]:
    if not ctx.declarations_known or ctx.frontmatter is None:
        return
    secrets = ctx.declared_secrets
    config = ctx.declared_config
    used: dict[str, set[str]] = {"$secrets": set(), "$config": set()}
    all_used = {"$secrets": False, "$config": False}
    for parsed in ctx.expressions:
        facts = parsed.facts
        if facts is None:
            _raw_usage(parsed.source, used, all_used)
            continue
        chain_starts = {path.start for path in facts.paths if path.root in used}
        for root in facts.variables:
            if root.name in used and root.start not in chain_starts:
                all_used[root.name] = True
        for access in facts.paths:
            if access.root not in used:
                continue
            step = access.parts[0]
            if step.name is None or (step.computed and parsed.source[step.start : step.start + 1] not in ("'", '"')):
                # a computed key that is not a string literal ($secrets[k], $secrets[1]) names no declaration: it
                # counts as using all of them (EXPRESSIONS.md §9.2 "dot or string-literal bracket")
                all_used[access.root] = True
                continue
            used[access.root].add(step.name)
            start, end = parsed.span(step.start, step.end)
            if access.root == "$secrets" and step.name not in secrets:
                names = ", ".join(s.name for s in ctx.frontmatter.secrets) or "none"
                fix = declare_secret_fix(ctx, step.name)
                yield Diagnostic(
                    "VALID_UNDEFINED_SECRET_REF",
                    "error",
                    f'Undeclared secret "{step.name}" referenced in workflow',
                    start,
                    end,
                    hints=(
                        f"Declare the secret in frontmatter: secrets: [{step.name}]",
                        f"Currently declared secrets: {names}",
                    ),
                    fixes=(fix,) if fix is not None else (),
                )
            elif access.root == "$config" and step.name not in config:
                hints: list[str] = []
                close = did_you_mean(step.name, list(config))
                fixes: list[Fix] = []
                if close:
                    hints.append(f"Did you mean: {', '.join(close)}?")
                    quote = ctx.text[start] if step.computed and ctx.text[start] in "'\"" else ""
                    edit = TextEdit(start, end, f"{quote}{close[0]}{quote}")
                    fixes.append(Fix(f'Replace with "{close[0]}"', (edit,), safe=False))
                hints.append("Declare it in frontmatter under config:")
                hints.append(f"Currently declared config fields: {', '.join(config) or 'none'}")
                declare = declare_config_fix(ctx, step.name)
                if declare is not None:
                    fixes.append(declare)
                yield Diagnostic(
                    "VALID_UNDEFINED_CONFIG_REF",
                    "error",
                    f'Undeclared config field "{step.name}" referenced in workflow',
                    start,
                    end,
                    hints=tuple(hints),
                    fixes=tuple(fixes),
                )
    if not all_used["$secrets"]:
        for secret in ctx.frontmatter.secrets:
            if secret.name not in used["$secrets"]:
                yield Diagnostic(
                    "VALID_UNUSED_DECLARATION",
                    "hint",
                    f'Secret "{secret.name}" is declared but never used',
                    secret.range[0],
                    secret.range[1],
                )
    if not all_used["$config"]:
        for name, cfg in config.items():
            if name not in used["$config"]:
                yield Diagnostic(
                    "VALID_UNUSED_DECLARATION",
                    "hint",
                    f'Config field "{name}" is declared but never used',
                    cfg.key_range[0],
                    cfg.key_range[1],
                )


def _raw_usage(source: str, used: dict[str, set[str]], all_used: dict[str, bool]) -> None:
    for match in _RAW_REF.finditer(source):
        root = f"${match.group(1)}"
        name = match.group(2) or match.group(4)
        if name:
            used[root].add(name)
        else:
            all_used[root] = True


def check_uninterpolated(ctx: CheckContext) -> Iterator[Diagnostic]:
    """VALID_UNINTERPOLATED_REF in the text segments of template fields."""
    for field in ctx.fields:
        if field.mode != "template" or "$" not in field.value:
            continue
        value = field.value
        for seg in split_template(value) if "{{" in value else ():
            if seg.kind != "text" or "$" not in seg.text:
                continue
            yield from _uninterpolated_in(value, seg.start, seg.text)
        if "{{" not in value:
            yield from _uninterpolated_in(value, 0, str(value))


def _uninterpolated_in(value: SourceText, offset: int, text: str) -> Iterator[Diagnostic]:
    for match in _UNINTERPOLATED.finditer(text):
        ref = match.group(0)
        start, end = value.doc_span(offset + match.start(), offset + match.end())
        yield Diagnostic(
            "VALID_UNINTERPOLATED_REF",
            "warning",
            f'"{ref}" is outside {{{{ }}}} and will be sent literally',
            start,
            end,
            hints=(f"Write {{{{{ref}}}}}",),
            fixes=(
                Fix(f"Wrap in {{{{{ref}}}}}", (TextEdit(start, start, "{{"), TextEdit(end, end, "}}")), safe=False),
            ),
        )
