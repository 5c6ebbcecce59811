"""JUnit XML: one test suite per file; one failing test case per diagnostic at or above the ``--fail-on`` threshold,
a passing case (with the diagnostic as ``system-out``) for the others, and one passing ``lint`` case for a clean
file."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from server.lint.model import LintResult, severity_at_least

__all__ = ["render_junit"]


def _clean(text: str) -> str:
    # XML 1.0 cannot hold most control characters, even escaped
    return "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else "\ufffd" for c in text)


def render_junit(result: LintResult) -> str:
    suites: list[str] = []
    total_tests = total_failures = 0
    for report in result.files:
        index = report.index
        cases: list[str] = []
        failures = 0
        for diag in report.diagnostics:
            line, col = index.position_in(diag.start, "utf-16")
            where = f"{report.display}:{line + 1}:{col + 1}"
            body = "\n".join(
                [f"{where}: {diag.severity} {diag.code} {diag.message}", *(f"hint: {h}" for h in diag.hints)]
            )
            name = quoteattr(_clean(f"{diag.code} at {line + 1}:{col + 1}"))
            file_attr = quoteattr(_clean(report.display))
            head = f'    <testcase classname={file_attr} name={name} file={file_attr} line="{line + 1}">'
            if severity_at_least(diag.severity, result.fail_on):
                failures += 1
                message = quoteattr(_clean(diag.message))
                inner = f"<failure message={message} type={quoteattr(diag.code)}>{escape(_clean(body))}</failure>"
            else:
                inner = f"<system-out>{escape(_clean(body))}</system-out>"
            cases.append(f"{head}{inner}</testcase>")
        if not cases:
            cases.append(f'    <testcase classname={quoteattr(_clean(report.display))} name="lint"/>')
        total_tests += len(cases)
        total_failures += failures
        suites.append(
            f'  <testsuite name={quoteattr(_clean(report.display))} tests="{len(cases)}" failures="{failures}" '
            f'errors="0" skipped="0">\n' + "\n".join(cases) + "\n  </testsuite>"
        )
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="flowscript lint" tests="{total_tests}" failures="{total_failures}" errors="0">'
    )
    return "\n".join([head, *suites, "</testsuites>"]) + "\n"
