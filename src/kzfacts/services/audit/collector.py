"""The cycle collector paused while an audit runs.

An audit allocates hundreds of thousands of objects that live until it ends (fact rows,
checked facts, values, findings) and makes almost no reference cycles. Each time the
long-lived objects grow by a quarter, Python's collector walks all of them: a few such passes
cost about a quarter of a cold audit's CPU time. Paused, nothing is walked; what the audit
left in cycles is collected by the next pass after it.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def collector_paused(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` with the cycle collector off (left as it was when it returns)."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused
