"""Project configuration: ``[tool.flowscript]`` in ``pyproject.toml`` or the top level of ``flowscript.toml``.

The configuration that applies to a file is the nearest one found by walking up from the file's folder; in one
folder ``flowscript.toml`` wins over ``pyproject.toml``, and a ``pyproject.toml`` without a ``[tool.flowscript]``
table does not count. Read by ``flowscript lint`` and by the language server; no pydantic here (lint startup time).

```toml
[tool.flowscript]
select = ["PARSE", "VALID"]           # code prefixes to report (default: every code)
ignore = ["VALID_UNUSED_DECLARATION"] # code prefixes to drop; the longest matching prefix decides, ignore wins ties
path-base = "workflow"                # or "workspace"
fail-on = "error"                     # error | warning | information | hint
exclude = ["legacy/", "**/draft-*.flow.md"]   # gitignore-style patterns, relative to this file's folder

[tool.flowscript.severity]            # code prefix -> severity (the longest matching prefix wins)
VALID_UNKNOWN_FIELD = "error"

[[tool.flowscript.overrides]]         # later matching overrides win over earlier ones and over the base settings
paths = ["tests/**"]
ignore = ["RUNTIME_HARDCODED_SECRET"]
severity = { EXPR = "warning" }
```
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from runtimes.records import field, record, replace
from server.diagnostics import SEVERITIES, Diagnostic, Severity
from server.lint.gitignore import IgnorePattern, compile_patterns, is_ignored

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Literal, TypeAlias

__all__ = [
    "CONFIG_FILES",
    "ConfigError",
    "ConfigLoader",
    "FlowscriptConfig",
    "Override",
    "PathBase",
    "RuleSelection",
    "load_config_file",
]

PathBase: TypeAlias = 'Literal["workflow", "workspace"]'
PATH_BASES: tuple[PathBase, ...] = ("workflow", "workspace")
CONFIG_FILES = ("flowscript.toml", "pyproject.toml")

_TOP_KEYS = frozenset({"select", "ignore", "severity", "path-base", "fail-on", "exclude", "overrides"})
_OVERRIDE_KEYS = frozenset({"paths", "select", "ignore", "severity"})


class ConfigError(Exception):
    """An invalid configuration file; the message names the file and the key."""


@record
class RuleSelection:
    """One layer of select / ignore / severity settings (code prefixes; ``ALL`` = every code)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()

    def decide(self, code: str, base: bool = False) -> bool | None:
        """True/False when this layer selects/ignores ``code``; None when it says nothing about it.

        In the base layer ``select`` defaults to every code and a code it does not match is dropped; in an override
        layer only the prefixes it lists count.
        """
        select = self.select if self.select is not None or not base else ("ALL",)
        selected = _longest_prefix(code, select or ())
        ignored = _longest_prefix(code, self.ignore)
        if base:
            return selected > ignored
        if selected < 0 and ignored < 0:
            return None
        return selected > ignored

    def severity_for(self, code: str) -> Severity | None:
        best: Severity | None = None
        best_len = -1
        for prefix, severity in self.severity:
            length = _prefix_length(code, prefix)
            if length > best_len:
                best, best_len = severity, length
        return best


@record
class Override:
    """Settings for the files matching ``paths`` (gitignore-style patterns relative to the config folder)."""

    paths: tuple[str, ...]
    rules: RuleSelection
    patterns: tuple[IgnorePattern, ...] = field(default=(), compare=False)


