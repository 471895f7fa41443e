"""Every IRI the graph mints, derived from stable keys (a reference number, a section ordinal in
the pinned document, a curated id), never from build-time counters."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from pyoxigraph import NamedNode

from graph_builder.namespaces import BASE, DBR, GRAPH, ID, NKKG

DOCUMENT_KEY = "zhwiki-first-nagorno-karabakh-war"

# The named graphs, and what each holds (docs/graphs.md says the same for users).
GRAPHS: dict[str, str] = {
    "ontology": "the OWL ontology and the SKOS concept schemes",
    "sources": "the reference list: one Source node per numbered entry",
    "document": "the article's structure: sections, paragraphs, sentences, citation markers, "
    "infobox, table and notes",
    "claims": "the claims: one node per version of a figure, or per accusation or denial, with "
    "its value or range, claimant, cited references and evidence; and the disputed variables",
    "claims-rdf12": "the same figures in RDF 1.2 form: each claim node reifies the unasserted "
    "triple subject–figure–value",
    "evidence": "the article's exact words every curated fact and claim rests on, each passage "
    "once: Web Annotation resources with a quote selector and a position selector",
    "curated": "the curated actors, places and events, their names and facts, each fact "
    "reified as a statement with the evidence (the article's exact words) it rests on",
    "links": "links out to DBpedia: owl:sameAs where the English Wikipedia article is about the "
    "very actor, place or event, skos:closeMatch where it is about nearly the same; each "
    "reified with its evidence (the article's interlanguage mark) or its general-knowledge basis",
    "geometry": "where each place is: a GeoSPARQL point, and a region's approximate extent, "
    "from general knowledge (the article gives no coordinates), each with its basis and "
    "precision",
    "inferred": "what OWL 2 RL entails from all the other graphs and is not asserted there: "
    "types by superclasses, the class and property hierarchy, values of super-properties, "
    "inverse and transitive properties",
}


def _key(key: str) -> str:
    # Keys are ASCII in practice; quoting keeps any other character IRI- and URL-safe.
    return quote(key, safe="-._~")


def graph(name: str) -> NamedNode:
    """Gives the IRI of one of the named graphs listed in GRAPHS."""
    if name not in GRAPHS:
        raise KeyError(f"unknown named graph {name!r}")
    return GRAPH[name]


def publication_graph() -> NamedNode:
    """Gives the IRI of the record graph `nkkg publish` writes into an engine (not one of the
    store's graphs): which store version the engine holds."""
    return GRAPH["publication"]


def publication() -> NamedNode:
    """Gives the IRI of the published dataset the record graph describes."""
    return ID["publication"]


def publication_checksum() -> NamedNode:
    """Gives the IRI of the published dataset's SHA-256 checksum (an spdx:Checksum)."""
    return ID["publication/sha256"]


def document() -> NamedNode:
    """Gives the IRI of the source article."""
    return ID[f"document/{DOCUMENT_KEY}"]


def source(number: int) -> NamedNode:
    """Gives the IRI of reference-list entry `number`."""
    return ID[f"source/{number}"]


def section(key: str) -> NamedNode:
    return ID[f"section/{_key(key)}"]


def paragraph(key: str) -> NamedNode:
    return ID[f"paragraph/{_key(key)}"]


def sentence(key: str) -> NamedNode:
    return ID[f"sentence/{_key(key)}"]


def citation(start: int) -> NamedNode:
    """Gives the IRI of the citation marker that starts at character offset `start`."""
    return ID[f"citation/{start}"]


def infobox() -> NamedNode:
    return ID["infobox"]


def infobox_field(key: str) -> NamedNode:
    return ID[f"infobox/{_key(key)}"]


def infobox_entry(field_key: str, ordinal: int) -> NamedNode:
    return ID[f"infobox/{_key(field_key)}/{ordinal}"]


def table(key: str) -> NamedNode:
    return ID[f"table/{_key(key)}"]


def table_row(table_key: str, row: int) -> NamedNode:
    return ID[f"table/{_key(table_key)}/row/{row}"]


def table_cell(table_key: str, row: int, column: int) -> NamedNode:
    return ID[f"table/{_key(table_key)}/row/{row}/cell/{column}"]


def note(key: str) -> NamedNode:
    return ID[f"note/{_key(key)}"]


def entity(category: str, key: str) -> NamedNode:
    """Gives the IRI of a curated actor, place or event."""
    return ID[f"{category}/{_key(key)}"]


def evidence(start: int, end: int) -> NamedNode:
    """Gives the IRI of the evidence made of the article's characters start..end."""
    return ID[f"evidence/{start}-{end}"]


def selector(start: int, end: int, kind: str) -> NamedNode:
    """Gives the IRI of an evidence's `quote` or `position` selector."""
    return ID[f"evidence/{start}-{end}/{kind}"]


def statement(subject: str, predicate: str, obj: str) -> NamedNode:
    """Gives the IRI of the reified statement of one curated fact, keyed by the fact itself."""
    digest = hashlib.sha256(f"{subject}\n{predicate}\n{obj}".encode()).hexdigest()[:16]
    return ID[f"statement/{digest}"]


def entity_part(category: str, key: str, part: str, local: str) -> NamedNode:
    """Gives the IRI of a node that belongs to one entity: a role, a side span, a
    participation (e.g. `event/capture-of-shusha/commander/x`)."""
    return ID[f"{category}/{_key(key)}/{part}/{_key(local)}"]


def geometry(category: str, key: str, kind: str) -> NamedNode:
    """Gives the IRI of a place's geometry of `kind` (`point` or `extent`), under the place's
    own IRI: `id/place/khojaly/geometry/point`."""
    return entity_part(category, key, "geometry", kind)


def contradiction(key: str) -> NamedNode:
    return ID[f"contradiction/{_key(key)}"]


def side(key: str) -> NamedNode:
    """Gives the IRI of a side concept (armenian, azerbaijani) of the ontology's nkkg:Sides."""
    return NKKG[f"side/{key}"]


def claim(key: str) -> NamedNode:
    return ID[f"claim/{_key(key)}"]


def claim_part(key: str, part: str, local: str) -> NamedNode:
    """Gives the IRI of a node belonging to one claim, e.g. its citation of reference 33."""
    return ID[f"claim/{_key(key)}/{part}/{_key(local)}"]


def variable(key: str) -> NamedNode:
    """Gives the IRI of a disputed variable: all versions of one figure."""
    return ID[f"variable/{_key(key)}"]


def quantity_kind(key: str) -> NamedNode:
    """Gives the IRI of a quantity kind concept of the ontology's nkkg:QuantityKinds."""
    return NKKG[f"quantity/{key}"]


def void_node(fragment: str) -> NamedNode:
    """Gives the IRI of one node of the VoID description (a dataset, a linkset): the same
    whatever host serves it, and served (at /.well-known/void) by the document describing it."""
    return NamedNode(f"{BASE}.well-known/void#{_key(fragment)}")


def void_dataset() -> NamedNode:
    """Gives the IRI of the dataset VoID describes."""
    return void_node("dataset")


# What DBpedia escapes in a resource's name: what an IRI cannot hold, and `?` and `#`, which
# would end its path; every other character, non-ASCII ones and `(),'` included, stays as the
# English Wikipedia title writes it.
_DBPEDIA_ESCAPED = set('"#%<>?[\\]^`{|}')


def dbpedia(title: str) -> NamedNode:
    """Gives the DBpedia resource of the English Wikipedia article called `title`: spaces become
    underscores, as in the article's URL (`Ağbulaq, Khojaly` -> dbr:Ağbulaq,_Khojaly)."""
    name = title.strip().replace(" ", "_")
    name = name[:1].upper() + name[1:]  # Wikipedia's titles start with a capital
    return DBR["".join(quote(c, safe="") if c in _DBPEDIA_ESCAPED else c for c in name)]


def english_wikipedia(resource: str) -> str | None:
    """Gives the URL of the English Wikipedia article a DBpedia resource stands for, or None for
    an IRI that is no DBpedia resource."""
    if not resource.startswith(str(DBR)):
        return None
    return "https://en.wikipedia.org/wiki/" + resource[len(str(DBR)) :]


def served_path(iri: str) -> str | None:
    """Gives the server path ("/id/source/33") under which an IRI the graph mints is served, or
    None for an IRI outside the base namespace. The server's page links use this, so links work
    whatever host serves the graph."""
    if not iri.startswith(BASE):
        return None
    return "/" + iri[len(BASE) :]


def from_served_path(path: str) -> NamedNode:
    """Gives the IRI a server path stands for (the inverse of `served_path`)."""
    return NamedNode(BASE + path.lstrip("/"))
