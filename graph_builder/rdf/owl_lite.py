"""Every construct of an RDF graph that falls outside OWL 1 Lite, as messages a person can act on.

OWL Lite is read as the OWL Reference (section 8.3) and the OWL Semantics and Abstract Syntax
define it, through the abstract syntax's mapping to RDF graphs: no class expressions beyond
restrictions and intersections of named classes and restrictions, cardinalities of 0 or 1 only,
every class and property declared with its OWL kind, and no IRI used as two kinds of thing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD, DefinedNamespace
from rdflib.term import Node

from graph_builder.namespaces import PREFIXES


def _named(namespace: type[DefinedNamespace], names: str) -> frozenset[URIRef]:
    return frozenset(namespace[name] for name in names.split())


_OWL_LITE_TERMS = _named(
    OWL,
    "Class Thing Nothing Restriction onProperty allValuesFrom someValuesFrom cardinality "
    "minCardinality maxCardinality intersectionOf equivalentClass equivalentProperty sameAs "
    "differentFrom AllDifferent distinctMembers ObjectProperty DatatypeProperty "
    "AnnotationProperty OntologyProperty inverseOf TransitiveProperty SymmetricProperty "
    "FunctionalProperty InverseFunctionalProperty Ontology imports versionInfo priorVersion "
    "backwardCompatibleWith incompatibleWith DeprecatedClass DeprecatedProperty",
)
_OWL_DL_ONLY = _named(OWL, "unionOf complementOf oneOf disjointWith hasValue DataRange")
_RDFS_TERMS = (
    _named(RDF, "type first rest nil List Property XMLLiteral")
    | _named(RDFS, "subClassOf subPropertyOf domain range label comment seeAlso isDefinedBy")
    | _named(RDFS, "Literal Class Datatype")
)
_RESERVED = (str(RDF), str(RDFS), str(OWL))
# Types that declare a term rather than make it an individual.
_META_TYPES = _named(
    OWL,
    "Class ObjectProperty DatatypeProperty AnnotationProperty OntologyProperty "
    "TransitiveProperty SymmetricProperty FunctionalProperty InverseFunctionalProperty "
    "Ontology Restriction AllDifferent DeprecatedClass DeprecatedProperty DataRange",
) | {RDFS.Class, RDF.Property, RDFS.Datatype, RDF.List}
# The datatypes OWL 1 recommends (OWL Reference section 6.3), plus the two RDF ones.
_DATATYPES = _named(
    XSD,
    "string boolean decimal float double dateTime time date gYearMonth gYear gMonthDay gDay "
    "gMonth hexBinary base64Binary anyURI normalizedString token language NMTOKEN Name "
    "NCName integer nonPositiveInteger negativeInteger long int short byte "
    "nonNegativeInteger unsignedLong unsignedInt unsignedShort unsignedByte positiveInteger",
) | {RDFS.Literal, RDF.XMLLiteral}
_BUILT_IN_PROPERTIES = {
    "annotation": {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo},
    "ontology": {OWL.imports, OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith},
}
_OBJECT_ONLY = _named(OWL, "TransitiveProperty SymmetricProperty InverseFunctionalProperty")
_CARDINALITIES = (OWL.cardinality, OWL.minCardinality, OWL.maxCardinality)
_FILLERS = (OWL.allValuesFrom, OWL.someValuesFrom)
_RESTRICTION_WORDS = (OWL.onProperty, *_FILLERS, *_CARDINALITIES, OWL.hasValue)
_LOCAL_NAME = re.compile(r"[A-Za-z_][\w.-]*")


def owl_lite_violations(source: str | os.PathLike[str] | Graph) -> list[str]:
    """Gives one message per construct outside OWL Lite, sorted; an empty list means OWL Lite.

    `source` is a Turtle file or an already parsed rdflib Graph. Each message starts with the
    offending subject (a prefixed name, or a blank node described by the IRI it hangs from).
    """
    graph = source if isinstance(source, Graph) else Graph().parse(source, format="turtle")
    return sorted(set(_Checker(graph).violations()))


class _Checker:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.prefixes = {str(iri): name for name, iri in graph.namespaces()}
        self.prefixes.update({iri: name for name, iri in PREFIXES.items()})
        typed = {kind: set(graph.subjects(RDF.type, kind)) for kind in _META_TYPES}
        self.classes = typed[OWL.Class] | {OWL.Thing, OWL.Nothing}
        self.datatypes = typed[RDFS.Datatype] | _DATATYPES
        # Kind of each declared property; an IRI declared as two kinds is caught as punning.
        self.kind_of: dict[Node, str] = {}
        for kind, declared in (
            ("ontology", typed[OWL.OntologyProperty] | _BUILT_IN_PROPERTIES["ontology"]),
            ("annotation", typed[OWL.AnnotationProperty] | _BUILT_IN_PROPERTIES["annotation"]),
            ("datatype", typed[OWL.DatatypeProperty]),
            ("object", typed[OWL.ObjectProperty]),
        ):
            self.kind_of.update(dict.fromkeys(declared, kind))
        self.typed = typed

    def violations(self) -> Iterator[str]:
        yield from self.vocabulary()
        yield from self.restrictions()
        yield from self.class_axioms()
        yield from self.declarations()
        yield from self.property_kinds()
        yield from self.complex_properties()
        yield from self.punning()
        yield from self.blank_nodes()

    def name(self, node: Node) -> str:
        """Gives a prefixed name, <iri>, a quoted literal, or a description of a blank node."""
        if isinstance(node, URIRef):
            for namespace in sorted(self.prefixes, key=len, reverse=True):
                local = str(node)[len(namespace) :]
                if str(node).startswith(namespace) and _LOCAL_NAME.fullmatch(local):
                    return f"{self.prefixes[namespace]}:{local}"
            return f"<{node}>"
        if isinstance(node, Literal):
            return repr(str(node))
        on_property = self.graph.value(node, OWL.onProperty)
        what = f"restriction on {self.name(on_property)}" if on_property else "blank node"
        anchor = self.anchor(node)
        return f"{what} in {self.name(anchor)}" if anchor is not None else what

    def anchor(self, node: Node) -> URIRef | None:
        """Gives the nearest IRI whose description contains the blank node, if any."""
        frontier, seen = [node], {node}
        while frontier:
            parents = [s for n in frontier for s in self.graph.subjects(None, n) if s not in seen]
            for parent in parents:
                if isinstance(parent, URIRef):
                    return parent
            seen.update(parents)
            frontier = parents
        return None

    def vocabulary(self) -> Iterator[str]:
        for triple in self.graph:
            for term in triple:
                if not isinstance(term, URIRef) or not str(term).startswith(_RESERVED):
                    continue
                where, is_owl = self.name(triple[0]), str(term).startswith(str(OWL))
                if term in _OWL_DL_ONLY:
                    yield f"{where}: {self.name(term)} is outside OWL Lite (OWL DL and Full only)"
                elif is_owl and term not in _OWL_LITE_TERMS:
                    yield f"{where}: {self.name(term)} is not OWL 1 Lite vocabulary"
                elif not is_owl and term not in _RDFS_TERMS:
                    yield f"{where}: {self.name(term)} is RDF(S) vocabulary outside OWL Lite"

    def restrictions(self) -> Iterator[str]:
        graph, restrictions = self.graph, self.typed[OWL.Restriction]
        for word in _RESTRICTION_WORDS:
            for subject in graph.subjects(word, None):
                if subject not in restrictions:
                    yield f"{self.name(subject)}: {self.name(word)} outside an owl:Restriction"
        for restriction in restrictions:
            name = self.name(restriction)
            if isinstance(restriction, URIRef):
                yield f"{name}: a named owl:Restriction; OWL Lite restrictions are blank nodes"
            on_properties = set(graph.objects(restriction, OWL.onProperty))
            if len(on_properties) != 1:
                yield f"{name}: an owl:Restriction needs exactly one owl:onProperty"
            on_data = any(self.kind_of.get(p) == "datatype" for p in on_properties)
            limits = [(w, v) for w in _RESTRICTION_WORDS[1:] for v in graph.objects(restriction, w)]
            if len(limits) != 1:
                yield f"{name}: an owl:Restriction needs exactly one value or cardinality limit"
            for word, value in limits:
                if word in _CARDINALITIES and not _zero_or_one(value):
                    yield f"{name}: {self.name(word)} {value}; OWL Lite allows only 0 or 1"
                if word in _FILLERS and not isinstance(value, URIRef):
                    yield f"{name}: {self.name(word)} must name a class or a datatype"
                elif word in _FILLERS and on_data and value not in self.datatypes:
                    yield f"{name}: {self.name(word)} {self.name(value)} is not a datatype"

    def class_axioms(self) -> Iterator[str]:
        for axiom in (RDFS.subClassOf, OWL.equivalentClass, OWL.intersectionOf):
            for subject, value in self.graph.subject_objects(axiom):
                where = f"{self.name(subject)}: {self.name(axiom)}"
                if not isinstance(subject, URIRef):
                    yield f"{where} needs a named class as its subject"
                members = self.list_members(value) if axiom == OWL.intersectionOf else [value]
                if members is None:
                    yield f"{where} is not a well-formed RDF list"
                for member in members or []:
                    if not (isinstance(member, URIRef) or member in self.typed[OWL.Restriction]):
                        yield f"{where} {self.name(member)}: only named classes or restrictions"

    def declarations(self) -> Iterator[str]:
        for used, where in self.used_classes():
            if isinstance(used, URIRef) and used not in self.classes | self.datatypes:
                yield f"{self.name(used)}: used as a class ({where}) but not declared owl:Class"
        for used, where in self.used_properties():
            if used not in self.kind_of:
                yield (
                    f"{self.name(used)}: used as a property ({where}) but not declared "
                    "owl:ObjectProperty, owl:DatatypeProperty or owl:AnnotationProperty"
                )

    def property_kinds(self) -> Iterator[str]:
        graph = self.graph
        for subject, predicate, value in graph:
            kind = self.kind_of.get(predicate)
            if kind == "object" and isinstance(value, Literal):
                yield f"{self.name(subject)}: object property {self.name(predicate)} has a literal"
            if kind == "datatype" and not isinstance(value, Literal):
                yield f"{self.name(subject)}: datatype property {self.name(predicate)} has a node"
        for prop, kind in self.kind_of.items():
            name = self.name(prop)
            for domain in graph.objects(prop, RDFS.domain):
                if not isinstance(domain, URIRef) or domain in self.datatypes:
                    yield f"{name}: rdfs:domain {self.name(domain)} is not a named class"
            for range_ in graph.objects(prop, RDFS.range):
                if kind == "datatype" and range_ not in self.datatypes:
                    yield f"{name}: rdfs:range {self.name(range_)} of a datatype property"
                if kind == "object" and (range_ in self.datatypes or isinstance(range_, BNode)):
                    yield f"{name}: rdfs:range {self.name(range_)} of an object property"
            for axiom in (RDFS.domain, RDFS.range, RDFS.subPropertyOf):
                if kind == "annotation" and (
                    (prop, axiom, None) in graph or (None, axiom, prop) in graph
                ):
                    yield f"{name}: annotation property in an {self.name(axiom)} axiom"
            for axiom in (RDFS.subPropertyOf, OWL.equivalentProperty):
                for other in graph.objects(prop, axiom):
                    if self.kind_of.get(other, kind) != kind:
                        yield f"{name}: {self.name(axiom)} {self.name(other)} of another kind"
            inverse = (prop, OWL.inverseOf, None) in graph or (None, OWL.inverseOf, prop) in graph
            if kind != "object" and (inverse or any(prop in self.typed[c] for c in _OBJECT_ONLY)):
                yield f"{name}: only an object property may be inverse, transitive or symmetric"

    def complex_properties(self) -> Iterator[str]:
        # OWL DL bars cardinality on transitive properties, their super-properties and inverses.
        graph = self.graph
        complex_ = set(self.typed[OWL.TransitiveProperty])
        while True:
            grown = complex_ | {s for p in complex_ for s in graph.objects(p, RDFS.subPropertyOf)}
            grown |= {i for p in grown for i in graph.objects(p, OWL.inverseOf)}
            grown |= {i for p in grown for i in graph.subjects(OWL.inverseOf, p)}
            if grown == complex_:
                break
            complex_ = grown
        for prop in complex_:
            for kind in (OWL.FunctionalProperty, OWL.InverseFunctionalProperty):
                if prop in self.typed[kind]:
                    yield f"{self.name(prop)}: transitive (or above one) and {self.name(kind)}"
            for restriction in graph.subjects(OWL.onProperty, prop):
                if any((restriction, c, None) in graph for c in _CARDINALITIES):
                    yield f"{self.name(restriction)}: cardinality on a transitive property"

    def punning(self) -> Iterator[str]:
        kinds: dict[Node, set[str]] = {}

        def add(nodes: Iterable[Node], kind: str) -> None:
            for node in nodes:
                if isinstance(node, URIRef) and not str(node).startswith((*_RESERVED, str(XSD))):
                    kinds.setdefault(node, set()).add(kind)

        add((self.classes | {c for c, _ in self.used_classes()}) - self.datatypes, "class")
        add(self.datatypes, "datatype")
        for kind in ("Object", "Datatype", "Annotation", "Ontology"):
            add(self.typed[OWL[f"{kind}Property"]], f"{kind.lower()} property")
        add({p for p, _ in self.used_properties()} - self.kind_of.keys(), "property")
        add(self.typed[OWL.Ontology], "ontology")
        add(self.individuals(), "individual")
        for node, found in kinds.items():
            if len(found) > 1:
                yield f"{self.name(node)}: used as {' and '.join(sorted(found))} (punning)"

    def blank_nodes(self) -> Iterator[str]:
        graph = self.graph
        allowed = self.typed[OWL.Restriction] | self.typed[OWL.AllDifferent]
        for word in (OWL.intersectionOf, OWL.distinctMembers):
            for head in graph.objects(None, word):
                allowed |= self.list_cells(head)
        nodes = {n for triple in graph for n in (triple[0], triple[2]) if isinstance(n, BNode)}
        for node in nodes:
            if node not in allowed:
                yield (
                    f"{self.name(node)}: a blank node that is not a restriction, "
                    "an owl:intersectionOf or owl:distinctMembers list, or an owl:AllDifferent"
                )
            elif node in self.typed[OWL.Restriction] and len(set(graph.subjects(None, node))) != 1:
                yield f"{self.name(node)}: a restriction must be used by exactly one axiom"

    def used_classes(self) -> Iterator[tuple[Node, str]]:
        graph = self.graph
        for subject, kind in graph.subject_objects(RDF.type):
            if kind not in _META_TYPES:
                yield kind, f"rdf:type of {self.name(subject)}"
        for axiom in (RDFS.subClassOf, OWL.equivalentClass):
            for subject, value in graph.subject_objects(axiom):
                yield subject, self.name(axiom)
                yield value, f"{self.name(axiom)} of {self.name(subject)}"
        for prop, domain in graph.subject_objects(RDFS.domain):
            yield domain, f"rdfs:domain of {self.name(prop)}"
        for prop, range_ in graph.subject_objects(RDFS.range):
            if self.kind_of.get(prop) != "datatype":
                yield range_, f"rdfs:range of {self.name(prop)}"
        for restriction in self.typed[OWL.Restriction]:
            if self.kind_of.get(graph.value(restriction, OWL.onProperty)) != "datatype":
                for word in _FILLERS:
                    for filler in graph.objects(restriction, word):
                        yield filler, self.name(word)
        for subject, head in graph.subject_objects(OWL.intersectionOf):
            for member in self.list_members(head) or []:
                yield member, f"owl:intersectionOf of {self.name(subject)}"

    def used_properties(self) -> Iterator[tuple[Node, str]]:
        graph = self.graph
        for subject, predicate, _ in graph:
            if not str(predicate).startswith(_RESERVED):
                yield predicate, f"predicate of {self.name(subject)}"
        for axiom in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf):
            for prop, other in graph.subject_objects(axiom):
                yield prop, self.name(axiom)
                yield other, f"{self.name(axiom)} of {self.name(prop)}"
        for axiom in (RDFS.domain, RDFS.range):
            for prop in graph.subjects(axiom, None):
                yield prop, f"subject of {self.name(axiom)}"
        for prop in graph.objects(None, OWL.onProperty):
            yield prop, "owl:onProperty"
        for kind in (*_OBJECT_ONLY, OWL.FunctionalProperty):
            for prop in self.typed[kind]:
                yield prop, self.name(kind)

    def individuals(self) -> set[Node]:
        graph = self.graph
        found = {s for s, kind in graph.subject_objects(RDF.type) if kind not in _META_TYPES}
        for subject, predicate, value in graph:
            kind = self.kind_of.get(predicate)
            if kind in ("object", "datatype"):
                found.add(subject)
            if kind == "object":
                found.add(value)
        for word in (OWL.sameAs, OWL.differentFrom):
            found |= {n for pair in graph.subject_objects(word) for n in pair}
        for head in graph.objects(None, OWL.distinctMembers):
            found |= set(self.list_members(head) or [])
        return found

    def list_cells(self, head: Node) -> set[Node]:
        cells: set[Node] = set()
        while isinstance(head, BNode) and head not in cells:
            cells.add(head)
            head = self.graph.value(head, RDF.rest)
        return cells

    def list_members(self, head: Node) -> list[Node] | None:
        """Gives the members of a well-formed RDF list, or None for a malformed one."""
        members: list[Node] = []
        seen: set[Node] = set()
        while head != RDF.nil:
            firsts = list(self.graph.objects(head, RDF.first))
            rests = list(self.graph.objects(head, RDF.rest))
            if not isinstance(head, BNode) or head in seen or len(firsts) != 1 or len(rests) != 1:
                return None
            seen.add(head)
            members.append(firsts[0])
            head = rests[0]
        return members


def _zero_or_one(value: Node) -> bool:
    try:
        return isinstance(value, Literal) and int(str(value)) in (0, 1)
    except ValueError:
        return False
