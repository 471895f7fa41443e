"""The query worker pool on the real store: answers, the time limit, caps, disconnects."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from pyoxigraph import Store

from graph_builder import iris
from server.engine.executor import Executor
from server.engine.jobs import ClientGone, QueryFailed
from server.errors import Busy, QueryTimeout, ResultTooLarge

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SMALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def job(query: str, **changes: object) -> dict:
    return {
        "kind": "query",
        "query": query,
        "union": True,
        "default_graphs": None,
        "named_graphs": None,
        "solutions_format": "json",
        "graph_format": "turtle",
        **changes,
    }


def count(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


async def _pool(store: Path, **options: object) -> Executor:
    settings = {"size": 2, "time_limit": 1.0, "result_cap": 1_000_000, "memory_copy_max_quads": 0}
    executor = Executor(store, **{**settings, **options})  # type: ignore[arg-type]
    await executor.start()
    return executor


@pytest.mark.parametrize("copy", [10_000_000, 0], ids=["in memory", "on disk"])
def test_a_query_is_answered_in_the_chosen_format(
    built_store: Path, store: Store, copy: int
) -> None:
    """In memory or on disk, a query sees the same default graph: the union of every graph but
    the RDF 1.2 one; a dataset the job names is that dataset."""
    sources = iris.graph("sources")
    rdf12 = len(list(store.quads_for_pattern(None, None, None, iris.graph("claims-rdf12"))))
    in_sources = len(list(store.quads_for_pattern(None, None, None, sources)))

    async def scenario() -> None:
        executor = await _pool(built_store, memory_copy_max_quads=copy)
        try:
            answer = await executor.run(job(SMALL))
            assert answer.format == "json" and count(answer.body) == len(store) - rdf12
            answer = await executor.run(job("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3"))
            assert answer.format == "turtle" and answer.body.count(b" .\n") >= 1
            named = job(SMALL, union=False, default_graphs=[sources.value], named_graphs=[])
            assert count((await executor.run(named)).body) == in_sources
        finally:
            await executor.close()

    asyncio.run(scenario())


def test_a_runaway_is_killed_at_the_limit_and_others_keep_flowing(built_store: Path) -> None:
    async def scenario() -> None:
        executor = await _pool(built_store, time_limit=1.5)
        try:
            runaway = asyncio.ensure_future(executor.run(job(RUNAWAY)))
            await asyncio.sleep(0.2)
            started = time.monotonic()
            small = await executor.run(job(SMALL))
            assert count(small.body) > 8000 and time.monotonic() - started < 0.5
            with pytest.raises(QueryTimeout) as caught:
                await runaway
            assert 1.4 < time.monotonic() - started + 0.2 < 3.0
            assert caught.value.status == 503 and "1.5 s" in caught.value.detail
            # the killed worker is replaced: both workers answer again
            answers = await asyncio.gather(*(executor.run(job(SMALL)) for _ in range(4)))
            assert all(count(a.body) > 8000 for a in answers)
        finally:
            await executor.close()

    asyncio.run(scenario())


def test_when_every_worker_is_busy_a_query_waits_then_gets_busy(built_store: Path) -> None:
    async def scenario() -> None:
        executor = await _pool(built_store, time_limit=1.5, queue_timeout=0.5)
        try:
            runaways = [asyncio.ensure_future(executor.run(job(RUNAWAY))) for _ in range(2)]
            await asyncio.sleep(0.1)
            with pytest.raises(Busy) as caught:
                await executor.run(job(SMALL))
            assert caught.value.headers["Retry-After"] == "1"
            for runaway in runaways:
                with pytest.raises(QueryTimeout):
                    await runaway
        finally:
            await executor.close()

    asyncio.run(scenario())


def test_a_disconnected_client_stops_its_query(built_store: Path) -> None:
    async def scenario() -> None:
        executor = await _pool(built_store, time_limit=30.0)
        try:
            pids = {w.process.pid for w in executor._workers}
            gone = asyncio.get_running_loop().create_future()
            asyncio.get_running_loop().call_later(0.3, gone.set_result, None)
            started = time.monotonic()
            with pytest.raises(ClientGone):
                await executor.run(job(RUNAWAY), gone)
            assert time.monotonic() - started < 1.0
            await asyncio.sleep(0.1)
            killed = pids - {w.process.pid for w in executor._workers}
            assert len(killed) == 1
            with pytest.raises(ProcessLookupError):
                os.kill(killed.pop(), 0)
        finally:
            await executor.close()

    asyncio.run(scenario())


def test_results_over_the_cap_are_refused_whole(built_store: Path) -> None:
    async def scenario() -> None:
        executor = await _pool(built_store, result_cap=10_000)
        try:
            with pytest.raises(ResultTooLarge) as caught:
                await executor.run(job("SELECT * WHERE { ?s ?p ?o }"))
            assert caught.value.status == 507 and "10,000 bytes" in caught.value.detail
            small = await executor.run(job(SMALL))  # the worker is still fine
            assert count(small.body) > 8000
        finally:
            await executor.close()

    asyncio.run(scenario())


def test_a_malformed_query_gives_the_parsers_message(built_store: Path) -> None:
    async def scenario() -> None:
        executor = await _pool(built_store)
        try:
            with pytest.raises(QueryFailed) as caught:
                await executor.run(job("SELECT * WHERE {\n  ?s ?p }"))
            assert caught.value.error == "malformed-query"
            assert caught.value.message.startswith("error at 2:")
        finally:
            await executor.close()

    asyncio.run(scenario())


def test_workers_follow_the_store_symlink_to_a_new_version(
    built_store: Path, tmp_path: Path
) -> None:
    first = tmp_path / "v1"
    second = tmp_path / "v2"
    shutil.copytree(built_store.resolve(), first)
    shutil.copytree(built_store.resolve(), second)
    link = tmp_path / "store"
    link.symlink_to(first)

    async def scenario() -> None:
        executor = await _pool(link, cache_bytes=1_000_000)
        try:
            assert executor.version == first.name
            await executor.run(job(SMALL, cacheable=True))
            assert len(executor.cache) == 1
            swap = tmp_path / "swap"
            swap.symlink_to(second)
            os.replace(swap, link)
            await asyncio.sleep(1.1)
            # notices the swap: old workers go, and so do the old version's answers
            answer = await executor.run(job(SMALL, cacheable=True))
            assert count(answer.body) > 8000 and executor.version == second.name
            assert executor.cache.hits == 0 and len(executor.cache) == 1
            await asyncio.sleep(1.0)
            assert {w.version for w in executor._workers} == {second.name}
        finally:
            await executor.close()

    asyncio.run(scenario())


def test_select_and_construct_bind_substitutions_as_terms(built_store: Path) -> None:
    from pyoxigraph import Literal, NamedNode

    from graph_builder import iris

    async def scenario() -> None:
        executor = await _pool(built_store)
        try:
            source = iris.source(33)
            rows = await executor.select(
                "SELECT ?s ?n WHERE { ?s <https://w3id.org/nkkg/ontology/referenceNumber> ?n }",
                substitutions={"s": source},
            )
            assert [(row["s"], row["n"].value) for row in rows] == [(source, "33")]
            # A value with quotes and braces stays one literal: it cannot change the query.
            hostile = Literal('x" } UNION { ?s ?p ?o } #')
            rows = await executor.select(
                "SELECT ?label ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
                substitutions={"label": hostile},
            )
            assert rows == []
            triples = await executor.construct(
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5",
                substitutions={"s": NamedNode(source.value)},
            )
            assert triples and {t.subject for t in triples} == {source}
        finally:
            await executor.close()

    asyncio.run(scenario())
