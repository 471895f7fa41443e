"""What answers queries: one small interface, two implementations.

The local workers (server/engine/executor.py) and a remote SPARQL engine
(server/engine/remote.py) both answer jobs (server/engine/jobs.py) under the same guarantees,
and the rest of the server sees only this: `version` (the served store version's content
digest, which ETags and the answer cache are keyed by), `start`, `close`, `run` and the
server's own `select` and `construct`, and `last_modified`. What both share lives here: the
answer cache, each client's fair share (server/engine/shares.py), and a client's hang-up
stopping its query.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Awaitable
from datetime import datetime

from pyoxigraph import (
    Literal,
    NamedNode,
    QueryResultsFormat,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)

from server.engine.answer_cache import AnswerCache, job_key
from server.engine.jobs import Answer, query_job
from server.engine.shares import CLIENT, Shares


class Engine(ABC):
    """Answers jobs; see the module's docstring for the contract."""

    version: str
    result_cap: int

    def __init__(self, cache_bytes: int, client_budget: float, result_cap: int) -> None:
        self.cache: AnswerCache[Answer] = AnswerCache(cache_bytes)
        self.shares = Shares(client_budget)
        self.result_cap = result_cap

    @abstractmethod
    async def start(self) -> None:
        """Makes the engine ready to answer (workers started, the remote engine reached)."""

    @abstractmethod
    async def close(self) -> None:
        """Stops whatever the engine holds."""

    @abstractmethod
    def last_modified(self) -> datetime:
        """Gives when the served version went live (for Last-Modified on the dumps)."""

    @abstractmethod
    def _check_version(self) -> None:
        """Notices a new store version (at most now and then), dropping the answer cache."""

    @abstractmethod
    async def _answer(
        self, job: dict, gone: asyncio.Future[None] | None, client: str | None
    ) -> Answer:
        """Gives the answer to a job (its `cap` set) that the cache did not have."""

    async def run(self, job: dict, disconnected: Awaitable[None] | None = None) -> Answer:
        """Gives the answer to `job` (see server/engine/worker.py), within the time limit.

        `disconnected` (a future, or a coroutine run as a task) completes when the client goes
        away; the query is then stopped and ClientGone raised. Raises TooManyRequests (the
        client's share is spent), QueryTimeout, Busy, ResultTooLarge, QueryFailed,
        WorkerFailed. A job marked `cacheable` (a deterministic query) may be answered from the
        answer cache without any work.
        """
        key = None
        if job.get("cacheable") and self.cache.budget > 0:
            self._check_version()
            key = job_key(self.version, job)
            cached = self.cache.get(key)
            if cached is not None:
                if asyncio.iscoroutine(disconnected):
                    disconnected.close()  # never awaited: nothing to wait for
                return cached
        client = CLIENT.get()
        self.shares.check(client)
        gone = asyncio.ensure_future(disconnected) if disconnected is not None else None
        try:
            answer = await self._answer({**job, "cap": self.result_cap}, gone, client)
        finally:
            if gone is not None and gone is not disconnected:
                gone.cancel()  # the task that waited for a hang-up: a given future is its owner's
        if key is not None:
            self.cache.put(key, answer)
        return answer

    async def select(
        self,
        query: str,
        substitutions: dict[str, NamedNode | Literal] | None = None,
        union: bool = True,
    ) -> list[dict[str, object]]:
        """Gives the rows of a SELECT the server itself asks (a page, a canned route), each as
        {variable: term} without the unbound ones; same time limit and errors as `run`."""
        answer = await self.run(query_job(query, substitutions, union, "json", "ntriples"))
        solutions = parse_query_results(answer.body, format=QueryResultsFormat.JSON)
        names = [v.value for v in solutions.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in solutions]

    async def construct(
        self,
        query: str,
        substitutions: dict[str, NamedNode | Literal] | None = None,
        union: bool = True,
    ) -> list[Triple]:
        """Gives the triples of a CONSTRUCT the server itself asks, as pyoxigraph triples."""
        answer = await self.run(query_job(query, substitutions, union, "json", "ntriples"))
        return [quad.triple for quad in parse(answer.body, format=RdfFormat.N_TRIPLES)]
