"""Content negotiation, table-driven: RFC 9110 §12.5.1 on the endpoint's real offers."""

from __future__ import annotations

import pytest

from server.engine import formats
from server.engine.formats import GRAPH_FORMATS, SOLUTION_FORMATS
from server.http.negotiation import negotiate, parse_accept

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
]


@pytest.mark.parametrize(("kind", "value", "expected"), FORMAT_PARAMETERS)
def test_format_parameter(kind: tuple, value: str, expected: str | None) -> None:
    found = formats.by_parameter(kind, value)
    assert (found.name if found else None) == expected
