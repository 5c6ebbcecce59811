"""Output formats of ``flowscript lint``: each module renders a :class:`server.lint.model.LintResult` to a string."""

from __future__ import annotations

FORMATS = ("text", "json", "sarif", "github", "junit")

__all__ = ["FORMATS"]
