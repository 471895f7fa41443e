"""The SPARQL the HTML pages ask, one constant per question.

Every term a page supplies (the resource, the search text) is bound through the executor's
`substitutions`, never pasted into the text. The pattern that picks the claims of a page is one
of a few fixed strings (CLAIM_MATCH), chosen by the kind of resource, not by the request.
"""

from __future__ import annotations

from graph_builder.namespaces import sparql_prologue

PROLOGUE = sparql_prologue()

# How the claims of a page are found from ?resource; each binds ?claim.
CLAIM_MATCH: dict[str, str] = {
    # A figure the article reports with this resource, though about something else, is shown
    # here as reported here, under its own subject (the Boston Globe's count on Khojaly's page).
    "about": "{ ?claim nkkg:about ?resource } UNION { ?claim nkkg:reportedWith ?resource }",
    "variable": "?claim nkkg:variable ?resource .",
    "source": "{ ?claim nkkg:citation/nkkg:source ?resource }"
    " UNION { ?claim nkkg:citation/nkkg:source/nkkg:resolvesTo ?resource }",
    "claimant": "?claim nkkg:claimant ?resource .",
    "events-at-place": "?event nkkg:place ?resource . ?claim nkkg:about ?event .",
    "claim": "?claim nkkg:about ?subjectOfClaim . FILTER(sameTerm(?claim, ?resource))",
    # every claim of the graph (the reader); ?resource is bound but matches nothing here
    "all": "?claim a nkkg:Claim .",
}

CLAIMS = """
SELECT ?resource ?claim ?subject ?subjectEn ?subjectZh ?variable ?variableLabel ?disputed ?reason
       ?verdict ?kindLabel ?scope ?asWritten ?value ?min ?max ?bound ?unit ?polarity ?proposition
       ?claimant ?claimantEn ?claimantZh ?weighing ?gloss ?partOf
WHERE {
  PAGE_CLAIMS
  ?claim a nkkg:Claim ; nkkg:about ?subject .
  OPTIONAL { ?subject skos:prefLabel ?subjectEn FILTER(LANG(?subjectEn) = "en") }
  OPTIONAL { ?subject skos:prefLabel ?subjectZh FILTER(LANGMATCHES(LANG(?subjectZh), "zh-Hant")) }
  OPTIONAL { ?claim nkkg:variable ?variable .
             OPTIONAL { ?variable rdfs:label ?variableLabel FILTER(LANG(?variableLabel) = "en") }
             OPTIONAL { ?variable nkkg:disputed ?disputed }
             OPTIONAL { ?variable nkkg:disputeReason ?reason }
             OPTIONAL { ?variable nkkg:verdict ?verdict } }
  OPTIONAL { ?claim nkkg:quantityKind/skos:prefLabel ?kindLabel FILTER(LANG(?kindLabel) = "en") }
  OPTIONAL { ?claim nkkg:scope ?scope }
  OPTIONAL { ?claim nkkg:asWritten ?asWritten }
  OPTIONAL { ?claim nkkg:value ?value }
  OPTIONAL { ?claim nkkg:minValue ?min }
  OPTIONAL { ?claim nkkg:maxValue ?max }
  OPTIONAL { ?claim nkkg:bound ?bound }
  OPTIONAL { ?claim nkkg:unit ?unit }
  OPTIONAL { ?claim nkkg:polarity ?polarity }
  OPTIONAL { ?claim nkkg:proposition ?proposition }
  OPTIONAL { ?claim nkkg:claimant ?claimant .
             OPTIONAL { ?claimant skos:prefLabel ?claimantEn FILTER(LANG(?claimantEn) = "en") }
             OPTIONAL { ?claimant skos:prefLabel ?claimantZh
                        FILTER(LANGMATCHES(LANG(?claimantZh), "zh-Hant")) } }
  OPTIONAL { ?claim nkkg:weighing/oa:hasSelector/oa:exact ?weighing }
  OPTIONAL { ?claim nkkg:gloss ?gloss }
  OPTIONAL { ?claim nkkg:partOfVersion ?partOf }
}
ORDER BY ?variableLabel ?value ?min ?claim
"""

# The article's words of each claim, with the sentence (or infobox entry, cell…) holding them.
EVIDENCE = """
SELECT ?resource ?claim ?exact ?prefix ?suffix ?start ?partText ?partStart WHERE {
  PAGE_CLAIMS
  ?claim nkkg:hasEvidence ?evidence .
  ?evidence oa:hasSelector ?quote .
  ?quote oa:exact ?exact .
  ?evidence oa:hasSelector ?position .
  ?position oa:start ?start .
  OPTIONAL { ?quote oa:prefix ?prefix }
  OPTIONAL { ?quote oa:suffix ?suffix }
  OPTIONAL { ?evidence nkkg:inPart ?part .
             ?part nkkg:text ?partText ; nkkg:startOffset ?partStart .
             FILTER NOT EXISTS { ?part a nkkg:Document } }
}
"""

