"""The diagnostic code catalogue (DIAGNOSTICS.md §3) plus the suppression codes of ``docs/rules/suppressions.md``.

One table so that the rule docs, ``flowscript explain``, ``rule_url`` and the tests agree on the set of codes.
"""

from __future__ import annotations

from runtimes.records import record
from server.diagnostics import Severity

__all__ = ["CODES", "SECURITY_CODES", "SUPPRESSION_CODES", "CodeInfo", "rule_url"]

RULES_BASE_URL = "https://github.com/flowscript/flowscript-lsp/blob/main/docs/rules/"


@record
class CodeInfo:
    code: str
    severity: Severity | None
    stage: str
    summary: str


def _info(code: str, severity: Severity | None, stage: str, summary: str) -> CodeInfo:
    return CodeInfo(code, severity, stage, summary)


_TABLE: tuple[CodeInfo, ...] = (
    _info("PARSE_MISSING_FRONTMATTER", "error", "split", "no opening or no closing ---"),
    _info("PARSE_MISSING_BODY", "error", "split", "nothing after the frontmatter"),
    _info("PARSE_YAML_INVALID", "error", "yaml", "YAML syntax error, duplicate key, root not a mapping"),
    _info("PARSE_XML_INVALID", "error", "xml", "well-formedness problem, no <workflow> root"),
    _info("VALID_MISSING_REQUIRED_FIELD", "error", "frontmatter, structure, runtime", "a required field is missing"),
    _info("VALID_INVALID_FIELD_TYPE", "error", "frontmatter, structure, runtime", "a value has the wrong type"),
    _info("VALID_UNKNOWN_NODE_TYPE", "error", "structure", "unknown or misplaced element"),
    _info("VALID_UNKNOWN_FIELD", "warning", "frontmatter, structure, runtime", "unknown key, attribute or child"),
    _info("VALID_DUPLICATE_NODE_ID", "error", "references", "an id is used twice"),
    _info("VALID_UNDEFINED_NODE_REF", "error", "references", "input / fallback / on-timeout / goto names no node"),
    _info("VALID_UNDEFINED_SECRET_REF", "error", "expressions", "$secrets.X with X undeclared"),
    _info("VALID_UNDEFINED_CONFIG_REF", "error", "expressions", "$config.X with X undeclared"),
    _info("VALID_UNDEFINED_WORKFLOW_REF", "error", "references", "include/call file does not exist"),
    _info("VALID_UNUSED_DECLARATION", "hint", "expressions", "declared secret/config field never used"),
    _info("VALID_UNINTERPOLATED_REF", "warning", "expressions", "$secrets.X / $config.X / $env.X outside {{ }}"),
    _info("VALID_CIRCULAR_DEPENDENCY", "error", "cycles", "input references form a cycle"),
    _info("VALID_INVALID_SCHEMA", "warning", "runtime", "AI output-schema is not valid DSL"),
    _info("VALID_TYPE_MISMATCH", "warning", "frontmatter, types", "value or reference does not fit its type"),
    _info("EXPR_PARSE_ERROR", "error", "expressions", "expression syntax error"),
    _info("EXPR_UNDEFINED_VARIABLE", "error", "expressions", "unknown root name"),
    _info("EXPR_UNDEFINED_FUNCTION", "error", "expressions", "unknown function or method call"),
    _info("EXPR_BLOCKED_ACCESS", "error", "expressions", "__proto__, constructor, prototype, dunder names, this"),
    _info("EXPR_TYPE_ERROR", "error", "expressions", "wrong argument count; misplaced arrow function"),
    _info("EXPR_REDUNDANT_BRACES", "hint", "expressions", "bare field written as {{ expr }}"),
    _info("EXPR_EVAL_ERROR", "error", "preview", "evaluation failed"),
    _info("RUNTIME_PATH_TRAVERSAL", "error", "runtime", "path leaves the base folder"),
    _info("RUNTIME_AUTH_INVALID", "error", "runtime", "incomplete or invalid auth"),
    _info("RUNTIME_HARDCODED_SECRET", "warning", "runtime", "credential written in the file"),
    _info("RUNTIME_INSECURE_TRANSPORT", "warning", "runtime", "credential sent over plain http"),
    _info("RUNTIME_INVALID_CONFIG", "error", "runtime", "invalid runtime setting"),
    _info("RUNTIME_HTTP_ERROR", "error", "preview", "non-2xx response"),
    _info("RUNTIME_FILE_NOT_FOUND", "error", "preview", "file to read does not exist"),
    _info("RUNTIME_FILE_WRITE_ERROR", "error", "preview", "file could not be written"),
    _info("RUNTIME_TIMEOUT", "error", "preview", "request or operation timed out"),
    _info("RUNTIME_DATABASE_ERROR", "error", "preview", "connection or query failed"),
    _info("RUNTIME_EXECUTION_ERROR", "error", "preview", "any other execution failure"),
    _info("FILE_NOT_FOUND", None, "none", "original CLI code; not emitted (a missing path is lint exit code 2)"),
    # Suppression comments (docs/rules/suppressions.md); not part of DIAGNOSTICS.md §3.
    _info("SUPPRESSION_MISSING_REASON", "warning", "suppressions", "a flowscript-ignore comment gives no reason"),
    _info("SUPPRESSION_UNUSED", "hint", "suppressions", "a flowscript-ignore comment suppresses nothing"),
    _info("SUPPRESSION_INVALID", "warning", "suppressions", "a flowscript-ignore comment is malformed"),
    _info("TOO_MANY_DIAGNOSTICS", "information", "cap", "more diagnostics than the per-file cap; the rest are dropped"),
)

CODES: dict[str, CodeInfo] = {info.code: info for info in _TABLE}

SUPPRESSION_CODES = frozenset({"SUPPRESSION_MISSING_REASON", "SUPPRESSION_UNUSED", "SUPPRESSION_INVALID"})

SECURITY_CODES = frozenset(
    {"RUNTIME_PATH_TRAVERSAL", "RUNTIME_HARDCODED_SECRET", "RUNTIME_INSECURE_TRANSPORT", "RUNTIME_AUTH_INVALID"}
)
"""Codes that a suppression comment silences only when it gives a reason, and never file-wide."""


def rule_url(code: str) -> str:
    """The documentation URL of a code (LSP ``codeDescription.href``, SARIF ``helpUri``)."""
    return f"{RULES_BASE_URL}{code}.md"
