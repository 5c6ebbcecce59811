"""``analyze``: the one entry point used by ``flowscript lint`` and the language server.

parse → one pre-computed :class:`CheckContext` → every check family of :data:`CHECKS` (in DIAGNOSTICS.md §2.1 stage
order) → suppression comments → ``sort_and_dedupe`` → a per-file cap. A check that crashes is skipped, so the
others' diagnostics are kept (``AnalyzeOptions.strict_internal_errors`` re-raises instead, for tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from runtimes.records import record
from server.checks.context import AnalyzeOptions, CheckContext, build_context
from server.checks.cycles import check_cycles
from server.checks.declarations import check_declarations, check_uninterpolated
from server.checks.expressions import check_expressions
from server.checks.references import check_duplicate_ids, check_node_refs, check_workflow_refs
from server.checks.runtime_bridge import check_runtimes
from server.checks.structure import check_missing_input
from server.checks.suppressions import Suppressed, apply_suppressions, find_suppressions
from server.checks.typecheck import check_types
from server.diagnostics import Diagnostic, sort_and_dedupe
from server.syntax.document import Document, parse_document

__all__ = ["CHECKS", "AnalysisResult", "Check", "analyze", "analyze_document", "analyze_with_suppressions"]


def _log_exception(message: str, *args: object) -> None:
    """Log a crashed check with its traceback; logging is imported only then (lint start-up time)."""
    import logging

    logging.getLogger(__name__).exception(message, *args)


CheckFunction = Callable[[CheckContext], Iterable[Diagnostic]]


@record
class Check:
    name: str
    run: CheckFunction


CHECKS: tuple[Check, ...] = (
    Check("structure.missing_input", check_missing_input),
    Check("references.duplicate_ids", check_duplicate_ids),
    Check("references.node_refs", check_node_refs),
    Check("references.workflow_refs", check_workflow_refs),
    Check("expressions", check_expressions),
    Check("declarations", check_declarations),
    Check("declarations.uninterpolated", check_uninterpolated),
    Check("cycles", check_cycles),
    Check("types", check_types),
    Check("runtime", check_runtimes),
)
"""Every check family, in stage order (the order only matters for de-duplication, DIAGNOSTICS.md §2.1)."""

_names = [check.name for check in CHECKS]
if len(set(_names)) != len(_names):  # pragma: no cover - guarded by a test too
    raise ValueError("duplicate check names in CHECKS")


@record
class AnalysisResult:
    diagnostics: list[Diagnostic]
    """What to report: sorted, de-duplicated, capped."""
    suppressed: list[Suppressed]
    """Diagnostics silenced by a flowscript-ignore comment, with the comment's reason."""
    document: Document | None


def analyze(text: str, path: Path | None, options: AnalyzeOptions | None = None) -> list[Diagnostic]:
    """Every static diagnostic of one document (DIAGNOSTICS.md §2), suppressions applied."""
    return analyze_with_suppressions(text, path, options).diagnostics


def analyze_with_suppressions(text: str, path: Path | None, options: AnalyzeOptions | None = None) -> AnalysisResult:
    opts = options or AnalyzeOptions()
    try:
        document = parse_document(text)
    except Exception:
        if opts.strict_internal_errors:
            raise
        _log_exception("parser crashed")
        return AnalysisResult([], [], None)
    return analyze_document(document, path, opts)


def analyze_document(document: Document, path: Path | None, options: AnalyzeOptions | None = None) -> AnalysisResult:
    """Like :func:`analyze_with_suppressions` for an already parsed document (the LSP keeps its parse)."""
    opts = options or AnalyzeOptions()
    found: list[Diagnostic] = list(document.diagnostics)
    try:
        ctx = build_context(document.text, path, opts, document.frontmatter, document.workflow)
    except Exception:
        if opts.strict_internal_errors:
            raise
        _log_exception("building the check context failed")
        ctx = None
    if ctx is not None:
        for check in CHECKS:
            try:
                found.extend(check.run(ctx))
            except Exception:
                if opts.strict_internal_errors:
                    raise
                _log_exception("check %s crashed", check.name)
    ordered = sort_and_dedupe(found)
    try:
        if "flowscript-ignore" in document.text:
            suppressions, problems = find_suppressions(document.text, _regions(document), _element_ends(document))
        else:
            suppressions, problems = [], []
    except Exception:
        if opts.strict_internal_errors:
            raise
        _log_exception("reading suppression comments failed")
        suppressions, problems = [], []
    kept, suppressed, unused = apply_suppressions(ordered, suppressions)
    if problems or unused:
        kept = sort_and_dedupe([*kept, *problems, *unused])
    return AnalysisResult(_cap(kept, opts.max_diagnostics), suppressed, document)


def _regions(document: Document) -> list[tuple[int, int, str]]:
    regions: list[tuple[int, int, str]] = []
    if document.split.frontmatter is not None:
        regions.append((*document.split.frontmatter, "yaml"))
    if document.body is not None:
        regions.append((*document.body, "xml"))
    return regions


def _element_ends(document: Document) -> dict[int, int]:
    from server.syntax.xmltree import XmlElement

    ends: dict[int, int] = {}
    if document.xml_root is None:
        return ends
    stack: list[XmlElement] = [document.xml_root]
    while stack:
        element = stack.pop()
        start, end = element.range
        ends[start] = end
        stack.extend(child for child in element.children if isinstance(child, XmlElement))
    return ends


def _cap(diagnostics: list[Diagnostic], limit: int) -> list[Diagnostic]:
    if limit <= 0 or len(diagnostics) <= limit:
        return diagnostics
    kept = diagnostics[:limit]
    last = kept[-1]
    summary = Diagnostic(
        "TOO_MANY_DIAGNOSTICS",
        "information",
        f"Too many diagnostics: showing the first {limit} of {len(diagnostics)}",
        last.start,
        last.end,
        hints=("Fix the reported problems to see the rest",),
    )
    return sort_and_dedupe([*kept, summary])
