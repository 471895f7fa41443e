"""The query scanner: SERVICE refused however Oxigraph's parser would read one, and never for a
string, IRI, comment or name; the query form, updates, FROM and nesting read from tokens.

The scanner must agree with the parser that runs the query. The oracle is pyoxigraph itself:
a query "calls SERVICE" when it parses, and no longer parses once every "service" in it is
respelled "xervice" — inside strings, IRIs, comments and names the new spelling is as good as the
old, so only a SERVICE keyword can break. Hand-picked cases come first, then queries hypothesis
generates from the pieces an attacker would mix: escapes in names and strings, quotes, comments,
`<` and `>` as operators, keywords glued to what follows.

The SERVICE cases name port 9, which pyoxigraph's HTTP client refuses before connecting, so no
request leaves the machine while the oracle runs.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import QueryBoolean, Store

from server.sparql.query_text import scan, tokens

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

# SERVICE as the parser reads it, though running them would not show it calling out.
ALSO_REFUSED = [
    # SILENT swallows the error that would show pyoxigraph calling out
    "SELECT * { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * { BIND(1 AS ?x) SERVICE ?x { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/> {} } }",
    # the hardening issue's spellings: an escape in a name, an operator that looks like an IRI
    r"PREFIX ex: <http://e/> SELECT * { ?s ex:a\# ?o SERVICE <http://127.0.0.1:9/> { } }",
    r"PREFIX ex: <http://e/> SELECT * { ?s ex:a\' ?o SERVICE <http://127.0.0.1:9/> {} } #'",
    "SELECT * { ?s ?p ?o FILTER(?o<1) SERVICE <http://127.0.0.1:9/> {} FILTER(?o>0) }",
    "SELECT * { ?s ?p trueSERVICE<http://127.0.0.1:9/>{} }",
]

# The parser reads no `\\u` escape outside strings and IRIs: these never run at all.
PARSER_REFUSES = [
    r"SELECT * { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    r"SELECT * { SERV\u0049CE <http://127.0.0.1:9/> { ?s ?p ?o } }",
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


def parses(query: str) -> bool:
    """Says whether pyoxigraph parses the query (running it may fail: that is not our question)."""
    try:
        Store().query(query)
    except SyntaxError:
        return False
    except (OSError, RuntimeError):
        pass  # it parsed and failed as it ran (port 9 is refused before connecting, say)
    return True


def _respelled(query: str) -> str:
    return re.sub(
        "service", lambda m: ("X" if m[0][0] == "S" else "x") + m[0][1:], query, flags=re.I
    )


def parser_reads_service(query: str) -> bool:
    """The oracle: the query parses, and stops parsing when no SERVICE keyword can be in it."""
    return parses(query) and not parses(_respelled(query))


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
def test_service_the_parser_reads_is_refused(query: str) -> None:
    assert parser_reads_service(query)
    assert scan(query).calls_service


@pytest.mark.parametrize("query", PARSER_REFUSES)
def test_escaped_keywords_do_not_parse(query: str) -> None:
    with pytest.raises(SyntaxError):
        Store().query(query)


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


# What hypothesis mixes: pieces that are fine where they stand, pieces that fool a naive
# tokenizer (an escaped `#` or `'` in a name, a lone quote in a comment, `<` and `>` as
# operators), and SERVICE spelled every way the parser takes it, or almost.
ENDPOINTS = ["<http://127.0.0.1:9/>", "e:", "e:x", "?v", "<http://127.0.0.1:9/SERVICE>"]
PIECES = [
    "?s ?p ?o .",
    r"?s e:a\# ?o .",
    r"?s e:a\' ?o .",
    r"?s e:a\#b ?o .",
    "?s e:service ?o .",
    "?s <http://e/service> ?o .",
    '?s ?p "SERVICE <x> { }" .',
    "?s ?p 'it\\'s' .",
    "?s ?p '''a 'b' SERVICE <x> {} ''' .",
    '?s ?p """a "b" SERVICE <x> {} """ .',
    '?s ?p "a \\" SERVICE <x> {} \\"" .',
    '?s ?p "x"@service .',
    "# SERVICE <http://127.0.0.1:9/> { }\n",
    "# a ' quote and a \" quote\n",
    "FILTER(?o<1)",
    "FILTER(?o>0)",
    "FILTER(?o<?p)",
    "FILTER(?o > 1 || ?o < 0)",
    'BIND("#" AS ?h)',
    "BIND('<' AS ?lt)",
    "?service ?p ?o .",
    "VALUES ?v { <http://127.0.0.1:9/> }",
    "?s ?p true",
    "?s ?p false",
    "?s ?p 1",
    "_:service ?p ?o .",
    "{ ?s ?p ?o }",
    "OPTIONAL { ?s ?p ?o }",
    "}",
    "{",
    "'",
    '"',
    "#",
    "<",
    ">",
    "\\",
]


@st.composite
def service_clauses(draw: st.DrawFn) -> str:
    keyword = draw(st.sampled_from(["SERVICE", "service", "SeRvIcE", r"SERV\u0049CE", "SERVICEX"]))
    gap = draw(st.sampled_from(["", " ", "\n", "#c\n", " # c\n "]))
    silent = draw(st.sampled_from(["", "SILENT", "silent"]))
    endpoint = draw(st.sampled_from(ENDPOINTS))
    after = draw(st.sampled_from(["", " ", "#c\n"]))
    body = draw(st.sampled_from(["{ }", "{}", "{ ?s ?p ?o }", ""]))
    return f"{keyword}{gap}{silent}{gap if silent else ''}{endpoint}{after}{body}"


@st.composite
def queries(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(PIECES) | service_clauses(), min_size=1, max_size=6))
    glue = draw(
        st.lists(st.sampled_from([" ", "", "\n"]), min_size=len(parts), max_size=len(parts))
    )
    body = "".join(g + p for g, p in zip(glue, parts, strict=True))
    return f"PREFIX e: <http://127.0.0.1:9/> SELECT * WHERE {{ {body} }}"


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries())
def test_the_scanner_reads_service_as_the_parser_does(query: str) -> None:
    if not parses(query):
        return  # the parser refuses it: it never runs, whatever the scanner says
    assert scan(query).calls_service == parser_reads_service(query), query


def test_the_generator_reaches_both_answers() -> None:
    """The agreement test means something only if the generated queries include ones the parser
    reads as SERVICE and ones it does not, past tokens that fool a naive scanner."""
    fooled = r"PREFIX e: <http://127.0.0.1:9/> SELECT * WHERE { ?s e:a\' ?o . SERVICE e: { } }"
    plain = "PREFIX e: <http://127.0.0.1:9/> SELECT * WHERE { ?s ?p 'SERVICE e: { }' . }"
    assert parser_reads_service(fooled) and scan(fooled).calls_service
    assert parses(plain) and not parser_reads_service(plain) and not scan(plain).calls_service


def test_tokens_follow_the_grammar_terminals() -> None:
    kinds = {
        r"e:a\#b": "pname",
        r"e:a\'": "pname",
        "<http://e/a#b>": "iri",
        r'"a\"b"': "string",
        "'''it's'''": "string",
        "# to the end": "comment",
        "?service": "variable",
        "@en-GB": "langtag",
        "_:b1": "blank",
        "1.5e3": "number",
    }
    for text, kind in kinds.items():
        (token,) = tokens(text)
        assert (token.kind, token.text) == (kind, text)


def test_nesting_is_measured_outside_strings_and_comments() -> None:
    deep = "SELECT * WHERE {\n" + "{ " * 5 + "?s ?p ?o" + " }" * 5 + "\n}"
    nesting = scan(deep).nesting
    assert nesting.depth == 6
    assert nesting.first_deeper_than(4) == (2, 7)  # depth 5: the fourth `{` of line 2
    assert nesting.first_deeper_than(6) is None
    assert scan('SELECT * { ?s ?p "{{{{{{{{" } # ((((((((').nesting.depth == 1


def test_large_distinct_queries_leave_nothing_behind_in_the_scan_cache() -> None:
    from server.lexer import SHORT_TEXT_MAX_CHARS

    padding = "#" + "x" * SHORT_TEXT_MAX_CHARS
    scan("ASK {}")
    kept = scan.cache_info().currsize  # type: ignore[attr-defined]
    for n in range(20):
        assert scan(f"ASK {{ ?s ?p {n} }} {padding}").form == "ASK"
    assert scan.cache_info().currsize == kept  # type: ignore[attr-defined]
