"""Query workers confined by the kernel: no network, bounded memory, no life after the server; and
a worker's death is never a 500 the client gets for its own query.

A loopback listener stands in for "anywhere a query could send a request": it counts every
connection it accepts, and none may ever arrive from a query worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from live_server import free_port, running_server
from pyoxigraph import Store
from test_executor import job
from test_query_text import parser_reads_service, queries

from server.engine import confinement
from server.engine.executor import Executor
from server.engine.jobs import QueryFailed
from server.errors import QueryCrashed

ROOT = Path(__file__).resolve().parent.parent
PORT_9 = "http://127.0.0.1:9/"  # refused by pyoxigraph's HTTP client before it connects: the
# oracle (pyoxigraph outside any worker) runs the query against this one, never the listener


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                connection, _ = self.socket.accept()
                self.connections += 1
                connection.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    listening = Listener()
    yield listening
    listening.socket.close()


def hidden_services(url: str) -> list[str]:
    """SERVICE spelled to slip past a scanner that does not split the text as the grammar does."""
    prefix = f"PREFIX e: <{url}> "
    return [
        f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        prefix + "SELECT * { SERVICEe: { ?s ?p ?o } }",
        prefix + r"SELECT * { ?s e:a\# ?o SERVICE e: { } }",
        prefix + r"SELECT * { ?s e:a\' ?o SERVICE e: {} } #'",
        prefix + "SELECT * { ?s ?p trueSERVICE e: {} }",
        prefix + "SELECT * { ?s ?p ?o FILTER(?o<1) SERVICE#c\ne: {} FILTER(?o>0) }",
        prefix + "SELECT * { BIND(e: AS ?x) SERVICE SILENT ?x { } }",
        f'SELECT * {{ BIND("#" AS ?h) service <{url}>{{}} }}',
        f"ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{}} }} }}",
    ]


def test_this_platform_can_confine_a_worker() -> None:
    assert confinement.probe() is None


def test_the_listener_sees_an_unconfined_pyoxigraph_call_out(listener: Listener) -> None:
    """The control: outside a worker, the same query does reach the listener."""
    before = listener.connections
    with contextlib.suppress(OSError):
        Store().query(hidden_services(listener.url)[0])
    deadline = time.monotonic() + 5
    while listener.connections == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert listener.connections == before + 1


def test_hidden_service_queries_are_refused_and_reach_nothing(
    client: TestClient, listener: Listener
) -> None:
    before = listener.connections
    for query in hidden_services(listener.url):
        assert parser_reads_service(query.replace(listener.url, PORT_9)), query
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 403, query
        assert response.json()["error"] == "service-refused"
    assert listener.connections == before


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(queries())
def test_generated_service_queries_are_refused_and_reach_nothing(
    client: TestClient, listener: Listener, query: str
) -> None:
    query = query.replace("http://127.0.0.1:9/", listener.url)
    before = listener.connections
    response = client.post("/sparql", data={"query": query})
    if parser_reads_service(query.replace(listener.url, PORT_9)):
        assert response.status_code == 403, query
    assert listener.connections == before, query


def test_a_worker_cannot_reach_the_network_even_past_the_scanner(
    built_store: Path, listener: Listener
) -> None:
    """The endpoint's check is skipped here: the job goes to a worker as it is. The kernel's
    filter is what stops it."""

    async def scenario() -> str:
        executor = Executor(
            built_store, size=1, time_limit=10, result_cap=10**6, memory_copy_max_quads=0
        )
        await executor.start()
        try:
            await executor.run(job(hidden_services(listener.url)[0]))
        except QueryFailed as failure:
            return failure.message
        finally:
            await executor.close()
        return "answered"

    before = listener.connections
    message = asyncio.run(scenario())
    time.sleep(0.2)
    assert listener.connections == before
    assert "denied" in message.lower() or "permission" in message.lower(), message


def test_a_query_past_the_memory_cap_gets_a_503_and_others_are_untouched(
    client: TestClient,
) -> None:
    hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
    small = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }"
    answers: list[int] = []

    def meanwhile() -> None:
        for _ in range(5):
            answers.append(client.post("/sparql", data={"query": small}).status_code)

    other = threading.Thread(target=meanwhile)
    other.start()
    response = client.post("/sparql", data={"query": hungry})
    other.join()
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["error"] == "query-out-of-memory" and "memory" in problem["detail"]
    assert answers == [200] * 5
    assert client.post("/sparql", data={"query": small}).status_code == 200


def test_a_query_nested_too_deep_is_refused_with_the_groups_line(client: TestClient) -> None:
    query = "SELECT * WHERE {\n" + "{" * 70 + "\n" + "}" * 71
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 400
    problem = response.json()
    assert problem["error"] == "too-deeply-nested"
    assert (problem["line"], problem["column"]) == (2, 64)  # depth 65: the 64th `{` of line 2


def test_a_query_that_crashes_its_worker_is_the_clients_400(built_store: Path) -> None:
    """Past the endpoint's nesting cap the parser itself overflows its stack: the worker dies by
    a signal, the client is told why, and the pool goes on."""
    deep = "SELECT * WHERE " + "{" * 2200 + "}" * 2200

    async def scenario() -> None:
        executor = Executor(
            built_store, size=1, time_limit=10, result_cap=10**6, memory_copy_max_quads=0
        )
        await executor.start()
        try:
            with pytest.raises(QueryCrashed, match="SIGSEGV"):
                await executor.run(job(deep))
            assert (await executor.run(job("ASK {}"))).body
        finally:
            await executor.close()

    asyncio.run(scenario())


def test_a_worker_that_died_idle_is_replaced_before_a_job_reaches_it(built_store: Path) -> None:
    async def scenario() -> None:
        executor = Executor(
            built_store, size=2, time_limit=10, result_cap=10**6, memory_copy_max_quads=0
        )
        await executor.start()
        try:
            pids = [worker.process.pid for worker in executor._workers]
            for pid in pids:
                os.kill(pid, signal.SIGKILL)
            while any(_alive(pid) for pid in pids):  # dead, and not yet seen by the pool
                time.sleep(0.01)
            answer = await executor.run(job("ASK {}"))
            assert b"true" in answer.body
            # and when one dies just as the job goes out, the job goes to another worker
            os.kill(next(iter(executor._workers)).process.pid, signal.SIGKILL)
            answer = await executor.run(job("ASK {}"))
            assert b"true" in answer.body
        finally:
            await executor.close()

    asyncio.run(scenario())


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _running(pids: set[int], patience: float = 10.0) -> bool:
    """Says whether one of the workers gets busy with a query within `patience` seconds: its
    CPU time grows."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        before = {pid: _cpu_seconds(pid) for pid in pids}
        time.sleep(0.5)
        if any(_cpu_seconds(pid) - before[pid] > 0.2 for pid in pids):
            return True
    return False


