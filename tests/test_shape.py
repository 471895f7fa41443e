"""The one-pattern shape (server/engine/shape.py): what it takes, what it leaves to the workers,
and its agreement with the parser that runs the query.

The shape decides which queries the server answers itself, with no worker to kill, so reading
a query as this shape when Oxigraph reads more into it would let it hold the server. The oracle
is pyoxigraph: whenever the shape reads a query, the query's answers on a generated store must
be those of the plain query written from the parts the shape read (`OnePattern.text`). A
second triple the shape missed, a path read as a name, a FILTER hidden from it, would change
the answers. The generated queries mix the shape's own pieces with what would break it:
`;` and `,`, paths, groups, FILTER and OPTIONAL, blank nodes, DISTINCT, ORDER BY and OFFSET,
comments and strings holding braces, tokens glued together.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad, QueryBoolean, Store

from server.engine.shape import one_pattern
from server.lexer import tokens

ROOT = Path(__file__).resolve().parent.parent
E = "http://e/"

TAKEN = [
    (ROOT / "benchmarks" / "queries" / "point-lookup.rq").read_text(encoding="utf-8"),
    "SELECT ?p ?o WHERE { <https://w3id.org/nkkg/id/source/33> ?p ?o }",
    "select * { ?s ?p ?o }",
    "SELECT*{?s a ?o}LIMIT 5",
    'PREFIX ex: <http://e/> ASK { ex:a ex:p "x"@en . }',
    "BASE <http://e/> SELECT ?s WHERE { ?s <p> 1 VALUES ?s { <a> <b> } }",
    'SELECT ?s { ?s ?p "1"^^<http://www.w3.org/2001/XMLSchema#integer> } LIMIT 10',
    "SELECT ?s # a comment { with braces }\n WHERE { ?s ?p true }",
    "SELECT ?o { VALUES ?s { } ?s ?p ?o }",
]

LEFT = [
    "SELECT * { ?s ?p ?o ; ?q ?r }",
    "SELECT * { ?s ?p ?o , ?r }",
    "SELECT * { ?s ?p ?o . ?o ?q ?r }",
    "SELECT * { ?s <http://e/p>/<http://e/q> ?o }",
    "SELECT * { ?s ^<http://e/p> ?o }",
    "SELECT * { ?s <http://e/p>* ?o }",
    "SELECT * { ?s ?p ?o FILTER(?o != 1) }",
    "SELECT * { ?s ?p ?o OPTIONAL { ?o ?q ?r } }",
    "SELECT * { { ?s ?p ?o } }",
    "SELECT * { [] ?p ?o }",
    "SELECT * { _:b ?p ?o }",
    "SELECT DISTINCT ?s { ?s ?p ?o }",
    "SELECT * { ?s ?p ?o } ORDER BY ?o",
    "SELECT * { ?s ?p ?o } OFFSET 5",
    "SELECT * FROM <http://e/g> { ?s ?p ?o }",
    "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "DESCRIBE <http://e/a>",
    'SELECT * { ?s ?p "x" ^^<http://e/t> }',
    "SELECT * { ?s ?p 1.5 }",
    "SELECT * { ?s ?p -1 }",
    "SELECT * { ?s ?p ?o VALUES ?s { <http://e/a> } VALUES ?o { 1 } }",
    "SELECT * { VALUES (?s ?o) { (<http://e/a> 1) } ?s ?p ?o }",
    "SELECT * { VALUES ?s { UNDEF } ?s ?p ?o }",
    "SELECT * { ?s ?p trueSERVICE<http://127.0.0.1:9/>{} }",
    "SELECT * { ?s ?p ?o } LIMIT 5 VALUES ?s { <http://e/a> }",
    "INSERT DATA { <http://e/a> <http://e/p> 1 }",
]


@pytest.mark.parametrize("query", TAKEN)
def test_one_pattern_queries_are_read_as_such(query: str) -> None:
    assert one_pattern(tokens(query)) is not None


@pytest.mark.parametrize("query", LEFT)
def test_everything_else_is_left_to_the_workers(query: str) -> None:
    assert one_pattern(tokens(query)) is None


def test_the_canned_queries_that_join_are_left_to_the_workers() -> None:
    """The 24 canned queries all join, group or filter: none is read as one pattern."""
    canned = sorted((ROOT / "queries").glob("*.rq"))
    assert len(canned) >= 20
    assert [p.name for p in canned if one_pattern(tokens(p.read_text())) is not None] == []


# The generated queries and stores share a small vocabulary, so that patterns match.
NAMES = ["<http://e/a>", "<http://e/b>", "ex:a", "ex:b"]
VERBS = ["<http://e/p>", "ex:q", "a", "?p"]
CONSTANTS = [
    *NAMES,
    '"x"',
    '"x"@en',
    '"1"^^<http://www.w3.org/2001/XMLSchema#integer>',
    "1",
    "true",
]
VARIABLES = ["?o", "?s", "$o", "?x"]
TERMS = VARIABLES + CONSTANTS
PATHS = [
    "ex:q/<http://e/p>",
    "^<http://e/p>",
    "<http://e/p>*",
    "<http://e/p>+",
    "<http://e/p>?",
    "(<http://e/p>|ex:q)",
    "!<http://e/p>",
]
# What would make more of the query than one pattern, each written so that it parses.
MORE = [
    "; ex:q ?x",
    ", ?x",
    ". ?o ?p ?x",
    "?x ?p ?o .",
    "FILTER(?o != 1)",
    "FILTER(false)",
    "OPTIONAL { ?o ?p ?x }",
    "MINUS { ?x ?p ?o }",
    "BIND(1 AS ?x)",
    "{ ?x ?p ?o }",
    "{ } UNION { ?x ?p ?o }",
    "VALUES ?x { 1 }",
    "VALUES (?x) { (1) }",
]
AFTER = ["ORDER BY ?s", "OFFSET 1", "GROUP BY ?s", "VALUES ?x { 1 }", "LIMIT 1"]
# Pieces that may break the text anywhere: most make it fail to parse, some change its meaning.
BREAKERS = [
    *MORE,
    "[]",
    "_:b",
    "{",
    "}",
    "DISTINCT",
    "REDUCED",
    "FROM <http://e/g>",
    "# }",
    '"}"',
    "'''{'''",
    "^^",
    "@en",
    "-1",
    "1.0",
    "2e3",
    "UNDEF",
    "(",
    ")",
]
GLUE = [" ", " ", " ", "\n", "", "\t", " # note\n", " #}\n"]


KINDS = ["plain", "more", "path", "after", "odd term", "distinct", "breaker"]


@st.composite
def queries(draw: st.DrawFn) -> str:
    """A query text of one of KINDS: of the shape ("plain"), or with one thing more written so
    that it parses (a second triple, a FILTER, a path, a modifier, a blank node, DISTINCT), or
    with a piece dropped in anywhere; glued loosely."""
    kind = draw(st.sampled_from(KINDS))
    parts = [draw(st.sampled_from(["PREFIX ex: <http://e/>", "prefix ex:<http://e/>", ""]))]
    if draw(st.integers(0, 5)) == 0:
        parts.append("ASK")
    else:
        parts.append(draw(st.sampled_from(["SELECT", "select", "SeLeCt"])))
        if kind == "distinct":
            parts.append(draw(st.sampled_from(["DISTINCT", "REDUCED"])))
        if draw(st.booleans()):
            parts.append("*")
        else:
            parts += draw(st.lists(st.sampled_from(VARIABLES), min_size=1, max_size=3))
    parts += [draw(st.sampled_from(["WHERE", "where", ""])), "{"]
    odd = ["[]", "_:b"] if kind == "odd term" else []
    subject = draw(st.sampled_from(["?s", "?x", *NAMES, *odd]))  # the stores' subjects
    verb = draw(st.sampled_from(PATHS if kind == "path" else VERBS))
    body = [subject, verb, draw(st.sampled_from(TERMS + odd))]
    if kind == "more":  # most often straight after the triple, where it extends it
        body.insert(draw(st.sampled_from([3, 3, 3, 0, 1, 2])), draw(st.sampled_from(MORE)))
    if draw(st.booleans()):
        body.append(".")
    constants = " ".join(draw(st.lists(st.sampled_from(CONSTANTS), min_size=1, max_size=3)))
    values = f"VALUES {draw(st.sampled_from(VARIABLES))} {{ {constants} }}"
    where = draw(st.sampled_from(["none", "before", "after"]))
    body = [values, *body] if where == "before" else [*body, values] if where == "after" else body
    parts += [*body, "}"]
    if draw(st.integers(0, 3)) == 0:
        parts += ["LIMIT", str(draw(st.integers(0, 3)))]
    if kind == "after":
        parts.append(draw(st.sampled_from(AFTER)))
    if kind == "breaker":
        parts.insert(draw(st.integers(0, len(parts))), draw(st.sampled_from(BREAKERS)))
    text = ""
    for part in parts:
        text += part + draw(st.sampled_from(GLUE))
    return text


@st.composite
def stores(draw: st.DrawFn) -> Store:
    subjects = [NamedNode(E + "a"), NamedNode(E + "b")]
    predicates = [NamedNode(E + "p"), NamedNode(E + "q"), NamedNode(E + "r")]
    predicates.append(NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"))
    objects = [
        *subjects,
        Literal("x"),
        Literal("x", language="en"),
        Literal("1", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        Literal("true", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
    ]
    store = Store()
    for s, p, o in [(0, 0, 1), (1, 1, 2), (0, 1, 4), (1, 0, 0), (0, 3, 1), (1, 2, 5)]:
        store.add(Quad(subjects[s], predicates[p], objects[o]))  # so that most patterns match
    picks = st.tuples(
        st.sampled_from(subjects), st.sampled_from(predicates), st.sampled_from(objects)
    )
    for s, p, o in draw(st.lists(picks, max_size=10)):
        store.add(Quad(s, p, o))
    return store


MORE_THAN_ONE = [more for more in MORE if not more.startswith("VALUES ?x")]


@pytest.mark.parametrize("more", MORE_THAN_ONE + [f"PATH {path}" for path in PATHS] + AFTER[:2])
def test_one_thing_more_anywhere_is_left_to_the_workers(more: str) -> None:
    """Each extension that makes a query more than one pattern, glued every way, before or
    after the triple: wherever the query parses, it is not read as the shape."""
    parsed = 0
    for glue in ("", " ", "\n#}\n"):
        for place in ("before", "after"):
            if more.startswith("PATH "):
                body = f"?s{glue}{more[5:]}{glue}?o"
            elif more in AFTER:
                body = "?s ?p ?o"
            else:
                body = f"{more}{glue}?s ?p ?o" if place == "before" else f"?s ?p ?o{glue}{more}"
            tail = f" {more}" if more in AFTER else ""
            text = f"PREFIX ex: <http://e/> SELECT * WHERE {{{glue}{body}{glue}}}{tail}"
            try:
                Store().query(text)
            except SyntaxError:
                continue  # `; ex:q ?x` before the triple, say
            parsed += 1
            assert one_pattern(tokens(text)) is None, text
    assert parsed >= 3


def _answers(store: Store, query: str) -> Counter | bool:
    result = store.query(query)
    if isinstance(result, QueryBoolean):
        return bool(result)
    names = [v.value for v in result.variables]
    return Counter(tuple(sorted((n, str(row[n])) for n in names)) for row in result)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=queries(), store=stores())
def test_what_the_shape_reads_is_what_the_parser_runs(query: str, store: Store) -> None:
    shape = one_pattern(tokens(query))
    event("read as one pattern" if shape is not None else "left to the workers")
    if shape is None:
        return  # always safe: a worker answers it
    try:
        original = _answers(store, query)
    except SyntaxError:
        return  # the parser refuses it, here or in a worker: no work is done either way
    assert one_pattern(tokens(shape.text())) == shape  # the plain text reads back the same
    if shape.limit is None or isinstance(original, bool):
        assert original == _answers(store, shape.text()), (query, shape.text())
        return
    unlimited = _answers(store, dataclasses.replace(shape, limit=None).text())
    assert isinstance(unlimited, Counter) and isinstance(original, Counter)
    assert original.total() == min(shape.limit, unlimited.total()), (query, shape.text())
    assert not original - unlimited, (query, shape.text())


def test_the_generated_queries_are_often_of_the_shape() -> None:
    """The agreement above is not vacuous: a good share of the generated texts are read as one
    pattern and parse."""
    taken = 0

    @settings(max_examples=300, deadline=None, database=None)
    @given(query=queries())
    def count(query: str) -> None:
        nonlocal taken
        shape = one_pattern(tokens(query))
        if shape is not None:
            try:
                Store().query(query)
            except SyntaxError:
                return
            taken += 1

    count()
    assert taken >= 20
