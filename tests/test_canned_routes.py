"""/queries/{name} on the real graph, in process with the app's lifespan (real query workers):
every canned query answers what the same query answers through server/canned/queries.py in
process, in every format; arguments are typed and bound, never pasted; the OpenAPI document
lists them all."""

from __future__ import annotations

import csv
import io
import re

import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryResultsFormat,
    QuerySolutions,
    Store,
    parse_query_results,
)
from starlette.testclient import TestClient
from test_canned_answers import KNOWN

from server.canned.queries import load_all
from server.canned.routes import cell
from server.sparql.query_text import scan

QUERIES = load_all()
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
Row = tuple[tuple[str, str], ...]
Term = NamedNode | Literal | BlankNode
CONCAT = re.compile(r'GROUP_CONCAT\(.*?SEPARATOR="([^"]*)"\) AS \?(\w+)\)', re.S)


def rows_of(solutions: QuerySolutions) -> list[dict[str, Term]]:
    names = [v.value for v in solutions.variables]
    return [{n: row[n] for n in names if row[n] is not None} for row in solutions]


def json_rows(body: bytes) -> list[dict[str, Term]]:
    return rows_of(parse_query_results(body, format=QueryResultsFormat.JSON))


def in_process(store: Store, name: str, arguments: dict[str, str]) -> list[dict[str, Term]]:
    query = QUERIES[name]
    return rows_of(
        store.query(
            query.text,
            use_default_graph_as_union=True,
            substitutions=query.substitutions(arguments),
        )
    )


def bag(rows: list[dict[str, Term]], name: str) -> list[Row]:
    """Gives the rows as a sorted list, the parts of each GROUP_CONCAT sorted too: the workers
    query an in-memory copy of the store, so rows that tie under ORDER BY, and the parts of a
    concatenation, may come in another order than from the store on disk."""
    concatenated = dict(
        (variable, separator) for separator, variable in CONCAT.findall(QUERIES[name].text)
    )

    def show(variable: str, term: Term) -> str:
        separator = concatenated.get(variable)
        if separator is None:
            return str(term)
        return separator.join(sorted(term.value.split(separator)))

    return sorted(tuple(sorted((v, show(v, t)) for v, t in row.items())) for row in rows)


def test_every_canned_query_is_a_select() -> None:
    # The routes speak SPARQL results formats and HTML tables: no graph results.
    assert {scan(q.text).form for q in QUERIES.values()} == {"SELECT"}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_answers_as_in_process(
    client: TestClient, store: Store, name: str
) -> None:
    response = client.get(f"/queries/{name}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/sparql-results+json"
    rows = json_rows(response.content)
    assert rows and bag(rows, name) == bag(in_process(store, name, {}), name)
    values = [{name: term.value for name, term in row.items()} for row in rows]
    assert KNOWN[name](values), f"{name}: the known answer is missing from the REST answer"


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("by-source", {"ref": "20"}),
        ("events-in-range", {"from": "1992-01-01", "to": "1992-12-31"}),
        ("claims", {"about": "https://w3id.org/nkkg/id/event/khojaly-massacre"}),
        ("label-search", {"q": "Shusha"}),
        ("commanders", {"side": "https://w3id.org/nkkg/ontology/side/armenian"}),
        ("figures-by-kind", {"kind": "https://w3id.org/nkkg/ontology/quantity/territoryShare"}),
    ],
)
def test_arguments_are_bound_as_in_process(
    client: TestClient, store: Store, name: str, arguments: dict[str, str]
) -> None:
    response = client.get(f"/queries/{name}", params=arguments)
    assert response.status_code == 200, response.text
    rows = json_rows(response.content)
    assert rows and bag(rows, name) == bag(in_process(store, name, arguments), name)
    assert bag(rows, name) != bag(
        in_process(store, name, {}), name
    )  # the argument changed the answer


def test_an_argument_narrows_the_answer(client: TestClient) -> None:
    everything = client.get("/queries/timeline").json()["results"]["bindings"]
    since = client.get("/queries/timeline", params={"from": "1992-01-01"}).json()
    starts = [row["start"]["value"] for row in since["results"]["bindings"]]
    assert starts and len(starts) < len(everything)
    assert all(start >= "1992-01-01"[: len(start)] for start in starts)
    assert since["results"]["bindings"][0]["from"]["value"] == "1992-01-01"


