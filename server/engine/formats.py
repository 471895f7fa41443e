"""The result formats the endpoint speaks: short names, media types, pyoxigraph's serializers.

SELECT and ASK results go out as one of SOLUTION_FORMATS, CONSTRUCT and DESCRIBE results (and
the service description, VoID) as one of GRAPH_FORMATS. Each format is offered under its
standard media type first, then under the aliases clients send in practice; the order of the
table is the server's preference when a client accepts several equally.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat


@dataclass(frozen=True)
class Format:
    """One result format: its `format=` name, its media types (standard one first), serializer."""

    name: str
    media_types: tuple[str, ...]
    serializer: QueryResultsFormat | RdfFormat
    iri: str
    """The format's IRI under http://www.w3.org/ns/formats/, for the service description."""

    @property
    def content_type(self) -> str:
        """Gives the Content-Type to send, with a charset where the media type takes one."""
        return self.serializer.media_type


W3C_FORMATS = "http://www.w3.org/ns/formats/"

SOLUTION_FORMATS: tuple[Format, ...] = (
    Format(
        "json",
        ("application/sparql-results+json", "application/json"),
        QueryResultsFormat.JSON,
        W3C_FORMATS + "SPARQL_Results_JSON",
    ),
    Format(
        "xml",
        ("application/sparql-results+xml", "application/xml", "text/xml"),
        QueryResultsFormat.XML,
        W3C_FORMATS + "SPARQL_Results_XML",
    ),
    Format("csv", ("text/csv",), QueryResultsFormat.CSV, W3C_FORMATS + "SPARQL_Results_CSV"),
    Format(
        "tsv",
        ("text/tab-separated-values",),
        QueryResultsFormat.TSV,
        W3C_FORMATS + "SPARQL_Results_TSV",
    ),
)

GRAPH_FORMATS: tuple[Format, ...] = (
    Format(
        "turtle", ("text/turtle", "application/x-turtle"), RdfFormat.TURTLE, W3C_FORMATS + "Turtle"
    ),
    Format(
        "ntriples",
        ("application/n-triples", "text/plain"),
        RdfFormat.N_TRIPLES,
        W3C_FORMATS + "N-Triples",
    ),
    Format(
        "rdfxml",
        ("application/rdf+xml", "application/xml", "text/xml"),
        RdfFormat.RDF_XML,
        W3C_FORMATS + "RDF_XML",
    ),
    Format(
        "jsonld",
        ("application/ld+json", "application/json"),
        RdfFormat.JSON_LD,
        W3C_FORMATS + "JSON-LD",
    ),
    Format("nquads", ("application/n-quads",), RdfFormat.N_QUADS, W3C_FORMATS + "N-Quads"),
    Format("trig", ("application/trig",), RdfFormat.TRIG, W3C_FORMATS + "TriG"),
)

BY_NAME: dict[str, Format] = {f.name: f for f in SOLUTION_FORMATS + GRAPH_FORMATS}

# Other names people type into `format=`: file extensions and the names other servers use.
ALIASES: dict[str, str] = {
    "srj": "json",
    "srx": "xml",
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "rdf": "rdfxml",
    "rdf/xml": "rdfxml",
    "json-ld": "jsonld",
    "nq": "nquads",
    "n-quads": "nquads",
}

# What a kind-less name means for graphs (SPARQLWrapper sends `format=xml` for RDF/XML).
GRAPH_ALIASES: dict[str, str] = {"xml": "rdfxml", "json": "jsonld", "n3": "turtle"}


def offers(formats: tuple[Format, ...]) -> list[str]:
    """Gives every media type of `formats`, in the server's order of preference."""
    seen: list[str] = []
    for fmt in formats:
        seen.extend(m for m in fmt.media_types if m not in seen)
    return seen


def by_media_type(formats: tuple[Format, ...], media_type: str) -> Format:
    """Gives the first of `formats` offered under `media_type` (one of `offers(formats)`)."""
    return next(f for f in formats if media_type in f.media_types)


def by_parameter(formats: tuple[Format, ...], value: str) -> Format | None:
    """Gives the format a `format=` value names among `formats` — a short name, an alias or a
    media type — or None when it names none of them."""
    value = value.strip().lower()
    name = ALIASES.get(value, value)
    if formats is GRAPH_FORMATS:
        name = GRAPH_ALIASES.get(name, name)
    for fmt in formats:
        if name == fmt.name or value in fmt.media_types:
            return fmt
    return None


def names(formats: tuple[Format, ...]) -> str:
    """Gives the short names of `formats`, for messages."""
    return ", ".join(f.name for f in formats)
