"""Two `nkkg serve` replicas behind a real HAProxy on 127.0.0.1 (docs/deploy.md): built alike
they give identical ETags; one killed in the middle of a run of requests costs no request; a
rolling rebuild, one replica after the other, costs none either.

One HAProxy and two replicas serve the whole module. Each replica has a store of its own,
written apart from the other's (another directory, another time) from the same graph, as two
machines building the same inputs would have.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from live_server import LiveServer, Proxy, free_port, running_haproxy, running_server
from pyoxigraph import Quad, Store

from graph_builder import iris, store
from graph_builder.namespaces import VOID

# What clients ask: SPARQL (JSON), a resource as Turtle, a canned query as CSV, VoID, a page.
REQUESTS = [
    (
        "sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
        "application/sparql-results+json",
    ),
    ("id/source/33", "text/turtle"),
    ("queries/most-cited-sources", "text/csv"),
    (".well-known/void", "text/turtle"),
    ("", "text/html"),
]
HOST = {"Host": "nkkg.example.org"}  # as through the proxy: one public name for every replica


@dataclass
class Replica:
    store: Path
    port: int
    server: LiveServer | None = None
    stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    def start(self) -> None:
        self.server = self.stack.enter_context(
            running_server(self.store, "--query-workers", "2", port=self.port)
        )

    def kill(self) -> None:
        """SIGKILL, as a crash or a pulled plug: no graceful shutdown."""
        assert self.server is not None
        os.kill(self.server.pid, signal.SIGKILL)
        self.stack.close()
        self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


@dataclass
class Cluster:
    replicas: list[Replica]
    proxy: Proxy


@pytest.fixture(scope="module")
def cluster(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    quads = list(Store.read_only(str(built_store)))
    replicas = []
    for name in ("one", "two"):
        own = tmp_path_factory.mktemp(f"replica-{name}") / "store"
        store.write_store(quads, own)
        replicas.append(Replica(own, free_port()))
    try:
        for replica in replicas:
            replica.start()
        with running_haproxy([r.url for r in replicas]) as proxy:
            proxy.wait_until_all_up()
            yield Cluster(replicas, proxy)
    finally:
        for replica in replicas:
            replica.stack.close()


def _etags(base: str) -> dict[str, str]:
    """Gives each request's ETag as one server answers it."""
    tags = {}
    for path, accept in REQUESTS:
        response = httpx.get(base + path, headers={"Accept": accept, **HOST}, timeout=30)
        assert response.status_code == 200, (base + path, response.text[:300])
        tags[path] = response.headers["etag"]
    return tags


@dataclass
class Load:
    """Clients asking through the proxy, each request in turn, until stopped."""

    base: str
    statuses: Counter[int | str] = field(default_factory=Counter)
    etags: dict[str, set[str]] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self) -> None:
        with httpx.Client(timeout=30) as http:
            n = 0
            while not self.stop.is_set():
                path, accept = REQUESTS[n % len(REQUESTS)]
                n += 1
                try:
                    response = http.get(self.base + path, headers={"Accept": accept, **HOST})
                    outcome: int | str = response.status_code
                except httpx.TransportError as error:
                    outcome = type(error).__name__
                    response = None
                with self.lock:
                    self.statuses[outcome] += 1
                    if response is not None and response.status_code == 200:
                        self.etags.setdefault(path, set()).add(response.headers["etag"])

    @contextlib.contextmanager
    def running(self, clients: int = 4) -> Iterator[Load]:
        threads = [threading.Thread(target=self.client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        try:
            yield self
        finally:
            self.stop.set()
            for thread in threads:
                thread.join(timeout=60)

    def total(self) -> int:
        with self.lock:
            return sum(self.statuses.values())

    def until(self, more: int) -> None:
        """Waits until `more` further requests have been answered."""
        target = self.total() + more
        deadline = time.monotonic() + 60
        while self.total() < target and time.monotonic() < deadline:
            time.sleep(0.02)


def test_replicas_built_apart_from_the_same_graph_give_identical_etags(cluster: Cluster) -> None:
    one, two = cluster.replicas
    assert one.store.resolve() != two.store.resolve()
    assert one.store.resolve().name == two.store.resolve().name  # named by content
    assert _etags(one.url) == _etags(two.url)


def test_killing_a_replica_mid_run_fails_no_request(cluster: Cluster) -> None:
    one, two = cluster.replicas
    expected = _etags(one.url)
    load = Load(cluster.proxy.url)
    try:
        with load.running():
            load.until(150)
            two.kill()
            load.until(300)
        assert set(load.statuses) == {200}, load.statuses
        assert load.total() >= 450
        # Every answer, from either replica, carried the one ETag of its request.
        assert load.etags == {path: {tag} for path, tag in expected.items()}
    finally:
        if two.server is None:
            two.start()  # back for the next test
            cluster.proxy.wait_until_all_up()


def test_a_rolling_rebuild_fails_no_request(cluster: Cluster) -> None:
    before = _etags(cluster.replicas[0].url)
    # The rebuild changes the graph: one more triple, in the store's own atomic swap.
    changed = [
        *Store.read_only(str(cluster.replicas[0].store)),
        Quad(iris.source(1), VOID.inDataset, iris.document(), iris.graph("sources")),
    ]
    load = Load(cluster.proxy.url)
    with load.running():
        for replica in cluster.replicas:  # one after the other
            load.until(50)
            store.write_store(changed, replica.store)
            deadline = time.monotonic() + 20  # the replica looks at its store once a second
            while _etags(replica.url) == before and time.monotonic() < deadline:
                time.sleep(0.2)
        load.until(50)
    assert set(load.statuses) == {200}, load.statuses
    after = [_etags(r.url) for r in cluster.replicas]
    assert after[0] == after[1]
    assert all(after[0][path] != before[path] for path in before)
