"""PyYAML's C parser without the rest of PyYAML (start-up time of ``flowscript lint``).

``import yaml`` runs PyYAML's whole package: the pure-Python loaders and dumpers, the resolver's expressions and,
costliest, ``yaml.reader``'s character-class expression. Together that is about a fifth of the start-up time of
``flowscript lint`` on one file, and the frontmatter needs none of it: only the C parser (``yaml._yaml.CParser``), the
node classes and the error classes.

:func:`load` imports the C extension ``yaml._yaml`` into a bare ``yaml`` package object (PyYAML's ``__init__``
not run yet), with the submodules the extension reads when it is initialised: the real ``error``, ``tokens``,
``events``, ``nodes``, ``scanner``, ``parser`` and ``composer`` (whose errors the parser raises), and stand-ins for
``reader``, ``constructor``, ``emitter``, ``serializer`` and ``representer`` that define only their error class
(subclasses of ``yaml.YAMLError``; the parser can raise the reader's, for a character YAML does not allow). The
stand-ins leave ``sys.modules`` at once. The package stays, and the first lookup of a name it lacks (``yaml.safe_load``
in the file runtime, say) runs PyYAML's ``__init__`` in it, which imports the real submodules and takes up the
extension already loaded: ``import yaml`` elsewhere keeps working. The one difference it can see: ``yaml.cyaml.CParser``
raises the stand-in ``ReaderError``, caught by ``except yaml.YAMLError`` like the real one.

When PyYAML is already imported, or when any of this fails (another PyYAML layout, no C extension), :func:`load`
imports PyYAML as usual.
"""

from __future__ import annotations

import _imp
import sys
from _thread import RLock, get_ident
from types import ModuleType

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["LibYaml", "load"]

_REAL = ("error", "tokens", "events", "nodes", "scanner", "parser", "composer")
_STAND_INS = {
    "reader": "ReaderError",
    "constructor": "ConstructorError",
    "emitter": "EmitterError",
    "serializer": "SerializerError",
    "representer": "RepresenterError",
}


class LibYaml:
    """What the frontmatter parser uses of PyYAML."""

    __slots__ = ("CParser", "MappingNode", "MarkedYAMLError", "ScalarNode", "SequenceNode", "YAMLError", "lean")

    def __init__(self, c_parser: Any, nodes: Any, errors: Any, lean: bool) -> None:
        self.CParser = c_parser
        """``yaml._yaml.CParser``, or None without PyYAML's C extension."""
        self.ScalarNode = nodes.ScalarNode
        self.SequenceNode = nodes.SequenceNode
        self.MappingNode = nodes.MappingNode
        self.YAMLError = errors.YAMLError
        self.MarkedYAMLError = errors.MarkedYAMLError
        self.lean = lean
        """True when loaded without PyYAML's ``__init__`` (see the module docstring)."""


_loaded: LibYaml | None = None
_lock = RLock()
"""Held while loading; the language server parses from several threads."""
_loading_thread: int | None = None


def load() -> LibYaml:
    global _loaded, _loading_thread
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loading_thread = get_ident()
                # The interpreter's import lock, held meanwhile, keeps other threads from starting an import: an
                # ``import yaml`` running beside the lean load would see its stand-ins (``yaml.reader``) and fail.
                # One already under way has put ``yaml`` in sys.modules, and then the ordinary import below waits
                # for it (after the lock is released).
                _imp.acquire_lock()
                try:
                    loaded = _lean() if "yaml" not in sys.modules else None
                finally:
                    _imp.release_lock()
                    _loading_thread = None
                if loaded is None:
                    import yaml

                    loaded = LibYaml(getattr(getattr(yaml, "cyaml", None), "CParser", None), yaml, yaml, lean=False)
                _loaded = loaded
    return _loaded


def _lean() -> LibYaml | None:
    import importlib.util

    spec = importlib.util.find_spec("yaml")
    if spec is None or spec.loader is None or not spec.submodule_search_locations or spec.origin is None:
        return None
    package = ModuleType("yaml")
    package.__path__ = list(spec.submodule_search_locations)
    package.__spec__ = spec
    package.__file__ = spec.origin
    package.__loader__ = spec.loader
    package.__package__ = "yaml"
    # Another thread's ``import yaml`` can see the package from here on: its first missing name waits for this load.
    package.__dict__["__getattr__"] = _completing(package, spec.loader)
    sys.modules["yaml"] = package
    try:
        for name in _REAL:
            importlib.import_module(f"yaml.{name}")
        errors = sys.modules["yaml.error"]
        for name, error in _STAND_INS.items():
            stand_in = ModuleType(f"yaml.{name}")
            setattr(stand_in, error, _stand_in_error(error, errors))
            sys.modules[f"yaml.{name}"] = stand_in
            setattr(package, name, stand_in)
        c_module = importlib.import_module("yaml._yaml")
    except Exception:
        for name in [*sys.modules]:  # as it was: the ordinary import follows
            if name == "yaml" or name.startswith("yaml."):
                del sys.modules[name]
        return None
    finally:
        for name in _STAND_INS:
            sys.modules.pop(f"yaml.{name}", None)
    return LibYaml(c_module.CParser, sys.modules["yaml.nodes"], errors, lean=True)


def _completing(package: ModuleType, loader: Any) -> Any:
    """The package's ``__getattr__``: runs PyYAML's ``__init__`` in the package on the first missing name."""
    done = False

    def __getattr__(name: str) -> Any:
        nonlocal done
        if name.startswith("__") or _loading_thread == get_ident():  # the lean load itself only probes
            raise AttributeError(f"module 'yaml' has no attribute {name!r}")
        with _lock:  # a lean load under way in another thread finishes first
            if not done:
                done = True
                loader.exec_module(package)
        if name in package.__dict__:
            return package.__dict__[name]
        raise AttributeError(f"module 'yaml' has no attribute {name!r}")

    return __getattr__


def _stand_in_error(name: str, errors: Any) -> type:
    if name == "ReaderError":
        return type(name, (errors.YAMLError,), {"__init__": _reader_init, "__str__": _reader_str, "__module__": "yaml"})
    return type(name, (errors.MarkedYAMLError,), {"__module__": "yaml"})


def _reader_init(self: Any, name: Any, position: Any, character: Any, encoding: Any, reason: Any) -> None:
    self.name = name
    self.character = character
    self.position = position
    self.encoding = encoding
    self.reason = reason


def _reader_str(self: Any) -> str:
    # the same wording as PyYAML's ReaderError
    if isinstance(self.character, bytes):
        return (
            f"'{self.encoding}' codec can't decode byte #x{ord(self.character):02x}: {self.reason}\n"
            f'  in "{self.name}", position {self.position}'
        )
    return f'unacceptable character #x{self.character:04x}: {self.reason}\n  in "{self.name}", position {self.position}'
