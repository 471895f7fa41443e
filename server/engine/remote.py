"""A remote SPARQL 1.1 engine as what answers queries: any engine that speaks the Protocol and
holds a version `nkkg publish` put there (tested with Oxigraph's own server; docs/scale.md).

The same guarantees as the local workers (server/engine/executor.py), kept in front:

- **Dataset.** A query that names no dataset gets the union default graph less the RDF 1.2
  graph, as locally: the Protocol's `default-graph-uri` names every published graph but that one
  and `named-graph-uri` every published graph, so the engine needs no union option of its own.
  The published graphs come from the record `nkkg publish` leaves (graph_builder/publication).
- **Version.** The record's content digest is the version: ETags and the answer cache agree with
  a local replica of the same data. It is read again at most once a second; while the engine
  holds no record (a publication under way) nothing is cached.
- **Parameters** are bound into the text by replacing their variable tokens with their terms
  (server/engine/binding.py), never pasted.
- **Time.** The time limit is a deadline on the whole exchange (and the engine's own limit where
  it has one: `oxigraph serve --timeout-s`); past it 503 `query-timeout`.
- **Answers are checked whole.** The engine is asked for SPARQL JSON results or N-Triples; the
  body is read to the end (a body past the result cap is 507, nothing sent), parsed with
  pyoxigraph, and written in the format the client chose, exactly as a local worker writes it.
  A cut or unparseable body is 503 `engine-failed`, never a partial 200.
- SERVICE and updates never reach the engine: the endpoint refuses them before any engine runs.
- **Fair shares** as locally: `size` requests at most in flight, served least-used client first.
"""

from __future__ import annotations

import asyncio
import re
import time
from datetime import datetime

import httpx
from pyoxigraph import (
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Store,
    parse,
    parse_query_results,
)

from graph_builder import iris
from graph_builder.publication.record import RECORD_QUERY, Publication, parse_record
from graph_builder.store import nquads_lines
from server.engine.binding import BindingError, bind
from server.engine.engine import Engine
from server.engine.formats import BY_NAME, TripleTermRefused, write_result
from server.engine.jobs import Answer, ClientGone, QueryFailed
from server.engine.scheduler import Scheduler
from server.engine.worker import CappedBuffer, ResultTooLarge, term_from_json
from server.errors import Busy, EngineFailed, QueryTimeout, WorkerFailed
from server.errors import ResultTooLarge as ResultTooLargeError

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
ACCEPT = f"{SPARQL_JSON}, {N_TRIPLES};q=0.9"
VERSION_CHECK_INTERVAL = 1.0
RDF12_GRAPH = iris.graph("claims-rdf12").value
DUMP_QUERY = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_POSITION = re.compile(r"error at (\d+):(\d+):")


