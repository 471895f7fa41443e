"""`nkkg publish` into a real `oxigraph serve` on 127.0.0.1: every graph arrives, the record graph
names the version's digest and reads back, an engine out of reach or failing is retried, a
refusal is named by URL and status."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from live_server import free_port, running_haproxy, running_oxigraph
from pyoxigraph import Literal, Quad, RdfFormat, Store, parse
from SPARQLWrapper import JSON, SPARQLWrapper

from graph_builder import iris, store
from graph_builder.errors import PublishError
from graph_builder.namespaces import NKKG, XSD
from graph_builder.publication.graph_store import Retry
from graph_builder.publication.publish import publish
from graph_builder.publication.record import RECORD_QUERY, read_publication

QUICK = Retry(attempts=12, first_pause=0.1, longest_pause=0.4)


def _engine_quads(base: str) -> set[Quad]:
    """Gives every quad the engine holds, by a Graph Store Protocol GET of the whole dataset."""
    response = httpx.get(base + "store", headers={"Accept": "application/n-quads"}, timeout=60)
    response.raise_for_status()
    return set(parse(response.content, format=RdfFormat.N_QUADS))


def _small_store(folder: Path, graphs: list[str]) -> Path:
    live = folder / "store"
    quads = [
        Quad(iris.source(n), NKKG.referenceNumber, Literal(str(n), datatype=XSD.integer), g)
        for g in map(iris.graph, graphs)
        for n in range(1, 4)
    ]
    store.write_store(quads, live)
    return live


def test_publish_loads_every_graph_and_records_the_digest(built_store: Path) -> None:
    with running_oxigraph() as engine:
        done = subprocess.run(
            [sys.executable, "-m", "server.cli", "publish", "--store", str(built_store)]
            + ["--to", engine + "store"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        local = Store.read_only(str(built_store))
        lines = done.stderr.splitlines()
        sizes = {
            g.value: len(list(local.quads_for_pattern(None, None, None, g)))
            for g in local.named_graphs()
        }
        for graph, size in sizes.items():  # no terminal: a line per graph, not a bar
            assert f"publish   {graph}: {size:,} triples" in lines
        assert lines[-1].endswith(
            f"version {built_store.resolve().name} recorded in <{iris.publication_graph().value}>"
        )
        held = _engine_quads(engine)
        record = {q for q in held if q.graph_name == iris.publication_graph()}
        assert held - record == set(local)  # every quad, in its graph, and nothing else
        # The record, read back as a server in front of the engine will, names the version.
        published = read_publication(engine + "query")
        assert published is not None
        assert published.digest == built_store.resolve().name
        assert published.quads == len(local)
        assert published.graphs == sizes
        # Any SPARQL client reads it too.
        client = SPARQLWrapper(engine + "query")
        client.setQuery(RECORD_QUERY)
        client.setReturnFormat(JSON)
        rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
        assert {row["digest"]["value"] for row in rows} == {published.digest}


def test_a_new_version_replaces_the_old_one_graph_for_graph(tmp_path: Path) -> None:
    first = _small_store(tmp_path / "one", ["claims", "sources"])
    second = _small_store(tmp_path / "two", ["claims", "document"])
    with running_oxigraph() as engine:
        assert read_publication(engine + "query") is None  # nothing published yet
        publish(first, engine + "store")
        lines: list[str] = []
        publish(second, engine + "store", report=lines.append)
        held = _engine_quads(engine)
        graphs = {q.graph_name for q in held}
        assert graphs == {iris.graph("claims"), iris.graph("document"), iris.publication_graph()}
        assert f"publish   {iris.graph('sources').value}: deleted (not in this version)" in lines
        published = read_publication(engine + "query")
        assert published is not None and published.digest == second.resolve().name


def test_an_engine_out_of_reach_is_tried_again_until_it_answers(tmp_path: Path) -> None:
    live = _small_store(tmp_path, ["claims"])
    port = free_port()
    lines: list[str] = []
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(publish(live, f"http://127.0.0.1:{port}/store", lines.append, QUICK))
        except PublishError as error:
            outcome.append(error)

    publishing = threading.Thread(target=run)
    publishing.start()
    time.sleep(0.5)  # refused meanwhile: nothing listens yet
    with running_oxigraph(port) as engine:
        publishing.join(timeout=30)
        assert outcome and not isinstance(outcome[0], PublishError), outcome
        assert any("ConnectError" in line and "trying again" in line for line in lines)
        published = read_publication(engine + "query")
        assert published is not None and published.digest == live.resolve().name


def test_a_5xx_is_tried_again_and_then_named_with_its_url(tmp_path: Path) -> None:
    live = _small_store(tmp_path, ["claims"])
    port = free_port()
    # HAProxy answers 503 while the engine behind it is down, then passes requests on.
    with running_haproxy([f"http://127.0.0.1:{port}/"], "/query?query=ASK%7B%7D") as proxy:
        url = proxy.url + "store"
        few = Retry(attempts=3, first_pause=0.05)
        with pytest.raises(PublishError) as caught:
            publish(live, url, retry=few)
        assert str(caught.value).startswith(f"{url}: GET {url} ")
        assert "failed 3 times; the last: HTTP 503" in str(caught.value)
        lines: list[str] = []
        with running_oxigraph(port) as engine:
            publish(live, url, lines.append, QUICK)
            published = read_publication(engine + "query")
            assert published is not None and published.digest == live.resolve().name


def test_a_refusal_is_named_by_url_and_status_at_once(tmp_path: Path) -> None:
    live = _small_store(tmp_path, ["claims"])
    with running_oxigraph() as engine:
        wrong = engine + "nowhere"
        started = time.monotonic()
        with pytest.raises(PublishError) as caught:
            publish(live, wrong)
        assert time.monotonic() - started < 2  # a 4xx is not tried again
        message = str(caught.value)
        assert message.startswith(f"{wrong}: ")
        assert "was refused: HTTP 404" in message
    with pytest.raises(PublishError, match="cannot ask for the publication record"):
        read_publication(engine + "query", timeout=1)  # the engine is gone
