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
