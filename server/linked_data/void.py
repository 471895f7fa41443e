"""The VoID description of the dataset (https://www.w3.org/TR/void/), at /.well-known/void.

The dataset with its size (triples, entities, classes, properties, distinct subjects and
objects), each named graph as a subset with its size and its Turtle dump, the SPARQL endpoint
and the whole store's dump (server/linked_data/dumps.py), and —
for a store `nkkg build` made — its title, licence, source article and root resource.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Triple, serialize
from starlette.requests import Request
from starlette.responses import Response

from graph_builder.namespaces import BASE, DCTERMS, NKKG, PREFIXES, RDF, VOID, XSD
from server.engine.formats import GRAPH_FORMATS
from server.http.caching import etag, revalidate
from server.http.methods import READ_METHODS, check_method, public_url
from server.http.sending import send
from server.linked_data import dumps
from server.sparql.dataset import DatasetStats
from server.sparql.format_choice import pick_format

COUNTS = (
    ("triples", VOID.triples),
    ("entities", VOID.entities),
    ("classes", VOID.classes),
    ("properties", VOID.properties),
    ("distinct_subjects", VOID.distinctSubjects),
    ("distinct_objects", VOID.distinctObjects),
)


def dataset_iri(void_url: str) -> NamedNode:
    """Gives the IRI of the dataset the VoID document describes: a fragment of the document."""
    return NamedNode(f"{void_url}#dataset")


def describe(
    void_url: str,
    endpoint: str,
    dump_url: str,
    stats: DatasetStats,
    graph_dumps: dict[str, str] | None = None,
) -> list[Triple]:
    """Gives the VoID description's triples; `graph_dumps` maps a named graph to its dump's URL."""
    dataset = dataset_iri(void_url)
    triples = [
        Triple(dataset, RDF.type, VOID.Dataset),
        Triple(dataset, VOID.sparqlEndpoint, NamedNode(endpoint)),
        Triple(dataset, VOID.dataDump, NamedNode(dump_url)),
    ]
    for field, term in COUNTS:
        value = getattr(stats, field)
        if value is not None:
            triples.append(Triple(dataset, term, Literal(str(value), datatype=XSD.integer)))
    for graph in stats.graphs:
        subset = NamedNode(graph.name)
        triples += [
            Triple(dataset, VOID.subset, subset),
            Triple(subset, RDF.type, VOID.Dataset),
            Triple(subset, VOID.triples, Literal(str(graph.triples), datatype=XSD.integer)),
        ]
        if graph_dumps and graph.name in graph_dumps:
            triples.append(Triple(subset, VOID.dataDump, NamedNode(graph_dumps[graph.name])))
    if stats.article is not None:
        article = stats.article
        if article.title:
            triples.append(Triple(dataset, DCTERMS.title, article.title))
        triples += [
            Triple(dataset, DCTERMS.license, NamedNode(article.license)),
            Triple(dataset, DCTERMS.source, NamedNode(article.url)),
            Triple(dataset, VOID.rootResource, NamedNode(article.iri)),
            Triple(dataset, VOID.uriSpace, Literal(BASE)),
            Triple(dataset, VOID.vocabulary, NamedNode(str(NKKG))),
        ]
    return triples


async def endpoint(request: Request) -> Response:
    """The /.well-known/void route, in the RDF format the request negotiates."""
    if (early := check_method(request, READ_METHODS)) is not None:
        return early
    state = request.app.state
    fmt = pick_format(
        GRAPH_FORMATS, request.headers.get("accept"), request.query_params.get("format")
    )
    stats = await state.statistics.get()
    void_url = public_url(request, state.settings, "void")
    endpoint_url = public_url(request, state.settings, "sparql")
    dump_url = dumps.dump_url(request, dumps.WHOLE_STORE)
    graph_dumps = {g.name: dumps.graph_dump_url(request, g.name) for g in stats.graphs}
    tag = etag(stats.version, "void", void_url, fmt.name, dump_url)
    headers, unchanged = revalidate(request, state.settings, tag)
    if unchanged is not None:
        return unchanged
    triples = describe(void_url, endpoint_url, dump_url, stats, graph_dumps)
    return send(
        serialize(triples, format=fmt.serializer, prefixes=PREFIXES), fmt.content_type, headers
    )
