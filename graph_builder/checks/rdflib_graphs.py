"""pyoxigraph quads <-> rdflib graphs, for the checks that need rdflib (pySHACL, owlrl, owlready2).

Literals keep their exact lexical form both ways (no rdflib normalisation), and `xsd:string`
literals become rdflib's plain literals, which RDF 1.1 says they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdflibLiteral
from rdflib.term import Node

from graph_builder.namespaces import SKOLEM, XSD

_STRING = XSD.string.value
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

OxigraphTerm = NamedNode | BlankNode | Literal


def rdflib_term(term: OxigraphTerm, *, unskolemize: bool = False) -> Node:
    """Gives the rdflib term for a pyoxigraph term; skolem IRIs become blank nodes on request."""
    if isinstance(term, NamedNode):
        if unskolemize and term.value.startswith(str(SKOLEM)):
            return BNode(term.value.removeprefix(str(SKOLEM)))
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    if term.language:
        return RdflibLiteral(term.value, lang=term.language, normalize=False)
    if term.datatype.value == _STRING:
        return RdflibLiteral(term.value, normalize=False)
    return RdflibLiteral(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def oxigraph_term(node: Node) -> OxigraphTerm:
    """Gives the pyoxigraph term for an rdflib term."""
    if isinstance(node, URIRef):
        return NamedNode(str(node))
    if isinstance(node, BNode):
        return BlankNode(str(node))
    if isinstance(node, RdflibLiteral):
        if node.language:
            return Literal(str(node), language=node.language)
        if node.datatype is None or str(node.datatype) == _LANG_STRING:
            return Literal(str(node))
        return Literal(str(node), datatype=NamedNode(str(node.datatype)))
    raise TypeError(f"not an RDF term: {node!r}")


def rdflib_graph(
    quads: Iterable[Quad], *, unskolemize: bool = False, into: Graph | None = None
) -> Graph:
    """Gives one rdflib graph (`into`, or a new one) holding the triples of all `quads`,
    whatever their named graph.

    With `unskolemize`, skolem IRIs (the store's names for the ontology's restrictions) turn
    back into the blank nodes OWL Lite and the reasoners expect. Statements about RDF 1.2
    triple terms (the `claims-rdf12` graph's `rdf:reifies`) are left out: rdflib, and so
    pySHACL and owlrl, cannot hold them."""
    graph = Graph() if into is None else into
    for quad in quads:
        if isinstance(quad.subject, Triple) or isinstance(quad.object, Triple):
            continue
        graph.add(
            (
                rdflib_term(quad.subject, unskolemize=unskolemize),
                rdflib_term(quad.predicate),
                rdflib_term(quad.object, unskolemize=unskolemize),
            )
        )
    return graph
