"""The SPARQL 1.1 Protocol at /sparql, case by case, with httpx: each test runs twice, against
the app in process and against a real `nkkg serve` (uvicorn) on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from live_server import running_server
from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    RdfFormat,
    Store,
    parse,
    parse_query_results,
)

from graph_builder import iris
from graph_builder.namespaces import SPARQL_PREFIXES
from server.app import create_app
from server.settings import Settings

LIMITS = {
    "query_workers": 2,
    "time_limit": 5.0,
    "max_query_bytes": 4000,
    "max_body_bytes": 16000,
    "max_result_bytes": 8_000_000,
    "cache_max_age": 60,
}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SOURCES = iris.graph("sources").value
ONTOLOGY = iris.graph("ontology").value
RDF12 = iris.graph("claims-rdf12")
PROBLEM_MEMBERS = {"status", "title", "error", "detail"}


@pytest.fixture(scope="module", params=["in-process", "uvicorn"])
def client(request: pytest.FixtureRequest, built_store: Path) -> Iterator[httpx.Client]:
    if request.param == "in-process":
        with TestClient(create_app(Settings(store=built_store, **LIMITS))) as test_client:
            yield test_client
        return
    flags = [f"--{name.replace('_', '-')}={value}" for name, value in LIMITS.items()]
    with (
        running_server(built_store, *flags) as server,
        httpx.Client(base_url=server.url, timeout=30) as live,
    ):
        yield live


@pytest.fixture(scope="module")
def store(built_store: Path) -> Store:
    return Store.read_only(str(built_store))


def default_size(store: Store) -> int:
    """Gives the size of the default graph a query sees: every graph but the RDF 1.2 one."""
    return len(store) - len(list(store.quads_for_pattern(None, None, None, RDF12)))


def count_of(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/sparql-results+json"
    rows = list(parse_query_results(response.content, format=QueryResultsFormat.JSON))
    return int(rows[0]["n"].value)


def problem(response: httpx.Response, status: int, error: str) -> dict:
    """Checks an error response's status and its one shape; gives the problem document."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body.keys() >= PROBLEM_MEMBERS
    assert body["status"] == status and body["error"] == error and body["detail"]
    return body


# --- the three ways to send a query ------------------------------------------------------------


def test_get(client: httpx.Client, store: Store) -> None:
    assert count_of(client.get("/sparql", params={"query": COUNT})) == default_size(store)


def test_post_form(client: httpx.Client, store: Store) -> None:
    assert count_of(client.post("/sparql", data={"query": COUNT})) == default_size(store)


def test_post_direct(client: httpx.Client, store: Store) -> None:
    for media in ("application/sparql-query", "application/sparql-query; charset=UTF-8"):
        response = client.post("/sparql", content=COUNT, headers={"content-type": media})
        assert count_of(response) == default_size(store)


def test_utf8_in_queries_round_trips(client: httpx.Client) -> None:
    query = 'SELECT ?s WHERE { ?s ?p "第一次納戈爾諾-卡拉巴赫戰爭"@zh-hant }'
    for response in (
        client.get("/sparql", params={"query": query}),
        client.post("/sparql", data={"query": query}),
        client.post(
            "/sparql",
            content=query.encode(),
            headers={"content-type": "application/sparql-query"},
        ),
    ):
        assert response.status_code == 200
        assert iris.document().value in response.text


# --- the dataset -------------------------------------------------------------------------------


def test_the_default_graph_is_the_union_of_all_graphs_but_the_rdf12_one(
    client: httpx.Client, store: Store
) -> None:
    rdf12 = len(list(store.quads_for_pattern(None, None, None, RDF12)))
    assert count_of(client.get("/sparql", params={"query": COUNT})) == len(store) - rdf12 > 8000
    # ... and GRAPH (or FROM NAMED) still reaches it.
    graph = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{RDF12.value}> {{ ?s ?p ?o }} }}"
    assert count_of(client.get("/sparql", params={"query": graph})) == rdf12 > 100


