"""Every term the built data uses is declared in the ontology, with the kind of term it is used
as: no class or property reaches the store undefined."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Store

from graph_builder.namespaces import NKKG

OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ONTOLOGY_GRAPH = "https://w3id.org/nkkg/graph/ontology"
# The RDF 1.2 figure predicates (nkkg:figure/deaths …) are minted per quantity kind and
# documented in docs/claims.md, not declared one by one.
MINTED = ("figure/", "figureApprox/", "figureMin/", "figureMax/")


def _declared(store: Store, kinds: list[str]) -> set[str]:
    values = " ".join(f"<{OWL}{k}>" for k in kinds)
    query = f"SELECT ?t WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?t a ?k VALUES ?k {{ {values} }} }} }}"
    return {row[0].value for row in store.query(query)}


def _used(store: Store, query: str) -> set[str]:
    base = str(NKKG)
    used = {row[0].value for row in store.query(query)}
    return {t for t in used if t.startswith(base) and not t[len(base) :].startswith(MINTED)}


def test_every_class_used_is_declared(built_store: Path) -> None:
    store = Store.read_only(str(built_store))
    used = _used(
        store,
        f"""SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?s <{RDF_TYPE}> ?c }}
        FILTER(?g != <{ONTOLOGY_GRAPH}>) }}""",
    )
    # Instances of the ontology's own concepts (sides, quantity kinds) are not classes.
    assert used - _declared(store, ["Class"]) == set()


def test_every_property_used_is_declared(built_store: Path) -> None:
    store = Store.read_only(str(built_store))
    used = _used(
        store,
        f"""SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
        FILTER(?g != <{ONTOLOGY_GRAPH}>) }}""",
    )
    declared = _declared(store, ["ObjectProperty", "DatatypeProperty", "AnnotationProperty"])
    assert sorted(used - declared) == []
