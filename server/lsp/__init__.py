"""The FlowScript language server: the only package that imports pygls and lsprotocol.

``main.main(argv)`` is what ``flowscript lsp`` runs; ``server.FlowScriptServer`` holds the state; each LSP feature is
one module in ``features/`` listed in ``features.FEATURES``.
"""