def test_default_graph_uri_sets_the_default_graph(client: httpx.Client, store: Store) -> None:
    sources = len(list(store.quads_for_pattern(None, None, None, NamedNode(SOURCES))))
    ontology = len(list(store.quads_for_pattern(None, None, None, NamedNode(ONTOLOGY))))
    one = client.get("/sparql", params={"query": COUNT, "default-graph-uri": SOURCES})
    assert count_of(one) == sources
    two = client.post("/sparql", data={"query": COUNT, "default-graph-uri": [SOURCES, ONTOLOGY]})
    assert count_of(two) == sources + ontology
    direct = client.post(
        "/sparql",
        params={"default-graph-uri": ONTOLOGY},
        content=COUNT,
        headers={"content-type": "application/sparql-query"},
    )
    assert count_of(direct) == ontology


def test_named_graph_uri_sets_the_named_graphs(client: httpx.Client, store: Store) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    sources = len(list(store.quads_for_pattern(None, None, None, NamedNode(SOURCES))))
    response = client.get("/sparql", params={"query": query, "named-graph-uri": SOURCES})
    assert count_of(response) == sources
    # with only named graphs given, the default graph is empty
    response = client.get("/sparql", params={"query": COUNT, "named-graph-uri": SOURCES})
    assert count_of(response) == 0


def test_the_querys_from_is_obeyed_and_the_protocol_overrides_it(
    client: httpx.Client, store: Store
) -> None:
    sources = len(list(store.quads_for_pattern(None, None, None, NamedNode(SOURCES))))
    ontology = len(list(store.quads_for_pattern(None, None, None, NamedNode(ONTOLOGY))))
    query = f"SELECT (COUNT(*) AS ?n) FROM <{SOURCES}> WHERE {{ ?s ?p ?o }}"
    assert count_of(client.get("/sparql", params={"query": query})) == sources
    overridden = client.get("/sparql", params={"query": query, "default-graph-uri": ONTOLOGY})
    assert count_of(overridden) == ontology


