"""The asserted graphs -> what OWL 2 RL entails from them, for the `inferred` named graph.

owlrl computes the closure of the ontology and the data: subclass and sub-property hierarchies,
inverse and transitive properties, domains and ranges, the alignments to PROV-O and schema.org.
Of what it adds, only plain facts about named things are kept: types by named classes, the
subclass and sub-property links between named terms, and property values. Dropped: `owl:Thing`
and other OWL/RDFS vocabulary as types, reflexive links, `owl:sameAs`, statements about literals,
blank nodes or restriction classes, and anything already asserted. The result is sorted, so
equal inputs give equal graphs.

An `owl:sameAs` between two different IRIs, which a functional property with two values would
entail, is reported as an inconsistency: every IRI here is minted for one thing. The `links`
graph (owl:sameAs and skos:closeMatch to DBpedia) is not reasoned over: merging our
descriptions with another dataset's is for a consumer to choose.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import owlrl
from pyoxigraph import NamedNode, Quad, RdfFormat, parse, serialize
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from graph_builder import iris
from graph_builder.checks.rdflib_graphs import oxigraph_term, rdflib_graph
from graph_builder.namespaces import SKOLEM

_RESERVED = (str(RDF), str(RDFS), str(OWL), str(XSD))
# Axioms after which a property's triples can entail more than the types of their ends.
_LINKING_AXIOMS = (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf)
_CLASS_AXIOMS = (
    RDFS.subClassOf,
    OWL.equivalentClass,
    OWL.disjointWith,
    OWL.intersectionOf,
    OWL.unionOf,
    OWL.complementOf,
    OWL.oneOf,
)
_PROPERTY_KINDS = (
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
)


@dataclass(frozen=True)
class Closure:
    """What OWL 2 RL adds to the asserted graphs, as quads of the `inferred` graph, and the
    inconsistencies found on the way (none in a good build)."""

    quads: list[Quad]
    inconsistencies: tuple[str, ...]


def materialize(asserted: Iterable[Quad]) -> Closure:
    """Gives the OWL 2 RL entailments of `asserted` (the ontology graph and the data) that are
    worth storing, in the `inferred` graph, sorted."""
    links = iris.graph("links")
    asserted = [q for q in asserted if q.graph_name != links]
    ontology_graph = iris.graph("ontology")
    everything = rdflib_graph(asserted)
    tbox = rdflib_graph(q for q in asserted if q.graph_name == ontology_graph)
    working = reasoning_input(everything, tbox)
    rules = _Rules(working, axioms=False, daxioms=False)
    rules.closure()
    inconsistencies = list(rules.error_messages)
    for first, second in sorted(working.subject_objects(OWL.sameAs)):
        if first != second and isinstance(first, URIRef) and isinstance(second, URIRef):
            inconsistencies.append(
                f"<{first}> and <{second}> are entailed to be the same (owl:sameAs): "
                "a functional property with two values?"
            )
    added = sorted(t for t in working if t not in everything and worth_storing(t))
    graph = iris.graph("inferred")
    quads = [
        Quad(NamedNode(str(s)), NamedNode(str(p)), oxigraph_term(o), graph) for s, p, o in added
    ]
    return Closure(quads=quads, inconsistencies=tuple(inconsistencies))


class _Rules(owlrl.OWLRL_Semantics):
    """owlrl's OWL 2 RL rules, less two kinds of output that entail nothing kept here.

    eq-ref (`x owl:sameAs x` for every term) adds nothing through the other equality rules, and
    statements about literals (`"5" rdf:type xsd:integer`) lead to no statement about a named
    thing; owlrl would cycle over both at every round."""

    def _equality(self, triple: tuple[Node, Node, Node], cycle_num: int) -> None:
        _, predicate, obj = triple
        if predicate == OWL.sameAs or (predicate == RDF.type and obj == OWL.AllDifferent):
            super()._equality(triple, cycle_num)

    def store_triple(self, triple: tuple[Node, Node, Node]) -> None:
        if not isinstance(triple[0], Literal):
            super().store_triple(triple)


def reasoning_input(everything: Graph, tbox: Graph) -> Graph:
    """Gives the ontology and what of the data an OWL RL rule needs, for owlrl to close.

    owlrl visits every triple at every round, so the data is cut down first, without changing
    what is entailed about named things (tests/test_inference.py compares with plain owlrl):
    - a triple whose predicate no axiom mentions (labels, reification) entails nothing;
    - a triple whose predicate has only a domain and a range entails only the types of its
      subject and object: those types take its place, once for all the triples that give them;
    - an asserted type by a class that no class axiom starts from (`rdf:Statement`,
      `prov:Entity`, which is only ever a superclass) entails nothing more.
    Other type triples, and sub-property, inverse, transitive, functional and restriction
    triples stay as they are.
    """
    domains, ranges = _by_property(tbox, RDFS.domain), _by_property(tbox, RDFS.range)
    linked: set[Node] = {OWL.sameAs}
    for axiom in _LINKING_AXIOMS:
        for prop, other in tbox.subject_objects(axiom):
            linked |= {prop, other}
    linked |= set(tbox.objects(None, OWL.onProperty))
    for kind in _PROPERTY_KINDS:
        linked |= set(tbox.subjects(RDF.type, kind))
    active = _active_classes(tbox)
    working = Graph()
    for triple in tbox:
        working.add(triple)
    for subject, predicate, obj in everything:
        if predicate == RDF.type:
            if obj in active:
                working.add((subject, predicate, obj))
            continue
        if predicate in linked:
            working.add((subject, predicate, obj))
            continue
        for domain in domains.get(predicate, ()):
            working.add((subject, RDF.type, domain))
        if not isinstance(obj, Literal):
            for range_ in ranges.get(predicate, ()):
                working.add((obj, RDF.type, range_))
    return working


def _active_classes(tbox: Graph) -> set[Node]:
    """Gives the classes an OWL RL class rule can start from: a member's type entails more."""
    active: set[Node] = {OWL.Nothing}
    for axiom in _CLASS_AXIOMS:
        for cls, other in tbox.subject_objects(axiom):
            active.add(cls)
            if axiom in (OWL.equivalentClass, OWL.disjointWith, OWL.complementOf):
                active.add(other)
    for filler in (OWL.someValuesFrom, OWL.allValuesFrom, RDF.first):
        active |= set(tbox.objects(None, filler))
    return active


