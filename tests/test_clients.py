"""Every mode of the clients linked-data users run, unmodified, against one real `nkkg serve`
(uvicorn) on 127.0.0.1 for the whole module: SPARQLWrapper 2.0, rdflib (`Graph().parse(url)` on
every kind of IRI, `SPARQLStore` in each return format), rdflib and pyoxigraph reading the dumps
and every format, and Comunica 4 in Node (every Comunica case in one Node run: it is slow to
start). Each answer is compared with the same query run on the store itself. The examples of
docs/linked-data.md's "Use it from your tools" run here too, as written, on the same server."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import re
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from xml.dom.minidom import Document as XmlDocument

import httpx
import pytest
import rdflib
from live_server import LiveServer, running_server
from pyoxigraph import (
    Literal,
    NamedNode,
    QueryResultsFormat,
    RdfFormat,
    Store,
    Triple,
    Variable,
    parse,
    parse_query_results,
    serialize,
)
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from graph_builder import iris
from graph_builder.namespaces import ID, NKKG, ONTOLOGY_IRI, RESOURCE_KINDS, SKOLEM, VOID
from server.engine import formats
from server.engine.union import union_dataset

ROOT = Path(__file__).resolve().parent.parent
PROLOGUE = """PREFIX nkkg: <https://w3id.org/nkkg/ontology/>
PREFIX event: <https://w3id.org/nkkg/id/event/>
PREFIX claim: <https://w3id.org/nkkg/id/claim/>
"""
CLAIM = "https://w3id.org/nkkg/id/claim/khojaly-deaths-conservative-estimate"
SELECT = (
    PROLOGUE
    + "SELECT ?claim ?value WHERE { ?claim nkkg:about event:khojaly-massacre ; nkkg:value ?value }"
)
ASK = PROLOGUE + "ASK { claim:khojaly-deaths-conservative-estimate a nkkg:Claim }"
CONSTRUCT = (
    PROLOGUE
    + "CONSTRUCT { ?claim nkkg:value ?value ; nkkg:claimant ?who } WHERE { ?claim nkkg:about "
    "event:khojaly-massacre ; nkkg:value ?value OPTIONAL { ?claim nkkg:claimant ?who } }"
)
DESCRIBE = PROLOGUE + "DESCRIBE claim:khojaly-deaths-conservative-estimate"
RDF12_CONSTRUCT = (
    "CONSTRUCT { ?claim <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> ?t } WHERE { GRAPH "
    f"<{iris.graph('claims-rdf12').value}> {{ ?claim "
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> ?t } }"
)


@pytest.fixture(scope="module")
def server(built_store: Path) -> Iterator[LiveServer]:
    with running_server(built_store) as live:
        yield live


@pytest.fixture(scope="module")
def endpoint(server: LiveServer) -> str:
    return server.url + "sparql"


def local(store: Store, query: str) -> object:
    """Gives what the store itself answers, over the default graph the endpoint uses."""
    return store.query(query, **union_dataset(store))  # type: ignore[arg-type]


def local_graph(store: Store, query: str) -> rdflib.Graph:
    triples = sorted(local(store, query), key=str)  # type: ignore[call-overload]
    text = serialize(triples, format=RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=text, format="nt")


def local_rows(store: Store) -> set[tuple[str, str]]:
    return {(row["claim"].value, row["value"].value) for row in local(store, SELECT)}  # type: ignore[attr-defined]


# --- SPARQLWrapper 2.0 ------------------------------------------------------------------------


def _rows_of(result: object, fmt: str) -> set[tuple[str, str]]:
    if fmt == JSON:
        bindings = result["results"]["bindings"]  # type: ignore[index]
        return {(b["claim"]["value"], b["value"]["value"]) for b in bindings}
    if fmt == XML:
        assert isinstance(result, XmlDocument)
        rows = set()
        for solution in result.getElementsByTagName("result"):
            values = {
                b.getAttribute("name"): b.firstChild.firstChild.data  # type: ignore[union-attr]
                for b in solution.getElementsByTagName("binding")
            }
            rows.add((values["claim"], values["value"]))
        return rows
    assert isinstance(result, bytes)
    parsed = rdflib.query.Result.parse(io.BytesIO(result), format=fmt)
    return {(str(row[0]), str(row[1])) for row in parsed}  # type: ignore[index]


def _boolean_of(result: object) -> bool:
    if isinstance(result, dict):
        return result["boolean"]
    assert isinstance(result, XmlDocument)
    return result.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_and_ask(endpoint: str, store: Store, fmt: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(SELECT)
    client.setReturnFormat(fmt)
    assert _rows_of(client.query().convert(), fmt) == local_rows(store) != set()
    client.setQuery(ASK)
    with warnings.catch_warnings():
        # CSV and TSV have no boolean: the ASK comes as SPARQL JSON, which SPARQLWrapper notes.
        warnings.simplefilter("ignore", RuntimeWarning)
        assert _boolean_of(client.query().convert()) is True


GRAPH_MODES = [TURTLE, N3, RDFXML, JSONLD, XML, "ntriples"]


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
@pytest.mark.parametrize("fmt", GRAPH_MODES)
def test_sparqlwrapper_construct_and_describe(
    endpoint: str, store: Store, fmt: str, query: str
) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    if fmt == "ntriples":
        # SPARQLWrapper has no N-Triples mode: N3's, with the Accept header saying N-Triples.
        client.setReturnFormat(N3)
        client.setOnlyConneg(True)
        client.addCustomHttpHeader("Accept", "application/n-triples")
    else:
        client.setReturnFormat(fmt)
    response = client.query()
    content_type = response.info()["content-type"]
    assert "version=" not in content_type  # RDF 1.1
    result = response.convert()
    if isinstance(result, bytes):  # Turtle, N3, N-Triples: SPARQLWrapper gives the text
        graph = rdflib.Graph().parse(data=result, format="nt" if fmt == "ntriples" else "turtle")
    else:
        graph = result
    expected = local_graph(store, query)
    assert len(expected) > 5 and isomorphic(rdflib.Graph() + graph, expected)


# --- rdflib -----------------------------------------------------------------------------------


def _first_subject(store: Store, prefix: str) -> str:
    rows = store.query(
        "SELECT ?s ?prefix WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), ?prefix)) } "
        "ORDER BY ?s LIMIT 1",
        use_default_graph_as_union=True,
        substitutions={Variable("prefix"): Literal(prefix)},
    )
    return next(iter(rows))["s"].value  # type: ignore[index]


def _every_kind(store: Store) -> dict[str, str]:
    """Gives one IRI of every kind the graph mints, taken from the data."""
    kinds = {kind: _first_subject(store, f"{ID}{kind}/") for kind in RESOURCE_KINDS}
    kinds["infobox"] = iris.infobox().value
    for nested in ("actor/robert-kocharyan/role/", "event/capture-of-shusha/participant/"):
        kinds[nested.rsplit("/", 2)[-2]] = _first_subject(store, f"{ID}{nested}")
    kinds["claim citation"] = _first_subject(store, f"{CLAIM}/ref/")
    kinds["evidence selector"] = _first_subject(store, f"{ID}evidence/") + "/quote"
    kinds["ontology"] = ONTOLOGY_IRI.value
    kinds["ontology term"] = NKKG.Claim.value
    kinds["quantity kind"] = iris.quantity_kind("deaths").value
    kinds["side"] = iris.side("armenian").value
    kinds["named graph"] = iris.graph("claims").value
    kinds["skolem"] = _first_subject(store, str(SKOLEM))
    return kinds


def test_rdflib_parses_every_kind_of_iri(server: LiveServer, store: Store) -> None:
    kinds = _every_kind(store)
    assert len(kinds) == len(set(kinds.values())) > 25
    rdf12 = iris.graph("claims-rdf12")
    for kind, iri in kinds.items():
        path = iris.served_path(iri)
        assert path is not None
        graph = rdflib.Graph().parse(server.url + path.lstrip("/"))  # rdflib's own negotiation
        own = [
            q.triple
            for q in store.quads_for_pattern(NamedNode(iri), None, None)
            if q.graph_name != rdf12
        ]
        if kind == "named graph":
            assert (rdflib.URIRef(iri), rdflib.URIRef(f"{VOID}triples"), None) in graph
            continue
        text = serialize(own, format=RdfFormat.N_TRIPLES)
        expected = rdflib.Graph().parse(data=text, format="nt")
        assert len(expected) > 0 and not (expected - graph), kind
    for path in (".well-known/void", "sparql"):  # VoID and the service description
        assert len(rdflib.Graph().parse(server.url + path)) > 20


@pytest.mark.parametrize("fmt", ["json", "xml", "csv"])
def test_rdflib_sparqlstore(endpoint: str, store: Store, fmt: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(endpoint, returnFormat=fmt))
    rows = {(str(row[0]), str(row[1])) for row in graph.query(SELECT)}  # type: ignore[index]
    assert rows == local_rows(store)
    assert graph.query(ASK).askAnswer is True
    # A graph query asked for with a results media type gets the closest RDF format.
    constructed = graph.query(CONSTRUCT).graph
    assert constructed is not None and isomorphic(constructed, local_graph(store, CONSTRUCT))


def test_rdflib_reads_the_rdf11_dumps(server: LiveServer, store: Store) -> None:
    rdf12 = iris.graph("claims-rdf12")
    expected: dict[str, int] = {}
    for quad in store:
        if quad.graph_name != rdf12:
            expected[quad.graph_name.value] = expected.get(quad.graph_name.value, 0) + 1
    whole = gzip.decompress(httpx.get(server.url + "dumps/nkkg.nq.gz").content)
    plain = httpx.get(server.url + "dump.nq").content
    assert whole == plain
    dataset = rdflib.Dataset()
    dataset.parse(data=whole, format="nquads")
    got = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    assert got == expected


# --- pyoxigraph reads every format ------------------------------------------------------------


# pyoxigraph refuses to read CSV results (lossy by design); SPARQLWrapper's test reads them.
@pytest.mark.parametrize("name", [f.name for f in formats.SOLUTION_FORMATS if f.name != "csv"])
def test_pyoxigraph_reads_every_results_format(endpoint: str, store: Store, name: str) -> None:
    response = httpx.get(endpoint, params={"query": SELECT, "format": name})
    fmt = formats.BY_NAME[name].serializer
    assert isinstance(fmt, QueryResultsFormat)
    rows = parse_query_results(response.content, format=fmt)
    assert {(r["claim"].value, r["value"].value) for r in rows} == local_rows(store)  # type: ignore[index]


@pytest.mark.parametrize("name", [f.name for f in formats.GRAPH_FORMATS])
def test_pyoxigraph_reads_every_graph_format(endpoint: str, store: Store, name: str) -> None:
    fmt = formats.BY_NAME[name]
    assert isinstance(fmt.serializer, RdfFormat)
    response = httpx.get(endpoint, params={"query": CONSTRUCT, "format": name})
    assert response.headers["content-type"].startswith(fmt.serializer.media_type)
    got = {q.triple for q in parse(response.content, format=fmt.serializer)}
    assert got == set(local(store, CONSTRUCT)) != set()  # type: ignore[call-overload]
    # Triple terms: the RDF 1.2 forms carry them; an RDF 1.1 one gets a 406 naming those.
    response = httpx.get(endpoint, params={"query": RDF12_CONSTRUCT, "format": name})
    if fmt.rdf12:
        assert "; version=1.2" in response.headers["content-type"]
        got = {q.triple for q in parse(response.content, format=fmt.serializer)}
        assert len(got) > 100 and all(isinstance(t.object, Triple) for t in got)
    else:
        assert response.status_code == 406, response.text
        assert "text/turtle; version=1.2" in response.json()["detail"]


def test_pyoxigraph_reads_every_dump(server: LiveServer, store: Store) -> None:
    listing = httpx.get(server.url + "dumps/", params={"format": "json"}).json()["dumps"]
    fresh = Store()
    for dump in listing:
        body = httpx.get(dump["url"]).content
        if dump["media_type"] == "application/gzip":
            fresh.bulk_extend(parse(gzip.decompress(body), format=RdfFormat.N_QUADS))
        else:
            triples = [q.triple for q in parse(body, format=RdfFormat.TURTLE)]
            assert len(triples) == dump["statements"]
    assert len(fresh) == len(store)


# --- Comunica 4 -------------------------------------------------------------------------------

COMUNICA_CASES = [
    {"name": "select", "kind": "bindings", "query": SELECT},
    {"name": "ask", "kind": "boolean", "query": ASK},
    {"name": "construct", "kind": "quads", "query": CONSTRUCT},
    {"name": "describe", "kind": "quads", "query": DESCRIBE},
    {
        "name": "dereference",
        "kind": "bindings",
        "query": f"SELECT ?p ?o WHERE {{ <{CLAIM}> ?p ?o }}",
        "sources": [CLAIM],
    },
    {
        "name": "traverse",
        "kind": "traverse",
        "start": iris.entity("event", "khojaly-massacre").value,
        "follow": PROLOGUE
        + "SELECT DISTINCT ?next WHERE { ?next nkkg:about event:khojaly-massacre ; a nkkg:Claim }",
        "query": PROLOGUE
        + "SELECT ?claim ?page WHERE { ?claim nkkg:about event:khojaly-massacre ; "
        "nkkg:citation ?cite . ?cite nkkg:citedPage ?page }",
    },
]


@pytest.fixture(scope="module")
def comunica(server: LiveServer, endpoint: str) -> dict[str, dict]:
    cases = [
        {"sources": [{"type": "sparql", "value": endpoint}], **case} for case in COMUNICA_CASES
    ]
    done = subprocess.run(
        ["node", str(ROOT / "tests" / "comunica_cases.mjs"), server.url],
        input=json.dumps(cases).encode(),
        capture_output=True,
        timeout=120,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout)


def _answer(comunica: dict[str, dict], name: str) -> object:
    answer = comunica[name]
    assert answer["ok"], answer.get("error")
    return answer["result"]


def _as_triples(result: object) -> set[tuple[str, str, str]]:
    return {tuple(term["value"] for term in triple) for triple in result}  # type: ignore[union-attr]


@pytest.mark.parametrize("name", [c["name"] for c in COMUNICA_CASES])
def test_comunica(comunica: dict[str, dict], store: Store, name: str) -> None:
    result = _answer(comunica, name)
    if name == "select":
        rows = {(r["claim"]["value"], r["value"]["value"]) for r in result}  # type: ignore[union-attr]
        assert rows == local_rows(store)
    elif name == "ask":
        assert result is True
    elif name in ("construct", "describe"):
        query = CONSTRUCT if name == "construct" else DESCRIBE
        expected = {
            (t.subject.value, t.predicate.value, t.object.value) for t in local(store, query)
        }  # type: ignore[union-attr]
        assert _as_triples(result) == expected != set()
    elif name == "dereference":
        own = {
            (q.predicate.value, q.object.value)
            for q in store.quads_for_pattern(NamedNode(CLAIM), None, None)
            if q.graph_name != iris.graph("claims-rdf12")
        }
        assert {(r["p"]["value"], r["o"]["value"]) for r in result} == own  # type: ignore[union-attr]
    else:  # traverse: from the event's document to every claim about it, and their citations
        claims = {
            row["c"].value
            for row in local(
                store,
                PROLOGUE
                + "SELECT ?c WHERE { ?c nkkg:about event:khojaly-massacre ; a nkkg:Claim }",
            )  # type: ignore[union-attr]
        }
        assert set(result["documents"]) == claims | {iris.entity("event", "khojaly-massacre").value}  # type: ignore[index]
        pages = local(
            store,
            PROLOGUE + "SELECT ?claim ?page WHERE { ?claim nkkg:about event:khojaly-massacre ; "
            "nkkg:citation ?cite . ?cite nkkg:citedPage ?page }",
        )
        expected = {(r["claim"].value, r["page"].value) for r in pages}  # type: ignore[union-attr]
        got = {(r["claim"]["value"], r["page"]["value"]) for r in result["rows"]}  # type: ignore[index]
        assert got == expected != set()


# --- the docs' examples, as written -----------------------------------------------------------

DOCS = ROOT / "docs" / "linked-data.md"
DOCS_URL = "http://127.0.0.1:8000/"
FENCED = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


def _tool_examples() -> list[tuple[str, str]]:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Use it from your tools", 1)[1].split("\n## ", 1)[0]
    return FENCED.findall(section)


def test_the_docs_show_each_tool() -> None:
    assert [language for language, _ in _tool_examples()] == ["sh", "python", "python", "js"]


@pytest.mark.parametrize("number", range(4))
def test_the_docs_tool_examples_run(server: LiveServer, number: int) -> None:
    language, code = _tool_examples()[number]
    assert DOCS_URL in code
    code = code.replace(DOCS_URL, server.url)
    if language == "python":
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{DOCS.name} example {number}", "exec"), {})  # noqa: S102
        output = printed.getvalue()
    else:
        command = ["bash", "-c", code] if language == "sh" else ["node", "--input-type=module"]
        done = subprocess.run(
            command,
            input=None if language == "sh" else code.encode(),
            capture_output=True,
            timeout=120,
            check=True,
            cwd=ROOT,
        )
        output = done.stdout.decode()
    assert "485" in output  # the conservative estimate of Khojaly's dead, in every example
    if language == "sh":
        assert "rdf:reifies" in output
    if language == "js":
        assert "statements about source 33" in output
