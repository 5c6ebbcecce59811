"""Immutable records: a cheaper stand-in for ``@dataclass(frozen=True, slots=True)``.

Start-up time of ``flowscript lint`` is a measured goal, and the standard ``dataclass`` decorator compiles five or six
generated methods per class (plus a second class for ``slots=True``): with about a hundred AST, model and diagnostic
classes on the lint path that alone costs tens of milliseconds. :func:`record` compiles one ``__init__`` per class
shape (memoised, so classes with the same field layout share it) and uses generic ``__eq__``, ``__hash__`` and
``__repr__`` that read the field list.

Semantics follow frozen, slotted dataclasses: fields come from the class annotations in MRO order, defaults and
``field(default=..., default_factory=..., compare=..., repr=...)`` (this module's, or ``dataclasses.field``) work;
``@record(frozen=False)`` gives a mutable record; otherwise instances are immutable
(assignment raises ``AttributeError``), equality and hashing compare the fields with ``compare=True`` and require the
same class. ``typing.dataclass_transform`` tells type checkers to treat decorated classes like frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: typing is a measurable share of start-up
if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform, overload

    _T = TypeVar("_T")
else:

    def dataclass_transform(**kwargs: object) -> Callable[[object], object]:
        return lambda decorated: decorated


__all__ = ["field", "record", "record_fields", "replace"]


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


_NO_DEFAULT: Any = _Missing()


class Field:
    """What :func:`field` returns: a default, a default factory and the comparison/repr switches of one field."""

    __slots__ = ("compare", "default", "default_factory", "repr")

    def __init__(self, default: Any, default_factory: Callable[[], Any] | None, compare: bool, repr: bool) -> None:
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr


def field(
    *,
    default: Any = _NO_DEFAULT,
    default_factory: Callable[[], Any] | None = None,
    compare: bool = True,
    repr: bool = True,
) -> Any:
    """Field options, like ``dataclasses.field`` (without importing ``dataclasses``, which costs start-up time)."""
    return Field(default, default_factory, compare, repr)


def _dataclasses_field(value: object) -> Field | None:
    """Accept ``dataclasses.field(...)`` too, without importing ``dataclasses``."""
    kind = type(value)
    if kind.__name__ != "Field" or kind.__module__ != "dataclasses":
        return None
    default: Any = getattr(value, "default", _NO_DEFAULT)
    factory: Any = getattr(value, "default_factory", None)
    missing = type(default).__name__ == "_MISSING_TYPE"
    return Field(
        _NO_DEFAULT if missing else default,
        None if type(factory).__name__ == "_MISSING_TYPE" else factory,
        bool(getattr(value, "compare", True)),
        bool(getattr(value, "repr", True)),
    )


try:  # the optional native __init__ of frozen records (setup.py builds it when a C compiler is available)
    from runtimes import _fastrecords as _native
except ImportError:  # pragma: no cover - a pure-Python installation
    _native = None  # type: ignore[assignment]
if _native is not None and getattr(_native, "VERSION", 0) != 1:  # pragma: no cover - a stale build: rebuild it
    _native = None  # type: ignore[assignment]  # (pip install -e . rebuilds it)

_object_setattr = object.__setattr__
_init_cache: dict[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool], Any] = {}
_precompiled: dict[str, Any] | None = None
init_sources: dict[str, None] = {}
"""The source of every ``__init__`` builder made in this process, in order (``runtimes.generate`` reads it)."""


def _builder(source: str) -> Any:
    """The ``_build`` function of ``source``: from ``runtimes._record_inits`` (bytecode cached like any module) when
    the shape is there, else compiled now. Compiling costs about as much as importing a small module, and the lint
    path has about a hundred shapes (``python -m runtimes.generate`` regenerates the module; a test checks it)."""
    global _precompiled
    if _precompiled is None:
        try:
            from runtimes._record_inits import BUILDERS
        except ImportError:  # pragma: no cover - generated module missing
            BUILDERS = {}
        _precompiled = BUILDERS
    init_sources[source] = None
    built = _precompiled.get(source)
    if built is None:
        namespace: dict[str, Any] = {}
        exec(compile(source, "<record __init__>", "exec"), namespace)
        built = namespace["_build"]
    return built


class _FieldInfo:
    __slots__ = ("compare", "default", "factory", "name", "repr")

    def __init__(self, name: str, default: Any, factory: Callable[[], Any] | None, compare: bool, repr: bool) -> None:
        self.name = name
        self.default = default
        self.factory = factory
        self.compare = compare
        self.repr = repr


def _immutable(self: Any, name: str, value: Any = None) -> None:
    raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is immutable")


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names: tuple[str, ...] = self.__record_compare__
    return all(getattr(self, name) == getattr(other, name) for name in names)


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, name) for name in self.__record_compare__))


def _repr(self: Any) -> str:
    inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_repr__)
    return f"{type(self).__qualname__}({inner})"


def _reduce(self: Any) -> tuple[Any, tuple[Any, ...]]:
    # Pickling (process pools, caches) and copying rebuild through __init__: the slots are not assignable.
    return (self.__class__, tuple(getattr(self, name) for name in self.__record_fields__))


def _setter(cls: type, name: str) -> Any:
    """The slot's own ``__set__`` (one call, no attribute lookup, not blocked by the frozen ``__setattr__``)."""
    descriptor = getattr(cls, name, None)
    setter = getattr(type(descriptor), "__set__", None)
    if descriptor is None or setter is None or type(descriptor).__name__ != "member_descriptor":
        return lambda instance, value: _object_setattr(instance, name, value)
    return descriptor.__set__


