"""Links out -> RDF, in the `links` graph: each curated actor, place or event that DBpedia
describes gets `owl:sameAs` (the English Wikipedia article is about the very thing) or
`skos:closeMatch` (about nearly the same) to the DBpedia resource, and the link is reified like
every curated fact: an `rdf:Statement` with the article's words (the interlanguage mark) as its
evidence, or its general-knowledge basis.

The links stay in a graph of their own, which the OWL 2 RL closure does not read: an
`owl:sameAs` would make every statement about our entity one about DBpedia's, and the other
way round, which is a consumer's choice to make, not the graph's.
"""

from __future__ import annotations

from pyoxigraph import Quad

from graph_builder import iris
from graph_builder.curation.links import Links
from graph_builder.curation.records import Curation
from graph_builder.namespaces import OWL, SKOS
from graph_builder.rdf.curated_triples import Evidences, Writer


def link_quads(curation: Curation, links: Links, evidences: Evidences) -> list[Quad]:
    """Gives the `links` graph: each link and its reified statement with its support."""
    by_id = curation.by_id()
    w = Writer(evidences=evidences, graph=iris.graph("links"))
    for link in links.links:
        entity = by_id[link.entity]
        predicate = OWL.sameAs if link.exact else SKOS.closeMatch
        w.fact(
            iris.entity(entity.category, entity.id),
            predicate,
            iris.dbpedia(link.title),
            link.support,
        )
    return w.quads
