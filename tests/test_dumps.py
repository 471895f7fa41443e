"""Dumps at /dumps/: listed as HTML and JSON and in VoID, each with Content-Length, ETag and
Last-Modified, and each reloaded into a fresh store isomorphic to what the endpoint serves."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
import rdflib
from fastapi.testclient import TestClient
from pyoxigraph import NamedNode, Quad, RdfFormat, Store, Triple, parse, serialize
from rdflib.compare import isomorphic

from graph_builder import iris
from graph_builder import store as store_versions
from graph_builder import store as stores
from graph_builder.build import build
from graph_builder.namespaces import DCTERMS, VOID
from server.app import create_app
from server.linked_data import dumps
from server.settings import Settings

IDENTITY = {"accept-encoding": "identity"}


@pytest.fixture(scope="module")
def listing(client: TestClient) -> list[dict]:
    response = client.get("/dumps/", headers={"accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    return response.json()["dumps"]


RDF12 = iris.graph("claims-rdf12")


def test_the_listing_offers_the_whole_graph_the_rdf12_graph_and_each_named_graph(
    client: TestClient, store: Store, listing: list[dict]
) -> None:
    rdf12 = len(list(store.quads_for_pattern(None, None, None, RDF12)))
    whole, rdf12_file = listing[0], listing[1]
    assert whole["name"] == "nkkg.nq.gz" and whole["graph"] is None
    assert whole["format"] == "application/n-quads"
    assert whole["statements"] == len(store) - rdf12
    assert rdf12_file["name"] == "nkkg-rdf12.nq.gz" and rdf12_file["graph"] == RDF12.value
    assert rdf12_file["format"] == "application/n-quads; version=1.2"
    assert rdf12_file["statements"] == rdf12 > 100
    graphs = {d["graph"]: d for d in listing[2:]}
    assert (
        set(graphs)
        == {g.value for g in store.named_graphs()}
        >= {iris.graph(name).value for name in iris.GRAPHS}
    )
    for graph, dump in graphs.items():
        turtle = "text/turtle; version=1.2" if graph == RDF12.value else "text/turtle"
        assert dump["name"] == dumps.file_name(graph) and dump["media_type"] == turtle
        size = len(list(store.quads_for_pattern(None, None, None, NamedNode(graph))))
        assert dump["statements"] == size
        assert dump["url"] == str(client.base_url.join(f"/dumps/{dump['name']}"))
    assert graphs[iris.graph("claims").value]["name"] == "claims.ttl"


def test_the_listing_as_a_page(client: TestClient, listing: list[dict]) -> None:
    page = client.get("/dumps/", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for dump in listing:
        assert f'href="/dumps/{dump["name"]}"' in page.text
        assert f"<code>{dump['format']}</code>" in page.text
    assert client.get("/dumps/", params={"format": "json"}).json()["dumps"] == listing
    assert client.get("/dumps/", headers={"accept": "image/png"}).status_code == 406


def test_each_dump_has_length_etag_and_last_modified(
    client: TestClient, built_store: Path, listing: list[dict]
) -> None:
    built = store_versions.version_time(str(built_store.resolve()))
    assert abs((datetime.now(UTC) - built).total_seconds()) < 24 * 3600
    for dump in listing:
        response = client.get(f"/dumps/{dump['name']}", headers=IDENTITY)
        assert response.status_code == 200
        sent = response.headers["content-type"].replace("; charset=utf-8", "")
        assert sent == dump["media_type"]
        assert int(response.headers["content-length"]) == len(response.content) == dump["bytes"]
        assert parsedate_to_datetime(response.headers["last-modified"]) == built
        tag = response.headers["etag"]
        again = client.get(f"/dumps/{dump['name']}", headers={"if-none-match": tag})
        assert again.status_code == 304 and again.content == b""
        since = client.get(
            f"/dumps/{dump['name']}", headers={"if-modified-since": format_datetime(built, True)}
        )
        assert since.status_code == 304
        earlier = datetime.fromtimestamp(built.timestamp() - 1, tz=UTC)
        stale = client.get(
            f"/dumps/{dump['name']}", headers={"if-modified-since": format_datetime(earlier, True)}
        )
        assert stale.status_code == 200
    assert client.get("/dumps/no-such.ttl").status_code == 404


def test_a_dump_is_made_once_per_store_version(client: TestClient) -> None:
    first = client.get("/dumps/nkkg.nq.gz")
    second = client.get("/dumps/nkkg.nq.gz")
    assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
    assert first.content[:2] == b"\x1f\x8b"  # sent as the gzip file it is, not re-encoded


def test_turtle_dumps_go_out_gzipped_when_the_client_accepts_it(client: TestClient) -> None:
    plain = client.get("/dumps/curated.ttl", headers=IDENTITY)
    zipped = client.get("/dumps/curated.ttl", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content  # httpx decodes it
    assert int(zipped.headers["content-length"]) < len(plain.content) / 4
    assert "Accept-Encoding" in zipped.headers["vary"]
    head = client.head("/dumps/curated.ttl", headers=IDENTITY)
    assert head.headers["content-length"] == plain.headers["content-length"]


def test_the_two_whole_dumps_reload_into_the_same_store(client: TestClient, store: Store) -> None:
    fresh = Store()
    for name in ("nkkg.nq.gz", "nkkg-rdf12.nq.gz"):
        body = gzip.decompress(client.get(f"/dumps/{name}").content)
        fresh.bulk_extend(parse(body, format=RdfFormat.N_QUADS))
    # No blank nodes: equal canonical N-Quads are isomorphic datasets.
    assert _canonical(fresh) == _canonical(store)
    assert len(fresh) == len(store) > 50000


def _canonical(store: Store) -> list[bytes]:
    return sorted(store.dump(format=RdfFormat.N_QUADS).splitlines())


@pytest.mark.parametrize("name", list(iris.GRAPHS))
def test_each_graph_dump_reloads_into_the_same_graph(
    client: TestClient, store: Store, name: str
) -> None:
    graph = iris.graph(name)
    response = client.get(f"/dumps/{dumps.file_name(graph.value)}")
    assert response.status_code == 200
    served = {q.triple for q in store.quads_for_pattern(None, None, None, graph)}
    fresh = Store()
    fresh.bulk_extend(
        Quad(t.subject, t.predicate, t.object, graph)
        for t in (q.triple for q in parse(response.content, format=RdfFormat.TURTLE))
    )
    assert {q.triple for q in fresh} == served != set()
    if any(isinstance(t.object, Triple) for t in served):
        return  # claims-rdf12: RDF 1.2 triple terms, which rdflib cannot read
    reloaded = rdflib.Graph().parse(data=response.content, format="turtle")
    expected = rdflib.Graph().parse(
        data=serialize(sorted(served, key=str), format=RdfFormat.N_TRIPLES), format="nt"
    )
    assert isomorphic(reloaded, expected)


def test_void_names_every_dump(client: TestClient, store: Store, listing: list[dict]) -> None:
    response = client.get("/.well-known/void", headers={"accept": "application/n-triples"})
    void = {q.triple for q in parse(response.content, format=RdfFormat.N_TRIPLES)}
    dataset = iris.void_dataset()
    by_url = {d["url"]: d for d in listing}
    dumps_of: dict[object, set[str]] = {}
    for t in void:
        if t.predicate == VOID.dataDump:
            dumps_of.setdefault(t.subject, set()).add(t.object.value)
    assert {by_url[url]["name"] for url in dumps_of[dataset]} == {"nkkg.nq.gz", "nkkg-rdf12.nq.gz"}
    for graph in store.named_graphs():
        assert {by_url[url]["graph"] for url in dumps_of[graph]} == {graph.value}
    formats = {t.subject.value: t.object.value for t in void if t.predicate == DCTERMS.format}
    for url in set().union(*dumps_of.values()):
        assert formats[url] == by_url[url]["format"]
        assert client.head(url).status_code == 200


def test_a_rebuild_makes_new_dumps(tmp_path: Path) -> None:
    store = tmp_path / "store"
    build(store, checks=False)
    with TestClient(create_app(Settings(store=store, query_workers=2))) as client:
        before = client.get("/dumps/nkkg.nq.gz")
        first_version = store_versions.version_time(str(store.resolve()))
        assert parsedate_to_datetime(before.headers["last-modified"]) == first_version
        time.sleep(1.1)  # versions are told apart to the second
        # The same input gives the same version (named by its content): nothing changes.
        build(store, checks=False)
        assert store_versions.version_time(str(store.resolve())) == first_version
        quads = list(Store.read_only(str(store)))
        extra = Quad(iris.source(1), VOID.inDataset, iris.document(), iris.graph("sources"))
        stores.write_store([*quads, extra], store)  # a rebuild that changes the graph
        time.sleep(1.1)  # the pool looks at the store symlink at most once a second
        # Any query through the pool lets it notice the new version (unique: no cached answer).
        client.get("/sparql", params={"query": f"ASK {{}} # {time.time()}"})
        after = client.get("/dumps/nkkg.nq.gz")
        second_version = store_versions.version_time(str(store.resolve()))
        assert second_version > first_version
        assert parsedate_to_datetime(after.headers["last-modified"]) == second_version
        assert after.headers["etag"] != before.headers["etag"]
