"""CPU time and memory of the stack's processes, read from /proc while a load test runs.

The same source bench/run.py uses (``bench.run.cpu_seconds``: utime + stime of /proc/<pid>/stat), summed over
each process *group*: devstack/stack.py starts every service in its own session, so a service that forks workers
is counted whole, and the load generator and the engine, in groups of their own, are never counted as platform.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.run import cpu_seconds


def machine_busy_s() -> float:
    """CPU seconds all processes of the machine spent busy (first line of /proc/stat, less idle and iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{entry.name}/stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:  # field 5 of stat: the process group
                pids.append(int(entry.name))
    return pids


def group_cpu_s(pgid: int) -> float:
    total = 0.0
    for pid in group_pids(pgid):
        with contextlib.suppress(OSError):
            total += cpu_seconds(pid)
    return total


def group_rss_mib(pgid: int) -> float:
    total = 0
    for pid in group_pids(pgid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


@dataclass
class Sample:
    t: float  # epoch seconds
    cpu_s: dict[str, float]
    rss_mib: dict[str, float]
    extra: dict[str, float] = field(default_factory=dict)  # e.g. Redis commands processed, memory


@dataclass
class Sampler:
    """Samples named process groups every ``interval_s`` on a daemon thread until stopped (or ``max_s``)."""

    groups: dict[str, int]  # name -> pgid
    interval_s: float = 1.0
    max_s: float = 3600.0
    probe: Callable[[], dict[str, float]] | None = None
    samples: list[Sample] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> Sampler:
        self._thread = threading.Thread(target=self._run, name="procstat", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.take()

    def take(self) -> None:
        self.samples.append(
            Sample(
                time.time(),
                {n: group_cpu_s(g) for n, g in self.groups.items()},
                {n: round(group_rss_mib(g), 1) for n, g in self.groups.items()},
                {"machine_busy_s": machine_busy_s(), **self._probe()},
            )
        )

    def _probe(self) -> dict[str, float]:
        if self.probe is None:
            return {}
        try:
            return self.probe()
        except Exception:  # a probe that fails once (e.g. Redis busy) must not end the sampling
            return {}

    def _run(self) -> None:
        end = time.monotonic() + self.max_s
        while not self._stop.is_set() and time.monotonic() < end:
            self.take()
            self._stop.wait(self.interval_s)

    def window(self, t0: float, t1: float) -> tuple[Sample, Sample] | None:
        """The first and last sample inside [t0, t1], if there are two."""
        inside = [s for s in self.samples if t0 <= s.t <= t1]
        return (inside[0], inside[-1]) if len(inside) >= 2 else None
