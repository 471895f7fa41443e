"""The inline lane (server/engine/inline.py) on the real store: one-pattern queries answered in
the server process with the workers' very bytes, everything else and everything past the
budget left to the workers, and a rebuilt store never answered from the old copy."""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from server.engine.executor import Executor
from server.engine.inline import INLINE_BYTES
from server.engine.jobs import QueryFailed
from server.errors import Busy, QueryTimeout, ResultTooLarge

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
POINT = "SELECT ?p ?o WHERE { VALUES ?s { <https://w3id.org/nkkg/id/source/33> } ?s ?p ?o }"
ONE_PATTERN = [
    POINT,
    "SELECT ?s WHERE { ?s a <https://w3id.org/nkkg/ontology#Claim> } LIMIT 40",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    'ASK { ?s rdfs:label "Khojaly massacre"@en }',
    "SELECT * { <id/event/khojaly-massacre> ?p ?o }",  # resolved against the job's base IRI
]


def job(query: str, **changes: object) -> dict:
    return {
        "kind": "query",
        "query": query,
        "base_iri": "https://w3id.org/nkkg/sparql",
        "union": True,
        "default_graphs": None,
        "named_graphs": None,
        "solutions_format": "json",
        "graph_format": "turtle",
        **changes,
    }


async def _pool(store: Path, **options: object) -> Executor:
    settings = {
        "size": 2,
        "time_limit": 1.5,
        "result_cap": 100_000_000,
        "memory_copy_max_quads": 10_000_000,
        "queue_timeout": 0.3,
        "inline": True,
    }
    executor = Executor(store, **{**settings, **options})  # type: ignore[arg-type]
    await executor.start()
    deadline = time.monotonic() + 60
    while executor.inline is not None and not executor.inline.ready:
        assert time.monotonic() < deadline, "the inline lane never loaded the store"
        await asyncio.sleep(0.05)
    return executor


def test_one_pattern_queries_are_answered_while_every_worker_is_busy(built_store: Path) -> None:
    """With both workers held by runaways, a point lookup is answered at once; a join, and a
    one-pattern query whose answer passes the lane's budget, wait for a worker and get Busy."""

    async def scenario() -> None:
        executor = await _pool(built_store)
        try:
            runaways = [asyncio.ensure_future(executor.run(job(RUNAWAY))) for _ in range(2)]
            await asyncio.sleep(0.2)
            started = time.monotonic()
            answer = await executor.run(job(POINT))
            assert time.monotonic() - started < 0.25  # a worker's queue gives Busy at 0.3 s
            assert len(json.loads(answer.body)["results"]["bindings"]) > 3
            with pytest.raises(Busy):
                await executor.run(job("SELECT ?s WHERE { ?s ?p ?o . ?o ?q ?s }"))
            with pytest.raises(Busy):
                await executor.run(job("SELECT * WHERE { ?s ?p ?o }"))  # 15 MB: past the budget
            for runaway in runaways:
                with pytest.raises(QueryTimeout):
                    await runaway
        finally:
            await executor.close()

    asyncio.run(scenario())


def test_the_lane_gives_the_workers_bytes(built_store: Path) -> None:
    """The same jobs, with the lane and without: the same bytes, in every result format; and a
    one-pattern answer past the budget comes whole from a worker."""

    async def scenario() -> None:
        inline = await _pool(built_store)
        workers = await _pool(built_store, inline=False)
        try:
            for query in ONE_PATTERN:
                for solutions in ("json", "xml", "csv", "tsv"):
                    asked = job(query, solutions_format=solutions)
                    mine, theirs = await inline.run(asked), await workers.run(asked)
                    assert (mine.format, mine.body) == (theirs.format, theirs.body), query
            everything = job("SELECT * WHERE { ?s ?p ?o }")
            whole = await inline.run(everything)
            assert len(whole.body) > INLINE_BYTES
            assert whole.body == (await workers.run(everything)).body
        finally:
            await inline.close()
            await workers.close()

    asyncio.run(scenario())


def test_errors_come_the_workers_way(built_store: Path) -> None:
    """A one-pattern text the parser refuses, and an answer over the result cap, get the
    workers' errors, word for word."""

    async def scenario() -> None:
        executor = await _pool(built_store, result_cap=1_000)
        try:
            with pytest.raises(QueryFailed) as caught:
                await executor.run(job("SELECT * WHERE {\n ?s undeclared:p ?o }"))
            assert caught.value.error == "malformed-query"
            assert caught.value.message.startswith("error at 2:")
            with pytest.raises(ResultTooLarge):
                await executor.run(job(POINT))
        finally:
            await executor.close()

    asyncio.run(scenario())


def _version(path: Path, value: str) -> Path:
    store = Store(str(path))
    store.add(Quad(NamedNode("http://e/a"), NamedNode("http://e/p"), Literal(value)))
    store.flush()
    del store
    return path


def test_a_rebuilt_store_is_never_answered_from_the_old_copy(tmp_path: Path) -> None:
    """After the store symlink moves to a new version, every answer is the new version's —
    from the workers while the lane loads the new copy, then from the lane."""
    first, second = _version(tmp_path / "v1", "old"), _version(tmp_path / "v2", "new")
    link = tmp_path / "store"
    link.symlink_to(first)
    lookup = job("SELECT ?o WHERE { <http://e/a> <http://e/p> ?o }")

    def value(body: bytes) -> str:
        return json.loads(body)["results"]["bindings"][0]["o"]["value"]

    async def scenario() -> None:
        # the first lookup after the swap waits for a worker on the new version to start
        executor = await _pool(link, queue_timeout=30.0)
        try:
            assert value((await executor.run(lookup)).body) == "old"
            swap = tmp_path / "swap"
            swap.symlink_to(second)
            os.replace(swap, link)
            await asyncio.sleep(1.1)  # the version is looked at once a second
            seen = set()
            deadline = time.monotonic() + 1.5
            while time.monotonic() < deadline:
                seen.add(value((await executor.run(lookup)).body))
                await asyncio.sleep(0.01)
            assert seen == {"new"}
            assert executor.inline is not None and executor.inline.ready
            assert executor.inline.version == second.name
        finally:
            await executor.close()

    asyncio.run(scenario())