def test_an_empty_argument_takes_the_default(client: TestClient) -> None:
    given = client.get("/queries/by-source", params={"ref": ""}).content
    assert json_rows(given) == json_rows(client.get("/queries/by-source").content)


@pytest.mark.parametrize(
    ("accept", "fmt", "content_type"),
    [
        (None, None, "application/sparql-results+json"),
        ("*/*", None, "application/sparql-results+json"),
        ("application/json", None, "application/sparql-results+json"),
        ("text/csv", None, "text/csv; charset=utf-8"),
        ("text/tab-separated-values", None, "text/tab-separated-values; charset=utf-8"),
        ("application/sparql-results+xml", None, "application/sparql-results+xml"),
        (BROWSER_ACCEPT, None, "text/html; charset=utf-8"),
        (
            "text/csv;q=0.5, application/sparql-results+json;q=0.9",
            None,
            "application/sparql-results+json",
        ),
        ("text/html;q=0.1, text/csv", None, "text/csv; charset=utf-8"),
        ("text/csv;q=0, */*;q=0.1", None, "application/sparql-results+json"),
        ("application/json", "csv", "text/csv; charset=utf-8"),
        (BROWSER_ACCEPT, "json", "application/sparql-results+json"),
        ("text/csv", "html", "text/html; charset=utf-8"),
        (None, "text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ],
)
def test_the_format_is_negotiated(
    client: TestClient, accept: str | None, fmt: str | None, content_type: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    params = {"format": fmt} if fmt else {}
    response = client.get("/queries/most-cited-sources", headers=headers, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == content_type
    assert "Accept" in response.headers["vary"]


def test_csv_and_html_carry_the_same_rows_as_json(client: TestClient) -> None:
    rows = client.get("/queries/timeline").json()["results"]["bindings"]
    table = list(csv.reader(io.StringIO(client.get("/queries/timeline?format=csv").text)))
    variables = client.get("/queries/timeline").json()["head"]["vars"]
    assert table[0] == variables and len(table) - 1 == len(rows)
    assert table[1][1] == "https://w3id.org/nkkg/id/event/october-revolution"
    html = client.get("/queries/timeline", headers={"Accept": BROWSER_ACCEPT}).text
    assert html.count("<tr>") == len(rows) + 1  # the header row and one per solution
    assert 'href="/id/event/october-revolution"' in html  # graph IRIs link to this server
    assert "Timeline of dated events" in html and 'name="from"' in html


@pytest.mark.parametrize(
    ("accept", "fmt", "status"),
    [("image/png", None, 406), (None, "turtle", 400), (None, "bogus", 400)],
)
def test_a_format_it_cannot_give_is_refused(
    client: TestClient, accept: str | None, fmt: str | None, status: int
) -> None:
    headers = {"Accept": accept} if accept else {}
    params = {"format": fmt} if fmt else {}
    response = client.get("/queries/timeline", headers=headers, params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


def problem(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) >= {"status", "title", "error", "detail"} and body["status"] == status
    return body


@pytest.mark.parametrize(
    ("name", "arguments", "message"),
    [
        ("events-in-range", {"from": "1992-13-45"}, "parameter 'from' must be an xsd:date"),
        ("timeline", {"from": "1992"}, "parameter 'from' must be an xsd:date"),
        ("by-source", {"ref": "1; DROP"}, "parameter 'ref' must be an xsd:integer"),
        ("by-source", {"ref": "20 } UNION { ?s ?p ?o }"}, "must be an xsd:integer"),
        ("by-source", {"ref": "2.5"}, "must be an xsd:integer"),
        ("claims", {"about": "khojaly"}, "parameter 'about' must be an absolute IRI"),
        ("claims", {"about": "https://w3id.org/nkkg/id/x> <y"}, "must be an absolute IRI"),
        (
            "claims",
            {"about": "https://w3id.org/nkkg/id/x> } UNION { ?s ?p ?o } #"},
            "must be an absolute IRI",
        ),
        ("fact-check", {"entity": "https://w3id.org/nkkg/id/{x}"}, "must be an absolute IRI"),
        ("by-source", {"limit": "5"}, "unknown parameter(s) limit; by-source takes ref"),
        ("disputed", {"q": "x"}, "unknown parameter(s) q; disputed takes none"),
    ],
)
def test_a_bad_argument_is_a_400(
    client: TestClient, name: str, arguments: dict[str, str], message: str
) -> None:
    body = problem(client.get(f"/queries/{name}", params=arguments), 400)
    assert body["error"] == "bad-request" and message in str(body["detail"])


# Each type, a good and a bad value: the bad one is 400 naming the parameter and the form.
TYPED = [
    ("timeline", "from", "1992-01-01", "19920101", "YYYY-MM-DD"),
    ("timeline", "from", "1992-02-29", "1992-W01-3", "YYYY-MM-DD"),
    ("events-in-range", "to", "1992-12-31", "1992-12-31Z", "YYYY-MM-DD"),
    ("by-source", "ref", "20", "20.0", "digits with an optional sign"),
    ("by-source", "ref", "+020", "99999999999999999999", "within ±2^63"),
    ("claims", "about", "https://w3id.org/nkkg/id/event/khojaly-massacre", "/id/event/x",
     "an absolute IRI"),
    ("claims", "about", "urn:x", "https://w3id.org/nkkg/id/%zz", "an absolute IRI"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "parameter", "good", "bad", "expected"), TYPED)
def test_each_type_takes_its_lexical_form_on_the_route(
    client: TestClient, name: str, parameter: str, good: str, bad: str, expected: str
) -> None:
    assert client.get(f"/queries/{name}", params={parameter: good}).status_code == 200
    body = problem(client.get(f"/queries/{name}", params={parameter: bad}), 400)
    assert body["parameter"] == parameter and expected in str(body["expected"])
    assert f"parameter '{parameter}'" in str(body["detail"]) and repr(bad) in str(body["detail"])


@pytest.mark.parametrize("other", ["19920101", "1992-W01-3", "1992-001", "1992-01-01T00:00"])
def test_a_date_in_another_iso_8601_form_is_refused(client: TestClient, other: str) -> None:
    # Python's date.fromisoformat reads all of these; each once went in as an ill-typed
    # xsd:date, and the timeline silently answered 33 rows instead of 56.
    problem(client.get("/queries/timeline", params={"from": other}), 400)


def test_a_repeated_argument_is_a_400(client: TestClient) -> None:
    body = problem(client.get("/queries/by-source?ref=20&ref=33"), 400)
    assert "`ref` parameter is given more than once" in str(body["detail"])


def test_an_unknown_query_is_a_404(client: TestClient) -> None:
    body = problem(client.get("/queries/no-such-query"), 404)
    assert "no canned query named 'no-such-query'" in str(body["detail"])
    problem(client.get("/queries/no-such-query?format=csv"), 404)


NO_MATCH = "no label in the graph says this"


@pytest.mark.parametrize(
    "attack",
    [
        '舒沙" ) } UNION { ?s ?p ?o } #',
        "舒沙' } UNION { ?s ?p ?o }",
        "} UNION { ?s ?p ?o }",
        "{ ?s ?p ?o }",
        '") # a comment that would end the line',
        'x\\" } ; DROP ALL',
        "> <https://w3id.org/nkkg/id/place/shusha",
    ],
)
def test_injection_through_a_string_is_a_plain_value(client: TestClient, attack: str) -> None:
    benign = client.get("/queries/label-search", params={"q": NO_MATCH}).json()
    answer = client.get("/queries/label-search", params={"q": attack})
    assert answer.status_code == 200
    assert answer.json()["results"] == benign["results"] == {"bindings": []}
    assert answer.json()["head"] == benign["head"]  # the same variables: the same query


def test_get_carries_etag_and_cache_control(client: TestClient) -> None:
    first = client.get("/queries/timeline")
    tag = first.headers["etag"]
    assert tag.startswith('W/"') and "max-age=" in first.headers["cache-control"]
    again = client.get("/queries/timeline", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.headers["etag"] == tag
    for other in ("/queries/timeline?from=1992-01-01", "/queries/timeline?format=csv"):
        assert client.get(other).headers["etag"] != tag


def test_head_gives_the_headers_without_a_body(client: TestClient) -> None:
    get = client.get("/queries/disputed?format=csv")
    head = client.head("/queries/disputed?format=csv")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["etag"] == get.headers["etag"]
    assert client.head("/queries/no-such-query").status_code == 404


def test_other_methods_are_refused_with_allow(client: TestClient) -> None:
    refused = client.post("/queries/timeline")
    problem(refused, 405)
    assert refused.headers["allow"] == "GET, HEAD, OPTIONS"
    options = client.options("/queries/timeline")
    assert options.status_code == 204 and "GET" in options.headers["allow"]


def test_the_list_has_every_query_as_json_and_html(client: TestClient) -> None:
    listed = client.get("/queries", headers={"Accept": "application/json"})
    assert listed.headers["content-type"] == "application/json"
    by_name = {q["name"]: q for q in listed.json()["queries"]}
    assert set(by_name) == set(QUERIES)
    events = by_name["events-in-range"]
    assert events["url"] == "/queries/events-in-range"
    assert events["title"] == "Events in a date range"
    assert [p["name"] for p in events["parameters"]] == ["from", "to"]
    assert events["parameters"][0] == {
        "name": "from",
        "type": "xsd:date",
        "default": "1988-01-01",
        "example": "1992-01-01",
        "description": "first day of the range",
    }
    html = client.get("/queries", headers={"Accept": BROWSER_ACCEPT})
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    for query in QUERIES.values():
        assert f'href="/queries/{query.name}"' in html.text
        assert query.title in html.text
    assert client.get("/queries?format=json").headers["content-type"] == "application/json"
    tag = html.headers["etag"]
    assert client.get("/queries", headers={"If-None-Match": tag}).status_code == 304
    assert client.head("/queries").status_code == 200


SCHEMA_TYPES = {
    "iri": "string",
    "xsd:date": "string",
    "xsd:integer": "integer",
    "xsd:string": "string",
    "xsd:decimal": "string",
}


def test_the_openapi_document_lists_every_canned_query(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    for query in QUERIES.values():
        operation = document["paths"][f"/queries/{query.name}"]["get"]
        assert operation["summary"] == query.title
        assert operation["description"] == query.description
        documented = {p["name"]: p for p in operation["parameters"]}
        assert set(documented) == {p.name for p in query.parameters} | {"format"}
        for parameter in query.parameters:
            entry = documented[parameter.name]
            assert entry["in"] == "query" and entry["required"] is False
            assert entry["schema"]["type"] == SCHEMA_TYPES[parameter.type]
            assert str(entry["example"]) == parameter.example
            assert parameter.description in entry["description"]
            if parameter.default is None:
                assert "default" not in entry["schema"]
            else:
                assert str(entry["schema"]["default"]) == parameter.default
        assert "text/csv" in operation["responses"]["200"]["content"]
    by_source = document["paths"]["/queries/by-source"]["get"]["parameters"][0]
    assert by_source["schema"] == {
        "type": "integer",
        "minimum": -(2**63),
        "maximum": 2**63 - 1,
        "default": 33,
    }
    assert by_source["example"] == 20
    timeline = document["paths"]["/queries/timeline"]["get"]["parameters"][0]
    assert timeline["schema"]["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    assert "YYYY-MM-DD" in timeline["description"]


def test_the_openapi_document_says_which_parameters_may_be_empty_and_the_route_agrees(
    client: TestClient,
) -> None:
    """Every typed parameter may be empty, taken as absent (an HTML form sends its empty
    fields); `format` may not."""
    document = client.get("/openapi.json").json()
    for query in QUERIES.values():
        operation = document["paths"][f"/queries/{query.name}"]["get"]
        for entry in operation["parameters"]:
            route = f"/queries/{query.name}"
            answer = client.get(route, params={entry["name"]: ""})
            if entry.get("allowEmptyValue"):
                assert answer.status_code == 200, (route, entry["name"], answer.text)
                assert json_rows(answer.content) == json_rows(client.get(route).content)
            else:
                assert entry["name"] == "format"
                problem(answer, 400)
    assert "/queries" in document["paths"]


def test_an_html_answer_links_only_web_iris() -> None:
    assert cell(NamedNode("https://w3id.org/nkkg/id/actor/armenia")).link == "/id/actor/armenia"
    assert cell(NamedNode("http://dbpedia.org/resource/Shusha")).link is not None
    for inert in ("javascript:alert(document.domain)", "JavaScript:alert(1)", "data:text/html,x"):
        shown = cell(NamedNode(inert))
        assert shown.link is None and shown.text == inert
