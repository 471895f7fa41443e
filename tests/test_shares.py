"""Fair shares of the query workers: each client's budget of query time, the order in which
waiting queries get a worker, and the fast lane that keeps cheap queries flowing past runaways.

The end-to-end test runs a real server whose clients are real peers: each client's requests
leave from an address of its own on the loopback network (127.0.0.2, 127.0.0.3, …).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_server import LiveServer, running_server

from server.engine.scheduler import Scheduler
from server.engine.shares import FAST_LANE_SECONDS, Shares
from server.errors import TooManyRequests

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_client_past_its_budget_is_told_when_to_come_back() -> None:
    shares = Shares(budget_seconds=2.0, window=60.0)
    shares.check("a")
    for _ in range(3):
        ticket = shares.start("a")
        shares._accounts["a"].running[ticket] -= 1.0  # the query held its worker a second
        shares.finish("a", ticket, answered=True)
    with pytest.raises(TooManyRequests) as refused:
        shares.check("a")
    retry = int(refused.value.headers["Retry-After"])
    assert 1 <= retry <= 60 and "budget of 2 s" in refused.value.detail
    shares.check("b")  # another client is not touched
    shares.check(None)  # nor the server's own queries


def test_a_running_query_counts_against_its_client() -> None:
    shares = Shares(budget_seconds=1.0)
    ticket = shares.start("a")
    shares._accounts["a"].running[ticket] -= 1.5  # started a second and a half ago
    assert shares.used("a") >= 1.5
    with pytest.raises(TooManyRequests):
        shares.check("a")


def test_the_fast_lane_is_for_clients_whose_latest_query_was_cheap() -> None:
    shares = Shares(budget_seconds=60.0)
    assert shares.fast_lane("new") == 1  # may try it, after the clients proven cheap
    ticket = shares.start("new")
    assert shares.fast_lane("new") == 0  # one of its queries is running
    shares.finish("new", ticket, answered=True)
    assert shares.fast_lane("new") == 2  # proven cheap
    ticket = shares.start("new")
    shares._accounts["new"].running[ticket] -= FAST_LANE_SECONDS + 0.5
    shares.finish("new", ticket, answered=True)
    assert not shares.fast_lane("new")  # the latest one was not cheap
    ticket = shares.start("new")
    shares.finish("new", ticket, answered=False)  # stopped: it overran the fast lane
    assert not shares.fast_lane("new")
    assert shares.fast_lane(None) == 0


def test_a_freed_worker_goes_to_the_client_that_used_least() -> None:
    async def scenario() -> list[str]:
        scheduler: Scheduler[str] = Scheduler()
        order: list[str] = []

        async def wait(name: str, used: float, fast: int = 0) -> None:
            got = await scheduler.get(used, fast, timeout=5, gone=None)
            assert got is not None
            order.append(f"{name}:{got[0]}")

        tasks = [
            asyncio.ensure_future(wait("heavy", 50.0)),
            asyncio.ensure_future(wait("new", 0.0, fast=1)),
            asyncio.ensure_future(wait("light", 0.5)),
            asyncio.ensure_future(wait("cheap", 0.1, fast=2)),
        ]
        await asyncio.sleep(0)
        scheduler.put("fast-1", "fast")  # the strongest claim on the fast lane first
        await asyncio.sleep(0)
        scheduler.put("fast-2", "fast")  # then a weaker one; never a job with no claim
        await asyncio.sleep(0)
        scheduler.put("w1", "ordinary")
        await asyncio.sleep(0)
        scheduler.put("w2", "ordinary")
        await asyncio.gather(*tasks)
        return order

    assert asyncio.run(scenario()) == ["cheap:fast-1", "new:fast-2", "light:w1", "heavy:w2"]


def test_a_job_that_gives_up_waiting_leaves_the_line() -> None:
    async def scenario() -> tuple[object, list[tuple[str, str]]]:
        scheduler: Scheduler[str] = Scheduler()
        got = await scheduler.get(0.0, 0, timeout=0.05, gone=None)
        scheduler.put("w", "ordinary")  # nobody waits any more: it stays idle
        return got, scheduler.take_idle()

    assert asyncio.run(scenario()) == (None, [("w", "ordinary")])


def _client(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30)


@pytest.fixture(scope="module")
def crowded(built_store: Path) -> Iterator[LiveServer]:
    flags = ["--query-workers", "2", "--fast-lane-workers", "1", "--time-limit", "5"]
    with running_server(built_store, *flags, "--client-query-seconds", "4") as live:
        yield live


def test_cheap_queries_flow_while_runaways_hold_every_ordinary_worker(
    crowded: LiveServer,
) -> None:
    """Four clients loop runaway queries over two ordinary workers; a fifth, whose latest query
    was cheap, keeps getting answers while they are stuck, and is never refused."""
    url = crowded.url + "sparql"
    runaway_answers: list[tuple[float, int, str | None]] = []
    stop = threading.Event()

    def loop_runaways(address: str) -> None:
        with _client(address) as client:
            while not stop.is_set():
                response = client.post(url, data={"query": RUNAWAY})
                runaway_answers.append(
                    (time.monotonic(), response.status_code, response.headers.get("Retry-After"))
                )
                if response.status_code == 429:
                    time.sleep(0.2)

    with _client("127.0.0.9") as cheap:
        assert cheap.post(url, data={"query": "ASK {}"}).status_code == 200  # its record: cheap
        threads = [
            threading.Thread(target=loop_runaways, args=(f"127.0.0.{n}",)) for n in range(2, 6)
        ]
        for thread in threads:
            thread.start()
        cheap_answers: list[tuple[float, int]] = []
        for n in range(40):  # distinct queries: no answer comes from the cache
            # DISTINCT: more than one pattern, so a worker answers it, not the inline lane
            query = f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o }} LIMIT {n + 1}"
            response = cheap.post(url, data={"query": query})
            cheap_answers.append((time.monotonic(), response.status_code))
            time.sleep(0.1)
        stop.set()
        for thread in threads:
            thread.join()
    assert [status for _, status in cheap_answers] == [200] * 40
    first_timeout = min(at for at, status, _ in runaway_answers if status == 503)
    answered_meanwhile = [at for at, _ in cheap_answers if at < first_timeout]
    assert len(answered_meanwhile) >= 5, "cheap answers must come while the runaways run"
    refused = [retry for _, status, retry in runaway_answers if status == 429]
    assert refused and all(retry and int(retry) >= 1 for retry in refused)
