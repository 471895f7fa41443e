"""The result formats the endpoint speaks: short names, media types, pyoxigraph's serializers.

SELECT and ASK results go out as one of SOLUTION_FORMATS, CONSTRUCT and DESCRIBE results (and
the service description, VoID) as one of GRAPH_FORMATS. Each format is offered under its
standard media type first, then under the aliases clients send in practice; the order of the
table is the server's preference when a client accepts several equally.

A graph format is RDF 1.1 unless it says otherwise: it never carries an RDF 1.2 triple term
(`write_result` refuses one with TripleTermRefused, which the endpoint turns into a 406). The
RDF 1.2 forms are the same serializers under RDF 1.2's media-type parameter,
`text/turtle; version=1.2` (likewise N-Triples, N-Quads, TriG), named `turtle-1.2` and so on;
they come last, so only a client that names the parameter gets one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from pyoxigraph import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    serialize,
)

RDF12 = "1.2"
"""The value of the media-type parameter `version` that asks for RDF 1.2 (triple terms)."""


@dataclass(frozen=True)
class Format:
    """One result format: its `format=` name, its media types (standard one first), serializer."""

    name: str
    media_types: tuple[str, ...]
    serializer: QueryResultsFormat | RdfFormat
    iri: str
    """The format's IRI under http://www.w3.org/ns/formats/, for the service description."""
    rdf12: bool = False
    """Whether it carries RDF 1.2 triple terms (its media types say `version=1.2`)."""

    @property
    def content_type(self) -> str:
        """Gives the Content-Type to send, with a charset where the media type takes one and
        the RDF version where it is 1.2."""
        media = self.serializer.media_type
        return f"{media}; version={RDF12}" if self.rdf12 else media


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

RDF11_FORMATS: tuple[Format, ...] = (
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


def _rdf12(fmt: Format) -> Format:
    return Format(
        f"{fmt.name}-{RDF12}",
        (f"{fmt.serializer.media_type}; version={RDF12}",),
        fmt.serializer,
        fmt.iri,
        rdf12=True,
    )


RDF12_FORMATS: tuple[Format, ...] = tuple(
    _rdf12(f) for f in RDF11_FORMATS if f.name in ("turtle", "ntriples", "nquads", "trig")
)

GRAPH_FORMATS: tuple[Format, ...] = RDF11_FORMATS + RDF12_FORMATS

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
    # SPARQLWrapper's names for RDF/XML and JSON-LD (it sends the media type beside them).
    "rdf+xml": "rdfxml",
    "application/x-json+ld": "jsonld",
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
    value = "; ".join(part.strip() for part in value.strip().lower().split(";"))
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


def names_rdf12() -> str:
    """Gives the RDF 1.2 formats' media types and names, for a message naming them."""
    return ", ".join(f"{f.media_types[0]} (format={f.name})" for f in RDF12_FORMATS)


class TripleTermRefused(Exception):
    """A graph result holds an RDF 1.2 triple term, and its format is an RDF 1.1 one."""


def _refusing_triple_terms(triples: Iterable[Triple], fmt: Format) -> Iterator[Triple]:
    for triple in triples:
        if isinstance(triple.object, Triple):
            raise TripleTermRefused(
                f"the result holds RDF 1.2 triple terms, which {fmt.name} (RDF 1.1) cannot "
                f"carry; ask for one of {names_rdf12()}"
            )
        yield triple


def write_result(
    result: QuerySolutions | QueryBoolean | QueryTriples | Iterable[Triple],
    sink: BinaryIO,
    fmt: Format,
) -> None:
    """Writes a query's result (or the triples of a graph result) to `sink` in `fmt`; raises
    TripleTermRefused when a graph result holds a triple term and `fmt` is RDF 1.1 (the refusal
    comes before anything is sent)."""
    if isinstance(result, QuerySolutions | QueryBoolean):
        result.serialize(sink, format=fmt.serializer)
    elif fmt.rdf12:
        serialize(result, sink, format=fmt.serializer)
    else:
        serialize(_refusing_triple_terms(result, fmt), sink, format=fmt.serializer)
