"""Canned queries: headers parsed and checked at load, arguments typed and bound as terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Store, Variable

from server.canned.queries import ParameterError, QueryHeaderError, load_all, parse

GOOD = """# title: Places by name
# description: Places whose label contains the text,
#   in any language.
# param: q (xsd:string, default 舒沙, example Shusha) the text to look for
SELECT ?place ?q WHERE { ?place <http://www.w3.org/2000/01/rdf-schema#label> ?l
  FILTER(CONTAINS(STR(?l), STR(?q))) }
"""


def write(tmp_path: Path, text: str, name: str = "q.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_at_least_twenty_canned_queries_load() -> None:
    queries = load_all()
    assert len(queries) >= 20
    for query in queries.values():
        assert query.title and query.description


def test_a_header_is_parsed_with_continuations(tmp_path: Path) -> None:
    query = parse(write(tmp_path, GOOD))
    assert query.description == "Places whose label contains the text, in any language."
    (q,) = query.parameters
    assert (q.name, q.type, q.default, q.example) == ("q", "xsd:string", "舒沙", "Shusha")


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (GOOD.replace("# title: Places by name\n", ""), "no `title:`"),
        (GOOD.replace("# param: q (xsd:string,", "# param: q (xsd:stringy,"), "is not one of"),
        (GOOD.replace("default 舒沙, example Shusha", "example Shusha"), "a parameter is written"),
        (GOOD.replace("# title:", "# titel:"), "not a header field"),
        (GOOD.replace("SELECT ?place ?q", "SELECT ?place"), "not in the SELECT projection"),
        (
            GOOD.replace("xsd:string, default 舒沙", "xsd:integer, default 舒沙"),
            "must be an xsd:integer",
        ),
    ],
)
def test_a_malformed_header_fails_at_load(tmp_path: Path, broken: str, message: str) -> None:
    with pytest.raises(QueryHeaderError, match=message):
        parse(write(tmp_path, broken))


def test_arguments_are_checked_against_their_type() -> None:
    queries = load_all()
    by_source = queries["by-source"]
    assert by_source.substitutions({"ref": "20"}) == {
        Variable("ref"): Literal(
            "20", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        )
    }
    with pytest.raises(ParameterError, match="parameter 'ref' must be an xsd:integer"):
        by_source.substitutions({"ref": "20 } UNION { ?s ?p ?o"})
    with pytest.raises(ParameterError, match="must be an absolute IRI"):
        queries["claims"].substitutions({"about": "> } UNION { ?s ?p ?o } #"})
    with pytest.raises(ParameterError, match="unknown parameter"):
        by_source.substitutions({"limit": "5"})
    assert queries["timeline"].substitutions({}) == {
        Variable("from"): Literal(
            "1800-01-01", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date")
        )
    }


@pytest.mark.parametrize(
    "attack",
    ['舒沙" ) } UNION { ?s ?p ?o } #', "'}} SELECT * WHERE {?s ?p ?o}", 'x\\" } ; DROP ALL'],
)
def test_injection_through_a_string_is_a_plain_value(built_store: Path, attack: str) -> None:
    query = load_all()["label-search"]
    store = Store.read_only(str(built_store))
    rows = list(
        store.query(
            query.text,
            use_default_graph_as_union=True,
            substitutions=query.substitutions({"q": attack}),
        )
    )
    assert rows == []  # no label contains the attack text; the query's shape is unchanged
