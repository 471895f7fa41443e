"""The inline lane: one-pattern queries answered in the server process, within a small budget.

A query worker's turn costs more than the queries most clients ask: on the project's machine a
point lookup takes pyoxigraph about 0.09 ms in a loop, but 0.2 to 0.35 ms of a worker's time
once the job has crossed two pipes and woken a sleeping process — and the server's own side of
the hop (the pipes, the scheduler, the timer) as much again. So a query of one triple pattern
(server/engine/shape.py) is answered here, on the server's own in-memory copy of the store, with
no hop.

Why that is safe without a worker to kill: such a query does no work that yields no answer, and
pyoxigraph writes its answer out as it finds it, 8 KB at a time. The lane's sink counts the
bytes and the time at every write; past `INLINE_BYTES` or `INLINE_SECONDS` it stops the query
(`Overrun`) and the job goes to a query worker as any other, under the time limit. So the event
loop is held at most about one 8 KB write past the budget. A query read wrongly as this shape
would be the danger; the shape's tests hold it to Oxigraph's parser.

Only the union default graph is served here (what the endpoint gives a query that names no
dataset), only from a store small enough to be copied into memory (`memory_copy_max_quads`),
and only once the copy of the version being served is loaded; it is loaded in a thread, when the
server starts and after each rebuild, and until then the workers answer everything.
"""

from __future__ import annotations

import asyncio
import logging
import time

from server.engine.jobs import Answer
from server.engine.shape import one_pattern
from server.engine.worker import CappedBuffer, ResultTooLarge, Served, open_store, run_query
from server.lexer import kept_for_short_texts, tokens

log = logging.getLogger("nkkg.inline")

INLINE_SECONDS = 0.005
"""How long a query may hold the event loop before it is handed to a worker."""
INLINE_BYTES = 1 << 18
"""How much of an answer the lane writes before it hands the query to a worker."""


class Overrun(Exception):
    """The query passed the lane's budget; a worker answers it instead."""


class BudgetBuffer(CappedBuffer):
    """A capped sink that also stops the query past the lane's bytes or time."""

    def __init__(self, cap: int, budget_bytes: int, deadline: float) -> None:
        super().__init__(cap)
        self.budget_bytes = budget_bytes
        self.deadline = deadline

    def write(self, data: bytes) -> int:
        written = super().write(data)  # raises ResultTooLarge past the job's own cap
        if self.size > self.budget_bytes or time.monotonic() > self.deadline:
            raise Overrun
        return written


@kept_for_short_texts
def is_one_pattern(query: str) -> bool:
    """Says whether the query is of the one-pattern shape."""
    return one_pattern(tokens(query)) is not None


class InlineLane:
    """The server's in-memory copy of one store version, and the jobs it may answer."""

    def __init__(self, max_quads: int) -> None:
        self.max_quads = max_quads
        self.version: str | None = None  # the version loaded, or being loaded
        self.served: Served | None = None
        self._loading: asyncio.Task[None] | None = None

    def load(self, path: str, version: str) -> None:
        """Starts loading the version at `path` in a thread, unless it is loaded or loading."""
        if version == self.version:
            return
        self.version, self.served = version, None
        if self._loading is not None:
            self._loading.cancel()
        self._loading = asyncio.ensure_future(self._load(path, version))

    async def _load(self, path: str, version: str) -> None:
        try:
            served = await asyncio.to_thread(open_store, path, self.max_quads)
        except OSError as error:
            log.warning("the inline lane could not open %s (%s); workers answer all", path, error)
            return
        if self.version == version and served.in_memory:
            self.served = served

    @property
    def ready(self) -> bool:
        """Says whether the lane holds the copy of the version it was last told to load."""
        return self.served is not None

    def close(self) -> None:
        if self._loading is not None:
            self._loading.cancel()
        self.served = None

    def answer(self, job: dict, version: str) -> Answer | None:
        """Gives the answer to `job` when the lane may and can give it within its budget, else
        None: a worker answers it then, errors included (a malformed query, a result past the
        cap), so that they come the one way they always do."""
        served = self.served
        if (
            served is None
            or self.version != version
            or job.get("kind") != "query"
            or not job.get("union")
            or not is_one_pattern(job["query"])
        ):
            return None
        sink = BudgetBuffer(job["cap"], INLINE_BYTES, time.monotonic() + INLINE_SECONDS)
        try:
            meta, body = run_query(served, job, sink)
        except (Overrun, ResultTooLarge):
            return None
        if not meta.get("ok"):
            return None  # a worker gives the error, in its own words and the usual way
        return Answer(str(meta["format"]), body)
