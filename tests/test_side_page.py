"""A side's page in process, held to the graph's own answers: its actors, every claim about it
grouped by figure and charted, and the names it uses; its IRI still gives RDF to RDF clients."""

from __future__ import annotations

import pyoxigraph
import pytest
from html_tree import has_class, parse, text
from pyoxigraph import NamedNode, RdfFormat, Store, Variable
from starlette.testclient import TestClient

from graph_builder import iris
from graph_builder.namespaces import NKKG, sparql_prologue

HTML = {"Accept": "text/html"}


def side_page(client: TestClient, side: str):  # type: ignore[no-untyped-def]
    response = client.get(f"/ontology/side/{side}", headers=HTML)
    assert response.status_code == 200
    return parse(response.text)


def select(store: Store, query: str, side: NamedNode) -> set[str]:
    answer = store.query(
        sparql_prologue() + query,
        use_default_graph_as_union=True,
        substitutions={Variable("side"): side},
    )
    return {iris.served_path(row[0].value) or row[0].value for row in answer}


@pytest.mark.parametrize("side", ["armenian", "azerbaijani"])
def test_a_side_lists_every_actor_the_graph_puts_on_it(
    client: TestClient, store: Store, side: str
) -> None:
    root = side_page(client, side)
    shown = {
        tr.find(".//a").get("href")
        for tr in root.find(".//section[@id='actors']").iter("tr")
        if has_class(tr, "actor")
    }
    expected = select(
        store,
        """SELECT DISTINCT ?actor ?side WHERE {
             { ?actor nkkg:side ?side ; a nkkg:Actor }
             UNION { ?actor nkkg:sideSpan/nkkg:side ?side }
             UNION { ?event nkkg:participation ?p . ?p nkkg:side ?side ; nkkg:agent ?actor } }""",
        NKKG[f"side/{side}"],
    )
    assert shown == expected and len(shown) > 20


def test_the_claims_about_a_side_are_grouped_by_figure_and_charted(
    client: TestClient, store: Store
) -> None:
    side = NKKG["side/armenian"]
    root = side_page(client, "armenian")
    section = root.find(".//section[@id='figures']")
    shown = {tr.get("id") for tr in section.iter("tr") if has_class(tr, "claim")}
    expected = select(
        store, "SELECT ?claim ?side WHERE { ?claim a nkkg:Claim ; nkkg:about ?side }", side
    )
    assert shown == expected and len(shown) >= 10
    kinds = [s for s in section.iter("section") if has_class(s, "figure-kind")]
    deaths = next(s for s in kinds if text(s.find("h3")) == "Deaths")
    assert deaths.find(".//svg") is not None
    assert "5,856" in text(deaths) and any(has_class(li, "verdict") for li in deaths.iter("li"))


@pytest.mark.parametrize(
    ("side", "names", "not_names"),
    [
        ("armenian", {"Shushi", "Berdzor", "Artsakh", "Stepanakert"}, {"Shusha", "Khankendi"}),
        ("azerbaijani", {"Shusha", "Khankendi", "Aghdara", "Khojaly Airport"}, {"Shushi"}),
    ],
)
def test_a_side_lists_the_names_it_uses(
    client: TestClient, side: str, names: set[str], not_names: set[str]
) -> None:
    root = side_page(client, side)
    used = {
        text(span)
        for span in root.find(".//section[@id='names']").iter("span")
        if has_class(span, "name")
    }
    assert names <= used and not (not_names & used)


def test_a_side_iri_still_gives_rdf_to_rdf_clients(client: TestClient) -> None:
    response = client.get("/ontology/side/armenian", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    # pyoxigraph, not rdflib: the description holds the RDF 1.2 claims about the side
    triples = list(pyoxigraph.parse(response.content, format=RdfFormat.TURTLE))
    assert any(t.subject == NKKG["side/armenian"] for t in triples)