CITATIONS = """
SELECT ?resource ?claim ?ref ?page ?source ?full ?fullRef ?raw ?title ?authors ?editors ?container
       ?publisher ?place ?year ?date ?pages ?isbn ?accessDate ?shortAuthor ?shortYear
WHERE {
  PAGE_CLAIMS
  ?claim a nkkg:Claim ; nkkg:citation ?citation .
  ?citation nkkg:source ?source .
  ?source nkkg:referenceNumber ?ref .
  OPTIONAL { ?citation nkkg:citedPage ?page }
  OPTIONAL { ?source nkkg:shortCitationAuthor ?shortAuthor }
  OPTIONAL { ?source nkkg:shortCitationYear ?shortYear }
  OPTIONAL { ?source nkkg:resolvesTo ?resolved . ?resolved nkkg:referenceNumber ?fullRef }
  BIND(COALESCE(?resolved, ?source) AS ?full)
  OPTIONAL { ?full nkkg:rawText ?raw }
  OPTIONAL { ?full nkkg:title ?title }
  OPTIONAL { SELECT ?full (GROUP_CONCAT(?a; SEPARATOR="; ") AS ?authors)
             WHERE { ?full nkkg:authorName ?a } GROUP BY ?full }
  OPTIONAL { SELECT ?full (GROUP_CONCAT(?e; SEPARATOR="; ") AS ?editors)
             WHERE { ?full nkkg:editorName ?e } GROUP BY ?full }
  OPTIONAL { ?full nkkg:containerTitle ?container }
  OPTIONAL { ?full nkkg:publisherName ?publisher }
  OPTIONAL { ?full nkkg:publicationPlace ?place }
  OPTIONAL { ?full nkkg:year ?year }
  OPTIONAL { ?full nkkg:dateAsWritten ?date }
  OPTIONAL { ?full nkkg:pages ?pages }
  OPTIONAL { ?full nkkg:isbn ?isbn }
  OPTIONAL { ?full nkkg:accessDate ?accessDate }
}
ORDER BY ?claim ?ref
"""


def claims_query(kind: str) -> str:
    """Gives the query for the claims of a page of `kind` (a key of CLAIM_MATCH)."""
    return PROLOGUE + CLAIMS.replace("PAGE_CLAIMS", CLAIM_MATCH[kind])


def evidence_query(kind: str) -> str:
    """Gives the query for the evidence of those same claims."""
    return PROLOGUE + EVIDENCE.replace("PAGE_CLAIMS", CLAIM_MATCH[kind])


def citations_query(kind: str) -> str:
    """Gives the query for the cited references of those same claims, one row per citation."""
    return PROLOGUE + CITATIONS.replace("PAGE_CLAIMS", CLAIM_MATCH[kind])


NAMES_USED_BY = (
    PROLOGUE
    + """
SELECT ?resource ?name ?side ?sideLabel WHERE {
  ?statement rdf:subject ?resource ; rdf:object ?name ; nkkg:usedBy ?side .
  OPTIONAL { ?side skos:prefLabel ?sideLabel FILTER(LANG(?sideLabel) = "en") }
}
"""
)

# The preferred names (skos:prefLabel) of what the resource links to and what links to it: a
# link shows the curated preferred name, not whichever of several labels sorts first.
LINKED_PREFERRED = (
    PROLOGUE
    + """
SELECT ?resource ?linked ?name WHERE {
  { ?resource ?p ?linked } UNION { ?linked ?q ?resource }
  FILTER(isIRI(?linked))
  ?linked skos:prefLabel ?name .
}
"""
)

# The ontology's own classes that have members, and how many (asserted or inferred).
CLASS_COUNTS = (
    PROLOGUE
    + """
SELECT ?class ?labelEn ?labelZh (COUNT(DISTINCT ?member) AS ?members) WHERE {
  ?member a ?class .
  FILTER(STRSTARTS(STR(?class), STR(nkkg:)))
  OPTIONAL { ?class rdfs:label ?labelEn FILTER(LANG(?labelEn) = "en") }
  OPTIONAL { ?class rdfs:label ?labelZh FILTER(LANGMATCHES(LANG(?labelZh), "zh-Hant")) }
}
GROUP BY ?class ?labelEn ?labelZh
ORDER BY ?class
"""
)