def _by_property(tbox: Graph, axiom: URIRef) -> dict[Node, list[Node]]:
    found: dict[Node, list[Node]] = {}
    for prop, cls in tbox.subject_objects(axiom):
        found.setdefault(prop, []).append(cls)
    return found


def worth_storing(triple: tuple[Node, Node, Node]) -> bool:
    """True for an entailment the inferred graph keeps: a fact about a named thing."""
    subject, predicate, obj = triple
    if not isinstance(subject, URIRef) or _anonymous(subject) or _anonymous(obj):
        return False
    if predicate == RDF.type:
        return isinstance(obj, URIRef) and not _reserved(obj)
    if predicate in (RDFS.subClassOf, RDFS.subPropertyOf):
        return isinstance(obj, URIRef) and subject != obj and not _reserved(subject, obj)
    return not _reserved(predicate)


def _anonymous(node: Node) -> bool:
    """True for a blank node, or a skolem IRI standing for one (an ontology restriction)."""
    if isinstance(node, BNode):
        return True
    return isinstance(node, URIRef) and str(node).startswith(str(SKOLEM))


def _reserved(*nodes: Node) -> bool:
    return any(isinstance(n, URIRef) and str(n).startswith(_RESERVED) for n in nodes)


@contextmanager
def in_background(asserted: Sequence[Quad]) -> Iterator[Callable[[], Closure]]:
    """Starts `materialize(asserted)` in a worker process (`python -m
    graph_builder.checks.inference`) and gives a function that waits for its result, so that the
    caller can validate meanwhile:
    owlrl and pySHACL are both pure Python, and a build has two cores. Leaving the block stops
    the worker if it still runs."""
    with tempfile.TemporaryDirectory(prefix="nkkg-owlrl-") as folder:
        source, target = Path(folder) / "asserted.nq", Path(folder) / "closure.json"
        source.write_bytes(serialize(asserted, format=RdfFormat.N_QUADS) or b"")
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(filter(None, (package_root, os.environ.get("PYTHONPATH"))))
        worker = subprocess.Popen(
            [sys.executable, "-m", "graph_builder.checks.inference", str(source), str(target)],
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
        )

        def result() -> Closure:
            _, errors = worker.communicate()
            if worker.returncode != 0:
                raise RuntimeError(f"the OWL RL worker failed: {errors.decode(errors='replace')}")
            found = json.loads(target.read_text(encoding="utf-8"))
            quads = parse(found["quads"].encode("utf-8"), format=RdfFormat.N_QUADS)
            return Closure(list(quads), tuple(found["inconsistencies"]))

        try:
            yield result
        finally:
            if worker.poll() is None:
                worker.kill()
            worker.wait()


def main(argv: list[str]) -> int:
    """The worker of `in_background`: reads N-Quads from argv[0], writes the closure (N-Quads
    and inconsistencies, as JSON) to argv[1]."""
    source, target = argv
    closure = materialize(parse(path=source, format=RdfFormat.N_QUADS))
    found = {
        "quads": (serialize(closure.quads, format=RdfFormat.N_QUADS) or b"").decode("utf-8"),
        "inconsistencies": list(closure.inconsistencies),
    }
    Path(target).write_text(json.dumps(found), encoding="utf-8")
    return 0


def summary(quads: Sequence[Quad]) -> str:
    """Gives a one-line account of inferred quads: how many types, hierarchy links, values."""
    types = sum(1 for q in quads if q.predicate.value == str(RDF.type))
    hierarchy = sum(
        1 for q in quads if q.predicate.value in (str(RDFS.subClassOf), str(RDFS.subPropertyOf))
    )
    return (
        f"{len(quads):,} triples: {types:,} types, {hierarchy:,} subclass/sub-property links, "
        f"{len(quads) - types - hierarchy:,} property values"
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
