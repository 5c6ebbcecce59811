"""Frontmatter rule helpers and the ``runtime``, ``input``/``output`` and ``evolution`` sections (LANGUAGE.md §3.6)."""

from __future__ import annotations

import math

from server.diagnostics import Diagnostic, Severity
from server.syntax.ast import IOField, RuntimeSettings, Span
from server.syntax.suggest import did_you_mean_hint
from server.syntax.yamlnodes import YamlDoc, is_mapping

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

    import yaml

    from server.syntax.split import Split

__all__ = ["SectionRules", "is_int"]

_IO_KEYS = ("type", "required", "default", "description")
_RUNTIME_KEYS = ("timeout", "retry", "concurrency", "context_budget")
_EVOLUTION_KEYS = ("generation", "parent", "fitness", "learnings")


class SectionRules:
    """Reporting helpers over one composed frontmatter, and the rules of the machine-oriented sections."""

    def __init__(self, doc: YamlDoc, split: Split, diagnostics: list[Diagnostic]) -> None:
        self.doc = doc
        self.diags = diagnostics
        self.opening: Span = split.opening or (0, 3)

    def report(
        self, code: str, message: str, span: Span, hints: tuple[str, ...] = (), severity: Severity = "error"
    ) -> None:
        self.diags.append(Diagnostic(code, severity, message, span[0], span[1], hints))

    def invalid(self, message: str, node: yaml.Node, hints: tuple[str, ...] = (), severity: Severity = "error") -> None:
        self.report("VALID_INVALID_FIELD_TYPE", message, self.doc.span(node), hints, severity)

    def unknown(self, key: Any, node: yaml.Node, section: str | None, candidates: tuple[str, ...]) -> None:
        if not isinstance(key, str):  # a null, boolean or number key: as written, not as Python prints it
            key = self.doc.raw(node)
        message = f'Unknown frontmatter field "{key}"' if section is None else f'Unknown field "{key}" in {section}'
        hint = did_you_mean_hint(str(key), candidates)
        self.report("VALID_UNKNOWN_FIELD", message, self.doc.span(node), (hint,) if hint else (), "warning")

    def mapping(self, node: yaml.Node) -> list[tuple[Any, yaml.Node, yaml.Node]] | None:
        return self.doc.items(node) if is_mapping(node) else None

    # -- runtime, input/output, evolution ----------------------------------------------------------------------

    def runtime(self, node: yaml.Node) -> RuntimeSettings | None:
        from runtimes.expressions.durations import parse_duration

        if self.doc.value(node) is None:
            return None
        items = self.mapping(node)
        if items is None:
            self.invalid('Frontmatter "runtime" must be a mapping', node)
            return None
        settings: dict[str, Any] = {}
        for key, key_node, value_node in items:
            value = self.doc.value(value_node)
            if key == "timeout":
                if isinstance(value, str) and parse_duration(value) is not None:
                    settings["timeout"] = value
                else:
                    self.invalid('"runtime.timeout" must be a duration such as 30s', value_node)
            elif key == "retry":
                if is_int(value) and value >= 0:
                    settings["retry"] = value
                else:
                    self.invalid('"runtime.retry" must be a non-negative integer', value_node)
            elif key == "concurrency":
                if is_int(value) and value >= 1:
                    settings["concurrency"] = value
                else:
                    self.invalid('"runtime.concurrency" must be a positive integer', value_node)
            elif key == "context_budget":
                if isinstance(value, str | int | float) and not isinstance(value, bool):
                    settings["context_budget"] = value
                else:
                    self.invalid('"runtime.context_budget" must be a string or a number', value_node)
            else:
                self.unknown(key, key_node, "runtime", _RUNTIME_KEYS)
        return RuntimeSettings(value_range=self.doc.span(node), **settings)

    def io(self, section: str, node: yaml.Node) -> dict[str, IOField]:
        doc = self.doc
        if doc.value(node) is None:
            return {}
        items = self.mapping(node)
        if items is None:
            self.invalid(f'Frontmatter "{section}" must be a mapping', node)
            return {}
        result: dict[str, IOField] = {}
        for key, key_node, value_node in items:
            name = str(key)
            value = doc.value(value_node)
            common: dict[str, Any] = {
                "name": name,
                "key_range": doc.span(key_node),
                "value_range": doc.span(value_node),
            }
            if isinstance(value, str):
                result[name] = IOField(**common, type=value)
                continue
            sub = self.mapping(value_node)
            if sub is None:
                self.invalid(f'"{section}.{name}" must be a type string or a mapping', value_node)
                result[name] = IOField(**common)
                continue
            details: dict[str, Any] = {}
            for s_key, s_key_node, s_value_node in sub:
                s_value = doc.value(s_value_node)
                if s_key in ("type", "description"):
                    if isinstance(s_value, str):
                        details[s_key] = s_value
                    else:
                        self.invalid(f'"{section}.{name}.{s_key}" must be a string', s_value_node)
                elif s_key == "required":
                    if isinstance(s_value, bool):
                        details["required"] = s_value
                    else:
                        self.invalid(f'"{section}.{name}.required" must be a boolean', s_value_node)
                elif s_key == "default":
                    details["default"] = s_value
                    details["has_default"] = s_value is not None
                else:
                    self.unknown(s_key, s_key_node, f'{section} "{name}"', _IO_KEYS)
            result[name] = IOField(**common, **details)
        return result

    def evolution(self, node: yaml.Node) -> None:
        if self.doc.value(node) is None:
            return
        items = self.mapping(node)
        if items is None:
            self.invalid('Frontmatter "evolution" must be a mapping', node, severity="warning")
            return
        for key, key_node, value_node in items:
            value = self.doc.value(value_node)
            problem: str | None = None
            if key == "generation":
                problem = None if is_int(value) and value >= 0 else "a non-negative integer"
            elif key == "parent":
                problem = None if isinstance(value, str) else "a string"
            elif key == "fitness":
                ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1
                problem = None if ok and not math.isnan(value) else "a number between 0 and 1"
            elif key == "learnings":
                ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
                problem = None if ok else "a list of strings"
            else:
                self.unknown(key, key_node, "evolution", _EVOLUTION_KEYS)
                continue
            if problem is not None:
                self.invalid(f'"evolution.{key}" must be {problem}', value_node, severity="warning")


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