CLASS_MEMBERS = (
    PROLOGUE
    + """
SELECT ?class ?member (SAMPLE(?en) AS ?labelEn) (SAMPLE(?zh) AS ?labelZh) (SAMPLE(?any) AS ?label)
WHERE {
  ?member a ?class .
  OPTIONAL { ?member skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?member skos:prefLabel ?zh FILTER(LANGMATCHES(LANG(?zh), "zh-Hant")) }
  OPTIONAL { ?member rdfs:label ?any }
}
GROUP BY ?class ?member
ORDER BY ?member
"""
)

CLASS_INFO = (
    PROLOGUE
    + """
SELECT ?class ?labelEn ?labelZh ?definition WHERE {
  OPTIONAL { ?class rdfs:label ?labelEn FILTER(LANG(?labelEn) = "en") }
  OPTIONAL { ?class rdfs:label ?labelZh FILTER(LANGMATCHES(LANG(?labelZh), "zh-Hant")) }
  OPTIONAL { ?class skos:definition ?definition FILTER(LANG(?definition) = "en") }
}
"""
)

# Every event, dated or not, with its asserted class of the ontology (the most specific one).
EVENTS = (
    PROLOGUE
    + """
SELECT ?event ?order ?start ?end ?startAsWritten ?endAsWritten
       (SAMPLE(?en) AS ?labelEn) (SAMPLE(?zh) AS ?labelZh) (SAMPLE(?assertedClass) AS ?class)
WHERE {
  ?event a nkkg:Event .
  OPTIONAL { ?event nkkg:timelineOrder ?order }
  OPTIONAL { ?event nkkg:startDate ?start }
  OPTIONAL { ?event nkkg:endDate ?end }
  OPTIONAL { ?event nkkg:startAsWritten ?startAsWritten }
  OPTIONAL { ?event nkkg:endAsWritten ?endAsWritten }
  OPTIONAL { ?event skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?event skos:prefLabel ?zh FILTER(LANGMATCHES(LANG(?zh), "zh-Hant")) }
  OPTIONAL { GRAPH graph:curated { ?event a ?assertedClass } }
}
GROUP BY ?event ?order ?start ?end ?startAsWritten ?endAsWritten
ORDER BY ?order ?start ?end ?event
"""
)

# Who an event's participants are with: the sides its participations give.
EVENT_SIDES = (
    PROLOGUE
    + """
SELECT DISTINCT ?event ?side WHERE { ?event a nkkg:Event ; nkkg:participation/nkkg:side ?side }
"""
)

# Where each event is: the places the article gives, with their names and points.
EVENT_PLACES = (
    PROLOGUE
    + """
SELECT ?event ?place (SAMPLE(?en) AS ?labelEn) (SAMPLE(?zh) AS ?labelZh)
       (SAMPLE(?assertedType) AS ?type) (SAMPLE(?wkt) AS ?point)
WHERE {
  ?event a nkkg:Event ; nkkg:place ?place .
  OPTIONAL { ?place skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?place skos:prefLabel ?zh FILTER(LANGMATCHES(LANG(?zh), "zh-Hant")) }
  OPTIONAL { GRAPH graph:curated { ?place a ?assertedType } }
  OPTIONAL { ?place geo:hasDefaultGeometry/geo:asWKT ?wkt }
}
GROUP BY ?event ?place
"""
)

# The section of the article that tells of each event: the innermost section holding the words
# the event rests on.
EVENT_SECTIONS = (
    PROLOGUE
    + """
SELECT ?event ?section ?level ?line (SAMPLE(?en) AS ?labelEn) (SAMPLE(?zh) AS ?labelZh) WHERE {
  ?event a nkkg:Event ; nkkg:hasEvidence/nkkg:inPart ?part .
  ?part nkkg:isPartOf* ?section .
  ?section a nkkg:Section ; nkkg:level ?level ; nkkg:lineNumber ?line .
  OPTIONAL { ?section rdfs:label ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?section rdfs:label ?zh FILTER(LANGMATCHES(LANG(?zh), "zh-Hant")) }
}
GROUP BY ?event ?section ?level ?line
"""
)

