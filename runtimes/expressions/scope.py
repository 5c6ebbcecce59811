"""Variable scopes for evaluation (EXPRESSIONS.md §8): an immutable chain of layers; later layers win."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from runtimes.expressions.values import UNDEFINED

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

__all__ = ["Scope", "ScopeLike", "as_scope"]


class Scope:
    __slots__ = ("_layers",)

    def __init__(self, *layers: Mapping[str, Any]) -> None:
        self._layers: tuple[Mapping[str, Any], ...] = layers

    def child(self, layer: Mapping[str, Any]) -> Scope:
        """A new scope with ``layer`` on top (its names shadow the ones below)."""
        return Scope(*self._layers, layer)

    def lookup(self, name: str) -> Any:
        """The value of ``name``, or UNDEFINED when no layer defines it."""
        for layer in reversed(self._layers):
            if name in layer:
                return layer[name]
        return UNDEFINED

    def __contains__(self, name: object) -> bool:
        return any(name in layer for layer in self._layers)

    def names(self) -> Iterator[str]:
        seen: set[str] = set()
        for layer in reversed(self._layers):
            for name in layer:
                if name not in seen:
                    seen.add(name)
                    yield name


ScopeLike: TypeAlias = "Scope | Mapping[str, Any]"
"""What the evaluation entry points accept: a Scope, or a plain mapping of names (one layer)."""


def as_scope(scope: ScopeLike) -> Scope:
    """``scope`` itself, or a one-layer Scope over a plain mapping of names (the entry points accept either)."""
    return scope if isinstance(scope, Scope) else Scope(scope)
