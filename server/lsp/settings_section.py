"""Where the FlowScript settings sit in a client's settings payload (no pydantic: read before ``initialize`` is
answered; the settings model itself is in ``server.lsp.settings``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["SECTION", "settings_section"]

SECTION = "flowscript"
"""The settings section name used by clients (``{"flowscript": {...}}``)."""


def settings_section(raw: object) -> dict[str, Any]:
    """The FlowScript section of a settings payload: ``{"flowscript": {...}}`` or the section itself."""
    if not isinstance(raw, Mapping):
        return {}
    inner = raw.get(SECTION, raw)
    if not isinstance(inner, Mapping):
        return {}
    return {str(key): value for key, value in inner.items()}