class RemoteEngine(Engine):
    """Queries answered by a remote SPARQL 1.1 engine at `endpoint` (its query URL)."""

    def __init__(
        self,
        endpoint: str,
        size: int,
        time_limit: float,
        result_cap: int,
        cache_bytes: int = 0,
        client_budget: float = 0.0,
        queue_timeout: float | None = None,
    ) -> None:
        super().__init__(cache_bytes, client_budget, result_cap)
        self.endpoint = endpoint
        self.size = size
        self.time_limit = time_limit
        self.queue_timeout = time_limit if queue_timeout is None else queue_timeout
        self.version = "unpublished"
        self.publication: Publication | None = None
        self._slots: Scheduler[int] = Scheduler()
        self._http: httpx.AsyncClient | None = None
        self._checked_at = 0.0
        self._refreshing: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Reaches the engine and reads what it holds; fails when it holds no publication."""
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(self.time_limit),
            limits=httpx.Limits(max_connections=self.size + 1, max_keepalive_connections=self.size),
        )
        await self._refresh()
        if self.publication is None:
            await self._http.aclose()
            raise WorkerFailed(
                f"the SPARQL engine at {self.endpoint} holds no publication of the graph: "
                f"publish a built store into it first (nkkg publish --store DIR --to URL)"
            )
        for slot in range(self.size):
            self._slots.put(slot, "ordinary")

    async def close(self) -> None:
        if self._refreshing is not None:
            self._refreshing.cancel()
        if self._http is not None:
            await self._http.aclose()

    def last_modified(self) -> datetime:
        assert self.publication is not None
        return self.publication.issued.replace(microsecond=0)

    async def _refresh(self) -> None:
        """Reads the engine's publication record; a new digest drops the answer cache."""
        assert self._http is not None
        try:
            response = await self._http.post(
                self.endpoint, data={"query": RECORD_QUERY}, headers={"Accept": SPARQL_JSON}
            )
            publication = parse_record(response.content) if response.is_success else None
        except (httpx.HTTPError, ValueError, SyntaxError):
            return  # the engine is away for now: keep what was known
        digest = publication.digest if publication is not None else "unpublished"
        if digest != self.version:
            self.cache.clear()
        if publication is not None or self.publication is None:
            self.publication = publication
        self.version = digest

    def _check_version(self) -> None:
        now = time.monotonic()
        if now - self._checked_at < VERSION_CHECK_INTERVAL:
            return
        self._checked_at = now
        if self._refreshing is None or self._refreshing.done():
            self._refreshing = asyncio.ensure_future(self._refresh())

    async def _answer(
        self, job: dict, gone: asyncio.Future[None] | None, client: str | None
    ) -> Answer:
        self._check_version()
        got = await self._slots.get(self.shares.used(client), 0, self.queue_timeout, gone)
        if got is None:
            if gone is not None and gone.done():
                raise ClientGone
            raise Busy(
                f"all {self.size} requests to the engine stayed busy for "
                f"{self.queue_timeout:g} s; try again",
                headers={"Retry-After": "1"},
            )
        slot, _ = got
        ticket = self.shares.start(client)
        answered = False
        try:
            exchange = asyncio.ensure_future(self._exchange(job))
            waits: set[asyncio.Future] = {exchange} | ({gone} if gone else set())
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            if not exchange.done():
                exchange.cancel()  # the client hung up: the request to the engine is dropped
                raise ClientGone
            answer = exchange.result()
            answered = True
            return answer
        finally:
            self.shares.finish(client, ticket, answered)
            self._slots.put(slot, "ordinary")

    async def _exchange(self, job: dict) -> Answer:
        """Asks the engine for the job's answer and writes it in the job's format."""
        if job.get("kind") == "dump":
            return await self._dump()
        query = job["query"]
        if job.get("substitutions"):
            terms = {name: term_from_json(v) for name, v in job["substitutions"].items()}
            try:
                query = bind(query, terms)
            except BindingError as error:
                raise QueryFailed("malformed-query", str(error)) from error
        base = f"BASE {NamedNode(job['base_iri'])} " if job.get("base_iri") else ""
        try:
            media, body = await self._ask(base + query, self._dataset(job), job["cap"])
        except QueryFailed as failure:  # the parser's position, in the client's own text
            raise QueryFailed(failure.error, _unshift(failure.message, len(base))) from failure
        return await asyncio.to_thread(_rewrite, media, body, job)

    def _dataset(self, job: dict) -> list[tuple[str, str]]:
        """Gives the Protocol's dataset parameters for a job."""
        if job.get("default_graphs") is not None or job.get("named_graphs") is not None:
            return [("default-graph-uri", g) for g in job.get("default_graphs") or []] + [
                ("named-graph-uri", g) for g in job.get("named_graphs") or []
            ]
        if not job.get("union"):
            return []  # the query's own FROM and FROM NAMED decide
        graphs = sorted(self.publication.graphs) if self.publication else []
        return [("default-graph-uri", g) for g in graphs if g != RDF12_GRAPH] + [
            ("named-graph-uri", g) for g in graphs
        ]

    async def _ask(self, query: str, dataset: list[tuple[str, str]], cap: int) -> tuple[str, bytes]:
        """Gives the media type and whole body of the engine's answer, read to the end."""
        assert self._http is not None
        try:
            async with self._http.stream(
                "POST",
                self.endpoint,
                params=dataset,
                content=query.encode("utf-8"),
                headers={
                    "Content-Type": "application/sparql-query; charset=utf-8",
                    "Accept": ACCEPT,
                },
            ) as response:
                if response.status_code == 400:
                    text = (await response.aread()).decode("utf-8", "replace")
                    raise QueryFailed("malformed-query", text.strip())
                if not response.is_success:
                    text = (await response.aread()).decode("utf-8", "replace")[:300]
                    if "timeout" in text.lower():  # the engine's own limit
                        raise self._timeout()
                    raise EngineFailed(
                        f"the SPARQL engine answered {response.status_code}: {text.strip()}"
                    )
                chunks, size = [], 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise _too_large(cap)
                    chunks.append(chunk)
                media = response.headers.get("content-type", "").split(";")[0].strip()
                return media, b"".join(chunks)
        except httpx.TimeoutException as error:
            raise self._timeout() from error
        except httpx.HTTPError as error:  # refused, reset, or a body cut short
            raise EngineFailed(
                f"the exchange with the SPARQL engine failed ({error.__class__.__name__}); "
                "nothing of it was sent"
            ) from error

    def _timeout(self) -> QueryTimeout:
        return QueryTimeout(
            f"the query ran longer than the time limit of {self.time_limit:g} s and was "
            "stopped; narrow it down, add a LIMIT, or ask for less",
            limit_seconds=self.time_limit,
        )

    async def _dump(self) -> Answer:
        """Gives every published graph as sorted N-Quads, as a local worker dumps the store."""
        media, body = await self._ask(DUMP_QUERY, self._dataset({"union": True}), 1 << 62)
        if media != SPARQL_JSON:
            raise EngineFailed(f"the engine answered the dump in {media!r}, not SPARQL JSON")

        def sorted_quads() -> bytes:
            store = Store()
            store.bulk_extend(
                Quad(row["s"], row["p"], row["o"], row["g"])
                for row in parse_query_results(body, format=QueryResultsFormat.JSON)
            )
            return b"".join(nquads_lines(store))

        return Answer("nquads", await asyncio.to_thread(sorted_quads))


