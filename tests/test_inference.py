"""The `inferred` graph: OWL 2 RL entailments by owlrl, kept apart from the asserted data, with
no blank nodes, nothing already asserted, and the same result as owlrl run plainly."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, parse

from graph_builder import iris
from graph_builder.checks import inference
from graph_builder.checks.rdflib_graphs import oxigraph_term, rdflib_graph
from graph_builder.rdf import ontology

DATA = Path(__file__).parent / "data"
EX = "http://example.org/"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREFIXES = """PREFIX nkkg: <https://w3id.org/nkkg/ontology/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
"""


def quads(path: Path, graph: str) -> list[Quad]:
    return [
        Quad(t.subject, t.predicate, t.object, iris.graph(graph))
        for t in parse(path=str(path), format=RdfFormat.TURTLE)
    ]


def small_world() -> list[Quad]:
    return quads(DATA / "inference" / "ontology.ttl", "ontology") + quads(
        DATA / "inference" / "data.ttl", "curated"
    )


def as_lines(found: list[Quad]) -> set[str]:
    return {f"{q.subject.value} {q.predicate.value} {q.object.value}" for q in found}


def plain_owlrl(asserted: list[Quad]) -> set[str]:
    """What owlrl's own closure adds, kept by the same rule: the reference for the shortcuts."""
    graph = rdflib_graph(asserted)
    before = set(graph)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(graph)
    added = [t for t in graph if t not in before and inference.worth_storing(t)]
    return {f"{s} {p} {oxigraph_term(o).value}" for s, p, o in added}


def test_what_the_small_world_entails() -> None:
    t = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    sub = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    expected = {
        f"{EX}armenia {t} {EX}Actor",  # subclass
        f"{EX}armenia {t} {EX}Agent",  # subclass, two steps
        f"{EX}armenia {t} {EX}Thing",  # domain of a datatype property
        f"{EX}shusha-battle {t} {EX}Event",  # subclass and range
        f"{EX}shusha {t} {EX}Place",  # domain
        f"{EX}karabakh {t} {EX}Place",  # range (and domain)
        f"{EX}caucasus {t} {EX}Place",  # range
        f"{EX}lachin {t} {EX}Place",  # allValuesFrom
        f"{EX}shusha {EX}within {EX}karabakh",  # sub-property
        f"{EX}shusha {EX}containedIn {EX}caucasus",  # transitive
        f"{EX}shusha-battle {EX}partOf {EX}war",  # transitive
        f"{EX}offensive {EX}hasPart {EX}shusha-battle",  # inverse
        f"{EX}war {EX}hasPart {EX}offensive",  # inverse
        f"{EX}war {EX}hasPart {EX}shusha-battle",  # inverse of the transitive closure
        f"{EX}State {sub} {EX}Agent",  # the class hierarchy, closed
    }
    closure = inference.materialize(small_world())
    assert as_lines(closure.quads) == expected
    assert closure.inconsistencies == ()
    assert {q.graph_name for q in closure.quads} == {iris.graph("inferred")}


def test_the_shortcuts_give_what_plain_owlrl_gives() -> None:
    valid = quads(DATA / "shapes" / "valid.ttl", "curated")
    for world in (small_world(), ontology.load_ontology() + valid):
        assert as_lines(inference.materialize(world).quads) == plain_owlrl(world)


def test_only_named_things_new_facts_sorted_and_repeatable() -> None:
    world = ontology.load_ontology() + quads(DATA / "shapes" / "valid.ttl", "curated")
    first, second = inference.materialize(world), inference.materialize(world)
    assert first.quads == second.quads == sorted(first.quads, key=_key)
    asserted = {(q.subject, q.predicate, q.object) for q in world}
    for quad in first.quads:
        assert isinstance(quad.subject, NamedNode)
        assert not isinstance(quad.object, BlankNode)
        assert "/.well-known/genid/" not in quad.subject.value + str(quad.object)
        assert quad.predicate.value != "http://www.w3.org/2002/07/owl#sameAs"
        assert quad.object.value != "http://www.w3.org/2002/07/owl#Thing"
        assert (quad.subject, quad.predicate, quad.object) not in asserted


def _key(quad: Quad) -> tuple[str, str, str]:
    return (quad.subject.value, quad.predicate.value, str(quad.object))


KINDS_ONTOLOGY = """@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:Person a owl:Class .
ex:Veteran a owl:Class ;
    owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( ex:Actor ex:Person ) ] .
ex:Place owl:disjointWith ex:Event .
"""


def turtle(text: str, graph: str) -> list[Quad]:
    return [
        Quad(t.subject, t.predicate, t.object, iris.graph(graph))
        for t in parse(text.encode(), format=RdfFormat.TURTLE)
    ]


