"""What a dereferenced IRI returns: a description a consumer can use without a second request.

It holds the resource's own triples; the labels of every resource it links to; the incoming
links with their subjects' labels; and, for an entity or a disputed variable, the claims about
it with their values, claimants, cited references, pages and the article's exact words.
Reified statements about the resource (the evidence of each curated fact) come with it too.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad, Store, Triple, Variable

from graph_builder.namespaces import sparql_prologue

DESCRIBE = (
    sparql_prologue()
    + """
CONSTRUCT {
  ?resource ?p ?o . ?o rdfs:label ?oLabel .
  ?in ?q ?resource . ?in rdfs:label ?inLabel .
  ?claim ?cp ?co . ?co rdfs:label ?coLabel . ?co nkkg:referenceNumber ?coRef .
  ?claim nkkg:citation ?cite . ?cite ?citeP ?citeO .
  ?claim nkkg:hasEvidence ?ev . ?ev oa:hasSelector ?sel . ?sel ?selP ?selO .
  ?statement rdf:subject ?resource ; rdf:predicate ?sp ; rdf:object ?so ;
             nkkg:hasEvidence ?sev ; nkkg:basis ?basis .
  ?sev oa:hasSelector ?ssel . ?ssel ?sselP ?sselO .
}
WHERE {
  {
    ?resource ?p ?o .
    OPTIONAL { ?o rdfs:label ?oLabel }
  } UNION {
    ?in ?q ?resource .
    FILTER(?q NOT IN (rdf:subject, rdf:object, nkkg:about))
    OPTIONAL { ?in rdfs:label ?inLabel }
  } UNION {
    { ?claim nkkg:about ?resource } UNION { ?claim nkkg:variable ?resource }
    ?claim a nkkg:Claim ; ?cp ?co .
    OPTIONAL { ?co rdfs:label ?coLabel }
    OPTIONAL { ?co nkkg:referenceNumber ?coRef }
    OPTIONAL { ?claim nkkg:citation ?cite . ?cite ?citeP ?citeO }
    OPTIONAL { ?claim nkkg:hasEvidence ?ev . ?ev oa:hasSelector ?sel . ?sel ?selP ?selO }
  } UNION {
    ?statement rdf:subject ?resource ; rdf:predicate ?sp ; rdf:object ?so .
    OPTIONAL { ?statement nkkg:basis ?basis }
    OPTIONAL { ?statement nkkg:hasEvidence ?sev . ?sev oa:hasSelector ?ssel . ?ssel ?sselP ?sselO }
  }
}
"""
)


def describe(store: Store, resource: NamedNode) -> list[Triple]:
    """Gives the description of `resource`: empty when the graph does not know it."""
    result = store.query(
        DESCRIBE, use_default_graph_as_union=True, substitutions={Variable("resource"): resource}
    )
    return sorted(set(result), key=str)


def known(store: Store, resource: NamedNode) -> bool:
    """Tells whether the graph has any triple with `resource` as subject or object."""
    return bool(
        store.query(
            "ASK { { ?resource ?p ?o } UNION { ?s ?p ?resource } }",
            use_default_graph_as_union=True,
            substitutions={Variable("resource"): resource},
        )
    )


def as_quads(triples: list[Triple]) -> list[Quad]:
    return [Quad(t.subject, t.predicate, t.object) for t in triples]
