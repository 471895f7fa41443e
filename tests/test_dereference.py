"""Dereferencing: every kind of IRI the graph mints answers at its served path, in every format
by content negotiation, with its own triples exactly as the store holds them; unknown IRIs get
404 in the format asked for. In process, and once against a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
import rdflib
from fastapi.testclient import TestClient
from live_server import running_server
from pyoxigraph import NamedNode, RdfFormat, Store, Triple, parse, serialize
from rdflib.compare import isomorphic

from graph_builder import iris
from graph_builder.namespaces import BASE, NKKG, OA, ONTOLOGY_IRI, RDF, RDFS, SKOLEM, SKOS, VOID

RDF_MEDIA = {
    "turtle": ("text/turtle", RdfFormat.TURTLE, "turtle"),
    "ntriples": ("application/n-triples", RdfFormat.N_TRIPLES, "nt"),
    "rdfxml": ("application/rdf+xml", RdfFormat.RDF_XML, "xml"),
}
CLAIM = iris.claim("khojaly-deaths-conservative-estimate")
EVENT = iris.entity("event", "khojaly-massacre")
KINDS: dict[str, NamedNode] = {
    "actor": iris.entity("actor", "robert-kocharyan"),
    "place": iris.entity("place", "shusha"),
    "event": EVENT,
    "claim": CLAIM,
    "variable": iris.variable("khojaly-massacre--deaths"),
    "source": iris.source(33),
    "evidence": iris.evidence(9963, 9991),
    "article part": iris.sentence("s12-p4-1"),
    "ontology term": NKKG.Claim,
    "concept": iris.quantity_kind("deaths"),
    "ontology": ONTOLOGY_IRI,
    "graph": iris.graph("claims"),
}
UNKNOWN = iris.entity("actor", "no-such-actor")


def path_of(resource: NamedNode) -> str:
    path = iris.served_path(resource.value)
    assert path is not None
    return path


RDF12_GRAPH = iris.graph("claims-rdf12")


def own_triples(store: Store, resource: NamedNode, rdf12: bool = False) -> set[Triple]:
    """Gives the resource's triples in the store: of the RDF 1.1 graphs, or of all graphs."""
    return {
        q.triple
        for q in store.quads_for_pattern(resource, None, None)
        if rdf12 or q.graph_name != RDF12_GRAPH
    }


def triples_of(response: httpx.Response, fmt: RdfFormat) -> set[Triple]:
    return {q.triple for q in parse(response.content, format=fmt)}


def has_triple_terms(triples: set[Triple]) -> bool:
    return any(isinstance(t.object, Triple) for t in triples)


def rdflib_graph(triples: set[Triple]) -> rdflib.Graph:
    text = serialize(sorted(triples, key=str), format=RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=text, format="nt")


# --- every kind, every RDF format -------------------------------------------------------------