def _make_init(fields: list[_FieldInfo], cls: type, frozen: bool) -> Any:
    """Compile (once per shape) an ``__init__`` for ``cls``.

    Frozen records assign through the slot descriptors (the class's ``__setattr__`` refuses assignments); mutable ones
    assign plainly. Where the native module ``runtimes/_fastrecords.c`` is built, a frozen record gets its native
    ``__init__`` instead, which binds the same arguments and fills every slot in one call (the Python builder's source
    is still recorded, so ``runtimes.generate`` writes the same module either way).
    """
    names = tuple(f.name for f in fields)
    with_default = tuple(f.name for f in fields if f.default is not _NO_DEFAULT)
    with_factory = tuple(f.name for f in fields if f.factory is not None)
    key = (names, with_default, with_factory, frozen)
    template = _init_cache.get(key)
    if template is None:
        params = []
        body = []
        for f in fields:
            if f.factory is not None:
                params.append(f"{f.name}=_MISSING")
                body.append(f" if {f.name} is _MISSING: {f.name} = _factory_{f.name}()")
            elif f.default is not _NO_DEFAULT:
                params.append(f"{f.name}=_default_{f.name}")
            else:
                params.append(f.name)
            body.append(f" _set_{f.name}(self, {f.name})" if frozen else f" self.{f.name} = {f.name}")
        arguments = [f"_default_{n}" for n in with_default] + [f"_factory_{n}" for n in with_factory]
        if frozen:
            arguments += [f"_set_{n}" for n in names]
        source = (
            "def _build(_MISSING, "
            + ", ".join(arguments)
            + "):\n"
            + f" def __init__(self, {', '.join(params)}):\n"
            + "\n".join(" " + line for line in body or [" pass"])
            + "\n return __init__\n"
        )
        template = _builder(source)
        _init_cache[key] = template
    if frozen and _native is not None and len(fields) <= 64:
        try:
            return _native.record_init(
                cls,
                names,
                tuple(f.default if f.factory is None else _NO_DEFAULT for f in fields),
                tuple(f.factory for f in fields),
                _NO_DEFAULT,
            )
        except TypeError:  # a field that is not a plain slot (a property in a base class, say): the Python __init__
            pass
    by_name = {f.name: f for f in fields}
    defaults = [by_name[n].default for n in with_default]
    factories = [by_name[n].factory for n in with_factory]
    setters = [_setter(cls, n) for n in names] if frozen else []
    return template(_NO_DEFAULT, *defaults, *factories, *setters)


