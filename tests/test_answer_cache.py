"""The answer cache: bounded by bytes, least recently used first out, and only for queries whose
answer the store alone decides."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pyoxigraph import Store

from server.engine.answer_cache import AnswerCache, job_key
from server.engine.executor import Executor
from server.sparql.query_text import scan


def test_the_least_recently_used_answers_go_first_when_over_budget() -> None:
    cache: AnswerCache[str] = AnswerCache(budget_bytes=100)
    cache.put("a", "A", 25)
    cache.put("b", "B", 25)
    assert cache.get("a") == "A"  # a is now the most recently used
    cache.put("c", "C", 25)
    cache.put("d", "D", 25)
    cache.put("e", "E", 10)  # 110 bytes: b, the least recently used, goes
    assert cache.get("b") is None and cache.get("a") == "A" and cache.get("e") == "E"
    assert cache.used == 85
    cache.put("huge", "H", 26)  # over a quarter of the budget: never kept
    assert cache.get("huge") is None


def test_the_key_holds_the_store_version_and_every_part_of_the_job() -> None:
    job = {"query": "ASK {}", "union": True, "solutions_format": "json"}
    assert job_key("v1", job) != job_key("v2", job)
    assert job_key("v1", job) != job_key("v1", {**job, "solutions_format": "csv"})
    assert job_key("v1", job) == job_key("v1", dict(reversed(job.items())))


def test_random_and_time_dependent_queries_are_not_deterministic() -> None:
    assert scan("SELECT * WHERE { ?s ?p ?o } LIMIT 1").deterministic
    assert scan('SELECT ?now WHERE { BIND("NOW()" AS ?now) }').deterministic  # a string
    for call in ("RAND()", "NOW()", "UUID()", "STRUUID()", "BNODE()", "rand()", "?x+NOW()"):
        assert not scan(f"SELECT (({call}) AS ?x) WHERE {{}}").deterministic, call
    with pytest.raises(SyntaxError):  # an escaped name is no function to the parser: never runs
        Store().query("SELECT ((\\u0052AND()) AS ?x) WHERE {}")


def test_a_repeated_query_is_answered_without_a_worker(
    built_store: Path,
) -> None:
    async def scenario() -> None:
        executor = Executor(
            built_store,
            size=2,
            time_limit=5,
            result_cap=10_000_000,
            memory_copy_max_quads=0,
            cache_bytes=1_000_000,
        )
        await executor.start()
        try:
            query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
            first = await executor.select(query)
            for worker in list(executor._workers):  # no worker could answer now
                worker.kill("test")
            assert await executor.select(query) == first
            assert executor.cache.hits == 1
            assert len(executor.cache) == 1
        finally:
            await executor.close()

    asyncio.run(scenario())


def test_a_cached_answer_is_compressed_once_and_gzip_can_be_refused() -> None:
    import gzip

    from starlette.requests import Request

    from server.engine.jobs import Answer
    from server.http.sending import accepts_gzip

    answer = Answer("json", b'{"head": {}}' * 200)
    assert answer.gzipped is answer.gzipped and gzip.decompress(answer.gzipped) == answer.body

    def request(accept_encoding: str) -> Request:
        headers = [(b"accept-encoding", accept_encoding.encode())] if accept_encoding else []
        return Request({"type": "http", "method": "GET", "headers": headers})

    assert accepts_gzip(request("gzip, deflate, br"))
    assert accepts_gzip(request("br;q=1.0, *;q=0.5"))
    assert not accepts_gzip(request("gzip;q=0, deflate"))
    assert not accepts_gzip(request("deflate"))
    assert not accepts_gzip(request(""))
