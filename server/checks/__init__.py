"""Static checks: AST -> every diagnostic that needs no execution (DIAGNOSTICS.md §2.1 after parsing).

``analyze(text, path, options)`` is the one entry point for the linter and the language server;
``analyze_with_suppressions`` also returns the diagnostics silenced by ``flowscript-ignore`` comments.
"""

from __future__ import annotations

from server.checks.analyze import CHECKS, AnalysisResult, analyze, analyze_document, analyze_with_suppressions
from server.checks.catalogue import CODES, rule_url
from server.checks.context import AnalyzeOptions
from server.checks.suppressions import Suppressed

__all__ = [
    "CHECKS",
    "CODES",
    "AnalysisResult",
    "AnalyzeOptions",
    "Suppressed",
    "analyze",
    "analyze_document",
    "analyze_with_suppressions",
    "rule_url",
]