# Every label with what it labels: its preferred names, its asserted class and the kinds it is
# (by the inferred types too: a nkkg:Battle is a nkkg:Event). Search folds spellings in Python
# (server/pages/folding.py), which SPARQL cannot; the answer is cached per store version.
LABELS = (
    PROLOGUE
    + """
SELECT ?resource ?label (SAMPLE(?en) AS ?labelEn) (SAMPLE(?zh) AS ?labelZh)
       (SAMPLE(?assertedType) AS ?type) (GROUP_CONCAT(DISTINCT STR(?kind)) AS ?kinds)
WHERE {
  ?resource rdfs:label ?label .
  OPTIONAL { ?resource skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?resource skos:prefLabel ?zh FILTER(LANGMATCHES(LANG(?zh), "zh-Hant")) }
  OPTIONAL { ?resource a ?assertedType FILTER(STRSTARTS(STR(?assertedType), STR(nkkg:)))
             FILTER NOT EXISTS { GRAPH graph:inferred { ?resource a ?assertedType } } }
  OPTIONAL { ?resource a ?kind
             FILTER(?kind IN (nkkg:Event, nkkg:Actor, nkkg:Place, nkkg:DisputedVariable,
                              nkkg:Claim, nkkg:Source, nkkg:DocumentPart, owl:Class,
                              owl:ObjectProperty, owl:DatatypeProperty, skos:Concept)) }
}
GROUP BY ?resource ?label
"""
)

# What the home page counts beside the classes: the places that are states' territories (a
# nkkg:State also typed nkkg:Country) and the figures, disputed or not.
HOME_COUNTS = (
    PROLOGUE
    + """
SELECT ?statePlaces ?figures ?disputed WHERE {
  { SELECT (COUNT(DISTINCT ?state) AS ?statePlaces) WHERE { ?state a nkkg:State, nkkg:Place } }
  { SELECT (COUNT(DISTINCT ?figure) AS ?figures)
           (COUNT(DISTINCT ?contested) AS ?disputed) WHERE {
      ?figure a nkkg:DisputedVariable .
      OPTIONAL { ?figure nkkg:disputed true BIND(?figure AS ?contested) } } }
}
"""
)

# The resource and every other resource with the same English preferred name, each with its
# asserted class: where names are shared (Lachin the town and Lachin the district), the page's
# title says which it is.
SAME_NAME = (
    PROLOGUE
    + """
SELECT ?resource ?holder (SAMPLE(?assertedType) AS ?type) WHERE {
  ?resource skos:prefLabel ?name FILTER(LANG(?name) = "en")
  ?holder skos:prefLabel ?name .
  OPTIONAL { ?holder a ?assertedType FILTER(STRSTARTS(STR(?assertedType), STR(nkkg:)))
             FILTER NOT EXISTS { GRAPH graph:inferred { ?holder a ?assertedType } } }
}
GROUP BY ?resource ?holder
"""
)

# A side's own labels and definition (the side is a SKOS concept of the ontology).
SIDE = (
    PROLOGUE
    + """
SELECT ?side ?labelEn ?labelZh ?definition WHERE {
  ?side a nkkg:Side .
  OPTIONAL { ?side skos:prefLabel ?labelEn FILTER(LANG(?labelEn) = "en") }
  OPTIONAL { ?side skos:prefLabel ?labelZh FILTER(LANGMATCHES(LANG(?labelZh), "zh-Hant")) }
  OPTIONAL { ?side skos:definition ?definition FILTER(LANG(?definition) = "en") }
}
"""
)

# The actors of a side: those the article puts on it (with the span, where it gives one) and
# those taking part in an event on it (one row per event).
SIDE_ACTORS = (
    PROLOGUE
    + """
SELECT ?side ?actor ?how ?start ?end ?event (SAMPLE(?en) AS ?labelEn) (SAMPLE(?zh) AS ?labelZh)
       (SAMPLE(?assertedType) AS ?type)
WHERE {
  { ?actor nkkg:side ?side ; a nkkg:Actor . BIND("side" AS ?how) }
  UNION { ?actor nkkg:sideSpan ?span . ?span nkkg:side ?side . BIND("span" AS ?how)
          OPTIONAL { ?span nkkg:startDate ?start } OPTIONAL { ?span nkkg:endDate ?end } }
  UNION { ?event nkkg:participation ?part . ?part nkkg:side ?side ; nkkg:agent ?actor .
          BIND("event" AS ?how) }
  OPTIONAL { ?actor skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?actor skos:prefLabel ?zh FILTER(LANGMATCHES(LANG(?zh), "zh-Hant")) }
  OPTIONAL { GRAPH graph:curated { ?actor a ?assertedType } }
}
GROUP BY ?side ?actor ?how ?start ?end ?event
"""
)

