"""What the machine gave a benchmark step run in its own process: the peak memory of its
process tree (`TreeSampler`), the share of the machine's CPU time its host took meanwhile
(`cpu_ticks`, `stolen_share`), and how fast it ran plain Python just before (`gauge`). Linux
(/proc); elsewhere the memory is the kernel's peak alone and the host's share is unknown.

This machine's speed swings by half within an hour, and the CPU seconds of the same work
swing with it (an import's 50 s of CPU became 84 s): the gauge, a fixed workload timed right
before each step, and the host's share are there to tell such a spell from a slower
kzfacts (two runs minutes apart gave the same gauge for 17 % more CPU: not every swing shows)."""

from __future__ import annotations

import os
import threading
import time

GAUGE_ROUNDS = 5
GAUGE_ITEMS = 60_000
SAMPLE_INTERVAL = 0.05  # s between two readings of a step's process tree, at the least
SAMPLER_SHARE = 0.02  # of one core, at the most, for those readings (see TreeSampler)
PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


class TreeSampler(threading.Thread):
    """Peak of the summed memory of a process and its descendants (/proc, Linux).

    The kernel's own peak (`wait4`'s ru_maxrss) is the largest single process of the tree; an
    audit with worker processes holds several at once, so their sum is sampled as well, twice:
    the resident sizes added up (`peak_mb`: a page a forked worker still shares with its parent
    counts once in each), and the proportional set sizes added up (`peak_pss_mb`: a page shared
    by n processes counts 1/n in each, so the sum is the memory the tree takes).

    Reading a process's proportional set size walks its page tables (about 15 ms for a process
    of 800 MB, under the process's memory lock): read every 50 ms, the readings of an import's
    three processes took a quarter of one of the machine's two cores from the step measured.
    So the sampler waits long enough after each reading to spend at most `SAMPLER_SHARE` of a
    core (every 50 ms for small trees, about once a second for a 100,000-fact import).
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_mb = 0.0
        self.peak_pss_mb = 0.0
        self.stop = threading.Event()

    @staticmethod
    def _table() -> dict[int, tuple[int, int]]:
        """pid -> (parent pid, resident pages) of every process."""
        table: dict[int, tuple[int, int]] = {}
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as handle:
                    stat = handle.read()
            except OSError:
                continue
            fields = stat[stat.rfind(b")") + 2 :].split()
            table[int(name)] = (int(fields[1]), int(fields[21]))
        return table

    @staticmethod
    def _pss_kb(pid: int) -> int:
        """The process's proportional set size in kB (0 when it is gone or not readable)."""
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _tree_mb(self) -> tuple[float, float]:
        """(resident MB, proportional MB) summed over the process and its descendants."""
        table = self._table()
        children: dict[int, list[int]] = {}
        for pid, (parent, _) in table.items():
            children.setdefault(parent, []).append(pid)
        pages, pss_kb, stack = 0, 0, [self.pid]
        while stack:
            pid = stack.pop()
            if pid in table:
                pages += table[pid][1]
                pss_kb += self._pss_kb(pid)
            stack.extend(children.get(pid, ()))
        return pages * PAGE_MB, pss_kb / 1024

    def run(self) -> None:
        if not os.path.isdir("/proc"):
            return
        while not self.stop.is_set():
            started = time.thread_time()
            resident, proportional = self._tree_mb()
            self.peak_mb = max(self.peak_mb, resident)
            self.peak_pss_mb = max(self.peak_pss_mb, proportional)
            spent = time.thread_time() - started
            self.stop.wait(max(SAMPLE_INTERVAL, spent / SAMPLER_SHARE - spent))


def cpu_ticks() -> tuple[int, int] | None:
    """The machine's CPU time so far, in ticks: (stolen by its host, all), from /proc/stat's
    first line (user nice system idle iowait irq softirq steal ...); None without it. On a
    virtual machine a slow spell shows here when the host runs others on its cores."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    if len(fields) < 9 or fields[0] != "cpu":
        return None
    ticks = [int(value) for value in fields[1:9]]
    return ticks[7], sum(ticks)


def stolen_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    """The share of the CPU time between two `cpu_ticks` readings that the host took."""
    if before is None or after is None or after[1] <= before[1]:
        return None
    return (after[0] - before[0]) / (after[1] - before[1])


def gauge() -> float:
    """Milliseconds this process takes, at best of `GAUGE_ROUNDS`, for a fixed pure-Python
    workload of the kinds kzfacts' rules do (strings cut, formatted, hashed into dicts and
    sorted; about 30 ms on a fast spell): the same number on the same machine in the same
    spell, larger in a slow one."""
    best = float("inf")
    for _ in range(GAUGE_ROUNDS):
        started = time.perf_counter()
        seen: dict[str, int] = {}
        for n in range(GAUGE_ITEMS):
            word = f"w{n * 7919 % 10007}"
            seen[word[:4]] = seen.get(word[:4], 0) + len(word.upper())
        sorted(seen.items(), key=lambda item: (item[1], item[0]))
        best = min(best, time.perf_counter() - started)
    return best * 1000
