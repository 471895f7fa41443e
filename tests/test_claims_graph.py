"""The claims on the real graph: every version of a figure, with claimant, reference and words."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Literal, NamedNode, Store, Variable

from graph_builder import iris
from graph_builder.claims import coverage
from graph_builder.claims.claim import build_claims
from graph_builder.curation.loader import load_curation
from graph_builder.document.records import Document

QUERIES = Path(__file__).resolve().parent.parent / "queries"
CLAIMS_COLUMNS = [
    "claim",
    "variable",
    "subject",
    "subjectLabel",
    "quantityKind",
    "value",
    "min",
    "max",
    "bound",
    "unit",
    "scope",
    "claimant",
    "claimantLabel",
    "refNumber",
    "page",
    "asWritten",
    "quote",
]
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def run(store: Store, name: str, **params: NamedNode | Literal) -> tuple[list[str], list[dict]]:
    query = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    solutions = store.query(
        query,
        use_default_graph_as_union=True,
        substitutions={Variable(k): v for k, v in params.items()},
    )
    names = [v.value for v in solutions.variables]
    rows = [{n: row[n].value for n in names if row[n] is not None} for row in solutions]
    return names, rows


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def test_every_version_of_the_khojaly_deaths(store: Store) -> None:
    names, rows = run(store, "claims", about=iris.entity("event", "khojaly-massacre"))
    assert names[: len(CLAIMS_COLUMNS)] == CLAIMS_COLUMNS  # stable for CSV users
    deaths = {
        (r.get("asWritten"), r["scope"], r["claimantLabel"], r.get("refNumber"))
        for r in rows
        if local(r.get("quantityKind", "")) == "deaths"
    }
    assert ("485", "total", "unattributed", "33") in deaths
    assert ("613", "civilians", "Azerbaijani authorities", "67") in deaths
    assert ("106", "women", "Azerbaijani authorities", "67") in deaths
    assert ("83", "children", "Azerbaijani authorities", "67") in deaths
    assert ("超過1000", "four years of conflict", "The Boston Globe", None) in deaths
    by_claim = {local(r["claim"]): r for r in rows}
    conservative = by_claim["khojaly-deaths-conservative-estimate"]
    assert conservative["value"] == "485" and conservative["bound"] == "exact"
    assert "保守估計死亡人數有485人" in conservative["quote"]
    over = by_claim["khojaly-deaths-boston-globe-four-years"]
    assert (over["min"] if "min" in over else over["value"]) == "1000"
    assert over["bound"] == "lower"
    assert len(rows) == len({(r["claim"], r.get("refNumber")) for r in rows})  # no duplicates


def test_the_article_weighs_485_and_the_weighing_is_the_articles(store: Store) -> None:
    rows = store.query(
        """PREFIX nkkg: <https://w3id.org/nkkg/ontology/>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?words ?by WHERE { <https://w3id.org/nkkg/id/claim/khojaly-deaths-conservative-estimate>
          nkkg:weighing/oa:hasSelector/oa:exact ?words ; nkkg:weighedBy ?by }""",
        use_default_graph_as_union=True,
    )
    assert [(r[0].value, r[1].value) for r in rows] == [("保守估計", iris.document().value)]


def test_disputed_variables_list_their_versions(store: Store) -> None:
    _, rows = run(store, "disputed")
    khojaly = [r for r in rows if local(r["variable"]) == "khojaly-massacre--deaths--civilians"]
    assert {r["asWritten"] for r in khojaly} >= {"613", "幾百"}
    assert "different claimants" in khojaly[0]["reason"]
    armenian = {
        r["asWritten"]: r["refs"]
        for r in rows
        if local(r["variable"]) == "armenian-side--deaths--total"
    }
    assert armenian == {"5,856": "20", "6,000": "21"}  # one infobox range, two sources


def test_by_claimant_and_by_source(store: Store) -> None:
    _, rows = run(store, "by-claimant", claimant=iris.entity("actor", "azerbaijani-authorities"))
    assert {r["asWritten"] for r in rows} == {"613", "106", "83"}
    _, rows = run(store, "by-source", ref=Literal("33", datatype=XSD_INTEGER))
    assert "khojaly-deaths-conservative-estimate" in {local(r["claim"]) for r in rows}
    _, rows = run(store, "by-source", ref=Literal("21", datatype=XSD_INTEGER))
    pages = {r.get("page") for r in rows}
    assert pages == {"285"}  # [21] is de Waal 2003, p. 285


def test_denials_and_refuted_charges_are_attributed_claims(store: Store) -> None:
    _, rows = run(store, "by-claimant", claimant=iris.entity("actor", "armenia"))
    assert "denies" in {r.get("polarity") for r in rows}
    refuted = store.query(
        """PREFIX nkkg: <https://w3id.org/nkkg/ontology/>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?words WHERE { ?c nkkg:polarity "refuted" ; nkkg:weighing/oa:hasSelector/oa:exact
        ?words }""",
        use_default_graph_as_union=True,
    )
    assert "被證明是子虛烏有" in {r[0].value for r in refuted}


def test_the_rdf12_form_reifies_without_asserting(store: Store) -> None:
    rows = store.query("""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?v WHERE { GRAPH <https://w3id.org/nkkg/graph/claims-rdf12> {
          <https://w3id.org/nkkg/id/claim/khojaly-deaths-conservative-estimate> rdf:reifies
          <<( <https://w3id.org/nkkg/id/event/khojaly-massacre>
              <https://w3id.org/nkkg/ontology/figure/deaths> ?v )>> } }""")
    assert [r[0].value for r in rows] == ["485"]
    bare = store.query(
        """ASK { <https://w3id.org/nkkg/id/event/khojaly-massacre>
        <https://w3id.org/nkkg/ontology/figure/deaths> ?v }""",
        use_default_graph_as_union=True,
    )
    assert not bool(bare)  # never a bare triple


def test_no_claim_is_marked_true_or_preferred_by_us(store: Store) -> None:
    predicates = {
        r[0].value
        for r in store.query(
            """SELECT DISTINCT ?p WHERE {
        ?c a <https://w3id.org/nkkg/ontology/Claim> ; ?p ?o }""",
            use_default_graph_as_union=True,
        )
    }
    assert not {p for p in predicates if local(p).lower() in {"preferred", "true", "verified"}}


def test_every_quantity_number_is_claimed_or_excluded(doc: Document) -> None:
    curation = load_curation(doc)
    claims = build_claims(doc, curation)
    report = coverage.report(doc, curation, claims).numbers
    assert [(m.start, m.text) for m in report.uncovered] == []
    assert report.percent == 100.0 and len(report.covered) >= 130
    assert all(e.reason for e in claims.exclusions)
