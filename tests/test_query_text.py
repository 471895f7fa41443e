"""The query scanner: SERVICE refused however it is spelled, and never for a string, IRI or
comment; the query form, updates and FROM read from tokens.

The SERVICE cases are checked against pyoxigraph itself: an empty store and a service IRI on
port 9, which pyoxigraph's HTTP client refuses before connecting, so "it tried to call the
service" shows as an OSError naming port 9 — and no request ever leaves the machine.
"""

from __future__ import annotations

import pytest
from pyoxigraph import QueryBoolean, Store

from server.sparql.query_text import scan

EP = "<http://127.0.0.1:9/sparql>"

CALLS_SERVICE = [
    f"SELECT * {{ SERVICE {EP} {{ ?s ?p ?o }} }}",
    f"select * {{ service {EP} {{ ?s ?p ?o }} }}",
    f"SELECT * {{ SeRvIcE {EP} {{ ?s ?p ?o }} }}",
    f"SELECT * {{SERVICE{EP}{{ ?s ?p ?o }}}}",
    f"SELECT * {{ SERVICE # a comment between\n {EP} {{ ?s ?p ?o }} }}",
    f"SELECT * {{ VALUES ?x {{ 1 }} .SERVICE {EP} {{ ?s ?p ?o }} }}",
    f"PREFIX e: {EP[:-1]}> SELECT * {{ SERVICE e: {{ ?s ?p ?o }} }}",
    # Oxigraph's parser needs no word boundary after a keyword: this calls the service s:x
    "PREFIX s: <http://127.0.0.1:9/> SELECT * { SERVICEs:x { ?s ?p ?o } }",
    f'SELECT * {{ BIND("SERVICE" AS ?x) SERVICE {EP} {{ ?s ?p ?o }} }}',
    f"SELECT * {{ {{ SELECT * {{ SERVICE {EP} {{ ?s ?p ?o }} }} }} }}",
    f"SELECT * {{ OPTIONAL {{ SERVICE {EP} {{ ?s ?p ?o }} }} }}",
    f"ASK {{ SERVICE {EP} {{ ?s ?p ?o }} }}",
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE {EP} {{ ?s ?p ?o }} }}",
]

# Refused too, though pyoxigraph would not run them: erring on the side of refusing.
ALSO_REFUSED = [
    # SILENT swallows the error that would show pyoxigraph calling out
    "SELECT * { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }",
    r"SELECT * { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * { BIND(1 AS ?x) SERVICE ?x { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/> {} } }",
]

NO_SERVICE = [
    'SELECT * { ?s ?p "SERVICE <http://127.0.0.1:9/> { }" }',
    "SELECT * { ?s ?p 'service' }",
    'SELECT * { ?s ?p """a long SERVICE <x> { } string""" }',
    "SELECT * { ?s ?p '''and 'one' with SERVICE in it''' }",
    'SELECT * { ?s ?p "escaped \\" SERVICE <x> {} \\"" }',
    "SELECT * { ?s <http://example.org/SERVICE> ?o }",
    "SELECT * { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> { }",
    "# SERVICE\nSELECT * { ?s ?p ?o }",
    "SELECT ?service { ?service ?p ?o }",
    "SELECT $SERVICE { $SERVICE ?p ?o }",
    "PREFIX schema: <https://schema.org/> SELECT * { ?s a schema:Service ; schema:serviceType ?t }",
    "PREFIX ex: <http://example.org/> SELECT * { ?s ex:a.SERVICE ?o }",
    'SELECT * { ?s ?p "x"@service }',
    "SELECT * { _:SERVICE ?p ?o }",
]


def _tries_service(query: str) -> bool:
    try:
        result = Store().query(query)
        if not isinstance(result, QueryBoolean):
            list(result)
    except OSError as error:
        return "port 9" in str(error)
    return False


@pytest.mark.parametrize("query", CALLS_SERVICE)
def test_every_spelling_of_service_is_refused(query: str) -> None:
    assert _tries_service(query), "the case must be one pyoxigraph really runs as SERVICE"
    assert scan(query).calls_service


@pytest.mark.parametrize("query", ALSO_REFUSED)
def test_doubtful_service_is_refused(query: str) -> None:
    assert scan(query).calls_service


@pytest.mark.parametrize("query", NO_SERVICE)
def test_service_in_a_string_iri_comment_or_name_is_not_refused(query: str) -> None:
    Store().query(query)  # it parses: a real query a client could send
    assert not scan(query).calls_service


FORMS = [
    ("SELECT * { ?s ?p ?o }", "SELECT", False, False),
    ("PREFIX select: <http://e/> ASK { ?s select:p ?o }", "ASK", False, False),
    ("BASE <http://e/> PREFIX ask: <x> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False, False),
    ("# SELECT\nDESCRIBE <http://e/x>", "DESCRIBE", False, False),
    ("SELECT * FROM <http://e/g> { ?s ?p ?o }", "SELECT", False, True),
    ("SELECT * FROM NAMED <http://e/g> { GRAPH ?g { ?s ?p ?o } }", "SELECT", False, True),
    ('SELECT * { ?s ?p "FROM" }', "SELECT", False, False),
    ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", None, True, False),
    ("PREFIX e: <http://e/> DELETE WHERE { ?s e:p ?o }", None, True, False),
    ("LOAD <http://e/data.ttl>", None, True, False),
    ("WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", None, True, False),
    ("{ ?s ?p ?o }", None, False, False),
]


@pytest.mark.parametrize(("query", "form", "is_update", "names_dataset"), FORMS)
def test_form_update_and_dataset(
    query: str, form: str | None, is_update: bool, names_dataset: bool
) -> None:
    text = scan(query)
    assert (text.form, text.is_update, text.names_dataset) == (form, is_update, names_dataset)


def test_an_undeclared_prefix_is_named_with_the_line_to_add() -> None:
    from pyoxigraph import Store

    from server.sparql.query_text import parse_error

    query = "SELECT * WHERE {\n  ?s skos:prefLabel ?label .\n  ?s foo:bar ?o }"
    try:
        Store().query(query)
    except SyntaxError as error:
        parsed = parse_error(query, str(error))
    assert (parsed.line, parsed.column) == (2, 20)
    assert parsed.message == (
        "the prefix skos: of skos:prefLabel is not declared; "
        "add PREFIX skos: <http://www.w3.org/2004/02/skos/core#>"
    )
    unknown = parse_error(
        "ASK { ?s foo:bar ?o }", "error at 1:17: expected one of Prefix not found"
    )
    assert unknown.message == "the prefix foo: of foo:bar is not declared; add PREFIX foo: <…>"
    other = parse_error("ASK { ?s ?p }", "error at 1:13: expected OPTIONAL")
    assert (other.line, other.column, other.message) == (1, 13, "expected OPTIONAL")
    assert parse_error("", "no position").line is None
