"""SPARQL queries take the short way in (server/sparql/fast_path.py); what a client sees is the
same as on every other route: CORS headers, gzip, the one error shape."""

from __future__ import annotations

import gzip

import pytest
from fastapi.testclient import TestClient

from server.sparql.fast_path import is_query

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
BIG = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 200"


@pytest.mark.parametrize(
    ("method", "path", "query_string", "expected"),
    [
        ("GET", "/sparql", b"query=ASK%7B%7D", True),
        ("HEAD", "/sparql", b"format=json&query=ASK%7B%7D", True),
        ("POST", "/sparql", b"", True),
        ("GET", "/sparql", b"", False),  # the service description
        ("GET", "/sparql", b"xquery=1", False),
        ("OPTIONS", "/sparql", b"query=ASK%7B%7D", False),  # CORS preflights
        ("GET", "/queries/timeline", b"query=x", False),
    ],
)
def test_which_requests_take_the_short_way(
    method: str, path: str, query_string: bytes, expected: bool
) -> None:
    scope = {"type": "http", "method": method, "path": path, "query_string": query_string}
    assert is_query(scope) is expected


def test_a_query_gets_the_cors_headers_of_every_other_route(client: TestClient) -> None:
    origin = {"origin": "https://yasgui.example"}
    query = client.get("/sparql", params={"query": COUNT}, headers=origin)
    other = client.get("/.well-known/void", headers=origin)
    assert query.status_code == other.status_code == 200
    for name in ("access-control-allow-origin", "access-control-expose-headers"):
        assert query.headers[name] == other.headers[name]
    error = client.get("/sparql", params={"query": "SELECT nonsense"}, headers=origin)
    assert error.status_code == 400 and error.headers["access-control-allow-origin"] == "*"
    assert error.headers["content-type"] == "application/problem+json"
    assert (
        "access-control-allow-origin" not in client.get("/sparql", params={"query": COUNT}).headers
    )


def test_large_answers_are_gzipped_and_small_ones_are_not(client: TestClient) -> None:
    big = client.get("/sparql", params={"query": BIG}, headers={"accept-encoding": "gzip"})
    assert big.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in big.headers["vary"] and "Accept" in big.headers["vary"]
    assert big.json()["results"]["bindings"]  # httpx decoded it
    raw = client.get("/sparql", params={"query": BIG}, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in raw.headers
    assert gzip.decompress(gzip.compress(raw.content)) == big.content
    small = client.get("/sparql", params={"query": COUNT}, headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in small.headers
    described = client.get("/sparql", headers={"accept-encoding": "gzip", "accept": "text/turtle"})
    assert described.headers["content-encoding"] == "gzip"  # the ordinary way, through gzip
