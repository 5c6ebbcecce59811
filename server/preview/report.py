"""A node outcome → the :class:`PreviewResult` users see: display limits, redaction, the diagnostic, the result file."""

from __future__ import annotations

import logging
from pathlib import Path

from runtimes.errors import ExpressionError
from server.diagnostics import Diagnostic
from server.preview.options import PreviewOptions
from server.preview.result import PREVIEW_SOURCE, PreviewResult, limit_output, result_file_path, write_result_file
from server.preview.session import NodeOutcome, PreviewRun, elapsed_ms
from server.syntax.nodespec import issue_range

__all__ = ["build_result"]

logger = logging.getLogger("server.preview")


def _diagnostic(outcome: NodeOutcome, message: str) -> Diagnostic | None:
    """RUNTIMES.md §3: the ExpressionError's segment, else the value at the error's config path, else the anchor."""
    error = outcome.error
    node = outcome.error_node
    if error is None or node is None:
        return None
    span = error.segment_range if isinstance(error, ExpressionError) else None
    path = tuple(outcome.error_path or ())
    start, end = issue_range(node, path, "value", span) if path else node.anchor
    return Diagnostic(str(error.code), "error", message, start, end, source=PREVIEW_SOURCE)


def _workspace(run: PreviewRun, options: PreviewOptions) -> Path:
    if options.workspace_root is not None:
        return options.workspace_root
    if run.path is not None:
        return run.path.parent
    return Path.cwd()


def build_result(
    run: PreviewRun, outcome: NodeOutcome, options: PreviewOptions, message: str | None = None
) -> PreviewResult:
    """The result of the previewed node (``message`` overrides the error message); written to its result file."""
    redactor = run.redactor
    result = PreviewResult(
        node_id=run.node_id,
        status=outcome.status,
        duration_ms=elapsed_ms(run.started),
        context=redactor.value(outcome.context),
        upstream=list(run.upstream),
    )
    if outcome.status == "ok":
        shown, truncated = limit_output(outcome.output, options.max_rows, options.max_output_bytes)
        result.output = redactor.value(shown)
        result.truncated = truncated
        result.metadata = redactor.value(dict(outcome.metadata))
        result.dry_run = outcome.metadata.get("dry_run") is True
    else:
        error = outcome.error
        code = str(error.code) if error is not None else "PREVIEW_CANCELLED"
        result.error_code = code
        result.error_message = redactor.text(message or (error.message if error is not None else ""))
        diagnostic = _diagnostic(outcome, result.error_message)
        if diagnostic is not None:
            result.diagnostics.append(diagnostic)
        logger.info("preview %s", redactor.text(f"{run.node_id}: {result.status}: {code}: {result.error_message}"))
    if options.write_result:
        target = result_file_path(_workspace(run, options), run.flow_name(), run.node_id)
        result.result_path = target.resolve()
        try:
            write_result_file(target, result.to_json())
        except OSError as exc:
            result.result_path = None
            logger.warning("preview: cannot write %s: %s", target, exc)
    return result
