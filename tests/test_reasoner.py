"""The ontology and a DL reasoner: HermiT (through owlready2, on Java) finds ontology/nkkg.ttl
consistent with every class satisfiable, and does find an unsatisfiable class and an inconsistent
ontology when there is one; rdflib, pyoxigraph and owlready2 read the ontology alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store, parse
from rdflib import Graph

from graph_builder.build import BuildInputs, build
from graph_builder.checks import gates, reasoner
from graph_builder.errors import OntologyError
from graph_builder.rdf.ontology import ONTOLOGY
from graph_builder.rdf.owl_lite import owl_lite_violations

DATA = Path(__file__).parent / "data" / "reasoner"
UNSATISFIABLE = DATA / "unsatisfiable.ttl"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def test_the_ontology_is_consistent_and_every_class_satisfiable(ontology: Graph) -> None:
    verdict = reasoner.hermit(ontology)
    assert verdict.consistent
    assert verdict.unsatisfiable == ()
    assert verdict.classes >= 60
    assert str(verdict) == f"HermiT: consistent, all {verdict.classes} classes satisfiable"


def test_an_unsatisfiable_class_is_named() -> None:
    contradiction = Graph().parse(UNSATISFIABLE, format="turtle")
    assert owl_lite_violations(contradiction) == []  # only a reasoner can see this one
    verdict = reasoner.hermit(contradiction)
    assert verdict.consistent
    assert verdict.unsatisfiable == ("http://example.org/Both",)
    assert "1 of 4 classes are unsatisfiable: http://example.org/Both" in str(verdict)


def test_a_member_of_an_unsatisfiable_class_makes_the_ontology_inconsistent() -> None:
    contradiction = Graph().parse(UNSATISFIABLE, format="turtle")
    member = "<http://example.org/b> a <http://example.org/Both> ."
    contradiction.parse(data=member, format="turtle")
    verdict = reasoner.hermit(contradiction)
    assert not verdict.consistent and not verdict.sound


def test_the_build_refuses_an_unsatisfiable_class_and_keeps_the_last_store(
    tmp_path: Path,
) -> None:
    live = tmp_path / "store"
    first = build(live, checks=False)
    before = len(Store.read_only(str(live)))
    broken = tmp_path / "nkkg.ttl"
    broken.write_text(
        ONTOLOGY.read_text(encoding="utf-8")
        + """
nkkg:Unicorn a owl:Class ;
    rdfs:subClassOf
        [ a owl:Restriction ; owl:onProperty nkkg:cites ;
          owl:maxCardinality "0"^^xsd:nonNegativeInteger ],
        [ a owl:Restriction ; owl:onProperty nkkg:cites ;
          owl:minCardinality "1"^^xsd:nonNegativeInteger ] ;
    rdfs:label "unicorn"@en, "獨角獸"@zh-Hant ;
    skos:definition "A class no thing can belong to."@en, "沒有任何事物能屬於的類別。"@zh-Hant .
""",
        encoding="utf-8",
    )
    with pytest.raises(OntologyError) as caught:
        build(live, BuildInputs(ontology=broken))
    assert str(caught.value).startswith(f"{broken}: reasoner check failed: HermiT: consistent,")
    assert "https://w3id.org/nkkg/ontology/Unicorn" in str(caught.value)
    assert live.resolve() == first.version
    assert len(Store.read_only(str(live))) == before


def test_the_ontology_parses_alike_with_rdflib_pyoxigraph_and_owlready2(
    ontology: Graph,
) -> None:
    outcome = gates.parsers(ONTOLOGY)
    assert outcome.passed, outcome.summary
    by_owlready = reasoner.owlready_triples(ontology)
    by_oxigraph = list(parse(path=str(ONTOLOGY), format=RdfFormat.TURTLE))
    assert len(by_owlready) == len(by_oxigraph) == len(ontology)
