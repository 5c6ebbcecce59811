"""The language server's settings: one pydantic model, read from the shared config file, ``initializationOptions``
and ``workspace/didChangeConfiguration`` (later sources win, key by key).

Invalid settings never stop the server: :func:`resolve_settings` keeps the valid keys of every layer, uses the
defaults (or an earlier layer's value) for the invalid ones and returns a message that the server shows with
``window/showMessage``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from server.lsp.settings_section import SECTION, settings_section

__all__ = [
    "SECTION",
    "PreviewSettings",
    "Settings",
    "SettingsResult",
    "describe_errors",
    "resolve_settings",
    "settings_section",
]


class PreviewSettings(BaseModel):
    """The ``preview`` section (the VS Code client sends ``{"enabled": false}`` in untrusted workspaces)."""

    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True)

    enabled: bool = True
    """False: ``flowscript.previewNode`` runs nothing and answers PREVIEW_DISABLED."""
    timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    """Per-node timeout of a preview."""
    allow_side_effects: bool = False
    """Default of ``allowSideEffects`` (also ``previewAllowSideEffects``)."""


class Settings(BaseModel):
    """Language-server settings. Keys may be written in camelCase (editors) or snake_case (config file)."""

    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True)

    diagnostics_delay_ms: int = Field(default=200, ge=0, le=10_000)
    """Debounce between the last change and re-checking a document."""
    code_lens: bool = True
    """Show a "Preview" code lens above each node."""
    path_base: Literal["workflow", "workspace"] = "workflow"
    """Path-confinement base for file paths (RUNTIMES.md §5.6)."""
    preview_allow_side_effects: bool = False
    """Default of ``allowSideEffects`` for ``flowscript.previewNode``."""
    preview_timeout_ms: int = Field(default=30_000, ge=100, le=600_000)
    """Upper bound of one node preview."""
    preview: PreviewSettings = PreviewSettings()
    """Preview switches: enabled, per-node timeout, side effects."""


@dataclass(frozen=True, slots=True)
class SettingsResult:
    settings: Settings
    errors: tuple[str, ...] = ()
    """One ``key: problem`` item per invalid setting (those keys keep an earlier layer's value or the default)."""

    @property
    def error(self) -> str | None:
        """A one-line description of the invalid settings; None when there are none."""
        return describe_errors(self.errors) if self.errors else None


def describe_errors(errors: tuple[str, ...] | list[str]) -> str:
    return f"Invalid FlowScript settings ({'; '.join(errors)}); using the defaults for those."


def _describe(error: ValidationError, prefix: str = "") -> list[str]:
    parts = []
    for item in error.errors():
        loc = ".".join(str(part) for part in (prefix, *item["loc"]) if part != "") or "(settings)"
        parts.append(f"{loc}: {item['msg']}")
    return parts


def _valid_keys(
    model: type[BaseModel], layer: Mapping[str, Any], merged: dict[str, Any], errors: list[str], prefix: str = ""
) -> None:
    """Merge the valid keys of one layer into ``merged`` (field names); describe the invalid ones in ``errors``."""
    names = {field.alias or name: name for name, field in model.model_fields.items()}
    names.update({name: name for name in model.model_fields})
    for key, value in layer.items():
        name = names.get(key, key)
        if name == "preview" and model is Settings and isinstance(value, Mapping):
            section = merged.setdefault("preview", {})
            _valid_keys(PreviewSettings, value, section, errors, "preview")
            continue
        try:
            model.model_validate({name: value})
        except ValidationError as exc:
            errors.extend(_describe(exc, prefix))
            continue
        merged[name] = value


def resolve_settings(*layers: Mapping[str, Any]) -> SettingsResult:
    """Merge the layers key by key (later wins). An invalid key is reported and keeps its value from an earlier
    layer, else its default; the valid keys of every layer take effect."""
    merged: dict[str, Any] = {}
    errors: list[str] = []
    for layer in layers:
        _valid_keys(Settings, layer, merged, errors)
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as exc:  # keys valid alone but not together (none today): fall back as a whole
        errors.extend(_describe(exc))
        settings = Settings()
    return SettingsResult(settings, tuple(dict.fromkeys(errors)))
