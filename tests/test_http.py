"""End to end against a real `nkkg serve` (uvicorn) on 127.0.0.1: real SPARQL clients, the time
limit under a runaway query, a client that hangs up, and serving stores of every kind."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib
from live_server import LiveServer, running_server
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, serialize
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, XML, SPARQLWrapper

from graph_builder import iris

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SELECT = f"SELECT ?p ?o WHERE {{ <{iris.source(33).value}> ?p ?o }} ORDER BY ?p ?o"
ASK = f"ASK {{ <{iris.source(33).value}> ?p ?o }}"
CONSTRUCT = (
    f"CONSTRUCT {{ <{iris.source(33).value}> ?p ?o }} WHERE {{ <{iris.source(33).value}> ?p ?o }}"
)


@pytest.fixture(scope="module")
def server(built_store: Path) -> Iterator[LiveServer]:
    with running_server(built_store, "--time-limit", "1.5", "--query-workers", "2") as live:
        yield live


def expected_graph(store: Store) -> rdflib.Graph:
    triples = store.query(CONSTRUCT, use_default_graph_as_union=True)
    return rdflib.Graph().parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")


def expected_rows(store: Store) -> list[tuple[str, str]]:
    rows = store.query(SELECT, use_default_graph_as_union=True)
    return [(row["p"].value, row["o"].value) for row in rows]


def test_sparqlwrapper_select_ask_construct(server: LiveServer, store: Store) -> None:
    client = SPARQLWrapper(server.url + "sparql")
    client.setReturnFormat(JSON)
    client.setQuery(SELECT)
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert [(b["p"]["value"], b["o"]["value"]) for b in bindings] == expected_rows(store)
    client.setQuery(ASK)
    assert client.queryAndConvert()["boolean"] is True
    client.setReturnFormat(XML)  # SPARQLWrapper's way of asking for RDF/XML
    client.setQuery(CONSTRUCT)
    graph = client.queryAndConvert()
    assert isinstance(graph, rdflib.Graph) and len(graph) > 5
    assert isomorphic(graph, expected_graph(store))


def test_sparqlwrapper_posts_too(server: LiveServer, store: Store) -> None:
    client = SPARQLWrapper(server.url + "sparql")
    client.setMethod("POST")
    client.setReturnFormat(JSON)
    client.setQuery(SELECT)
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert len(bindings) == len(expected_rows(store))


def test_rdflib_sparqlstore_select_ask_construct(server: LiveServer, store: Store) -> None:
    graph = rdflib.Graph(store=SPARQLStore(server.url + "sparql"))
    rows = [(str(row.p), str(row.o)) for row in graph.query(SELECT)]
    assert rows == expected_rows(store)
    assert graph.query(ASK).askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert isomorphic(constructed, expected_graph(store))


def test_a_runaway_query_is_stopped_and_small_queries_keep_flowing(server: LiveServer) -> None:
    outcome: dict[str, object] = {}

    def send_runaway() -> None:
        started = time.monotonic()
        response = httpx.get(server.url + "sparql", params={"query": RUNAWAY}, timeout=30)
        outcome["response"], outcome["seconds"] = response, time.monotonic() - started

    runaway = threading.Thread(target=send_runaway)
    runaway.start()
    time.sleep(0.3)  # the runaway holds a worker now
    small_latencies = []
    for _ in range(3):
        started = time.monotonic()
        small = httpx.get(server.url + "sparql", params={"query": ASK}, timeout=30)
        small_latencies.append(time.monotonic() - started)
        assert small.status_code == 200 and small.json()["boolean"] is True
    runaway.join(timeout=20)
    assert max(small_latencies) < 1.0, small_latencies
    response = outcome["response"]
    assert isinstance(response, httpx.Response) and response.status_code == 503
    assert response.json()["error"] == "query-timeout" and "1.5 s" in response.json()["detail"]
    assert 1.4 < outcome["seconds"] < 4.0  # type: ignore[operator]
    # and the server needs no restart: full capacity again once the worker is replaced
    time.sleep(0.5)
    assert len(server.query_workers()) == 4  # 2 ordinary, the fast lane and its spare
    answers = [httpx.get(server.url + "sparql", params={"query": ASK}) for _ in range(4)]
    assert all(a.status_code == 200 for a in answers)


def test_a_client_that_hangs_up_stops_its_query(server: LiveServer) -> None:
    time.sleep(0.5)  # let any replacement from an earlier test finish
    before = server.query_workers()
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(server.url + "sparql", params={"query": RUNAWAY}, timeout=0.3)
    time.sleep(0.6)  # well before the 1.5 s time limit
    after = server.query_workers()
    assert len(before - after) == 1  # the worker running it was killed …
    assert len(after) == len(before)  # … and replaced


def test_serve_builds_the_store_when_there_is_none(tmp_path: Path) -> None:
    store = tmp_path / "fresh" / "store"
    # The build with its checks takes some 45 s on two quiet cores: leave room for a busy machine.
    with running_server(store, "--query-workers", "2", start_timeout=180) as live:
        response = httpx.get(live.url + "sparql", params={"query": ASK})
        assert response.json()["boolean"] is True
    assert store.is_symlink() and store.resolve().is_dir()


def test_serve_serves_any_oxigraph_store_with_several_workers(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    other = Store(str(plain))
    example = "http://example.org/"
    other.add(Quad(NamedNode(example + "a"), NamedNode(example + "p"), Literal("x")))
    other.add(
        Quad(NamedNode(example + "a"), NamedNode(example + "p"), Literal("y"), NamedNode(example))
    )
    other.flush()
    del other
    with running_server(plain, "--workers", "2", "--query-workers", "2") as live:
        query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
        for _ in range(4):
            response = httpx.get(live.url + "sparql", params=query)
            assert response.json()["results"]["bindings"][0]["n"]["value"] == "2"
        void = httpx.get(live.url + ".well-known/void").text
        assert "void:triples 2" in void and "licen" not in void  # no article, no licence


def test_the_readmes_curl_example_works(server: LiveServer) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = next(b for b in re.findall(r"```sh\n(.*?)```", readme, flags=re.S) if "curl" in b)
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    command = example.strip().replace("http://127.0.0.1:8000/", server.url)
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30)
    lines = done.stdout.splitlines()
    assert done.returncode == 0 and lines[0] == "g,n"
    assert {line.split(",")[0] for line in lines[1:]} >= {iris.graph("sources").value}
