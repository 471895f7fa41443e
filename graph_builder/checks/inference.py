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

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

import owlrl
from pyoxigraph import Literal as OxigraphLiteral
from pyoxigraph import NamedNode, Quad, Triple
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from graph_builder import iris
from graph_builder.checks.beside import beside
from graph_builder.checks.rdflib_graphs import oxigraph_term, rdflib_graph, rdflib_term
from graph_builder.namespaces import SKOLEM

_RESERVED = (str(RDF), str(RDFS), str(OWL), str(XSD))
_TYPE = str(RDF.type)
# Looked up once: rdflib makes each `OWL.sameAs` anew, and owlrl asks at every triple of a round.
_SAME_AS, _RDF_TYPE, _ALL_DIFFERENT = OWL.sameAs, RDF.type, OWL.AllDifferent
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
    asserted = [
        q
        for q in asserted
        if q.graph_name != links
        and not isinstance(q.subject, Triple)
        and not isinstance(q.object, Triple)
    ]
    ontology_graph = iris.graph("ontology")
    tbox = rdflib_graph(q for q in asserted if q.graph_name == ontology_graph)
    working, typed_aside = reasoning_input(asserted, tbox)
    stood_for = stand_ins(working, tbox)
    rules = _closure(working)
    if stood_for and (rules.error_messages or not _only_typed(working, stood_for)):
        # Not the case stand_ins is for (an inconsistency names each individual): plainly.
        working, typed_aside = reasoning_input(asserted, tbox)
        stood_for = {}
        rules = _closure(working)
    inconsistencies = list(rules.error_messages)
    for first, second in sorted(working.subject_objects(OWL.sameAs)):
        if first != second and isinstance(first, URIRef) and isinstance(second, URIRef):
            inconsistencies.append(
                f"<{first}> and <{second}> are entailed to be the same (owl:sameAs): "
                "a functional property with two values?"
            )
    stated = {(q.subject, q.predicate, q.object) for q in asserted}
    added = sorted(
        {
            t
            for t in chain(_with_members(working, stood_for), typed_aside)
            if worth_storing(t) and tuple(map(oxigraph_term, t)) not in stated
        }
    )
    graph = iris.graph("inferred")
    quads = [
        Quad(NamedNode(str(s)), NamedNode(str(p)), oxigraph_term(o), graph) for s, p, o in added
    ]
    return Closure(quads=quads, inconsistencies=tuple(inconsistencies))


def _closure(working: Graph) -> owlrl.OWLRL_Semantics:
    rules = _Rules(working, axioms=False, daxioms=False)
    rules.closure()
    return rules


class _Rules(owlrl.OWLRL_Semantics):
    """owlrl's OWL 2 RL rules, less two kinds of output that entail nothing kept here.

    eq-ref (`x owl:sameAs x` for every term) adds nothing through the other equality rules, and
    statements about literals (`"5" rdf:type xsd:integer`) lead to no statement about a named
    thing; owlrl would cycle over both at every round."""

    def _equality(self, triple: tuple[Node, Node, Node], cycle_num: int) -> None:
        _, predicate, obj = triple
        if predicate == _SAME_AS or (predicate == _RDF_TYPE and obj == _ALL_DIFFERENT):
            super()._equality(triple, cycle_num)

    def store_triple(self, triple: tuple[Node, Node, Node]) -> None:
        if not isinstance(triple[0], Literal):
            super().store_triple(triple)