def surviving_workers_after_killing_the_server(store: Path) -> list[int]:
    """Starts a server, sets a query running, kills the server with SIGKILL, and gives the pids
    of its query workers still alive 5 s later.

    It runs in a process of its own made a child subreaper (PR_SET_CHILD_SUBREAPER): orphaned
    workers come to it instead of to PID 1, whose habits differ from machine to machine (some
    kill what they adopt), so what is seen is what our workers do, not what the machine does."""
    import ctypes

    ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

    def ask(url: str) -> None:
        with contextlib.suppress(httpx.HTTPError):
            httpx.post(url + "sparql", data={"query": runaway}, timeout=30)

    with running_server(store, "--query-workers", "2", "--time-limit", "60") as live:
        threading.Thread(target=ask, args=(live.url,), daemon=True).start()
        workers = live.query_workers()
        assert len(workers) == 4  # two ordinary, one in the fast lane, its spare
        assert _running(workers), "the query must be running when the server is killed"
        os.kill(live.pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        alive = [pid for pid in workers if _alive(pid)]
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # whatever happens, leave nothing behind
        return alive


def test_workers_do_not_outlive_a_killed_server(built_store: Path) -> None:
    scenario = (
        "import sys; sys.path.insert(0, 'tests'); "
        "from test_confinement import surviving_workers_after_killing_the_server as run; "
        f"print('survivors', run(__import__('pathlib').Path({str(built_store)!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", scenario], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "survivors []"


def test_serve_refuses_to_start_where_workers_cannot_be_confined(
    built_store: Path, tmp_path: Path
) -> None:
    """A platform without libseccomp, made by hiding the library behind a module that fails to
    load as pyseccomp does there."""
    (tmp_path / "pyseccomp.py").write_text("raise OSError('libseccomp.so.2: cannot open')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    command = [sys.executable, "-m", "server.cli", "serve", "--store", str(built_store)]
    command += ["--port", str(free_port())]
    refused = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2
    assert "cannot be kept off the network" in refused.stderr
    assert "libseccomp.so.2" in refused.stderr and "--unsandboxed-workers" in refused.stderr
    port = free_port()
    started = subprocess.Popen(
        [*command[:-1], str(port), "--unsandboxed-workers", "--query-workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, answered = time.monotonic() + 60, False
        while not answered and time.monotonic() < deadline and started.poll() is None:
            with contextlib.suppress(httpx.TransportError):
                ask = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"})
                answered = ask.status_code == 200
            time.sleep(0.2)
        assert answered
    finally:
        started.send_signal(signal.SIGINT)
        started.wait(timeout=15)