def test_individuals_known_by_their_types_alone_get_what_plain_owlrl_gives() -> None:
    # Most of the real data: individuals of which only types are said. One of each kind stands
    # in for the others in owlrl's rounds; each must still get its own entailments.
    data = """@prefix ex: <http://example.org/> .
ex:a1 a ex:State, ex:Person . ex:a2 a ex:State, ex:Person . ex:a3 a ex:Person, ex:State .
ex:b1 a ex:Battle . ex:b2 a ex:Battle . ex:b3 a ex:Battle .
ex:c1 a ex:State, ex:Person ; ex:fought ex:b1 .
"""
    world = small_world() + turtle(KINDS_ONTOLOGY, "ontology") + turtle(data, "curated")
    found = as_lines(inference.materialize(world).quads)
    assert found == plain_owlrl(world)
    for individual in ("a1", "a2", "a3", "c1"):
        assert (
            f"{EX}{individual} http://www.w3.org/1999/02/22-rdf-syntax-ns#type {EX}Veteran" in found
        )
    for battle in ("b1", "b2", "b3"):
        assert f"{EX}{battle} {TYPE} {EX}Event" in found


def test_each_inconsistent_individual_is_named() -> None:
    data = """@prefix ex: <http://example.org/> .
ex:p1 a ex:Place, ex:Battle . ex:p2 a ex:Place, ex:Battle .
"""
    world = small_world() + turtle(KINDS_ONTOLOGY, "ontology") + turtle(data, "curated")
    found = inference.materialize(world).inconsistencies
    assert any(f"{EX}p1" in message for message in found), found
    assert any(f"{EX}p2" in message for message in found), found


def test_a_functional_property_with_two_values_is_reported() -> None:
    world = small_world() + [
        Quad(NamedNode(EX + "armenia"), NamedNode(EX + "capital"), NamedNode(EX + city))
        for city in ("yerevan", "gyumri")
    ]
    found = inference.materialize(world).inconsistencies
    assert any("gyumri" in f and "yerevan" in f and "owl:sameAs" in f for f in found), found


def test_a_datatype_range_adds_no_statement_about_a_literal() -> None:
    world = small_world() + [
        Quad(NamedNode(EX + "karabakh"), NamedNode(EX + "name"), Literal("Karabakh"))
    ]
    lines = as_lines(inference.materialize(world).quads)
    assert not any(line.startswith("Karabakh") for line in lines)
    assert f"{EX}karabakh http://www.w3.org/1999/02/22-rdf-syntax-ns#type {EX}Thing" in lines


# -- on the real store ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(built_store: Path) -> Store:
    return Store.read_only(str(built_store))


def count(store: Store, where: str) -> int:
    query = PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
    row = next(iter(store.query(query, use_default_graph_as_union=True)))
    return int(row[0].value)


def test_the_inferred_graph_is_its_own(live: Store) -> None:
    inferred = iris.graph("inferred")
    assert count(live, f"GRAPH <{inferred.value}> {{ ?s ?p ?o }}") > 1000
    shared = f"""GRAPH <{inferred.value}> {{ ?s ?p ?o }}
        GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{inferred.value}>)"""
    assert count(live, shared) == 0


def test_actors_are_prov_agents_and_events_schema_events(live: Store) -> None:
    # A side (the Armenian side accuses…) is an agent too: claims are attributed to it.
    actors, sides = count(live, "?x a nkkg:Actor"), count(live, "?x a nkkg:Side")
    assert actors + sides == count(live, "?x a prov:Agent") and actors > 50
    assert count(live, "?x a nkkg:Event") == count(live, "?x a schema:Event") > 50
    assert count(live, "?x a nkkg:Battle FILTER NOT EXISTS { ?x a schema:Event }") == 0


def test_containment_is_transitive(live: Store) -> None:
    two_steps = "?a nkkg:locatedIn ?b . ?b nkkg:locatedIn ?c FILTER(?a != ?c)"
    assert count(live, two_steps) > 0
    assert count(live, two_steps + " FILTER NOT EXISTS { ?a nkkg:locatedIn ?c }") == 0
    super_events = "?a nkkg:partOfEvent ?b . ?b nkkg:partOfEvent ?c FILTER(?a != ?c)"
    assert count(live, super_events + " FILTER NOT EXISTS { ?a nkkg:partOfEvent ?c }") == 0


def test_alignments_are_materialized(live: Store) -> None:
    # schema:containedInPlace, dcterms:isPartOf, schema:citation follow their sub-properties.
    assert (
        count(live, "?a nkkg:locatedIn ?b FILTER NOT EXISTS { ?a schema:containedInPlace ?b }") == 0
    )
    assert count(live, "?c nkkg:cites ?s FILTER NOT EXISTS { ?c schema:citation ?s }") == 0