@record
class FlowscriptConfig:
    """The settings of one configuration file (or the defaults when ``source`` is None)."""

    source: Path | None = None
    rules: RuleSelection = RuleSelection()
    path_base: PathBase | None = None
    fail_on: Severity | None = None
    exclude: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    exclude_patterns: tuple[IgnorePattern, ...] = field(default=(), compare=False)

    @property
    def root(self) -> Path | None:
        """The folder that relative patterns are resolved against."""
        return None if self.source is None else self.source.parent

    def fingerprint(self) -> str:
        """A stable hash of every setting (part of the lint cache key)."""
        from server.digest import blake2b

        text = repr(
            (
                str(self.source),
                self.rules,
                self.path_base,
                self.fail_on,
                self.exclude,
                tuple((o.paths, o.rules) for o in self.overrides),
            )
        )
        return blake2b(text.encode("utf-8"), digest_size=8).hexdigest()

    def _relative(self, path: Path) -> str | None:
        root = self.root
        if root is None:
            return None
        try:
            return Path(os.path.abspath(path)).relative_to(root).as_posix()
        except ValueError:
            return None

    def is_excluded(self, path: Path, is_dir: bool = False) -> bool:
        """Does an ``exclude`` pattern match ``path`` (a file or folder under the config folder)?"""
        rel = self._relative(path)
        return rel is not None and bool(self.exclude_patterns) and is_ignored(self.exclude_patterns, rel, is_dir)

    def layers_for(self, path: Path | None) -> list[RuleSelection]:
        layers = [self.rules]
        if not self.overrides:
            return layers
        rel = None if path is None else self._relative(path)
        if rel is not None:
            layers.extend(o.rules for o in self.overrides if is_ignored(o.patterns, rel, False))
        return layers

    def apply(self, diagnostics: Iterable[Diagnostic], path: Path | None) -> tuple[list[Diagnostic], list[Diagnostic]]:
        """Split ``diagnostics`` into (kept with severities overridden, dropped by select/ignore)."""
        layers = self.layers_for(path)
        kept: list[Diagnostic] = []
        dropped: list[Diagnostic] = []
        for diag in diagnostics:
            selected = True
            severity: Severity | None = None
            for depth, layer in enumerate(layers):
                decision = layer.decide(diag.code, base=depth == 0)
                if decision is not None:
                    selected = decision
                severity = layer.severity_for(diag.code) or severity
            if not selected:
                dropped.append(diag)
            elif severity is not None and severity != diag.severity:
                kept.append(replace(diag, severity=severity))
            else:
                kept.append(diag)
        return kept, dropped


def _prefix_length(code: str, prefix: str) -> int:
    if prefix == "ALL":
        return 0
    return len(prefix) if code.startswith(prefix) else -1


def _longest_prefix(code: str, prefixes: Iterable[str]) -> int:
    return max((_prefix_length(code, p) for p in prefixes), default=-1)


# -- parsing ---------------------------------------------------------------------------------------------------------


def _string_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)


def _severity(value: Any, where: str) -> Severity:
    for name in SEVERITIES:
        if value == name:
            return name
    raise ConfigError(f"{where} must be one of {', '.join(SEVERITIES)}, not {value!r}")


def _rules(table: Mapping[str, Any], where: str) -> RuleSelection:
    select = _string_list(table["select"], f"{where}.select") if "select" in table else None
    ignore = _string_list(table["ignore"], f"{where}.ignore") if "ignore" in table else ()
    severity_table = table.get("severity", {})
    if not isinstance(severity_table, dict):
        raise ConfigError(f"{where}.severity must be a table of code = severity")
    severity = tuple((str(k), _severity(v, f"{where}.severity.{k}")) for k, v in severity_table.items())
    return RuleSelection(select=select, ignore=ignore, severity=severity)


