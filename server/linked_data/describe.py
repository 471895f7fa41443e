"""What a dereferenced IRI returns: a description a consumer can use without a second request.

It holds the resource's own triples (its labels in every language among them); the labels
(rdfs:label, and skos:prefLabel for the concepts) of every resource it links to; the incoming
links with their subjects' labels; the nodes that belong to it (an evidence's quote and
position selectors, a claim's citations with their pages and the labels of the cited sources,
the selectors of a claim's evidence); and, for an entity or a disputed variable, the claims
about it with their values, claimants and their labels, cited references with pages and the
cited sources' labels, and the article's exact words. Reified statements about the resource
(the evidence of each curated fact) come with it too; a figure predicate (nkkg:figure/deaths),
used only inside the claims' RDF 1.2 triple terms, is described by the claims that reify a
triple with it. docs/linked-data.md says the same for users.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad, Store, Triple, Variable

from graph_builder.namespaces import sparql_prologue

DESCRIBE = (
    sparql_prologue()
    + """
CONSTRUCT {
  ?resource ?p ?o . ?o rdfs:label ?oLabel ; skos:prefLabel ?oPrefLabel .
  ?in ?q ?resource . ?in rdfs:label ?inLabel .
  ?ownEvidence oa:hasSelector ?part . ?part ?partP ?partO . ?partO rdfs:label ?partOLabel .
  ?claim ?cp ?co . ?co rdfs:label ?coLabel ; skos:prefLabel ?coPrefLabel .
  ?co nkkg:referenceNumber ?coRef .
  ?claim nkkg:citation ?cite . ?cite ?citeP ?citeO . ?citeO rdfs:label ?citeOLabel .
  ?claim nkkg:hasEvidence ?ev . ?ev oa:hasSelector ?sel . ?sel ?selP ?selO .
  ?statement ?stP ?stO . ?stO skos:prefLabel ?stOLabel .
  ?sev oa:hasSelector ?ssel . ?ssel ?sselP ?sselO .
  ?reifier rdf:reifies <<( ?figureOf ?resource ?figure )>> . ?reifier rdfs:label ?reifierLabel .
}
WHERE {
  {
    ?resource ?p ?o .
    OPTIONAL { ?o rdfs:label ?oLabel }
    # The concepts (sides, quantity kinds) are labelled with skos:prefLabel only.
    OPTIONAL { ?o skos:prefLabel ?oPrefLabel }
  } UNION {
    ?in ?q ?resource .
    # A reified statement's links to the resource come with the statement, below.
    FILTER(?q NOT IN (rdf:subject, rdf:object))
    OPTIONAL { ?in rdfs:label ?inLabel }
  } UNION {
    # The nodes that belong to the resource itself: an evidence's selectors (the quote), a
    # claim's citations of references (with the page) and its evidence's selectors.
    { ?resource oa:hasSelector ?part }
    UNION { ?resource nkkg:citation ?part }
    UNION { ?resource nkkg:hasEvidence ?ownEvidence . ?ownEvidence oa:hasSelector ?part }
    ?part ?partP ?partO .
    OPTIONAL { ?partO rdfs:label ?partOLabel }
  } UNION {
    { ?claim nkkg:about ?resource } UNION { ?claim nkkg:variable ?resource }
    ?claim a nkkg:Claim .
    # Separate branches, not OPTIONALs side by side: each claim's citations times its
    # selectors would multiply the rows.
    {
      ?claim ?cp ?co .
      OPTIONAL { ?co rdfs:label ?coLabel }
      OPTIONAL { ?co skos:prefLabel ?coPrefLabel }
      OPTIONAL { ?co nkkg:referenceNumber ?coRef }
    } UNION {
      ?claim nkkg:citation ?cite . ?cite ?citeP ?citeO .
      OPTIONAL { ?citeO rdfs:label ?citeOLabel }
    } UNION {
      ?claim nkkg:hasEvidence ?ev . ?ev oa:hasSelector ?sel . ?sel ?selP ?selO
    }
  } UNION {
    # Every property of the statement: its evidence or basis, and which side uses a name.
    ?statement rdf:subject ?resource ; ?stP ?stO .
    OPTIONAL { ?stO skos:prefLabel ?stOLabel FILTER(?stP = nkkg:usedBy) }
    OPTIONAL { ?statement nkkg:hasEvidence ?sev . ?sev oa:hasSelector ?ssel . ?ssel ?sselP ?sselO }
  } UNION {
    # A figure predicate (nkkg:figure/deaths) is used only inside the RDF 1.2 triple terms the
    # claims reify: those claims describe it.
    ?reifier rdf:reifies <<( ?figureOf ?resource ?figure )>> .
    OPTIONAL { ?reifier rdfs:label ?reifierLabel }
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
