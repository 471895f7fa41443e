"""What a dereferenced IRI returns: a description a consumer can use without a second request.

It holds the resource's own triples (its labels in every language among them); the labels
(rdfs:label, and skos:prefLabel for the concepts) of every resource it links to; the incoming
links with their subjects' labels; the nodes that belong to it (an evidence's quote and
position selectors, a claim's citations with their pages and the labels of the cited sources,
the selectors of a claim's evidence); and, for an entity or a disputed variable, the claims
about it with their values, claimants and their labels, cited references with pages and the
cited sources' labels, and the article's exact words. Reified statements about the resource
(the evidence of each curated fact) come with it too. docs/linked-data.md says the same for
users.

DESCRIBE is RDF 1.1: it reads the default graph, which leaves the RDF 1.2 graph out. DESCRIBE_RDF12
adds, from graph:claims-rdf12, what the resource and the claims about it reify
(`claim rdf:reifies <<( subject figure value )>>`), and for a figure predicate
(nkkg:figure/deaths, used only inside those triple terms) the claims that reify a triple with it.
"""

from __future__ import annotations

from graph_builder.namespaces import sparql_prologue

TEMPLATE = """
  ?resource ?p ?o . ?o rdfs:label ?oLabel ; skos:prefLabel ?oPrefLabel .
  ?in ?q ?resource . ?in rdfs:label ?inLabel .
  ?ownEvidence oa:hasSelector ?part . ?part ?partP ?partO . ?partO rdfs:label ?partOLabel .
  ?claim ?cp ?co . ?co rdfs:label ?coLabel ; skos:prefLabel ?coPrefLabel .
  ?co nkkg:referenceNumber ?coRef .
  ?claim nkkg:citation ?cite . ?cite ?citeP ?citeO . ?citeO rdfs:label ?citeOLabel .
  ?claim nkkg:hasEvidence ?ev . ?ev oa:hasSelector ?sel . ?sel ?selP ?selO .
  ?statement ?stP ?stO . ?stO skos:prefLabel ?stOLabel .
  ?sev oa:hasSelector ?ssel . ?ssel ?sselP ?sselO .
"""

BRANCHES = """
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
  }
"""

RDF12_TEMPLATE = """
  ?resource rdf:reifies ?ownTriple .
  ?aboutClaim rdf:reifies ?aboutTriple .
  ?reifier rdf:reifies ?figureTriple . ?reifier rdfs:label ?reifierLabel .
"""

RDF12_BRANCHES = """
  UNION {
    GRAPH graph:claims-rdf12 { ?resource rdf:reifies ?ownTriple }
  } UNION {
    { ?aboutClaim nkkg:about ?resource } UNION { ?aboutClaim nkkg:variable ?resource }
    GRAPH graph:claims-rdf12 { ?aboutClaim rdf:reifies ?aboutTriple }
  } UNION {
    # A figure predicate (nkkg:figure/deaths) is used only inside the triple terms the claims
    # reify: those claims describe it.
    GRAPH graph:claims-rdf12 {
      ?reifier rdf:reifies ?figureTriple
      FILTER(isTRIPLE(?figureTriple) && PREDICATE(?figureTriple) = ?resource)
    }
    OPTIONAL { ?reifier rdfs:label ?reifierLabel }
  }
"""


def _construct(template: str, branches: str) -> str:
    return f"{sparql_prologue()}CONSTRUCT {{{template}}}\nWHERE {{{branches}}}\n"


DESCRIBE = _construct(TEMPLATE, BRANCHES)
"""The RDF 1.1 description of ?resource (bound by substitution)."""

DESCRIBE_RDF12 = _construct(TEMPLATE + RDF12_TEMPLATE, BRANCHES + RDF12_BRANCHES)
"""The RDF 1.2 description of ?resource: DESCRIBE and the triple terms about it."""
