"""Who gets the next free query worker: idle workers in two lanes, and the jobs waiting for one.

Workers are ordinary or fast-lane (server/engine/shares.py says who may use the fast lane, and how
strong its claim is). A job takes an idle ordinary worker if there is one, else an idle fast-lane
worker if its client may use it, else it waits. A freed ordinary worker goes to the waiting job
whose client has used the least time (first come first among equals); a freed fast-lane worker to
the job with the strongest claim on it, then the least time used.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Worker = TypeVar("Worker")
LANES = ("ordinary", "fast")


@dataclass(order=True)
class _Waiting(Generic[Worker]):
    key: tuple[float, int]  # the client's time used, then the order of arrival
    fast: int = field(compare=False)  # its claim on the fast lane: 0 none, 1 weak, 2 strong
    future: asyncio.Future[tuple[Worker, str]] = field(compare=False)


class Scheduler(Generic[Worker]):
    """Idle workers by lane, and the jobs waiting for one. Lives on the event loop."""

    def __init__(self) -> None:
        self._idle: dict[str, deque[Worker]] = {lane: deque() for lane in LANES}
        self._waiting: list[_Waiting[Worker]] = []
        self._order = itertools.count()

    def put(self, worker: Worker, lane: str, weakest: int = 1) -> None:
        """Gives a free worker to the first job in line that may have it, or keeps it idle. A
        fast-lane worker goes only to a claim at least as strong as `weakest`."""
        if lane == "ordinary":
            eligible = self._waiting
        else:
            strongest = max((w.fast for w in self._waiting), default=0)
            eligible = [w for w in self._waiting if w.fast == strongest >= max(1, weakest)]
        if eligible:
            chosen = min(eligible)
            self._waiting.remove(chosen)
            chosen.future.set_result((worker, lane))
        else:
            self._idle[lane].append(worker)

    def take_idle(self) -> list[tuple[Worker, str]]:
        """Gives every idle worker with its lane, leaving none idle (to replace them all)."""
        taken = [(w, lane) for lane in LANES for w in self._idle[lane]]
        for lane in LANES:
            self._idle[lane].clear()
        return taken

    async def get(
        self,
        used: float,
        fast: int,
        timeout: float,
        gone: asyncio.Future[None] | None,
    ) -> tuple[Worker, str] | None:
        """Gives a worker and its lane: idle now, or the first to free while this job waits
        (`used`: its client's time; `fast`: its claim on a fast-lane worker, 0 for none). Gives
        None after `timeout` seconds, or when `gone` completes first."""
        for lane in ("ordinary", "fast") if fast else ("ordinary",):
            if self._idle[lane]:
                # The worker freed last: its caches are still warm (a worker idle longer
                # answers a cheap query slower).
                return self._idle[lane].pop(), lane
        waiting = _Waiting(
            (used, next(self._order)), fast, asyncio.get_running_loop().create_future()
        )
        self._waiting.append(waiting)
        waits: set[asyncio.Future] = {waiting.future} | ({gone} if gone else set())
        try:
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            self._withdraw(waiting)
            raise
        if waiting.future.done():
            return waiting.future.result()
        self._withdraw(waiting)
        return None

    def _withdraw(self, waiting: _Waiting[Worker]) -> None:
        """Takes a job out of line; a worker handed to it just now goes to the next one."""
        if waiting.future.done() and not waiting.future.cancelled():
            self.put(*waiting.future.result())
            return
        self._waiting.remove(waiting)
        waiting.future.cancel()
