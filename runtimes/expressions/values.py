"""Expression values (EXPRESSIONS.md §5): the UNDEFINED sentinel and the JS-like conversions."""

from __future__ import annotations

from typing import Final

__all__ = ["UNDEFINED", "Undefined"]


class Undefined:
    """The JavaScript ``undefined`` value. Use the module-level :data:`UNDEFINED` singleton."""

    _instance: Undefined | None = None

    def __new__(cls) -> Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNDEFINED"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Final = Undefined()