def _is_classvar(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar", "Final", "typing.Final"))


if TYPE_CHECKING:

    @overload
    def record(cls: type[_T], /) -> type[_T]: ...

    @overload
    def record(*, frozen: bool = True) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(cls: type[_T] | None = None, /, *, frozen: bool = True) -> Any:
    """Turn an annotated class into a slotted record, immutable unless ``frozen=False`` (see the module docstring)."""
    if cls is None:
        return lambda target: _build(target, frozen)
    return _build(cls, frozen)


def _build(cls: type[_T], frozen: bool) -> type[_T]:
    inherited: list[_FieldInfo] = []
    for base in reversed(cls.__mro__[1:]):
        for info in getattr(base, "__record_info__", ()):
            inherited = [f for f in inherited if f.name != info.name]
            inherited.append(info)
    own: list[_FieldInfo] = []
    namespace = dict(cls.__dict__)
    # Not inspect.get_annotations: importing inspect costs start-up time, and the class's own dict is what we need.
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        if _is_classvar(annotation):
            continue
        value = namespace.pop(name, _NO_DEFAULT)
        default, factory, compare, show = value, None, True, True
        spec = value if isinstance(value, Field) else _dataclasses_field(value)
        if spec is not None:
            default, factory, compare, show = spec.default, spec.default_factory, spec.compare, spec.repr
        info = _FieldInfo(name, default, factory, compare, show)
        inherited = [f for f in inherited if f.name != name]
        own.append(info)
    fields = inherited + own
    seen_default = False
    for f in fields:
        has_default = f.default is not _NO_DEFAULT or f.factory is not None
        if seen_default and not has_default:
            raise TypeError(f"{cls.__name__}: non-default field {f.name!r} follows a field with a default")
        seen_default = seen_default or has_default
    namespace.pop("__dict__", None)
    namespace.pop("__weakref__", None)
    inherited_slots = {name for base in cls.__mro__[1:] for name in getattr(base, "__slots__", ())}
    namespace["__slots__"] = tuple(f.name for f in own if f.name not in inherited_slots)
    namespace["__record_info__"] = tuple(fields)
    namespace["__record_fields__"] = tuple(f.name for f in fields)
    namespace["__record_compare__"] = tuple(f.name for f in fields if f.compare)
    namespace["__record_repr__"] = tuple(f.name for f in fields if f.repr)
    namespace["__match_args__"] = tuple(f.name for f in fields)
    namespace["__reduce__"] = _reduce
    if "__eq__" not in cls.__dict__:
        namespace["__eq__"] = _eq
    if frozen:
        namespace["__setattr__"] = _immutable
        namespace["__delattr__"] = _immutable
        if "__hash__" not in cls.__dict__ or cls.__dict__["__hash__"] is None:
            namespace["__hash__"] = _hash
    elif "__hash__" not in cls.__dict__:
        namespace["__hash__"] = None  # mutable and compared by value, like a dataclass with eq=True
    if "__repr__" not in cls.__dict__:
        namespace["__repr__"] = _repr
    metaclass: Any = type(cls)
    new_cls: type[_T] = metaclass(cls.__name__, cls.__bases__, namespace)
    new_cls.__qualname__ = cls.__qualname__
    type.__setattr__(new_cls, "__init__", _make_init(fields, new_cls, frozen))
    return new_cls


def record_fields(instance_or_class: object) -> tuple[str, ...]:
    """The field names of a record class or instance, in order."""
    fields: tuple[str, ...] = getattr(instance_or_class, "__record_fields__", ())
    return fields


def replace(instance: _T, **changes: Any) -> _T:
    """A copy of a record with some fields changed (like ``dataclasses.replace``)."""
    names: tuple[str, ...] = getattr(instance, "__record_fields__", ())
    unknown = set(changes) - set(names)
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no field(s) {', '.join(sorted(unknown))}")
    values = {name: changes[name] if name in changes else getattr(instance, name) for name in names}
    return type(instance)(**values)
