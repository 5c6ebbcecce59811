"""The one seam between the language server and the core: parse, analyze (``server.checks``) and the shared
configuration file (``server.config``), so the editor shows exactly what ``flowscript lint`` reports.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from server.config import ConfigLoader, FlowscriptConfig
    from server.diagnostics import Diagnostic
    from server.syntax.document import Document

# The analysis core (``server.syntax``, ``server.checks``, ``server.config``, ``runtimes``) is imported on first use
# (``warm_up`` runs that right after ``initialize``), so that the server answers ``initialize`` without paying for it.

__all__ = ["WARM_UP_THREAD", "Analyzer", "parse_text", "rule_url", "start_warm_up", "warm_up"]


_WARM_UP_SAMPLE = """---
name: warm-up
version: "1.0.0"
config:
  limit: {type: number, default: 1}
---
<workflow>
  <source id="a" type="http" url="https://example.com"/>
  <transform id="b" type="filter" input="a">
    <condition>item.n >= $config.limit</condition>
  </transform>
</workflow>
"""
"""Parsed and checked by the warm-up: the core's lazily initialised parts are set up in one thread, before any other
thread parses (the lean PyYAML loader of ``server.syntax.libyaml`` is not safe to initialise from two threads at
once: a parse on another thread could see the half-loaded ``yaml`` package)."""

_warm: threading.Event | None = None
"""Set when the warm-up has finished; None when none was started (tests, the benchmark's in-process use)."""


def parse_text(text: str) -> Document:
    """Parse a document (after the warm-up, if one is running)."""
    from server.syntax.document import parse_document

    warm = _warm
    if warm is not None and threading.current_thread().name != WARM_UP_THREAD:
        warm.wait()
    return parse_document(text)


def rule_url(code: str) -> str | None:
    """The documentation page of a diagnostic code (``codeDescription.href``)."""
    from server.checks import rule_url as find

    return find(code) or None


WARM_UP_THREAD = "flowscript-warm-up"


def start_warm_up() -> None:
    """Run :func:`warm_up` in a background thread (after ``initialize``); parses wait for it to finish."""
    global _warm
    done = threading.Event()
    _warm = done

    def run() -> None:
        try:
            warm_up()
        finally:
            done.set()

    threading.Thread(target=run, name=WARM_UP_THREAD, daemon=True).start()


def warm_up() -> None:
    """Import the analysis core and the settings model, and check a small flow."""
    import gc

    import server.config
    import server.lsp.model
    import server.lsp.settings
    import server.syntax.positions  # noqa: F401
    from server.checks import AnalyzeOptions, analyze_document
    from server.syntax.document import parse_document

    analyze_document(parse_document(_WARM_UP_SAMPLE), None, AnalyzeOptions())

    # The start-up ran without the cyclic collector (``server.lsp.main``): reclaim its garbage now, off the
    # ``initialize`` path, then keep everything imported so far (it lives as long as the process) out of the
    # collector so that collections during analysis of large flows stay short.
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class Analyzer:
    """Runs the checks with the options of the server: path base, workspace root, the shared config file."""

    def __init__(self) -> None:
        self.path_base: str = "workflow"
        self.workspace_root: Path | None = None
        self._loader: ConfigLoader | None = None
        self.on_config_error: Callable[[str], None] = lambda message: None
        self.open_paths: Callable[[], set[Path]] = set
        """Paths of the documents open in the editor (an include target that is open counts as existing)."""
        self._reported: set[str] = set()
        self._last_good: dict[Path, FlowscriptConfig] = {}
        """The configuration that last loaded, per folder of a checked flow (kept across :meth:`reset`)."""

    @property
    def loader(self) -> ConfigLoader:
        if self._loader is None:
            from server.config import ConfigLoader

            self._loader = ConfigLoader()
        return self._loader

    def reset(self) -> None:
        """Forget cached configuration files (after a settings or config file change)."""
        self._loader = None
        self._reported.clear()

    def config_for(self, path: Path | None) -> FlowscriptConfig:
        """The shared configuration of the flow at ``path``. When its config file does not load, the configuration
        that last applied to that folder stays in effect (the defaults if none did), and the error is reported once
        (again after :meth:`reset`)."""
        from server.config import ConfigError, FlowscriptConfig

        if path is None:
            return FlowscriptConfig()
        folder = path.parent
        try:
            config = self.loader.for_file(path)
        except ConfigError as exc:
            last = self._last_good.get(folder)
            fallback = "the last valid configuration stays in effect" if last is not None else "using the defaults"
            message = f"FlowScript configuration not loaded: {exc}; {fallback}."
            if message not in self._reported:
                self._reported.add(message)
                self.on_config_error(message)
            return last if last is not None else FlowscriptConfig()
        self._last_good[folder] = config
        return config

    def _file_exists(self, path: Path) -> bool:
        return path.is_file() or path.resolve() in self.open_paths()

    def run(self, document: Document, path: Path | None) -> list[Diagnostic]:
        from server.checks import AnalyzeOptions, analyze_document

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