@pytest.mark.parametrize("name", list(RDF_MEDIA))
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_in_each_rdf_format(
    client: TestClient, store: Store, kind: str, name: str
) -> None:
    resource = KINDS[kind]
    media, fmt, rdflib_format = RDF_MEDIA[name]
    response = client.get(path_of(resource), headers={"accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"]
    assert response.headers["content-location"] == f"{path_of(resource)}?format={name}"
    got = triples_of(response, fmt)
    if kind == "graph":
        graph_size = len(list(store.quads_for_pattern(None, None, None, resource)))
        sizes = [
            t.object.value for t in got if t.subject == resource and t.predicate == VOID.triples
        ]
        assert sizes == [str(graph_size)] and graph_size > 1000
    else:
        assert {t for t in got if t.subject == resource} == own_triples(store, resource) != set()
    # RDF 1.1 unless asked otherwise: rdflib reads every description.
    assert not has_triple_terms(got)
    assert "rdf:version" not in response.text and "version=" not in response.headers["content-type"]
    parsed = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert isomorphic(parsed, rdflib_graph(got))


@pytest.mark.parametrize(
    ("media", "fmt"),
    [
        ("text/turtle; version=1.2", RdfFormat.TURTLE),
        ("application/n-triples;version=1.2", RdfFormat.N_TRIPLES),
    ],
)
def test_rdf12_on_request_holds_the_triple_terms(
    client: TestClient, store: Store, media: str, fmt: RdfFormat
) -> None:
    response = client.get(path_of(CLAIM), headers={"accept": media})
    assert response.status_code == 200, response.text
    assert "; version=1.2" in response.headers["content-type"]
    got = triples_of(response, fmt)
    assert {t for t in got if t.subject == CLAIM} == own_triples(store, CLAIM, rdf12=True)
    reified = {t for t in got if t.predicate == RDF.reifies}
    assert reified and all(isinstance(t.object, Triple) for t in reified)
    # An entity's RDF 1.2 description holds what the claims about it reify.
    event = triples_of(client.get(path_of(EVENT), headers={"accept": media}), fmt)
    assert len({t for t in event if t.predicate == RDF.reifies}) > 5
    plain = client.get(path_of(CLAIM), params={"format": "turtle-1.2"})
    assert triples_of(plain, RdfFormat.TURTLE) == got


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_as_json_ld_with_the_published_context(client: TestClient, kind: str) -> None:
    resource = KINDS[kind]
    response = client.get(path_of(resource), headers={"accept": "application/ld+json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    document = response.json()
    assert document["@context"] == str(client.base_url.join("/context.jsonld"))
    context = client.get("/context.jsonld")
    assert context.status_code == 200 and context.headers["content-type"] == "application/ld+json"
    nodes = {node["@id"]: node for node in document["@graph"]}
    first = document["@graph"][0]
    # Short keys: `type`, `label`, nkkg terms by local name; links compacted with prefixes.
    assert "type" in first or kind == "graph"
    assert any("label" in node for node in nodes.values())
    assert not any(key.startswith("http") for node in nodes.values() for key in node)
    # It expands to exactly the description's triples (less the RDF 1.2 triple terms, which
    # JSON-LD cannot carry; the response says how many it left out).
    turtle = client.get(path_of(resource), headers={"accept": "text/turtle"})
    expected = {t for t in triples_of(turtle, RdfFormat.TURTLE) if not isinstance(t.object, Triple)}
    left_out = len(triples_of(turtle, RdfFormat.TURTLE)) - len(expected)
    assert int(response.headers.get("x-statements-left-out", "0")) == left_out
    document["@context"] = context.json()["@context"]
    parsed = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    assert len(parsed) == len(expected) and isomorphic(parsed, rdflib_graph(expected))


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_as_html(client: TestClient, kind: str) -> None:
    response = client.get(path_of(KINDS[kind]), headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-location"] == f"{path_of(KINDS[kind])}?format=html"


def test_a_skolem_iri_dereferences(client: TestClient, store: Store) -> None:
    skolem = next(
        q.subject
        for q in store.quads_for_pattern(None, RDF.type, None)
        if q.subject.value.startswith(str(SKOLEM))
    )
    response = client.get(path_of(skolem), headers={"accept": "application/n-triples"})
    got = triples_of(response, RdfFormat.N_TRIPLES)
    assert {t for t in got if t.subject == skolem} == own_triples(store, skolem) != set()


def test_a_figure_predicate_dereferences_to_the_claims_using_it(
    client: TestClient, store: Store
) -> None:
    figure = NKKG["figure/deaths"]
    reifying = {
        q.triple
        for q in store.quads_for_pattern(None, RDF.reifies, None)
        if isinstance(q.object, Triple) and q.object.predicate == figure
    }
    response = client.get(path_of(figure), headers={"accept": "text/turtle; version=1.2"})
    assert response.status_code == 200
    got = triples_of(response, RdfFormat.TURTLE)
    assert len(reifying) > 10 and reifying <= got
    assert client.get(path_of(figure), headers={"accept": "text/html"}).status_code == 200
    # Only RDF 1.2 can say anything about it: an RDF 1.1 request is told where to look.
    refused = client.get(path_of(figure), headers={"accept": "text/turtle"})
    assert refused.status_code == 406
    assert "text/turtle; version=1.2" in refused.json()["detail"]
    assert "version=1.2" in refused.headers["link"]


# --- what a description holds -----------------------------------------------------------------


def description(client: TestClient, resource: NamedNode) -> set[Triple]:
    response = client.get(path_of(resource), headers={"accept": "application/n-triples"})
    assert response.status_code == 200
    return triples_of(response, RdfFormat.N_TRIPLES)


def objects(triples: set[Triple], subject: object, predicate: NamedNode) -> set:
    return {t.object for t in triples if t.subject == subject and t.predicate == predicate}


def test_an_entity_comes_with_its_claims_claimants_sources_and_quotes(
    client: TestClient, store: Store
) -> None:
    got = description(client, EVENT)
    about = {q.subject for q in store.quads_for_pattern(None, NKKG.about, EVENT)}
    claims = {s for s in about if Triple(s, RDF.type, NKKG.Claim) in own_triples(store, s)}
    assert len(claims) > 5 and about - claims  # the disputed variables are about it too
    for variable in about - claims:
        assert Triple(variable, NKKG.about, EVENT) in got and objects(got, variable, RDFS.label)
    for claim in claims:
        assert own_triples(store, claim) <= got
        for claimant in objects(got, claim, NKKG.claimant):
            assert objects(got, claimant, RDFS.label)
        for citation in objects(got, claim, NKKG.citation):
            assert own_triples(store, citation) <= got
            for source in objects(got, citation, NKKG.source):
                assert objects(got, source, RDFS.label)
        for evidence in objects(got, claim, NKKG.hasEvidence):
            quotes = {
                o for s in objects(got, evidence, OA.hasSelector) for o in objects(got, s, OA.exact)
            }
            assert quotes
    # its labels in every language, and the labels of what it links to
    assert objects(got, EVENT, RDFS.label) == {
        q.object for q in store.quads_for_pattern(EVENT, RDFS.label, None)
    }
    for linked in objects(got, EVENT, NKKG.place):
        assert objects(got, linked, RDFS.label)
    # incoming links (a reified statement's come with the statement), with their labels
    incoming = {
        q.triple
        for q in store.quads_for_pattern(None, None, EVENT)
        if q.predicate not in (RDF.subject, RDF.object)
    }
    assert len(incoming) > 10 and incoming <= got
    assert all(objects(got, t.subject, RDFS.label) for t in incoming if t.predicate == NKKG.about)


def test_a_claim_comes_with_its_cited_pages_and_quote(client: TestClient, store: Store) -> None:
    got = description(client, CLAIM)
    citation = iris.claim_part("khojaly-deaths-conservative-estimate", "ref", "33")
    assert own_triples(store, citation) <= got
    assert objects(got, iris.source(33), RDFS.label)
    # concepts linked to are labelled with their skos:prefLabel
    assert objects(got, iris.quantity_kind("deaths"), SKOS.prefLabel)
    quote = iris.selector(9963, 9991, "quote")
    assert own_triples(store, quote) <= got
    assert any("保守估計" in o.value for o in objects(got, quote, OA.exact))


def test_an_evidence_comes_with_its_quote(client: TestClient, store: Store) -> None:
    got = description(client, iris.evidence(9963, 9991))
    for kind in ("quote", "position"):
        selector = iris.selector(9963, 9991, kind)
        assert own_triples(store, selector) <= got != set()


# --- negotiation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "text/html"),
        ("*/*", "text/html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("text/turtle;q=0.5, application/rdf+xml", "application/rdf+xml"),
        ("application/n-triples, text/turtle;q=0.9, */*;q=0.1", "application/n-triples"),
        ("application/json", "application/ld+json"),
        ("text/*;q=0.5, application/ld+json;q=0.4", "text/html"),
        ("text/html;q=0, text/*", "text/turtle"),
    ],
)
def test_q_values_decide(client: TestClient, accept: str | None, media: str) -> None:
    headers = {"accept": accept} if accept is not None else {}
    request = client.build_request("GET", path_of(iris.source(33)), headers=headers)
    if accept is None:
        del request.headers["accept"]
    response = client.send(request)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


def test_format_parameter_wins_and_links_name_every_alternate(client: TestClient) -> None:
    path = path_of(iris.source(33))
    response = client.get(path, params={"format": "ttl"}, headers={"accept": "text/html"})
    assert response.headers["content-type"].startswith("text/turtle")
    assert response.headers["content-location"] == f"{path}?format=turtle"
    links = re.findall(r'<([^>]+)>; rel="alternate"; type="([^"]+)"', response.headers["link"])
    assert {media for _, media in links} == {
        "text/html",
        "text/turtle",
        "application/n-triples",
        "application/rdf+xml",
        "application/ld+json",
        "text/turtle; version=1.2",
        "application/n-triples; version=1.2",
    }
    for url, media in links:
        alternate = client.get(url, headers={"accept": "image/png"})  # the URL alone decides
        assert alternate.status_code == 200
        assert alternate.headers["content-type"].replace("; charset=utf-8", "") == media
    assert client.get(path, params={"format": "docx"}).status_code == 400
    assert client.get(path, params={"format": "nquads"}).status_code == 406
    refused = client.get(path, headers={"accept": "image/png"})
    assert refused.status_code == 406
    assert refused.headers["content-type"] == "application/problem+json"


def test_etag_304_head_and_options(client: TestClient) -> None:
    path = path_of(iris.source(33))
    first = client.get(path, headers={"accept": "text/turtle"})
    tag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = client.get(path, headers={"accept": "text/turtle", "if-none-match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    other = client.get(path, headers={"accept": "application/rdf+xml", "if-none-match": tag})
    assert other.status_code == 200 and other.headers["etag"] != tag
    head = client.head(path, headers={"accept": "text/turtle"})
    assert head.status_code == 200 and head.content == b""
    for name in ("content-type", "etag", "content-location", "link", "vary"):
        assert head.headers[name] == first.headers[name]
    options = client.options(path)
    assert options.status_code == 204 and options.headers["allow"] == "GET, HEAD, OPTIONS"
    post = client.post(path)
    assert post.status_code == 405 and post.headers["allow"] == "GET, HEAD, OPTIONS"


# --- 404 in the format asked for --------------------------------------------------------------


@pytest.mark.parametrize("name", list(RDF_MEDIA))
def test_unknown_iris_get_404_as_an_empty_graph(client: TestClient, name: str) -> None:
    media, fmt, rdflib_format = RDF_MEDIA[name]
    for resource in (UNKNOWN, NKKG["NoSuchClass"], NamedNode(iris.graph("claims").value + "-x")):
        response = client.get(path_of(resource), headers={"accept": media})
        assert response.status_code == 404
        assert response.headers["content-type"].split(";")[0] == media
        assert triples_of(response, fmt) == set()
        assert len(rdflib.Graph().parse(data=response.content, format=rdflib_format)) == 0
        assert "nothing in this graph is known" in response.text


def test_unknown_iris_get_404_as_a_page_or_a_problem(client: TestClient) -> None:
    path = path_of(UNKNOWN)
    page = client.get(path, headers={"accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert UNKNOWN.value in page.text
    # a path that makes no IRI at all (a bad percent-encoding) names nothing either
    assert client.get("/id/a%zz", headers={"accept": "text/html"}).status_code == 404
    for media in ("application/ld+json", "application/json"):
        problem = client.get(path, headers={"accept": media})
        assert problem.status_code == 404
        assert problem.headers["content-type"] == "application/problem+json"
        body = problem.json()
        assert body["error"] == "not-found" and UNKNOWN.value in body["detail"]


# --- end to end: a real server on another host than w3id.org ----------------------------------


def test_links_work_on_a_real_server_on_another_host(built_store: Path) -> None:
    with (
        running_server(built_store, "--query-workers", "2") as server,
        httpx.Client(base_url=server.url, timeout=30) as live,
    ):
        assert not server.url.startswith(BASE)
        page = live.get(path_of(EVENT), headers={"accept": "text/html"})
        assert page.status_code == 200
        # HTML links use served paths, so they stay on this host …
        hrefs = sorted(set(re.findall(r'href="(/(?:id|ontology)/[^"?#]+)"', page.text)))
        assert len(hrefs) > 5
        for href in hrefs[:15]:
            assert live.get(href, headers={"accept": "text/html"}).status_code == 200, href
        # … while RDF keeps the real IRIs, each of which dereferences at its served path here.
        turtle = live.get(path_of(EVENT), headers={"accept": "text/turtle"})
        got = triples_of(turtle, RdfFormat.TURTLE)
        assert EVENT in {t.subject for t in got}
        linked = sorted(
            {t.object.value for t in got if t.subject == EVENT and isinstance(t.object, NamedNode)}
        )
        minted = [iri for iri in linked if iri.startswith(BASE)]
        assert len(minted) > 3
        for iri in minted:
            response = live.get(iris.served_path(iri), headers={"accept": "application/n-triples"})
            assert response.status_code == 200, iri
            assert NamedNode(iri) in {t.subject for t in triples_of(response, RdfFormat.N_TRIPLES)}
        # JSON-LD's context is fetched over HTTP from this server by rdflib itself.
        jsonld = live.get(path_of(iris.source(33)), headers={"accept": "application/ld+json"})
        assert jsonld.json()["@context"] == server.url + "context.jsonld"
        parsed = rdflib.Graph().parse(data=jsonld.text, format="json-ld")
        nt = live.get(path_of(iris.source(33)), headers={"accept": "application/n-triples"})
        assert isomorphic(parsed, rdflib.Graph().parse(data=nt.text, format="nt"))


def test_a_place_comes_with_the_side_that_uses_each_of_its_names(client: TestClient) -> None:
    shusha = iris.entity("place", "shusha")
    triples = description(client, shusha)
    statements = {t.subject for t in triples if t.predicate == RDF.subject and t.object == shusha}
    used_by = {}
    for statement in statements:
        for side in objects(triples, statement, NKKG.usedBy):
            used_by.update({name.value: side for name in objects(triples, statement, RDF.object)})
    assert used_by["Shushi"] == iris.side("armenian")
    assert used_by["Shusha"] == iris.side("azerbaijani")
    # the side comes with its name, so a consumer needs no second request
    assert objects(triples, iris.side("armenian"), SKOS.prefLabel)