def test_a_graph_uri_must_be_an_iri(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": COUNT, "default-graph-uri": "not an iri"})
    assert "default-graph-uri" in problem(response, 400, "bad-request")["detail"]


# --- protocol errors ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_wrong_method(client: httpx.Client, method: str) -> None:
    response = client.request(method, "/sparql", params={"query": COUNT})
    problem(response, 405, "method-not-allowed")
    assert response.headers["allow"] == "GET, HEAD, POST, OPTIONS"


@pytest.mark.parametrize(
    "headers",
    [{"content-type": "text/plain"}, {"content-type": "application/json"}, {}],
    ids=["text/plain", "json", "none"],
)
def test_wrong_or_missing_media_type(client: httpx.Client, headers: dict[str, str]) -> None:
    response = client.post("/sparql", content=COUNT, headers=headers)
    assert "Content-Type" in problem(response, 415, "unsupported-media-type")["detail"]


def test_a_parameter_given_twice(client: httpx.Client) -> None:
    twice = [("query", COUNT), ("query", "ASK {}")]
    detail = problem(client.get("/sparql", params=twice), 400, "bad-request")["detail"]
    assert "`query`" in detail and "2 times" in detail
    problem(client.post("/sparql", data={"query": [COUNT, COUNT]}), 400, "bad-request")
    both = client.post(
        "/sparql",
        params={"query": COUNT},
        content=COUNT,
        headers={"content-type": "application/sparql-query"},
    )
    assert "twice" in problem(both, 400, "bad-request")["detail"]


def test_format_given_twice_for_one_format_is_one_request(client: httpx.Client) -> None:
    # SPARQLWrapper's way: the name, then the media type(s), of one format.
    twice = [("query", CONSTRUCT), ("format", "rdf+xml"), ("format", "application/rdf+xml")]
    response = client.get("/sparql", params=twice)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/rdf+xml")
    listed = [("format", "json-ld"), ("format", "application/ld+json,application/x-json+ld")]
    response = client.get("/sparql", params=[("query", CONSTRUCT), *listed])
    assert response.headers["content-type"] == "application/ld+json"
    conflicting = [("query", SELECT), ("format", "json"), ("format", "xml")]
    detail = problem(client.get("/sparql", params=conflicting), 400, "bad-request")["detail"]
    assert "format=json" in detail and "format=xml" in detail


def test_relative_iris_resolve_against_the_endpoint(client: httpx.Client) -> None:
    # The W3C protocol test query_content_type_construct.
    response = client.post(
        "/sparql",
        content="CONSTRUCT { <s> <p> 1 } WHERE {}",
        headers={"content-type": "application/sparql-query", "accept": "application/n-triples"},
    )
    assert response.status_code == 200, response.text
    (triple,) = [q.triple for q in parse(response.content, format=RdfFormat.N_TRIPLES)]
    endpoint = str(client.base_url.join("/sparql"))
    assert triple.subject == NamedNode(endpoint.rsplit("/", 1)[0] + "/s")
    assert triple.predicate == NamedNode(endpoint.rsplit("/", 1)[0] + "/p")


def test_triple_terms_in_an_rdf11_format_get_a_406_naming_the_rdf12_ones(
    client: httpx.Client,
) -> None:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{RDF12.value}> {{ ?s ?p ?o }} }}"
    for accept in ("text/turtle", "application/ld+json", "application/rdf+xml"):
        response = client.get("/sparql", params={"query": query}, headers={"accept": accept})
        detail = problem(response, 406, "not-acceptable")["detail"]
        assert "text/turtle; version=1.2" in detail and "format=turtle-1.2" in detail
    response = client.get(
        "/sparql", params={"query": query}, headers={"accept": "text/turtle; version=1.2"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle; version=1.2")
    assert len(list(parse(response.content, format=RdfFormat.TURTLE))) > 100


def test_a_post_without_a_query(client: httpx.Client) -> None:
    response = client.post("/sparql", data={"default-graph-uri": SOURCES})
    assert "`query`" in problem(response, 400, "bad-request")["detail"]


def test_non_utf8(client: httpx.Client) -> None:
    response = client.get("/sparql?query=SELECT%20%FF%20WHERE%20%7B%7D")
    assert "UTF-8" in problem(response, 400, "bad-request")["detail"]
    body = 'SELECT * WHERE { ?s ?p "café" }'.encode("latin-1")
    response = client.post(
        "/sparql", content=body, headers={"content-type": "application/sparql-query"}
    )
    assert "UTF-8" in problem(response, 400, "bad-request")["detail"]
    response = client.post(
        "/sparql",
        content=b"query=SELECT%20%FF",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    problem(response, 400, "bad-request")
    response = client.post(
        "/sparql",
        content=body,
        headers={"content-type": "application/sparql-query; charset=ISO-8859-1"},
    )
    assert "UTF-8" in problem(response, 415, "unsupported-media-type")["detail"]


def test_a_malformed_query_gets_the_parsers_message_and_position(client: httpx.Client) -> None:
    query = "SELECT * WHERE {\n  ?s ?p \n}"
    with pytest.raises(SyntaxError) as parser:
        Store().query(query)
    line, column, message = re.match(r"error at (\d+):(\d+): (.+)", str(parser.value)).groups()
    body = problem(client.get("/sparql", params={"query": query}), 400, "malformed-query")
    assert (body["line"], body["column"]) == (int(line), int(column)) and line == "3"
    assert f"line 3, column {column}: {message}" in body["detail"]


# --- read-only and closed ----------------------------------------------------------------------


def test_updates_are_refused(client: httpx.Client) -> None:
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    for response in (
        client.post(
            "/sparql", content=update, headers={"content-type": "application/sparql-update"}
        ),
        client.post("/sparql", data={"update": update}),
        client.get("/sparql", params={"query": update}),
    ):
        assert "read-only" in problem(response, 403, "update-refused")["detail"]


def test_service_is_refused_but_not_the_word_in_a_string(client: httpx.Client) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query})
    assert "SERVICE" in problem(response, 403, "service-refused")["detail"]
    problem(client.post("/sparql", data={"query": query.lower()}), 403, "service-refused")
    harmless = 'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> {}" } # SERVICE'
    assert client.get("/sparql", params={"query": harmless}).status_code == 200


def test_oversize_queries_and_bodies_get_413(client: httpx.Client) -> None:
    long_query = COUNT + " #" + "x" * 4000
    problem(client.get("/sparql", params={"query": long_query}), 413, "too-large")
    problem(client.post("/sparql", data={"query": long_query}), 413, "too-large")
    body = "query=" + "%20" * 6000  # over the body cap
    response = client.post(
        "/sparql", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert "body" in problem(response, 413, "too-large")["detail"]


def test_a_result_over_the_cap_is_an_error_not_a_cut_body(client: httpx.Client) -> None:
    query = "SELECT * WHERE { ?s ?p ?o . ?x ?y ?z } LIMIT 1000000"  # some 400 MB as JSON
    response = client.get("/sparql", params={"query": query})
    body = problem(response, 507, "result-too-large")
    assert body["cap_bytes"] == 8_000_000 and "LIMIT" in body["detail"]


# --- formats -----------------------------------------------------------------------------------

TWO_SOURCES = f"VALUES ?s {{ <{iris.source(29).value}> <{iris.source(33).value}> }}"
SELECT = f"SELECT ?s ?p ?o WHERE {{ {TWO_SOURCES} ?s ?p ?o }} ORDER BY ?s ?p ?o"
CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {TWO_SOURCES} ?s ?p ?o }}"

