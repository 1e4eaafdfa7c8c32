"""A forked worker of an audit, import or check exits once the process that started it is
killed, instead of waiting on its queue for ever."""

from __future__ import annotations

import os
import time
from pathlib import Path

from kzfacts.services.worker_exit import PARENT_POLL_SECONDS, exit_with_parent


def _gone(pid: int) -> bool:
    """Exited: no such process, or a zombie left for its new parent to reap."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in {"Z", "X"}


def _worker_of_a_killed_parent(watch: bool) -> int:
    """Fork a parent that forks a worker (watching it or not), then leaves: the worker's pid."""
    read, write = os.pipe()
    parent = os.fork()
    if parent == 0:
        pid = os.getpid()
        worker = os.fork()
        if worker == 0:
            if watch:
                exit_with_parent(pid)
            time.sleep(20)
            os._exit(0)
        os.write(write, str(worker).encode())
        os._exit(0)
    os.waitpid(parent, 0)
    return int(os.read(read, 32))


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        time.sleep(0.05)
    return False


def test_a_worker_exits_once_its_parent_is_gone() -> None:
    worker = _worker_of_a_killed_parent(watch=True)
    assert _wait_gone(worker, 20 * PARENT_POLL_SECONDS)


def test_without_the_watch_it_would_stay() -> None:
    worker = _worker_of_a_killed_parent(watch=False)
    try:
        assert not _wait_gone(worker, 5 * PARENT_POLL_SECONDS)
    finally:
        os.kill(worker, 9)
