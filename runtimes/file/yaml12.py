"""YAML 1.2 core-schema reading and block-style writing on top of PyYAML (LANGUAGE.md §3.1).

PyYAML implements YAML 1.1 resolution (``yes``/``on`` booleans, ``010`` octal, timestamps, ``=``). The loader here
replaces the implicit resolvers with the core schema: ``null``/``~``/empty, ``true``/``false`` (three spellings),
decimal/``0o``/``0x`` integers, decimal floats and ``.inf``/``.nan``; everything else is a string. The dumper uses the
same resolvers, so a string is quoted exactly when a plain scalar would read back as something else.
"""

from __future__ import annotations

import re

import yaml

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["YamlError", "dump_yaml", "load_yaml"]

YamlError = yaml.YAMLError

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_MERGE = re.compile(r"^(?:<<)$")

_RESOLVERS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("tag:yaml.org,2002:null", _NULL, "~nN"),
    ("tag:yaml.org,2002:bool", _BOOL, "tTfF"),
    ("tag:yaml.org,2002:int", _INT, "-+0123456789"),
    ("tag:yaml.org,2002:float", _FLOAT, "-+0123456789."),
    ("tag:yaml.org,2002:merge", _MERGE, "<"),
)


def _install(cls: Any) -> None:
    cls.yaml_implicit_resolvers = {}
    for tag, pattern, first in _RESOLVERS:
        cls.add_implicit_resolver(tag, pattern, list(first))
    # The empty plain scalar is null too (PyYAML looks resolvers up under the first character, "" for empty).
    cls.yaml_implicit_resolvers.setdefault("", []).append(("tag:yaml.org,2002:null", _NULL))


class _CoreLoader(yaml.SafeLoader):
    def construct_core_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text, 10)

    def construct_core_bool(self, node: yaml.ScalarNode) -> bool:
        return str(self.construct_scalar(node)).lower() == "true"


_install(_CoreLoader)
_CoreLoader.add_constructor("tag:yaml.org,2002:int", _CoreLoader.construct_core_int)
_CoreLoader.add_constructor("tag:yaml.org,2002:bool", _CoreLoader.construct_core_bool)


class _CoreDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


_install(_CoreDumper)


def load_yaml(text: str) -> Any:
    """One YAML 1.2 core document (None for an empty stream). Raises :data:`YamlError` on errors or several docs."""
    return yaml.load(text, Loader=_CoreLoader)


def dump_yaml(value: Any) -> str:
    """Block style, 2-space indent, keys in order, strings quoted only when needed."""
    return yaml.dump(
        value,
        Dumper=_CoreDumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        indent=2,
        width=float("inf"),
    )
