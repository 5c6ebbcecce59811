"""The one seam between the language server and the core: parse, analyze (``server.checks``) and the shared
configuration file (``server.config``), so the editor shows exactly what ``flowscript lint`` reports.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from server.checks import AnalyzeOptions, analyze_document
from server.checks import rule_url as _rule_url
from server.config import ConfigError, ConfigLoader, FlowscriptConfig
from server.diagnostics import Diagnostic
from server.syntax.document import Document, parse_document

__all__ = ["Analyzer", "parse_text", "rule_url"]


def parse_text(text: str) -> Document:
    return parse_document(text)


def rule_url(code: str) -> str | None:
    """The documentation page of a diagnostic code (``codeDescription.href``)."""
    url = _rule_url(code)
    return url or None


class Analyzer:
    """Runs the checks with the options of the server: path base, workspace root, the shared config file."""

    def __init__(self) -> None:
        self.path_base: str = "workflow"
        self.workspace_root: Path | None = None
        self.loader = ConfigLoader()
        self.on_config_error: Callable[[str], None] = lambda message: None
        self.open_paths: Callable[[], set[Path]] = set
        """Paths of the documents open in the editor (an include target that is open counts as existing)."""
        self._reported: set[str] = set()

    def reset(self) -> None:
        """Forget cached configuration files (after a settings or config file change)."""
        self.loader = ConfigLoader()
        self._reported.clear()

    def config_for(self, path: Path | None) -> FlowscriptConfig:
        if path is None:
            return FlowscriptConfig()
        try:
            return self.loader.for_file(path)
        except ConfigError as exc:
            message = f"FlowScript configuration ignored: {exc}"
            if message not in self._reported:
                self._reported.add(message)
                self.on_config_error(message)
            return FlowscriptConfig()

    def _file_exists(self, path: Path) -> bool:
        return path.is_file() or path.resolve() in self.open_paths()

    def run(self, document: Document, path: Path | None) -> list[Diagnostic]:
        config = self.config_for(path)
        path_base = config.path_base or self.path_base
        options = AnalyzeOptions(
            path_base="workspace" if path_base == "workspace" else "workflow",
            workspace_root=self.workspace_root,
            file_exists=self._file_exists,
        )
        diagnostics = analyze_document(document, path, options).diagnostics
        kept, _dropped = config.apply(diagnostics, path)
        return kept
