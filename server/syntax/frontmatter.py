"""The frontmatter model and its rules (LANGUAGE.md §3.2–3.6, DIAGNOSTICS.md §4.2–4.4)."""

from __future__ import annotations

import re

from runtimes.lazyre import lazy_compile
from server.diagnostics import Diagnostic
from server.syntax import libyaml
from server.syntax.ast import (
    ConfigField,
    Frontmatter,
    FrontmatterField,
    SecretDecl,
    Trigger,
)
from server.syntax.frontmatter_sections import SectionRules
from server.syntax.yamlnodes import compose_frontmatter

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

    import yaml

    from server.syntax.split import Split

__all__ = ["TOP_LEVEL_KEYS", "parse_frontmatter"]

TOP_LEVEL_KEYS = (
    "name",
    "version",
    "description",
    "trigger",
    "config",
    "secrets",
    "schemas",
    "evolution",
    "runtime",
    "input",
    "output",
)
_TRIGGER_TYPES = ("manual", "webhook", "schedule")
_TRIGGER_KEYS = ("type", "manual", "schedule", "webhook", "config")
_WEBHOOK_AUTH = ("none", "basic", "bearer", "hmac")
_CONFIG_TYPES = ("string", "number", "boolean", "object", "array")
_CONFIG_FIELD_KEYS = ("type", "default", "required", "description")
_NAME = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_VERSION = re.compile(r"[0-9]+\.[0-9]+(?:\.[0-9]+)?\Z")


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "string"


_ARTICLE = {
    "string": "a string",
    "number": "a number",
    "boolean": "a boolean",
    "object": "an object",
    "array": "an array",
}