def _unshift(message: str, columns: int) -> str:
    """Gives a parser's "error at LINE:COLUMN: …" with the column moved back by what was put in
    front of line 1 (a BASE for relative IRIs)."""
    position = _POSITION.match(message)
    if position is None or columns == 0 or position[1] != "1":
        return message
    return f"error at 1:{max(1, int(position[2]) - columns)}:{message[position.end() :]}"


def _too_large(cap: int) -> ResultTooLargeError:
    return ResultTooLargeError(
        f"the result is larger than the cap of {cap:,} bytes and was not sent; add a LIMIT or "
        "ask for fewer variables",
        cap_bytes=cap,
    )


def _rewrite(media: str, body: bytes, job: dict) -> Answer:
    """Gives the engine's answer parsed and written in the job's format; an answer that does not
    parse is the engine's failure, never the client's partial result."""
    try:
        if media == SPARQL_JSON:
            result = parse_query_results(body, format=QueryResultsFormat.JSON)
            fmt = BY_NAME[job["solutions_format"]]
        elif media == N_TRIPLES:
            result = [q.triple for q in parse(body, format=RdfFormat.N_TRIPLES)]
            fmt = BY_NAME[job["graph_format"]]
        else:
            raise EngineFailed(f"the SPARQL engine answered in {media!r}, which was not asked for")
    except (SyntaxError, ValueError) as error:
        raise EngineFailed(f"the SPARQL engine's answer does not parse: {error}") from error
    sink = CappedBuffer(job["cap"])
    try:
        write_result(result, sink, fmt)
    except ResultTooLarge as error:
        raise _too_large(job["cap"]) from error
    except TripleTermRefused as error:
        raise QueryFailed("triple-term-refused", str(error)) from error
    return Answer(fmt.name, sink.getvalue())
