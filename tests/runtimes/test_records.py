"""The immutable record decorator behaves like a frozen, slotted dataclass."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import ClassVar

import pytest

from runtimes.records import field, record, record_fields, replace


@record
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    notes: list[str] = dataclasses.field(default_factory=list, compare=False)
    KIND: ClassVar[str] = "point"


@record
class Point3(Point):
    z: int = 0


def test_init_defaults_and_factories() -> None:
    p = Point(1)
    assert (p.x, p.y, p.tags, p.notes) == (1, 0, (), [])
    assert Point(1).notes is not p.notes
    assert Point(2, y=3, tags=("a",)).y == 3
    assert Point.KIND == "point"
    assert record_fields(p) == ("x", "y", "tags", "notes")


def test_immutable_and_slotted() -> None:
    p = Point(1)
    with pytest.raises(AttributeError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.y
    assert not hasattr(p, "__dict__")


def test_equality_hash_and_repr() -> None:
    assert Point(1, 2) == Point(1, 2, notes=["ignored by eq"])
    assert Point(1, 2) != Point(2, 1)
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert Point3(1, 2) != Point(1, 2)
    assert repr(Point(1)) == "Point(x=1, y=0, tags=(), notes=[])"


def test_inheritance_and_pattern_matching() -> None:
    p = Point3(1, 2, z=5)
    assert record_fields(p) == ("x", "y", "tags", "notes", "z")
    match p:
        case Point3(x, y, _, _, z):
            assert (x, y, z) == (1, 2, 5)
        case _:
            pytest.fail("no match")


def test_a_required_field_after_a_default_is_rejected() -> None:
    with pytest.raises(TypeError):

        @record
        class Bad:
            a: int = 0
            b: int  # type: ignore[misc]


def test_pickle_copy_and_replace() -> None:
    p = Point3(1, 2, ("t",), ["n"], z=4)
    assert pickle.loads(pickle.dumps(p)) == p
    assert copy.deepcopy(p) == p and copy.copy(p) == p
    q = replace(p, y=9)
    assert (q.x, q.y, q.z) == (1, 9, 4) and p.y == 2
    with pytest.raises(TypeError):
        replace(p, nope=1)


@record(frozen=False)
class Counter:
    name: str
    hits: list[int] = field(default_factory=list)
    total: int = 0


def test_mutable_records_and_own_field_specifier() -> None:
    c = Counter("a")
    c.total += 2
    c.hits.append(1)
    assert (c.name, c.total, c.hits) == ("a", 2, [1])
    assert Counter("a") != c and Counter("a", [1], 2) == c
    assert Counter.__hash__ is None
    assert not hasattr(c, "__dict__")
    assert pickle.loads(pickle.dumps(c)) == c


def test_the_generated_start_up_modules_are_current() -> None:
    """``runtimes/_record_inits.py`` holds every record shape of server and runtimes, and
    ``runtimes/expressions/arities.py`` every built-in function's argument counts (start-up time)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "runtimes.generate", "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_a_shape_that_is_not_precompiled_is_compiled() -> None:
    from runtimes import records

    @record
    class Odd:
        zebra_one: int
        zebra_two: str = "x"

    assert Odd(1).zebra_two == "x"
    assert any("zebra_one" in source for source in records.init_sources)


# -- the native __init__ of frozen records (runtimes/_fastrecords.c) ------------------------------------------------


def test_the_native_init_is_built_and_used() -> None:
    # setup.py builds it wherever a C compiler is available, as on every CI machine; without it the comparisons
    # below would compare the Python __init__ with itself.
    from runtimes import records

    assert records._native is not None
    assert type(Point.__init__).__name__ == "RecordInit"
    assert Point.__init__.__name__ == "__init__"


def _point_classes(native: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[type, type]:
    from runtimes import records

    if not native:
        monkeypatch.setattr(records, "_native", None)

    @record
    class Base:
        x: int
        y: int = 0
        notes: list[str] = field(default_factory=list)

    @record
    class Child(Base):
        z: str = "z"
        items: dict[str, int] = dataclasses.field(default_factory=dict)

    monkeypatch.undo()
    return Base, Child


CALLS: list[tuple[tuple[object, ...], dict[str, object]]] = [
    ((1,), {}),
    ((1, 2), {}),
    ((1, 2, ["a"]), {}),
    ((), {"x": 1, "notes": ["n"]}),
    ((1,), {"y": 5, "z": "q"}),
    ((1, 2, [], "s", {"k": 1}), {}),
    ((), {}),  # missing x
    ((1, 2, [], "s", {}, 6), {}),  # too many
    ((1,), {"x": 2}),  # twice
    ((1,), {"w": 2}),  # unknown
    ((1,), {"notes": None}),
]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_the_native_and_python_inits_accept_and_refuse_the_same_calls(
    args: tuple[object, ...], kwargs: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    native = _point_classes(True, monkeypatch)
    python = _point_classes(False, monkeypatch)
    assert type(native[0].__init__).__name__ == "RecordInit"
    assert type(python[0].__init__).__name__ == "function"
    for n_cls, p_cls in zip(native, python, strict=True):
        outcomes = []
        for cls in (n_cls, p_cls):
            try:
                made = cls(*args, **kwargs)
            except TypeError:
                outcomes.append("TypeError")
            else:
                outcomes.append(tuple(getattr(made, name) for name in record_fields(made)))
                with pytest.raises(AttributeError):
                    made.x = 9
        assert outcomes[0] == outcomes[1]
    first, second = native[1](1), native[1](1)
    assert first.notes is not second.notes and first.items is not second.items  # a fresh default per instance


def test_the_native_init_releases_what_it_replaces_and_survives_a_failing_factory() -> None:
    import gc
    import weakref

    class Token:
        pass

    def failing() -> list[str]:
        raise RuntimeError("factory failed")

    @record
    class Holder:
        value: object
        extra: list[str] = field(default_factory=failing)

    token = Token()
    ref = weakref.ref(token)
    with pytest.raises(RuntimeError, match="factory failed"):
        Holder(token)
    holder = Holder(token, [])
    Holder.__init__(holder, 1, [])  # re-initialising replaces the slots
    del token
    gc.collect()
    assert ref() is None and holder.value == 1


def test_the_native_init_refuses_what_is_not_a_plain_slot_and_the_record_falls_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from runtimes import _fastrecords, records

    class WithProperty:
        __slots__ = ()

        @property
        def label(self) -> str:
            return "a property"

    with pytest.raises(TypeError, match="not a writable object slot"):
        _fastrecords.record_init(WithProperty, ("label",), (None,), (None,), object())

    class Refusing:
        VERSION = 1

        @staticmethod
        def record_init(*args: object) -> object:
            raise TypeError("not a writable object slot")

    monkeypatch.setattr(records, "_native", Refusing)

    @record
    class Fallback:
        name: str
        size: int = 1

    assert type(Fallback.__init__).__name__ == "function"
    made = Fallback("x")
    assert (made.name, made.size) == ("x", 1)
    with pytest.raises(AttributeError):
        made.name = "y"  # type: ignore[misc]
