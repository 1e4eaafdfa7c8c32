"""The cycle collector paused while an audit, an import or a draft check runs.

An audit, an import of a hundred thousand facts, or a draft check against as many, allocates
hundreds of thousands of objects that live until it ends (records, fact rows, checked facts,
values, findings, the facts' index) and makes almost no reference cycles. Each time the long-lived objects grow by a
quarter, Python's collector walks all of them: a few such passes cost about a quarter of a
cold audit's CPU time. Paused, nothing is walked. When it resumes, what the pause let live is
moved to the oldest generation, so that the next young pass does not walk it all (about 1.5 s
at the end of an import of 100,000 facts). The price: a cycle that became garbage during the
pause is freed by the next full pass, not by the next young one, so a long-running program
holds its memory a little longer.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def pause_collector() -> Callable[[], None]:
    """Turn the cycle collector off; the function returned puts it back as it was (once)."""
    was_enabled = gc.isenabled()
    resumed = False
    gc.disable()

    def resume() -> None:
        nonlocal resumed
        if was_enabled and not resumed:
            _aged()
            gc.enable()
        resumed = True

    return resume


def _aged() -> None:
    """Every object the collector tracks moved to its oldest generation (frozen, then thawed:
    `gc.unfreeze` puts them there); nothing when the program keeps objects frozen itself."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def collector_paused(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` with the cycle collector off (left as it was when it returns)."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        resume = pause_collector()
        try:
            return function(*args, **kwargs)
        finally:
            resume()

    return paused