SOLUTION_MEDIA = [
    ("application/sparql-results+json", QueryResultsFormat.JSON),
    ("application/sparql-results+xml", QueryResultsFormat.XML),
    ("text/csv", QueryResultsFormat.CSV),
    ("text/tab-separated-values", QueryResultsFormat.TSV),
]
GRAPH_MEDIA = [
    ("text/turtle", RdfFormat.TURTLE),
    ("application/n-triples", RdfFormat.N_TRIPLES),
    ("application/rdf+xml", RdfFormat.RDF_XML),
    ("application/ld+json", RdfFormat.JSON_LD),
    ("application/n-quads", RdfFormat.N_QUADS),
    ("application/trig", RdfFormat.TRIG),
]


@pytest.mark.parametrize(("media", "fmt"), SOLUTION_MEDIA)
def test_select_results_in_every_format(
    client: httpx.Client, store: Store, media: str, fmt: QueryResultsFormat
) -> None:
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    expected = store.query(SELECT, use_default_graph_as_union=True)
    if fmt == QueryResultsFormat.CSV:  # CSV drops term kinds; compare the text
        assert response.content == expected.serialize(format=fmt)
        return
    rows = [tuple(r) for r in parse_query_results(response.content, format=fmt)]
    assert rows == [tuple(r) for r in expected] and len(rows) > 20


@pytest.mark.parametrize(("media", "fmt"), SOLUTION_MEDIA)
def test_ask_results_in_every_format(
    client: httpx.Client, media: str, fmt: QueryResultsFormat
) -> None:
    response = client.get(
        "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"accept": media}
    )
    assert response.status_code == 200
    if fmt in (QueryResultsFormat.CSV, QueryResultsFormat.TSV):
        # No boolean in CSV or TSV (rdflib reads a bare `true` as an empty table): SPARQL JSON.
        media, fmt = "application/sparql-results+json", QueryResultsFormat.JSON
    assert response.headers["content-type"].split(";")[0] == media
    result = parse_query_results(response.content, format=fmt)
    assert isinstance(result, QueryBoolean) and bool(result)


@pytest.mark.parametrize(("media", "fmt"), GRAPH_MEDIA)
def test_construct_and_describe_in_every_format(
    client: httpx.Client, store: Store, media: str, fmt: RdfFormat
) -> None:
    expected = set(store.query(CONSTRUCT, use_default_graph_as_union=True))
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    got = {q.triple for q in parse(response.content, format=fmt)}
    assert got == expected and len(got) > 20  # no blank nodes: equal sets are isomorphic
    describe = f"DESCRIBE <{iris.source(33).value}>"
    response = client.get("/sparql", params={"query": describe}, headers={"accept": media})
    got = {q.triple for q in parse(response.content, format=fmt)}
    assert got == set(store.query(describe, use_default_graph_as_union=True)) != set()


