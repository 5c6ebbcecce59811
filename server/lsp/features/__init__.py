"""Every LSP feature of the server, one module each, listed explicitly (no discovery magic)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from server.lsp.features import (
    code_actions,
    code_lens,
    completion,
    config_watch,
    configuration,
    definition,
    diagnostics,
    folding,
    hover,
    preview,
    references,
    rename,
    signature_help,
    symbols,
    sync,
)

if TYPE_CHECKING:
    from server.lsp.server import FlowScriptServer

__all__ = ["FEATURES", "register_all"]

FEATURES: tuple[ModuleType, ...] = (
    configuration,
    sync,
    diagnostics,
    hover,
    completion,
    signature_help,
    definition,
    references,
    rename,
    symbols,
    folding,
    code_actions,
    code_lens,
    preview,
    config_watch,
)


def register_all(server: FlowScriptServer) -> None:
    """Register every feature; a module listed twice or a method registered twice is a programming error."""
    names = [module.__name__ for module in FEATURES]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate feature modules in FEATURES: {names}")
    for module in FEATURES:
        register: Callable[[FlowScriptServer], None] = module.register
        register(server)
    methods = server.registered_features
    duplicates = sorted({method for method in methods if methods.count(method) > 1})
    if duplicates:
        raise ValueError(f"LSP methods registered twice: {duplicates}")
