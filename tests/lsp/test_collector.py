"""Checks run with the cyclic collector paused; what they leave is frozen, and an idle collection reclaims cyclic
garbage frozen with it."""

from __future__ import annotations

import gc
import weakref

from server.lsp.collector import Collector


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_a_check_runs_without_collections_and_its_results_are_frozen() -> None:
    collector = Collector()
    assert gc.isenabled()
    before = gc.get_freeze_count()
    try:
        with collector.paused():
            assert not gc.isenabled()
            with collector.paused():  # a concurrent check
                kept = [Node() for _ in range(100)]
            assert not gc.isenabled(), "the collector resumes when the last check ends"
        assert gc.isenabled()
        frozen = gc.get_freeze_count()
        assert frozen >= before + 100
        assert collector.frozen_checks == 1
        del kept  # freed by reference counting although frozen
        assert gc.get_freeze_count() <= frozen - 100
    finally:
        gc.enable()


def test_cyclic_garbage_frozen_by_a_check_is_reclaimed_by_the_idle_collection() -> None:
    collector = Collector()
    with collector.paused():
        first, second = Node(), Node()
        first.other, second.other = second, first
        gone = weakref.ref(first)
        del first, second
    gc.collect()
    assert gone() is not None, "frozen: ordinary collections skip it"
    assert collector.collect_frozen() >= 2
    assert gone() is None
    assert collector.frozen_checks == 0
    assert gc.isenabled()


def test_a_paused_collector_stays_paused_for_whoever_paused_it() -> None:
    collector = Collector()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
