"""``flowscript lint``, the CI linter (DIAGNOSTICS.md §5; guide: docs/ci.md).

Modules: ``cli`` (options, exit codes, output routing), ``discovery`` (which files, in which order, displayed
paths), ``gitignore`` (the ignore-pattern matcher, also used by ``exclude``), ``engine`` (reading, configuration,
cache, process-parallel analysis, ``--fix``), ``cache`` (content-hash cache in ``.flowscript/cache``), ``fixes``
(applying safe fixes, unified diffs), ``model`` (targets, analyses, reports) and ``formats`` (text, json, sarif,
github, junit, statistics). The project configuration loader is ``server.config``.

Nothing here imports pygls, lsprotocol, httpx or pydantic; the analysis is ``server.checks`` (imported lazily).
"""
