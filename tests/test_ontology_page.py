"""The ontology at its namespace: /ontology as documentation or as the ontology graph, a page
for each term, and the JSON-LD context generated from the ontology."""

from __future__ import annotations

import json
from html import unescape

import pytest
import rdflib
from fastapi.testclient import TestClient
from pyoxigraph import NamedNode, RdfFormat, Store, parse
from rdflib.compare import isomorphic

from graph_builder import iris
from graph_builder.checks.rdflib_graphs import rdflib_graph
from graph_builder.namespaces import NKKG, ONTOLOGY_IRI, RDF
from server.linked_data.jsonld import CONTEXT_PATH, context_text
from server.linked_data.ontology_page import documentation, expand

DOC = documentation()
TERMS = [t.name for t in DOC.classes + DOC.object_properties + DOC.datatype_properties]
CONCEPTS = [c.iri for s in DOC.schemes for c in s.concepts] + [s.iri for s in DOC.schemes]


@pytest.fixture(scope="module")
def page(client: TestClient) -> str:
    response = client.get("/ontology", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return unescape(response.text)


def test_the_page_documents_every_term_in_both_languages(page: str) -> None:
    assert len(DOC.classes) > 40 and len(DOC.object_properties) > 20
    for term in DOC.classes + DOC.object_properties + DOC.datatype_properties:
        assert f'id="{term.name.removeprefix("nkkg:")}"' in page, term.name
        for text in term.labels + term.definitions:
            assert text and text in page, (term.name, text)
    assert DOC.title[1] in page and DOC.description[1] in page


def test_the_page_shows_the_alignments_and_the_concept_schemes(page: str) -> None:
    for external in ("prov:Agent", "schema:Event", "skos:Concept", "oa:SpecificResource"):
        assert f"<code>{external}</code>" in page
    for scheme in DOC.schemes:
        for concept in scheme.concepts:
            assert concept.labels[0] in page and concept.labels[1] in page
            assert f'href="{iris.served_path(concept.iri)}"' in page


@pytest.mark.parametrize(
    ("media", "fmt"),
    [
        ("text/turtle", RdfFormat.TURTLE),
        ("application/n-triples", RdfFormat.N_TRIPLES),
        ("application/rdf+xml", RdfFormat.RDF_XML),
    ],
)
def test_the_rdf_is_the_ontology_graph(
    client: TestClient, store: Store, media: str, fmt: RdfFormat
) -> None:
    response = client.get("/ontology", headers={"accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    got = {q.triple for q in parse(response.content, format=fmt)}
    graph = iris.graph("ontology")
    expected = {q.triple for q in store.quads_for_pattern(None, None, None, graph)}
    assert got == expected and len(got) > 1000
    # rdflib reads it as the same graph
    rdflib_format = {RdfFormat.TURTLE: "turtle", RdfFormat.N_TRIPLES: "nt"}.get(fmt, "xml")
    served = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert isomorphic(served, rdflib_graph(parse(response.content, format=fmt)))


@pytest.mark.parametrize("name", TERMS)
def test_every_class_and_property_has_its_page(client: TestClient, name: str) -> None:
    iri = expand(name)
    response = client.get(iris.served_path(iri), headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert f"/ontology#{name.removeprefix('nkkg:')}" in response.text
    term = DOC.term(iri)
    assert term is not None and unescape(term[1].definitions[1]) in unescape(response.text)


@pytest.mark.parametrize("iri", CONCEPTS)
def test_every_concept_and_scheme_dereferences(client: TestClient, store: Store, iri: str) -> None:
    path = iris.served_path(iri)
    page = client.get(path, headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    turtle = client.get(path, headers={"accept": "text/turtle"})
    got = {q.triple for q in parse(turtle.content, format=RdfFormat.TURTLE)}
    own = {q.triple for q in store.quads_for_pattern(NamedNode(iri), None, None)}
    assert {t for t in got if t.subject == NamedNode(iri)} == own != set()


def test_an_unknown_term_is_404(client: TestClient) -> None:
    response = client.get("/ontology/NoSuchTerm", headers={"accept": "text/html"})
    assert response.status_code == 404 and "NoSuchTerm" in response.text


def test_the_ontology_iri_is_the_pages_iri() -> None:
    assert iris.served_path(ONTOLOGY_IRI.value) == "/ontology"
    assert iris.served_path(NKKG.Claim.value) == "/ontology/Claim"


# --- the JSON-LD context -----------------------------------------------------------------------


def test_the_committed_context_is_generated_from_the_ontology() -> None:
    assert CONTEXT_PATH.read_text(encoding="utf-8") == context_text(), (
        "regenerate it: python -m server.linked_data.jsonld"
    )


def test_the_context_names_every_term_the_data_uses(store: Store) -> None:
    context = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    used = {q.predicate.value for q in store} | {
        q.object.value for q in store.quads_for_pattern(None, RDF.type, None)
    }
    local_names = {iri.removeprefix(str(NKKG)) for iri in used if iri.startswith(str(NKKG))}
    local_names = {name for name in local_names if "/" not in name}  # not figure/deaths
    assert local_names and all(name in context for name in local_names)
    for key in ("type", "label", "prefLabel", "altLabel", "exact", "hasSelector", "about"):
        assert key in context


def test_the_context_is_served(client: TestClient) -> None:
    response = client.get("/context.jsonld")
    assert response.status_code == 200 and response.headers["content-type"] == "application/ld+json"
    assert response.content == CONTEXT_PATH.read_bytes()
    again = client.get("/context.jsonld", headers={"if-none-match": response.headers["etag"]})
    assert again.status_code == 304
