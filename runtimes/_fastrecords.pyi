from collections.abc import Callable
from typing import Any

VERSION: int

def record_init(
    cls: type,
    names: tuple[str, ...],
    defaults: tuple[Any, ...],
    factories: tuple[Callable[[], Any] | None, ...],
    missing: Any,
    /,
) -> Any: ...
