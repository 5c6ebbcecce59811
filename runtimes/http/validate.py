"""Static checks shared by ``http:source`` and ``http:sink`` (RUNTIMES.md §6.1, §6.2, §5.3, §5.4)."""

from __future__ import annotations

from collections.abc import Sequence

from runtimes.base import NodeSpec, RuntimeIssue, ValidateContext
from runtimes.http.jmespath_subset import certainly_valid
from runtimes.validation.common import check_common, check_positive_int, effective_text, value_issue
from runtimes.validation.credentials import check_http_credentials
from runtimes.validation.urls import check_url

__all__ = ["jmespath_error", "validate_http"]

INVALID_CONFIG = "RUNTIME_INVALID_CONFIG"
TIMEOUT_HINT = "Milliseconds, e.g. 30000"


def validate_http(
    node: NodeSpec, ctx: ValidateContext, allowed_methods: Sequence[str], default_method: str
) -> list[RuntimeIssue]:
    config = node.config
    # "auth" that is not an object is RUNTIME_AUTH_INVALID (credentials.check_auth), not the generic kind mismatch.
    issues = [issue for issue in check_common(node) if not (issue.path == ("auth",) and issue.code == INVALID_CONFIG)]
    issues.extend(check_url(config.get("url"), ("url",), ctx))

    method = default_method
    method_effective = effective_text(config.get("method"), ctx)
    if method_effective is not None:
        method = method_effective.text.strip().upper()
        if method not in allowed_methods:
            message = (
                f'Method "{method_effective.text.strip()}" is not allowed for {node.key}; '
                f"use one of {', '.join(allowed_methods)}"
            )
            issues.append(value_issue(INVALID_CONFIG, "error", message, ("method",), method_effective))
    elif "method" in config:
        method = ""  # dynamic: unknown until run time
    if "body" in config and method in ("GET", "DELETE"):
        message = f"body is ignored for {method} requests"
        issues.append(RuntimeIssue(INVALID_CONFIG, "warning", message, ("body",), target="key"))

    issues.extend(check_positive_int(config, "timeout", ctx, hints=(TIMEOUT_HINT,)))

    extract = effective_text(config.get("extract"), ctx) if "extract" in config else None
    if extract is not None:
        detail = jmespath_error(extract.text)
        if detail is not None:
            message = f'Invalid JMESPath expression in "extract": {detail}'
            issues.append(value_issue(INVALID_CONFIG, "error", message, ("extract",), extract))

    issues.extend(check_http_credentials(node, ctx))
    return issues


def jmespath_error(expression: str) -> str | None:
    """None when ``expression`` compiles, else a one-line description of the problem."""
    if certainly_valid(expression):  # the plain shapes, without importing the library (start-up time)
        return None
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        jmespath.compile(expression)
    except JMESPathError as exc:
        first = str(exc).splitlines()[0].strip().rstrip(":") if str(exc).strip() else type(exc).__name__
        position = getattr(exc, "lex_position", None)
        return f"{first} (column {position})" if isinstance(position, int) else first
    except Exception as exc:  # the library must not make validate raise on user input
        return type(exc).__name__
    return None
