"""The cycle collector paused for long work: resumed as it was, with what the pause let live in
its oldest generation (the first young pass after it does not walk it all), and the cycles left
then collected by the next full pass."""

from __future__ import annotations

import gc
import weakref

from kzfacts.services.collector import pause_collector


class Node:
    """A container the collector tracks, that can refer to itself."""

    def __init__(self) -> None:
        self.other: Node | None = None


def test_what_lived_through_the_pause_is_in_the_oldest_generation_after_it() -> None:
    resume = pause_collector()
    try:
        assert not gc.isenabled()
        kept = [Node() for _ in range(1000)]
        cycle = Node()
        cycle.other = cycle
        gone = weakref.ref(cycle)
        del cycle
    finally:
        resume()
    assert gc.isenabled()
    young = {id(o) for o in gc.get_objects(generation=0)}
    old = {id(o) for o in gc.get_objects(generation=2)}
    assert not any(id(node) in young for node in kept)
    assert all(id(node) in old for node in kept)
    assert gone() is not None  # left in its cycle, until a full pass
    gc.collect()
    assert gone() is None


def test_a_paused_collector_is_left_paused_and_frozen_objects_frozen() -> None:
    gc.disable()
    try:
        pause_collector()()
        assert not gc.isenabled()
    finally:
        gc.enable()
    frozen = [Node() for _ in range(10)]
    gc.freeze()
    try:
        count = gc.get_freeze_count()
        pause_collector()()
        assert gc.isenabled()
        assert gc.get_freeze_count() == count
    finally:
        gc.unfreeze()
    assert len(frozen) == 10
