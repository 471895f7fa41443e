"""The SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-description/).

What a bare GET on /sparql returns: the endpoint's public URL, the query language, every result
format, the features (the union default graph), the default dataset (its default graph with its
size and each named graph with its name and size), and every prefix a query may use — the
vocabularies' and one per kind of resource (`actor:`, `claim:` …) — as SHACL prefix
declarations (`sh:declare [ sh:prefix "actor" ; sh:namespace "…"^^xsd:anyURI ]`), the form
tools read prefixes from.
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, Triple, serialize
from starlette.requests import Request
from starlette.responses import Response

from graph_builder.namespaces import PREFIXES, RDF, RDFS, SH, SPARQL_PREFIXES, VOID, XSD, Namespace
from server.engine.formats import GRAPH_FORMATS, SOLUTION_FORMATS
from server.http.caching import etag, revalidate
from server.http.methods import public_url
from server.http.sending import send
from server.settings import Settings
from server.sparql.dataset import DatasetStats
from server.sparql.format_choice import pick_format

# Not in graph_builder/namespaces.py yet, which only the builder's terms use so far.
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SIMPLE_ENTAILMENT = NamedNode("http://www.w3.org/ns/entailment/Simple")
DESCRIPTION_PREFIXES = {**PREFIXES, "sd": str(SD)}


def _count(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def describe(endpoint: str, void_url: str, stats: DatasetStats, settings: Settings) -> list[Triple]:
    """Gives the service description's triples."""
    service, dataset, default = BlankNode("service"), BlankNode("dataset"), BlankNode("default")
    triples = [
        Triple(service, RDF.type, SD.Service),
        Triple(service, SD.endpoint, NamedNode(endpoint)),
        Triple(service, SD.supportedLanguage, SD.SPARQL11Query),
        Triple(service, SD.feature, SD.UnionDefaultGraph),
        Triple(service, SD.defaultEntailmentRegime, SIMPLE_ENTAILMENT),
        Triple(service, SD.defaultDataset, dataset),
        Triple(
            service,
            RDFS.comment,
            Literal(
                "Read-only: SPARQL Update and SERVICE are refused. Without default-graph-uri or "
                "named-graph-uri (or FROM), the default graph is the union of all graphs but "
                "the RDF 1.2 one (graph:claims-rdf12), which GRAPH and FROM NAMED reach. "
                f"Each query may run {settings.time_limit:g} s; results may be up to "
                f"{settings.max_result_bytes:,} bytes.",
                language="en",
            ),
        ),
        Triple(dataset, RDF.type, SD.Dataset),
        Triple(dataset, RDFS.seeAlso, NamedNode(void_url)),
        Triple(dataset, SD.defaultGraph, default),
        Triple(default, RDF.type, SD.Graph),
        Triple(
            default,
            RDFS.comment,
            Literal("the union of all graphs but the RDF 1.2 one", language="en"),
        ),
    ]
    triples += [
        Triple(service, SD.resultFormat, NamedNode(iri))
        for iri in dict.fromkeys(fmt.iri for fmt in SOLUTION_FORMATS + GRAPH_FORMATS)
    ]
    for name, namespace in SPARQL_PREFIXES.items():
        declaration = BlankNode(f"prefix-{name}")
        triples += [
            Triple(service, SH.declare, declaration),
            Triple(declaration, SH.prefix, Literal(name)),
            Triple(declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)),
        ]
    if stats.triples is not None:
        triples.append(Triple(default, VOID.triples, _count(stats.triples)))
    for number, graph in enumerate(stats.graphs):
        named, described = BlankNode(f"graph{number}"), BlankNode(f"graph{number}d")
        triples += [
            Triple(dataset, SD.namedGraph, named),
            Triple(named, RDF.type, SD.NamedGraph),
            Triple(named, SD.name, NamedNode(graph.name)),
            Triple(named, SD.graph, described),
            Triple(described, RDF.type, SD.Graph),
            Triple(described, VOID.triples, _count(graph.triples)),
        ]
    return triples


async def describe_service(request: Request, format_param: tuple[str, ...]) -> Response:
    """Gives the service description, in the RDF format the request negotiates."""
    state = request.app.state
    fmt = pick_format(GRAPH_FORMATS, request.headers.get("accept"), format_param)
    stats = await state.statistics.get()
    endpoint = public_url(request, state.settings, "sparql")
    void_url = public_url(request, state.settings, "void")
    tag = etag(stats.version, "service-description", endpoint, fmt.name)
    headers, unchanged = revalidate(request, state.settings, tag)
    if unchanged is not None:
        return unchanged
    triples = describe(endpoint, void_url, stats, state.settings)
    body = serialize(triples, format=fmt.serializer, prefixes=DESCRIPTION_PREFIXES)
    return send(body, fmt.content_type, headers)
