"""Worker processes that never outlive the process that started them.

The audit, the import and the check fork workers that wait on a queue; a forked worker holds
its own end of that queue, so when its parent is killed it would wait for ever. Each starts
`exit_with_parent` first."""

from __future__ import annotations

import os
import threading
import time

PARENT_POLL_SECONDS = 0.2
"""How often a worker checks that the process that started it is still there."""


def exit_with_parent(parent: int) -> None:
    """In a worker: exit as soon as `parent` (the pid that started it) is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
