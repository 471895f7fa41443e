"""Every namespace and prefix the project uses, in one place."""

from __future__ import annotations

from pyoxigraph import NamedNode

BASE = "https://w3id.org/nkkg/"
"""The one base namespace under which every IRI the graph mints lives."""


class Namespace:
    """A namespace IRI; `ns["term"]` or `ns.term` gives a pyoxigraph NamedNode.

    Not a `str` subclass on purpose: `ns.title` must be the term, not `str.title`.
    """

    __slots__ = ("iri",)

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __str__(self) -> str:
        return self.iri

    def __getitem__(self, local: str) -> NamedNode:
        return NamedNode(self.iri + local)

    def __getattr__(self, local: str) -> NamedNode:
        if local.startswith("__"):
            raise AttributeError(local)
        return NamedNode(self.iri + local)


NKKG = Namespace(BASE + "ontology/")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
SKOLEM = Namespace(BASE + ".well-known/genid/")

RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DBR = Namespace("http://dbpedia.org/resource/")
"""DBpedia's resources: one per English Wikipedia article (graph_builder/iris.py `dbpedia`)."""
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
GEOF = Namespace("http://www.opengis.net/def/function/geosparql/")
UOM = Namespace("http://www.opengis.net/def/uom/OGC/1.0/")

ONTOLOGY_IRI = NamedNode(BASE + "ontology")
"""The ontology itself (its terms live under `NKKG`, i.e. this IRI plus a slash)."""

PREFIXES: dict[str, str] = {
    "nkkg": str(NKKG),
    "id": str(ID),
    "graph": str(GRAPH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "dcterms": str(DCTERMS),
    "sh": str(SH),
    "void": str(VOID),
    "dbr": str(DBR),
    "geo": str(GEO),
    "geof": str(GEOF),
    "uom": str(UOM),
}


RESOURCE_KINDS = (
    "actor",
    "place",
    "event",
    "claim",
    "variable",
    "source",
    "evidence",
    "statement",
    "contradiction",
    "document",
    "section",
    "paragraph",
    "sentence",
    "citation",
    "infobox",
    "table",
    "note",
)
"""The kinds of resource the graph mints under `id:` (graph_builder/iris.py), each a path step."""

RESOURCE_PREFIXES: dict[str, str] = {
    **{kind: f"{ID}{kind}/" for kind in RESOURCE_KINDS},
    # The ontology's minted terms: the sides, the quantity kinds, the RDF 1.2 figure predicates.
    **{
        kind: f"{NKKG}{kind}/"
        for kind in ("side", "quantity", "figure", "figureApprox", "figureMin", "figureMax")
    },
}
"""One prefix per kind of resource, so SPARQL can name any of them (`actor:robert-kocharyan`,
`claim:khojaly-deaths-conservative-estimate`, `quantity:deaths`): SPARQL's prefixed names
cannot hold a slash, so `id:actor/robert-kocharyan` is no name SPARQL reads."""

SPARQL_PREFIXES: dict[str, str] = {**PREFIXES, **RESOURCE_PREFIXES}
"""Every prefix: the vocabularies' and one per kind of resource. The JSON-LD context, the service
description, the query page and the docs declare these."""


def sparql_prologue() -> str:
    """Gives the PREFIX lines for every prefix above, for queries that want them all."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in SPARQL_PREFIXES.items())
