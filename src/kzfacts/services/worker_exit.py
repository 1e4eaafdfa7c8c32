"""Worker processes that never outlive the process that started them.

The audit, the import and the check fork workers that wait on a queue; a forked worker holds
its own end of that queue, so when its parent is killed it would wait for ever. Each starts
`exit_with_parent` first, and each pool starts its workers the way `worker_context` says."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from multiprocessing.context import BaseContext

PARENT_POLL_SECONDS = 0.2
"""How often a worker checks that the process that started it is still there."""


def exit_with_parent(parent: int) -> None:
    """In a worker: exit as soon as `parent` (the pid that started it) is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def worker_context() -> BaseContext:
    """How the workers start: forked on Linux, where each starts as a copy of the process that
    made it (what it was given and has loaded) and watches that process as its parent. Not
    the interpreter's default there from Python 3.14 (a fork server, whose workers' parent is
    the server: `exit_with_parent` would end them at once), nor a fresh interpreter, which
    would run the caller's script again. Elsewhere the platform's default (spawn on macOS,
    whose workers are children of the process that made them too)."""
    return multiprocessing.get_context("fork" if sys.platform == "linux" else None)
