"""Content negotiation, table-driven: RFC 9110 §12.5.1 on the endpoint's real offers."""

from __future__ import annotations

import pytest

from server.engine import formats
from server.engine.formats import GRAPH_FORMATS, SOLUTION_FORMATS
from server.errors import ApiError
from server.http.negotiation import negotiate, parse_accept
from server.sparql.format_choice import choose_formats, pick_format

RESULTS = formats.offers(SOLUTION_FORMATS)
GRAPHS = formats.offers(GRAPH_FORMATS)

CASES = [
    # (accept header, offers, expected media type)
    (None, RESULTS, "application/sparql-results+json"),
    ("", RESULTS, "application/sparql-results+json"),
    ("*/*", RESULTS, "application/sparql-results+json"),
    ("application/sparql-results+xml", RESULTS, "application/sparql-results+xml"),
    ("text/csv", RESULTS, "text/csv"),
    ("TEXT/TAB-SEPARATED-VALUES", RESULTS, "text/tab-separated-values"),
    ("application/json", RESULTS, "application/json"),
    # q-values decide, not the order in the header
    ("text/csv;q=0.5, application/sparql-results+xml", RESULTS, "application/sparql-results+xml"),
    ("application/sparql-results+xml;q=0.2, text/csv;q=0.9", RESULTS, "text/csv"),
    # the most specific range sets an offer's quality: text/* is high, text/csv excluded
    (
        "text/*, text/csv;q=0",
        ["text/csv", "text/tab-separated-values"],
        "text/tab-separated-values",
    ),
    ("text/*, text/csv;q=0", RESULTS, "text/xml"),
    ("*/*;q=0.1, text/csv", RESULTS, "text/csv"),
    ("*/*;q=0.1, application/sparql-results+json;q=0", RESULTS, "application/json"),
    # equal qualities go to the server's preference
    ("text/tab-separated-values, text/csv", RESULTS, "text/csv"),
    # parameters other than q do not stop a match; accept-extensions after q are ignored
    ("application/sparql-results+json;charset=utf-8", RESULTS, "application/sparql-results+json"),
    ("text/csv;q=0.3;ext=1, text/tab-separated-values;q=0.2", RESULTS, "text/csv"),
    # nothing acceptable
    ("image/png", RESULTS, None),
    ("text/turtle", RESULTS, None),
    ("*/*;q=0", RESULTS, None),
    ("application/sparql-results+json;q=0", ["application/sparql-results+json"], None),
    # malformed elements are dropped; a header with nothing readable is as if absent
    ("garbage, text/csv", RESULTS, "text/csv"),
    ("text/csv;q=2, text/tab-separated-values", RESULTS, "text/tab-separated-values"),
    ("nonsense", RESULTS, "application/sparql-results+json"),
    # graphs
    (None, GRAPHS, "text/turtle"),
    ("application/rdf+xml", GRAPHS, "application/rdf+xml"),
    ("application/ld+json;q=0.9, text/turtle;q=0.8", GRAPHS, "application/ld+json"),
    ("application/n-quads", GRAPHS, "application/n-quads"),
    ("application/trig, */*;q=0.1", GRAPHS, "application/trig"),
    ("text/plain", GRAPHS, "text/plain"),
    # a browser
    (
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        GRAPHS,
        "application/xml",  # offered for RDF/XML
    ),
    ("text/html", GRAPHS, None),
    # RDF 1.2's `version` parameter: named, it must match; absent, RDF 1.1 wins the tie
    ("text/turtle; version=1.2", GRAPHS, "text/turtle; version=1.2"),
    ("text/turtle", GRAPHS, "text/turtle"),
    ("text/turtle;version=1.2, text/turtle;q=0.5", GRAPHS, "text/turtle; version=1.2"),
    ("text/turtle;version=1.2;q=0.4, text/turtle;q=0.5", GRAPHS, "text/turtle"),
    ('application/n-triples;version="1.2"', GRAPHS, "application/n-triples; version=1.2"),
    ("application/n-quads;version=1.2", GRAPHS, "application/n-quads; version=1.2"),
    ("application/rdf+xml;version=1.2", GRAPHS, None),
    ("text/turtle;version=1.1", GRAPHS, None),
    ("text/turtle;charset=utf-8", GRAPHS, "text/turtle"),
    ("*/*", GRAPHS, "text/turtle"),
    # no offers at all
    ("*/*", [], None),
]


@pytest.mark.parametrize(("accept", "offers", "expected"), CASES)
def test_negotiate(accept: str | None, offers: list[str], expected: str | None) -> None:
    assert negotiate(accept, offers) == expected


def test_parse_accept_reads_qualities_and_drops_bad_elements() -> None:
    ranges = parse_accept("text/csv;q=0.5, */*;q=0.1, bad, */csv, a/b;q=x, text/*")
    assert [(r.type, r.subtype, r.quality) for r in ranges] == [
        ("text", "csv", 0.5),
        ("*", "*", 0.1),
        ("text", "*", 1.0),
    ]


