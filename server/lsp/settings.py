"""The language server's settings: one pydantic model, read from the shared config file, ``initializationOptions``
and ``workspace/didChangeConfiguration`` (later sources win, key by key).

Invalid settings never stop the server: :func:`resolve_settings` returns the defaults plus a message that the server
shows with ``window/showMessage``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from server.lsp.settings_section import SECTION, settings_section

__all__ = ["SECTION", "PreviewSettings", "Settings", "SettingsResult", "resolve_settings", "settings_section"]


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
    error: str | None = None
    """A one-line description of invalid settings (then ``settings`` are the defaults)."""


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        loc = ".".join(str(part) for part in item["loc"]) or "(settings)"
        parts.append(f"{loc}: {item['msg']}")
    return "; ".join(parts)


def resolve_settings(*layers: Mapping[str, Any]) -> SettingsResult:
    """Merge the layers (later wins) and validate. Invalid input -> defaults and a message."""
    names = {field.alias or name: name for name, field in Settings.model_fields.items()}
    merged: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            merged[names.get(key, key)] = value
    try:
        return SettingsResult(Settings.model_validate(merged))
    except ValidationError as exc:
        return SettingsResult(Settings(), f"Invalid FlowScript settings ({_describe(exc)}); using the defaults.")