class _Rules(SectionRules):
    """The top-level keys, ``trigger``, ``config`` and ``secrets`` (LANGUAGE.md §3.2–3.5)."""

    # -- top level ---------------------------------------------------------------------------------------------

    def run(self, root: yaml.Node, parsed: bool) -> Frontmatter:
        doc = self.doc
        offset = doc.offset
        fields: dict[str, FrontmatterField] = {}
        values: dict[str, Any] = {}
        nodes: dict[str, yaml.Node] = {}
        mapping: yaml.MappingNode = root  # type: ignore[assignment]  # the caller checked
        yaml_text = doc.text
        for key, key_node, value_node in doc.items(mapping):
            if key not in TOP_LEVEL_KEYS:
                self.unknown(key, key_node, None, TOP_LEVEL_KEYS)
                continue
            name = str(key)
            value = doc.value(value_node)
            value_end = value_node.end_mark.index
            if value_end and yaml_text[value_end - 1] in " \t\r\n":  # a block value: trimmed as doc.span does
                value_range = doc.span(value_node)
            else:
                value_range = (offset + value_node.start_mark.index, offset + value_end)
            fields[name] = FrontmatterField(
                name,
                (offset + key_node.start_mark.index, offset + key_node.end_mark.index),
                value,
                value_range,
            )
            values[name] = value
            nodes[name] = value_node
        model: dict[str, Any] = {}
        model["name"] = self.name(values, nodes)
        model["version"] = self.version(values, nodes)
        if "description" in nodes:
            description = values["description"]
            if description is not None and not isinstance(description, str):
                self.invalid('Frontmatter "description" must be a string', nodes["description"])
            else:
                model["description"] = description
        if "trigger" in nodes:
            model["trigger"] = self.trigger(nodes["trigger"], values["trigger"])
        if "config" in nodes:
            model["config"] = self.config(nodes["config"])
        if "secrets" in nodes:
            model["secrets"] = self.secrets(nodes["secrets"])
        if "schemas" in nodes:
            schemas = values["schemas"]
            if schemas is not None and not isinstance(schemas, dict | list):
                self.invalid('Frontmatter "schemas" must be a mapping or a list', nodes["schemas"])
            model["schemas"] = schemas
        if "runtime" in nodes:
            model["runtime"] = self.runtime(nodes["runtime"])
        for io in ("input", "output"):
            if io in nodes:
                model[io] = self.io(io, nodes[io])
        if "evolution" in nodes:
            self.evolution(nodes["evolution"])
            model["evolution"] = values["evolution"]
        raw = doc.value(root)
        get = model.get
        return Frontmatter(  # every field, in declaration order (the defaults where the model has nothing)
            parsed,
            raw,
            fields,
            get("name"),
            get("version"),
            get("description"),
            get("trigger"),
            get("config", {}),
            get("secrets", ()),
            get("input", {}),
            get("output", {}),
            get("runtime"),
            get("evolution"),
            get("schemas"),
        )

    def name(self, values: dict[str, Any], nodes: dict[str, yaml.Node]) -> str | None:
        value = values.get("name")
        if value is None or (isinstance(value, str) and not value.strip()):
            span = self.doc.span(nodes["name"]) if "name" in nodes else self.opening
            self.report(
                "VALID_MISSING_REQUIRED_FIELD",
                'Frontmatter must include a "name" field',
                span,
                ('Add name: "your-workflow-name" to frontmatter',),
            )
            return None
        if not isinstance(value, str):
            self.invalid('Frontmatter "name" must be a string', nodes["name"])
            return None
        return value

    def version(self, values: dict[str, Any], nodes: dict[str, yaml.Node]) -> str | None:
        value = values.get("version")
        if value is None:
            span = self.doc.span(nodes["version"]) if "version" in nodes else self.opening
            self.report(
                "VALID_MISSING_REQUIRED_FIELD",
                'Frontmatter must include a "version" field',
                span,
                ('Add version: "1.0.0" to frontmatter',),
            )
            return None
        node = nodes["version"]
        if isinstance(value, int | float) and not isinstance(value, bool):
            raw = self.doc.raw(node)
            self.invalid(
                f'Frontmatter "version" must be a string; quote it: version: "{raw}"',
                node,
                ("Unquoted numbers such as 1.0 are read as numbers",),
            )
            return None
        if not isinstance(value, str):
            self.invalid('Frontmatter "version" must be a string', node)
            return None
        if not _VERSION.match(value):
            self.invalid(
                f'Invalid version format "{value}"',
                node,
                ("Version must be in semver format: X.Y.Z or X.Y", 'Examples: "1.0.0", "2.1", "0.0.1"'),
            )
        return value

    # -- trigger -----------------------------------------------------------------------------------------------

    def trigger(self, node: yaml.Node, value: Any) -> Trigger | None:
        span = self.doc.span(node)
        if value is None:
            return None
        if isinstance(value, str):
            if value in _TRIGGER_TYPES:
                return Trigger(type=value, value_range=span)
            self.invalid(f'Invalid trigger type "{value}"', node, ("Valid trigger types: manual, webhook, schedule",))
            return None
        items = self.mapping(node)
        if items is None:
            self.invalid('Frontmatter "trigger" must be a string or a mapping', node)
            return None
        details: dict[str, Any] = {}
        explicit: str | None = None
        for key, key_node, value_node in items:
            item = self.doc.value(value_node)
            if key == "type":
                if item in _TRIGGER_TYPES:
                    explicit = item
                else:
                    self.invalid('Trigger "type" must be one of manual, webhook, schedule', value_node)
            elif key == "manual":
                if isinstance(item, bool):
                    details["manual"] = item
                else:
                    self.invalid('Trigger "manual" must be a boolean', value_node)
            elif key == "schedule":
                if isinstance(item, str):
                    details["schedule"] = item
                else:
                    self.invalid('Trigger "schedule" must be a string', value_node)
            elif key == "webhook":
                details["webhook"] = self.webhook(value_node, item)
            elif key == "config":
                if isinstance(item, dict):
                    details["config"] = item
                elif item is not None:
                    self.invalid('Trigger "config" must be a mapping', value_node)
            else:
                self.unknown(key, key_node, "trigger", _TRIGGER_KEYS)
        keys = [k for k, _, _ in items]
        kind = explicit or next((k for k in ("manual", "webhook", "schedule") if k in keys), "manual")
        return Trigger(type=kind, value_range=self.doc.span(node), **details)

    def webhook(self, node: yaml.Node, value: Any) -> Any:
        if value is True or isinstance(value, str):
            return value
        items = self.mapping(node)
        if items is None:
            self.invalid('Trigger "webhook" must be a mapping, a path string or true', node)
            return None
        for key, key_node, value_node in items:
            item = self.doc.value(value_node)
            if key == "path":
                if not isinstance(item, str):
                    self.invalid('Trigger "webhook.path" must be a string', value_node)
            elif key == "auth":
                if item not in _WEBHOOK_AUTH:
                    self.invalid('Trigger "webhook.auth" must be one of none, basic, bearer, hmac', value_node)
            else:
                self.unknown(key, key_node, "trigger", ("path", "auth"))
        return value

    # -- config ------------------------------------------------------------------------------------------------

    def config(self, node: yaml.Node) -> dict[str, ConfigField]:
        doc = self.doc
        if doc.value(node) is None:
            return {}
        items = self.mapping(node)
        if items is None:
            self.invalid('Frontmatter "config" must be a mapping', node)
            return {}
        result: dict[str, ConfigField] = {}
        for key, key_node, value_node in items:
            name = str(key)
            if not _NAME.match(name):
                self.report(
                    "VALID_INVALID_FIELD_TYPE",
                    f'Config field name "{name}" must match [A-Za-z_][A-Za-z0-9_]*',
                    doc.span(key_node),
                )
            result[name] = self.config_field(name, key_node, value_node)
        return result

    def config_field(self, name: str, key_node: yaml.Node, node: yaml.Node) -> ConfigField:
        doc = self.doc
        items = self.mapping(node)
        if items is None:
            value = doc.value(node)
            inferred = _type_of(value) if value is not None else "string"
            self.invalid(
                f'Config field "{name}" must be a mapping with "type" and "default"',
                node,
                (f"Write {name}: {{type: {inferred}, default: {doc.raw(node)}}}",),
            )
            return ConfigField(
                name=name,
                key_range=doc.span(key_node),
                value_range=doc.span(node),
                type=inferred,
                has_default=value is not None,
                default=value,
                default_range=doc.span(node) if value is not None else None,
            )
        declared: str | None = None
        type_node: yaml.Node | None = None
        default: Any = None
        default_node: yaml.Node | None = None
        required = False
        description: str | None = None
        for key, k_node, v_node in items:
            value = doc.value(v_node)
            if key == "type":
                type_node = v_node
                if value in _CONFIG_TYPES:
                    declared = value
                else:
                    written = value if isinstance(value, str) else doc.raw(v_node).rstrip()  # the YAML text, not a repr
                    self.invalid(
                        f'Config field "{name}" has invalid type "{written}"',
                        v_node,
                        ("Valid types: string, number, boolean, object, array",),
                    )
            elif key == "default":
                default = value
                default_node = v_node if value is not None else None
            elif key == "required":
                if isinstance(value, bool):
                    required = value
                else:
                    self.invalid(f'Config field "{name}": "required" must be a boolean', v_node)
            elif key == "description":
                if isinstance(value, str):
                    description = value
                else:
                    self.invalid(f'Config field "{name}": "description" must be a string', v_node)
            else:
                self.unknown(key, k_node, f'config field "{name}"', _CONFIG_FIELD_KEYS)
        has_default = default_node is not None
        if declared is not None and has_default and default_node is not None:
            actual = _type_of(default)
            if actual != declared:
                self.report(
                    "VALID_TYPE_MISMATCH",
                    f'Default of config field "{name}" is {_ARTICLE[actual]} but the field is declared as {declared}',
                    doc.span(default_node),
                    severity="warning",
                )
        field_type = declared or (_type_of(default) if has_default else "string")
        return ConfigField(
            name=name,
            key_range=doc.span(key_node),
            value_range=doc.span(node),
            type=field_type,
            type_range=doc.span(type_node) if type_node is not None else None,
            has_default=has_default,
            default=default,
            default_range=doc.span(default_node) if default_node is not None else None,
            required=required,
            description=description,
        )

    # -- secrets -----------------------------------------------------------------------------------------------

    def secrets(self, node: yaml.Node) -> tuple[SecretDecl, ...]:
        doc = self.doc
        if doc.value(node) is None:
            return ()
        if not isinstance(node, libyaml.load().SequenceNode):
            self.invalid('Frontmatter "secrets" must be a list of names', node)
            return ()
        result: dict[str, SecretDecl] = {}
        for item in node.value:
            value = doc.value(item)
            if not isinstance(value, str) or not _NAME.match(value):
                self.invalid(f"Secret name {doc.raw(item)} must be a name matching [A-Za-z_][A-Za-z0-9_]*", item)
                continue
            result.setdefault(value, SecretDecl(name=value, range=doc.span(item)))
        return tuple(result.values())


def parse_frontmatter(text: str, split: Split, diagnostics: list[Diagnostic]) -> Frontmatter | None:
    """Compose and check the frontmatter of ``split``. None when the YAML could not be read at all."""
    lib = libyaml.load()
    assert split.frontmatter is not None
    start, end = split.frontmatter
    doc, ok = compose_frontmatter(text[start:end], start, diagnostics)
    if doc is None:
        return None
    root = doc.root
    if root is None or not isinstance(root, lib.MappingNode):
        span = split.opening or (0, 3)
        if root is not None and not (isinstance(root, lib.ScalarNode) and doc.value(root) is None):
            span = doc.span(root)
        diagnostics.append(
            Diagnostic(
                "PARSE_YAML_INVALID",
                "error",
                "Frontmatter must be a YAML object",
                span[0],
                span[1],
                ("Frontmatter should contain key-value pairs",),
            )
        )
        return None
    return _Rules(doc, split, diagnostics).run(root, ok)