# The names a side uses (each name's reified statement says nkkg:usedBy), with what they name.
SIDE_NAMES = (
    PROLOGUE
    + """
SELECT ?side ?resource ?name (SAMPLE(?en) AS ?labelEn) WHERE {
  ?statement rdf:subject ?resource ; rdf:predicate rdfs:label ; rdf:object ?name ;
             nkkg:usedBy ?side .
  OPTIONAL { ?resource skos:prefLabel ?en FILTER(LANG(?en) = "en") }
}
GROUP BY ?side ?resource ?name
"""
)

# Every place with where it is: its point and precision, its extent where known, its names and
# the place classes it is asserted in (a state's territory is a nkkg:Country).
PLACES = (
    PROLOGUE
    + """
SELECT ?place ?point ?precision ?basis ?extent (SAMPLE(?en) AS ?labelEn) (SAMPLE(?zh) AS ?labelZh)
       (GROUP_CONCAT(DISTINCT STR(?class)) AS ?classes)
WHERE {
  ?place a nkkg:Place ; geo:hasDefaultGeometry ?geometry .
  ?geometry geo:asWKT ?point ; geo:hasMetricSpatialAccuracy ?precision .
  OPTIONAL { ?geometry nkkg:basis ?basis }
  OPTIONAL { ?place geo:hasBoundingBox/geo:asWKT ?extent }
  OPTIONAL { ?place skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?place skos:prefLabel ?zh FILTER(LANGMATCHES(LANG(?zh), "zh-Hant")) }
  OPTIONAL { GRAPH graph:curated { ?place a ?class } ?class rdfs:subClassOf* nkkg:Place }
}
GROUP BY ?place ?point ?precision ?basis ?extent
"""
)

# The reader (/article): the article's text, its sections, its paragraphs' spans, where each
# claim's words and each citation marker stand, and where each curated name is anchored.
ARTICLE = (
    PROLOGUE
    + """
SELECT ?document ?text ?url ?license WHERE {
  ?document a nkkg:Document ; nkkg:text ?text .
  OPTIONAL { ?document schema:url ?url }
  OPTIONAL { ?document schema:license ?license }
}
"""
)

ARTICLE_SECTIONS = (
    PROLOGUE
    + """
SELECT ?section ?level ?line (SAMPLE(?en) AS ?labelEn) (SAMPLE(?zh) AS ?labelZh) WHERE {
  ?section a nkkg:Section ; nkkg:level ?level ; nkkg:lineNumber ?line .
  OPTIONAL { ?section rdfs:label ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?section rdfs:label ?zh FILTER(LANGMATCHES(LANG(?zh), "zh-Hant")) }
}
GROUP BY ?section ?level ?line
ORDER BY ?line
"""
)

ARTICLE_PARAGRAPHS = (
    PROLOGUE
    + """
SELECT ?paragraph ?start ?end WHERE {
  ?paragraph a nkkg:Paragraph ; nkkg:startOffset ?start ; nkkg:endOffset ?end .
}
"""
)

ARTICLE_CLAIMS = (
    PROLOGUE
    + """
SELECT ?claim ?start ?end WHERE {
  ?claim a nkkg:Claim ; nkkg:hasEvidence/oa:hasSelector ?position .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
}
"""
)

ARTICLE_MARKERS = (
    PROLOGUE
    + """
SELECT ?marker ?start ?end ?source ?number WHERE {
  ?marker a nkkg:Citation ; nkkg:startOffset ?start ; nkkg:endOffset ?end ; nkkg:cites ?source .
  ?source nkkg:referenceNumber ?number .
}
"""
)

# Each curated name where the curation anchors it (the name inside its quoted words), and every
# zh-Hant name of a curated entity, to find its other mentions by spelling.
ARTICLE_NAMES = (
    PROLOGUE
    + """
SELECT ?entity ?name ?exact ?start (SAMPLE(?en) AS ?labelEn) WHERE {
  ?entity rdfs:label ?name ; skos:prefLabel ?any .
  FILTER(LANGMATCHES(LANG(?name), "zh-Hant"))
  BIND(STRAFTER(STR(?entity), STR(id:)) AS ?key)
  FILTER(STRBEFORE(?key, "/") IN ("actor", "place", "event")
         && !CONTAINS(STRAFTER(?key, "/"), "/"))
  OPTIONAL { ?statement rdf:subject ?entity ; rdf:predicate rdfs:label ; rdf:object ?name ;
                        nkkg:hasEvidence ?evidence .
             ?evidence oa:hasSelector ?quote, ?position .
             ?quote oa:exact ?exact . ?position oa:start ?start }
  OPTIONAL { ?entity skos:prefLabel ?en FILTER(LANG(?en) = "en") }
}
GROUP BY ?entity ?name ?exact ?start
"""
)
