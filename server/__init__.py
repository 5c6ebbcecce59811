"""FlowScript language tooling: parser, checks, linter, preview and language server."""

__version__ = "0.1.0"