def test_q_values_decide(client: httpx.Client) -> None:
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, */*;q=0.1"
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": accept})
    assert response.headers["content-type"].startswith("text/csv")
    accept = "text/turtle;q=0.2, application/n-triples"
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
    assert response.headers["content-type"] == "application/n-triples"


def test_the_format_parameter_wins_over_accept(client: httpx.Client) -> None:
    response = client.get(
        "/sparql", params={"query": SELECT, "format": "tsv"}, headers={"accept": "text/csv"}
    )
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    response = client.get("/sparql", params={"query": CONSTRUCT, "format": "jsonld"})
    assert response.headers["content-type"] == "application/ld+json"
    response = client.post("/sparql", data={"query": SELECT, "format": "xml"})
    assert response.headers["content-type"] == "application/sparql-results+xml"


def test_406_when_nothing_acceptable(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": "image/png"})
    assert "text/csv" in problem(response, 406, "not-acceptable")["detail"]
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "image/png"})
    problem(response, 406, "not-acceptable")
    response = client.get("/sparql", params={"query": SELECT, "format": "turtle"})
    problem(response, 406, "not-acceptable")
    response = client.get("/sparql", params={"query": SELECT, "format": "docx"})
    problem(response, 400, "bad-request")


# --- the service description and VoID ----------------------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"


def _graph(response: httpx.Response, fmt: RdfFormat = RdfFormat.TURTLE) -> Store:
    assert response.status_code == 200, response.text
    graph = Store()
    graph.extend(parse(response.content, format=fmt))
    return graph


def _value(graph: Store, predicate: str, subject: object = None) -> str:
    quads = list(graph.quads_for_pattern(subject, NamedNode(predicate), None))  # type: ignore[arg-type]
    assert len(quads) == 1, quads
    return quads[0].object.value


def test_bare_get_gives_the_service_description(client: httpx.Client, store: Store) -> None:
    response = client.get("/sparql")
    assert response.headers["content-type"].startswith("text/turtle")
    graph = _graph(response)
    assert _value(graph, SD + "endpoint") == str(client.base_url.join("/sparql"))
    assert _value(graph, SD + "supportedLanguage") == SD + "SPARQL11Query"
    assert _value(graph, SD + "feature") == SD + "UnionDefaultGraph"
    formats = {
        q.object.value for q in graph.quads_for_pattern(None, NamedNode(SD + "resultFormat"), None)
    }
    assert len(formats) == 10 and "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    names = {q.object.value for q in graph.quads_for_pattern(None, NamedNode(SD + "name"), None)}
    assert names == {g.value for g in store.named_graphs()}
    result = graph.query(
        f"SELECT ?n WHERE {{ ?named <{SD}name> <{SOURCES}> ; <{SD}graph> [ <{VOID}triples> ?n ] }}"
    )
    sources = len(list(store.quads_for_pattern(None, None, None, NamedNode(SOURCES))))
    assert int(next(result)["n"].value) == sources


def test_the_service_description_declares_a_prefix_per_kind_that_sparql_reads(
    client: httpx.Client,
) -> None:
    graph = _graph(client.get("/sparql"))
    sh = "http://www.w3.org/ns/shacl#"
    declared = {
        row["prefix"].value: row["namespace"].value
        for row in graph.query(
            f"SELECT ?prefix ?namespace WHERE {{ ?s <{sh}declare> [ <{sh}prefix> ?prefix ; "
            f"<{sh}namespace> ?namespace ] }}"
        )
    }
    assert declared == SPARQL_PREFIXES
    assert {"actor", "place", "event", "claim", "variable", "source", "quantity"} <= set(declared)
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in declared.items())
    for name in (
        "actor:robert-kocharyan",
        "claim:khojaly-deaths-conservative-estimate",
        "source:33",
        "quantity:deaths",
        "event:khojaly-massacre",
    ):
        asked = client.get("/sparql", params={"query": f"{prologue}ASK {{ {name} ?p ?o }}"})
        assert asked.json()["boolean"] is True, name


def test_the_service_description_in_other_rdf_formats(client: httpx.Client) -> None:
    for media, fmt in GRAPH_MEDIA:
        response = client.get("/sparql", headers={"accept": media})
        assert response.headers["content-type"].split(";")[0] == media
        assert len(_graph(response, fmt)) > 20
    problem(client.get("/sparql", headers={"accept": "image/png"}), 406, "not-acceptable")


def test_void(client: httpx.Client, store: Store) -> None:
    graph = _graph(client.get("/.well-known/void"))
    dataset = NamedNode("https://w3id.org/nkkg/.well-known/void#dataset")
    assert int(_value(graph, VOID + "triples", dataset)) == default_size(store)
    for name in ("entities", "classes", "properties", "distinctSubjects", "distinctObjects"):
        assert int(_value(graph, VOID + name, dataset)) > 0
    for named in store.named_graphs():
        size = len(list(store.quads_for_pattern(None, None, None, named)))
        assert int(_value(graph, VOID + "triples", named)) == size
    assert _value(graph, VOID + "sparqlEndpoint") == str(client.base_url.join("/sparql"))
    whole = {
        q.object.value for q in graph.quads_for_pattern(dataset, NamedNode(VOID + "dataDump"), None)
    }
    assert whole == {
        str(client.base_url.join(f"/dumps/{n}")) for n in ("nkkg.nq.gz", "nkkg-rdf12.nq.gz")
    }
    for named in store.named_graphs():  # each named graph's own Turtle dump
        assert _value(graph, VOID + "dataDump", named).endswith(".ttl")
    dcterms = "http://purl.org/dc/terms/"
    assert _value(graph, dcterms + "license") == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert _value(graph, dcterms + "source").startswith("https://zh.wikipedia.org/wiki/")


def test_the_dump_is_the_rdf11_graph(client: httpx.Client, store: Store) -> None:
    response = client.get("/dump.nq")
    assert response.headers["content-type"] == "application/n-quads"
    rdf11 = {q for q in store if q.graph_name != RDF12}
    assert set(parse(response.content, format=RdfFormat.N_QUADS)) == rdf11 != set()


# --- HTTP that clients expect ------------------------------------------------------------------


def test_cors(client: httpx.Client) -> None:
    origin = {"origin": "https://yasgui.example"}
    response = client.get("/sparql", params={"query": COUNT}, headers=origin)
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            **origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()


def test_options_and_head(client: httpx.Client) -> None:
    for path, allowed in (
        ("/sparql", "GET, HEAD, POST, OPTIONS"),
        ("/.well-known/void", "GET, HEAD, OPTIONS"),
    ):
        response = client.options(path)
        assert response.status_code == 204 and response.headers["allow"] == allowed
    get = client.get("/sparql", params={"query": SELECT})
    head = client.head("/sparql", params={"query": SELECT})
    assert head.status_code == 200 and head.content == b""
    for name in ("content-type", "etag", "cache-control", "content-length"):
        assert head.headers[name] == get.headers[name]
    assert client.head("/.well-known/void").status_code == 200


def test_gzip(client: httpx.Client) -> None:
    query = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 500"}
    plain = client.get("/sparql", params=query, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    zipped = client.get("/sparql", params=query, headers={"accept-encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content  # httpx decodes it
    assert int(zipped.headers["content-length"]) < len(plain.content) / 3
    assert "Accept-Encoding" in zipped.headers["vary"]


def test_etag_and_cache_control(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": SELECT})
    tag = response.headers["etag"]
    assert tag.startswith('W/"')
    assert response.headers["cache-control"] == "public, max-age=60"
    assert "Accept" in response.headers["vary"]
    again = client.get("/sparql", params={"query": SELECT}, headers={"if-none-match": tag})
    assert again.status_code == 304 and again.headers["etag"] == tag and again.content == b""
    other = client.get("/sparql", params={"query": SELECT}, headers={"accept": "text/csv"})
    assert other.headers["etag"] != tag
    stale = client.get("/sparql", params={"query": SELECT}, headers={"if-none-match": 'W/"old"'})
    assert stale.status_code == 200
    for path in ("/sparql", "/.well-known/void", "/dump.nq"):
        first = client.get(path)
        assert client.get(path, headers={"if-none-match": first.headers["etag"]}).status_code == 304
    post = client.post("/sparql", data={"query": SELECT})
    assert "etag" not in post.headers


def test_unknown_paths_get_the_same_error_shape(client: httpx.Client) -> None:
    problem(client.get("/no/such/page"), 404, "not-found")


def test_a_browser_following_a_link_to_the_endpoint_gets_the_query_page(
    client: httpx.Client,
) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", headers={"accept": browser}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].endswith("/query")
    for accept in ("*/*", "text/turtle", "application/rdf+xml"):  # programs: the description
        response = client.get("/sparql", headers={"accept": accept}, follow_redirects=False)
        assert response.status_code == 200, accept
    forced = client.get("/sparql", params={"format": "turtle"}, headers={"accept": browser})
    assert forced.status_code == 200 and forced.headers["content-type"].startswith("text/turtle")
