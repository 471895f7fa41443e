"""`nkkg serve --sparql-endpoint URL`: the server answering through a real `oxigraph serve`
(started without its union option) into which the built store was published, beside the same
app on local workers: the same rows for every canned query, the same ETags, the same pages; and
the same guarantees when the engine misbehaves (a runaway query, a body cut short or
unparseable, a result over the cap, injection through a parameter).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from live_server import running_oxigraph
from pyoxigraph import Store
from test_canned_routes import QUERIES, bag, json_rows

from graph_builder.publication.publish import publish
from graph_builder.publication.record import RECORD_QUERY
from server.app import create_app
from server.settings import Settings

SPARQL_JSON = "application/sparql-results+json"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def engine(built_store: Path) -> Iterator[str]:
    """A real Oxigraph server holding the published store; gives its query URL."""
    with running_oxigraph() as base:
        publish(built_store, base + "store", report=lambda line: None)
        yield base + "query"


@pytest.fixture(scope="module")
def remote(engine: str) -> Iterator[TestClient]:
    settings = Settings(sparql_endpoint=engine, query_workers=2, time_limit=30.0)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_answers_the_same_rows_both_ways(
    client: TestClient, remote: TestClient, name: str
) -> None:
    local = client.get(f"/queries/{name}")
    there = remote.get(f"/queries/{name}")
    assert (local.status_code, there.status_code) == (200, 200), there.text
    assert bag(json_rows(there.content), name) == bag(json_rows(local.content), name)


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("events-in-range", {"from": "1992-01-01", "to": "1992-12-31"}),
        ("label-search", {"q": "舒沙"}),
        ("by-source", {"ref": "33"}),
    ],
)
def test_arguments_are_bound_the_same_both_ways(
    client: TestClient, remote: TestClient, name: str, arguments: dict[str, str]
) -> None:
    local = client.get(f"/queries/{name}", params=arguments)
    there = remote.get(f"/queries/{name}", params=arguments)
    assert there.status_code == 200, there.text
    assert bag(json_rows(there.content), name) == bag(json_rows(local.content), name)


@pytest.mark.parametrize(
    "attack",
    [
        '舒沙" ) } UNION { ?s ?p ?o } #',
        "舒沙' } UNION { ?s ?p ?o }",
        "} UNION { ?s ?p ?o }",
        '") # a comment that would end the line',
        'x\\" } ; DROP ALL',
        "> <https://w3id.org/nkkg/id/place/shusha",
    ],
)
def test_injection_through_a_parameter_is_a_plain_value(remote: TestClient, attack: str) -> None:
    answer = remote.get("/queries/label-search", params={"q": attack})
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"] == {"bindings": []}


def test_the_union_default_graph_is_the_local_one(
    client: TestClient, remote: TestClient, store: Store
) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    local = client.get("/sparql", params={"query": count}).json()
    there = remote.get("/sparql", params={"query": count}).json()
    assert there["results"] == local["results"]
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert (
        remote.get("/sparql", params={"query": graphs}).json()["results"]
        == client.get("/sparql", params={"query": graphs}).json()["results"]
    )


def test_etags_agree_with_a_local_server_on_the_same_data(
    client: TestClient, remote: TestClient
) -> None:
    for path, params in [
        ("/sparql", {"query": "ASK { ?s ?p ?o }"}),
        ("/queries/timeline", {}),
        ("/id/place/khojaly", {}),
    ]:
        local = client.get(path, params=params, headers={"Accept": "text/turtle, */*;q=0.1"})
        there = remote.get(path, params=params, headers={"Accept": "text/turtle, */*;q=0.1"})
        assert there.status_code == 200 and there.headers["ETag"] == local.headers["ETag"], path


def test_pages_descriptions_search_and_dumps_work_through_the_engine(
    client: TestClient, remote: TestClient
) -> None:
    page = remote.get("/id/place/khojaly", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Khojaly" in page.text
    turtle = remote.get("/id/place/khojaly", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and "khojaly" in turtle.text
    assert remote.get("/search", params={"q": "Khojaly"}).status_code == 200
    dump = remote.get("/dumps/nkkg.nq.gz")
    assert dump.status_code == 200 and dump.content == client.get("/dumps/nkkg.nq.gz").content


def test_service_and_updates_never_reach_the_engine(remote: TestClient) -> None:
    service = "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    assert remote.get("/sparql", params={"query": service}).status_code == 403
    update = remote.post(
        "/sparql",
        content="DELETE WHERE { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-update"},
    )
    assert update.status_code == 403


def test_a_malformed_query_gets_the_parsers_position_in_its_own_text(
    client: TestClient, remote: TestClient
) -> None:
    for query in ("SELECT * WHERE { ?s ?p }", "SELECT *\nWHERE { ?s ?p }"):
        there = remote.get("/sparql", params={"query": query}).json()
        local = client.get("/sparql", params={"query": query}).json()
        assert there["error"] == "malformed-query"
        assert (there["line"], there["column"]) == (local["line"], local["column"]), query


def test_a_runaway_query_meets_the_time_limit(engine: str) -> None:
    settings = Settings(sparql_endpoint=engine, query_workers=2, time_limit=1.0)
    with TestClient(create_app(settings)) as hurried:
        answer = hurried.post("/sparql", data={"query": RUNAWAY})
        assert answer.status_code == 503 and answer.json()["error"] == "query-timeout"
        assert hurried.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200


def test_a_result_over_the_cap_is_507(engine: str) -> None:
    settings = Settings(sparql_endpoint=engine, query_workers=2, max_result_bytes=10_000)
    with TestClient(create_app(settings)) as small:
        answer = small.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert answer.status_code == 507 and answer.json()["error"] == "result-too-large"


class BrokenEngine:
    """An HTTP server on 127.0.0.1 that answers the publication record as the real engine does,
    then every query with the reply given: a body cut short, or one that does not parse."""

    def __init__(self, record: bytes, reply: bytes) -> None:
        self.record, self.reply = record, reply
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/query"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                connection, _ = self.socket.accept()
                with connection:
                    request = _read_request(connection)
                    # the record query names SPDX's checksumValue; nothing else does
                    asks_record = b"checksumValue" in request
                    connection.sendall(self.record if asks_record else self.reply)


def _read_request(connection: socket.socket) -> bytes:
    """Gives one whole HTTP request: its head, then as many body bytes as it says."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += connection.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        ),
        0,
    )
    while len(body) < length:
        body += connection.recv(65536)
    return head + b"\r\n\r\n" + body


def _reply(body: bytes, length: int | None = None) -> bytes:
    size = len(body) if length is None else length
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        f"Content-Length: {size}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


@pytest.mark.parametrize(
    ("what", "reply"),
    [
        ("cut short", _reply(b'{"head": {"vars": ["s"]}, "results": {"bindi', length=4000)),
        ("unparseable", _reply(b'{"head": {"vars": ["s"]}, "results": 42}')),
    ],
)
def test_a_broken_answer_is_a_503_never_a_partial_200(
    engine: str, remote: TestClient, what: str, reply: bytes
) -> None:
    record = httpx.post(engine, data={"query": RECORD_QUERY}, headers={"Accept": SPARQL_JSON})
    broken = BrokenEngine(_reply(record.content), reply)
    with TestClient(create_app(Settings(sparql_endpoint=broken.url, query_workers=2))) as client:
        answer = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"})
    broken.socket.close()
    assert answer.status_code == 503, (what, answer.text)
    assert answer.json()["error"] == "engine-failed"