def parse_config(table: Mapping[str, Any], source: Path | None, where: str = "tool.flowscript") -> FlowscriptConfig:
    unknown = sorted(set(table) - _TOP_KEYS)
    if unknown:
        raise ConfigError(f"unknown key {where}.{unknown[0]}")
    path_base: PathBase | None = None
    if "path-base" in table:
        value = table["path-base"]
        if value not in PATH_BASES:
            raise ConfigError(f"{where}.path-base must be workflow or workspace, not {value!r}")
        path_base = "workspace" if value == "workspace" else "workflow"
    fail_on = _severity(table["fail-on"], f"{where}.fail-on") if "fail-on" in table else None
    exclude = _string_list(table.get("exclude", []), f"{where}.exclude")
    raw_overrides = table.get("overrides", [])
    if not isinstance(raw_overrides, list):
        raise ConfigError(f"{where}.overrides must be an array of tables ([[{where}.overrides]])")
    overrides = []
    for i, item in enumerate(raw_overrides):
        name = f"{where}.overrides[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{name} must be a table")
        unknown = sorted(set(item) - _OVERRIDE_KEYS)
        if unknown:
            raise ConfigError(f"unknown key {name}.{unknown[0]}")
        if "paths" not in item:
            raise ConfigError(f"{name}.paths is required")
        paths = _string_list(item["paths"], f"{name}.paths")
        overrides.append(Override(paths=paths, rules=_rules(item, name), patterns=compile_patterns(paths)))
    return FlowscriptConfig(
        source=source,
        rules=_rules(table, where),
        path_base=path_base,
        fail_on=fail_on,
        exclude=exclude,
        overrides=tuple(overrides),
        exclude_patterns=compile_patterns(exclude),
    )


def load_config_file(path: Path) -> FlowscriptConfig | None:
    """Parse one configuration file; None for a ``pyproject.toml`` without ``[tool.flowscript]``."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if path.name == "pyproject.toml" and not _may_hold_tool_flowscript(raw):
        return None  # no [tool.flowscript] table can be in it; skip the TOML parser (start-up time)
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    source = Path(os.path.abspath(path))
    try:
        if path.name == "pyproject.toml":
            tool = data.get("tool", {})
            table = tool.get("flowscript") if isinstance(tool, dict) else None
            if table is None:
                return None
            if not isinstance(table, dict):
                raise ConfigError("tool.flowscript must be a table")
            return parse_config(table, source)
        # flowscript.toml: settings at the top level (a [tool.flowscript] table is accepted too)
        tool = data.get("tool")
        if isinstance(tool, dict) and isinstance(tool.get("flowscript"), dict) and len(data) == 1:
            return parse_config(tool["flowscript"], source)
        return parse_config(data, source, where="flowscript.toml")
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


_TOOL_FLOWSCRIPT = rb"""tool["']?\s*\.\s*["']?flowscript|^\s*\[\s*["']?tool["']?\s*\]|\btool["']?\s*="""


def _may_hold_tool_flowscript(raw: bytes) -> bool:
    """False only when a ``pyproject.toml`` certainly has no ``tool.flowscript`` table: no ``tool.flowscript`` (as a
    table header or dotted key, quoted or spaced), no bare ``[tool]`` table and no ``tool = {...}`` inline table.
    Python projects keep a pyproject.toml that often names the tool (a script, a dependency) without configuring it,
    and importing and running the TOML parser is a fifth of a one-file lint."""
    if b"flowscript" not in raw:
        return False
    import re

    return re.search(_TOOL_FLOWSCRIPT, raw, re.MULTILINE) is not None


class ConfigLoader:
    """Finds and caches the configuration that applies to each folder."""

    def __init__(self, explicit: Path | None = None) -> None:
        self._explicit = None if explicit is None else (load_config_file(explicit) or FlowscriptConfig(source=explicit))
        self._by_dir: dict[str, FlowscriptConfig] = {}

    def for_dir(self, directory: str | os.PathLike[str]) -> FlowscriptConfig:
        if self._explicit is not None:
            return self._explicit
        key = os.path.abspath(directory)
        found = self._by_dir.get(key)
        if found is not None:
            return found
        config: FlowscriptConfig | None = None
        for name in CONFIG_FILES:
            candidate = os.path.join(key, name)
            if os.path.isfile(candidate):
                config = load_config_file(Path(candidate))
                if config is not None:
                    break
        if config is None:
            parent = os.path.dirname(key)
            config = FlowscriptConfig() if parent == key else self.for_dir(parent)
        self._by_dir[key] = config
        return config

    def for_file(self, path: str | os.PathLike[str]) -> FlowscriptConfig:
        return self.for_dir(os.path.dirname(os.path.abspath(path)))
