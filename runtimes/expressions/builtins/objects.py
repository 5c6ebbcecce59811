"""Object built-ins (EXPRESSIONS.md §10.5). Every result is a new value; arguments are never modified."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from runtimes.expressions.builtins._base import (
    BuiltinContext,
    BuiltinFunction,
    arg,
    definer,
    fail,
    require_array,
    s,
)
from runtimes.expressions.values import (
    UNDEFINED,
    canonical_index,
    get_property,
    is_nullish,
    is_truthy,
    strict_equals,
    to_string,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

__all__ = ["FUNCTIONS", "deep_clone", "deep_equals", "own_entries"]

builtin = definer("object")
Args: TypeAlias = "Sequence[Any]"


def own_entries(x: Any) -> list[tuple[str, Any]] | None:
    """Own enumerable entries: object keys; array/string index keys; None for anything else."""
    if isinstance(x, Mapping):
        return [(k if isinstance(k, str) else to_string(k), v) for k, v in x.items()]
    if isinstance(x, list | tuple | str):
        return [(str(i), v) for i, v in enumerate(x)]
    return None


def deep_equals(a: Any, b: Any) -> bool:
    if strict_equals(a, b):
        return True
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(deep_equals(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return len(a) == len(b) and all(deep_equals(v, b.get(k, UNDEFINED)) for k, v in a.items())
    return False


def deep_clone(x: Any) -> Any:
    if isinstance(x, Mapping):
        return {k: deep_clone(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [deep_clone(v) for v in x]
    return x


@builtin("keys(o)", "Own keys in order (array/string: index strings)")
def fn_keys(args: Args, ctx: BuiltinContext) -> Any:
    return [k for k, _ in own_entries(arg(args, 0)) or ()]


@builtin("values(o)", "Values in key order (array: copy; string: characters)")
def fn_values(args: Args, ctx: BuiltinContext) -> Any:
    return [v for _, v in own_entries(arg(args, 0)) or ()]


@builtin("entries(o)", "[key, value] pairs")
def fn_entries(args: Args, ctx: BuiltinContext) -> Any:
    return [[k, v] for k, v in own_entries(arg(args, 0)) or ()]


@builtin("from_entries(list)", "Object from [key, value] pairs")
def fn_from_entries(args: Args, ctx: BuiltinContext) -> Any:
    pairs = require_array("from_entries", arg(args, 0))
    out: dict[str, Any] = {}
    for i, pair in enumerate(pairs or ()):
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise fail("from_entries", f"item {i} is not a [key, value] pair")
        out[to_string(pair[0])] = pair[1]
    return out


@builtin("get(o, path, dflt?)", "Value at a dotted path, or dflt")
def fn_get(args: Args, ctx: BuiltinContext) -> Any:
    current, path, default = arg(args, 0), s(arg(args, 1)), arg(args, 2)
    if not is_truthy(current) or path == "":
        return default
    for part in path.split("."):
        if is_nullish(current):
            return default
        current = get_property(current, part)
    return default if is_nullish(current) else current


@builtin("has(o, key)", "Whether an object has key (array/string: index in range or length)")
def fn_has(args: Args, ctx: BuiltinContext) -> Any:
    o, key = arg(args, 0), s(arg(args, 1))
    if isinstance(o, Mapping):
        return key in o
    if isinstance(o, list | tuple | str):
        return key == "length" or canonical_index(key, len(o)) is not None
    return False


@builtin("merge(...os)", "Shallow merge of objects, left to right")
def fn_merge(args: Args, ctx: BuiltinContext) -> Any:
    out: dict[str, Any] = {}
    for o in args:
        if isinstance(o, str | Mapping | list | tuple):
            out.update(own_entries(o) or ())
    return out


def _key_list(name: str, x: Any) -> set[str]:
    return {s(k) for k in require_array(name, x, 2) or ()}


@builtin("pick(o, keys)", "Only the listed keys")
def fn_pick(args: Args, ctx: BuiltinContext) -> Any:
    o = arg(args, 0)
    keys = [s(k) for k in require_array("pick", arg(args, 1), 2) or ()]
    if not is_truthy(o):
        return {}
    present = dict(own_entries(o) or ())
    return {k: present[k] for k in keys if k in present}  # in the order of the key list, like the original's loop


@builtin("omit(o, keys)", "All keys except the listed ones")
def fn_omit(args: Args, ctx: BuiltinContext) -> Any:
    o = arg(args, 0)
    unwanted = _key_list("omit", arg(args, 1))
    if not is_truthy(o):
        return {}
    return {k: v for k, v in own_entries(o) or () if k not in unwanted}


@builtin("size(o)", "Number of keys (array/string: length)")
def fn_size(args: Args, ctx: BuiltinContext) -> Any:
    o = arg(args, 0)
    return len(o) if isinstance(o, Mapping | list | tuple | str) else 0


@builtin("set(o, path, v)", "Copy of o with the dotted path set to v")
def fn_set(args: Args, ctx: BuiltinContext) -> Any:
    o, path, value = arg(args, 0), s(arg(args, 1)), arg(args, 2)
    if path == "":
        return o
    root: dict[str, Any] = dict(o) if isinstance(o, Mapping) else {}
    node = root
    parts = path.split(".")
    for part in parts[:-1]:
        child = node.get(part)
        copied: dict[str, Any] = dict(child) if isinstance(child, Mapping) else {}
        node[part] = copied
        node = copied
    node[parts[-1]] = value
    return root


@builtin("delete(o, key)", "Copy of o without key")
def fn_delete(args: Args, ctx: BuiltinContext) -> Any:
    o, key = arg(args, 0), s(arg(args, 1))
    if is_nullish(o):
        return {}
    if not isinstance(o, Mapping) or key == "":
        return o
    return {k: v for k, v in o.items() if k != key}


@builtin("equals(a, b)", "Deep equality")
def fn_equals(args: Args, ctx: BuiltinContext) -> Any:
    return deep_equals(arg(args, 0), arg(args, 1))


@builtin("clone(x)", "Deep copy")
def fn_clone(args: Args, ctx: BuiltinContext) -> Any:
    return deep_clone(arg(args, 0))


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    fn_keys,
    fn_values,
    fn_entries,
    fn_from_entries,
    fn_get,
    fn_has,
    fn_merge,
    fn_pick,
    fn_omit,
    fn_size,
    fn_set,
    fn_delete,
    fn_equals,
    fn_clone,
)
