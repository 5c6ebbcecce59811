"""Preview settings (limits, side-effect switch, where files and environment come from)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = ["DEFAULT_MAX_OUTPUT_BYTES", "DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT_S", "PreviewOptions"]

DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_OUTPUT_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 500


@dataclass(frozen=True, slots=True)
class PreviewOptions:
    allow_side_effects: bool = False
    """Perform writes for real (sinks, non-GET http, write SQL), upstream nodes included. Off by default."""
    timeout_s: float = DEFAULT_TIMEOUT_S
    """Per-node limit."""
    total_timeout_s: float = 120.0
    """Limit for the whole preview (upstream nodes included)."""
    max_output_bytes: int = DEFAULT_MAX_OUTPUT_BYTES
    max_rows: int = DEFAULT_MAX_ROWS
    workspace_root: Path | None = None
    """Where ``.flowscript/preview/`` goes and where a workspace ``.env`` is looked up; default: the flow's folder."""
    path_base: Literal["workflow", "workspace"] = "workflow"
    """Path-confinement base of file paths (RUNTIMES.md §5.6)."""
    env_file: Path | None = None
    """An explicit ``.env`` file; its values win over everything else."""
    environ: Mapping[str, str] | None = None
    """The process environment to use (None: ``os.environ``)."""
    runtime_settings: Mapping[str, Any] = field(default_factory=dict)
    """Passed to runtimes as ``ExecutionState.settings`` (``openrouter_base_url``, ``sendgrid_base_url``)."""
    write_result: bool = True
    """Write ``<workspace>/.flowscript/preview/<flow>/<node>.json``."""