def reasoning_input(
    asserted: Sequence[Quad], tbox: Graph
) -> tuple[Graph, set[tuple[Node, Node, Node]]]:
    """Gives the ontology and what of the asserted quads an OWL RL rule needs, for owlrl to
    close, and the types entailed on the way that owlrl need not see.

    owlrl visits every triple at every round, so the data is cut down first, without changing
    what is entailed about named things (tests/test_inference.py compares with plain owlrl):
    - a triple whose predicate no axiom mentions (labels, reification) entails nothing;
    - a triple whose predicate has only a domain and a range entails only the types of its
      subject and object: those types take its place, once for all the triples that give them;
    - a type by a class that no class axiom starts from (`rdf:Statement`, `prov:Entity`,
      which is only ever a superclass) entails nothing more: an asserted one is left out, one
      that a domain or a range gives is set aside, entailed as it is.
    Other type triples, and sub-property, inverse, transitive, functional and restriction
    triples stay as they are. Only what stays is made into rdflib terms.
    """
    domains, ranges = _by_property(tbox, RDFS.domain), _by_property(tbox, RDFS.range)
    linked: set[Node] = {OWL.sameAs}
    for axiom in _LINKING_AXIOMS:
        for prop, other in tbox.subject_objects(axiom):
            linked |= {prop, other}
    linked |= set(tbox.objects(None, OWL.onProperty))
    for kind in _PROPERTY_KINDS:
        linked |= set(tbox.subjects(RDF.type, kind))
    active = {str(cls) for cls in _active_classes(tbox)}
    linked_names = {str(prop) for prop in linked}
    working, aside = Graph(store="SimpleMemory"), set()
    for triple in tbox:
        working.add(triple)

    def entail_type(node: Node, cls: Node) -> None:
        if str(cls) in active:
            working.add((node, RDF.type, cls))
        else:
            aside.add((node, RDF.type, cls))

    for quad in asserted:
        predicate = quad.predicate.value
        if predicate == _TYPE:
            if quad.object.value in active:
                working.add((rdflib_term(quad.subject), RDF.type, rdflib_term(quad.object)))
            continue
        if predicate in linked_names:
            working.add(tuple(map(rdflib_term, (quad.subject, quad.predicate, quad.object))))
            continue
        subject, prop = rdflib_term(quad.subject), URIRef(predicate)
        for domain in domains.get(prop, ()):
            entail_type(subject, domain)
        if not isinstance(quad.object, OxigraphLiteral):
            for range_ in ranges.get(prop, ()):
                entail_type(rdflib_term(quad.object), range_)
    return working, aside


def stand_ins(working: Graph, tbox: Graph) -> dict[Node, list[Node]]:
    """Lets one individual stand in for all those with the same types and nothing else, in
    `working`; gives each stand-in and the individuals whose type triples it took out.

    Such an individual (a sentence, a span, an evidence: most of the data) appears in no triple
    but its types, and so, as long as no `owl:hasValue` restriction gives it a property from a
    type (OWL Lite has none), OWL 2 RL entails only types of it, by the class axioms alone: the
    same types for all those with the same asserted types. owlrl closes the graph with one of
    each kind, and `_with_members` gives the others what it gives the stand-in, so owlrl visits
    a third fewer triples at each round. `materialize` checks that the stand-ins have gained
    nothing but types, and otherwise closes the graph without them."""
    if (None, OWL.hasValue, None) in tbox:
        return {}
    in_tbox = {node for triple in tbox for node in triple}
    types: dict[Node, set[Node]] = {}
    elsewhere: set[Node] = set()
    for subject, predicate, obj in working:
        if predicate == RDF.type:
            types.setdefault(subject, set()).add(obj)
            elsewhere.add(obj)
        else:
            elsewhere |= {subject, predicate, obj}
    kinds: dict[frozenset[Node], list[Node]] = {}
    for individual, classes in types.items():
        if (
            isinstance(individual, URIRef)
            and not _reserved(individual)
            and individual not in in_tbox
            and individual not in elsewhere
        ):
            kinds.setdefault(frozenset(classes), []).append(individual)
    stood_for: dict[Node, list[Node]] = {}
    for classes, individuals in kinds.items():
        stand_in, *members = sorted(individuals)
        if members:
            stood_for[stand_in] = members
            for member in members:
                for cls in classes:
                    working.remove((member, RDF.type, cls))
    return stood_for


def _only_typed(working: Graph, stood_for: dict[Node, list[Node]]) -> bool:
    """True if the closed graph says nothing of the stand-ins but their types."""
    return all(
        all(p == RDF.type for p in working.predicates(stand_in, None))
        and next(iter(working.triples((None, None, stand_in))), None) is None
        and next(iter(working.triples((None, stand_in, None))), None) is None
        for stand_in in stood_for
    )


def _with_members(
    working: Graph, stood_for: dict[Node, list[Node]]
) -> Iterator[tuple[Node, Node, Node]]:
    """Gives the triples of the closed graph, and for each stand-in's types the same types of
    the individuals it stood for."""
    yield from working
    for stand_in, members in stood_for.items():
        for cls in working.objects(stand_in, RDF.type):
            for member in members:
                yield (member, RDF.type, cls)


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
    """Starts `materialize(asserted)` in a forked copy of this process and gives a function that
    waits for its result, so that the caller can validate meanwhile: owlrl and pySHACL are both
    pure Python, and a build has two cores. Leaving the block stops the copy if it still runs."""
    with beside(lambda: materialize(asserted)) as result:
        yield result


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