FORMAT_PARAMETERS = [
    (SOLUTION_FORMATS, "json", "json"),
    (SOLUTION_FORMATS, "XML", "xml"),
    (SOLUTION_FORMATS, "text/csv", "csv"),
    (SOLUTION_FORMATS, "srj", "json"),
    (SOLUTION_FORMATS, "turtle", None),
    (GRAPH_FORMATS, "ttl", "turtle"),
    (GRAPH_FORMATS, "xml", "rdfxml"),
    (GRAPH_FORMATS, "json", "jsonld"),
    (GRAPH_FORMATS, "nq", "nquads"),
    (GRAPH_FORMATS, "application/trig", "trig"),
    (GRAPH_FORMATS, "csv", None),
    (GRAPH_FORMATS, "rdf+xml", "rdfxml"),
    (GRAPH_FORMATS, "json-ld", "jsonld"),
    (GRAPH_FORMATS, "turtle-1.2", "turtle-1.2"),
    (GRAPH_FORMATS, "text/turtle;version=1.2", "turtle-1.2"),
    (GRAPH_FORMATS, "application/N-Quads; version=1.2", "nquads-1.2"),
]


@pytest.mark.parametrize(("kind", "value", "expected"), FORMAT_PARAMETERS)
def test_format_parameter(kind: tuple, value: str, expected: str | None) -> None:
    found = formats.by_parameter(kind, value)
    assert (found.name if found else None) == expected


# (kind, Accept, format= values, the format chosen, or the error's status)
CHOICES = [
    # SPARQLWrapper's pairs: a name and a media type for one format are one request
    (GRAPH_FORMATS, "application/rdf+xml", ("rdf+xml", "application/rdf+xml"), "rdfxml"),
    (GRAPH_FORMATS, "application/ld+json", ("json-ld", "application/ld+json"), "jsonld"),
    (
        GRAPH_FORMATS,
        "application/ld+json",
        ("json-ld", "application/ld+json,application/x-json+ld"),
        "jsonld",
    ),
    (SOLUTION_FORMATS, None, ("csv,application/json",), 400),
    (SOLUTION_FORMATS, "text/tab-separated-values", ("tsv", "text/tab-separated-values"), "tsv"),
    (SOLUTION_FORMATS, None, ("json", "json"), "json"),
    # values naming different formats are not
    (SOLUTION_FORMATS, None, ("json", "xml"), 400),
    (GRAPH_FORMATS, None, ("turtle", "turtle-1.2"), 400),
    # a graph query asked for with a results type gets the closest RDF format
    (GRAPH_FORMATS, "application/sparql-results+json", (), "jsonld"),
    (GRAPH_FORMATS, "application/sparql-results+xml", (), "rdfxml"),
    (GRAPH_FORMATS, "text/csv", (), "ntriples"),
    (GRAPH_FORMATS, "text/tab-separated-values", (), "ntriples"),
    (GRAPH_FORMATS, None, ("csv",), "ntriples"),
    (GRAPH_FORMATS, "image/png", (), 406),
    # ... but a SELECT asked for with a graph type is refused
    (SOLUTION_FORMATS, "text/turtle", (), 406),
    (SOLUTION_FORMATS, None, ("turtle",), 406),
    (SOLUTION_FORMATS, None, ("docx",), 400),
]


@pytest.mark.parametrize(("kind", "accept", "params", "expected"), CHOICES)
def test_pick_format(
    kind: tuple, accept: str | None, params: tuple[str, ...], expected: str | int
) -> None:
    if isinstance(expected, int):
        with pytest.raises(ApiError) as raised:
            pick_format(kind, accept, params)
        assert raised.value.status == expected
    else:
        assert pick_format(kind, accept, params).name == expected


@pytest.mark.parametrize(
    ("form", "accept", "params", "solutions", "graph"),
    [
        ("SELECT", "text/csv", (), "csv", "turtle"),
        # CSV and TSV have no boolean: an ASK gets SPARQL JSON
        ("ASK", "text/csv", (), "json", "turtle"),
        ("ASK", None, ("tsv",), "json", "turtle"),
        ("ASK", "application/sparql-results+xml", (), "xml", "turtle"),
        ("CONSTRUCT", "application/sparql-results+json", (), "json", "jsonld"),
        ("DESCRIBE", "text/turtle; version=1.2", (), "json", "turtle-1.2"),
    ],
)
def test_choose_formats(
    form: str, accept: str | None, params: tuple[str, ...], solutions: str, graph: str
) -> None:
    chosen = choose_formats(form, accept, params)
    assert (chosen[0].name, chosen[1].name) == (solutions, graph)
