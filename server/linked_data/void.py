"""The VoID description of the dataset (https://www.w3.org/TR/void/), at /.well-known/void.

The dataset, under an IRI of the graph's own namespace (`graph_builder.iris.void_dataset`: the
same on every host, and served here), with its size (triples, entities, classes, properties,
distinct subjects and objects), each named graph as a subset with its size and its Turtle dump,
the SPARQL endpoint and the dumps of the whole graph (server/linked_data/dumps.py: RDF 1.1
N-Quads, and the RDF 1.2 graph's own N-Quads), each with its format (`dcterms:format`), and —
for a store `nkkg build` made — its title, licence, source article and root resource, and its
links out: a `void:Linkset` per link predicate (owl:sameAs, skos:closeMatch) to DBpedia, a
dataset of its own described by its URI space.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Triple, serialize
from starlette.requests import Request
from starlette.responses import Response

from graph_builder import iris
from graph_builder.namespaces import BASE, DCTERMS, NKKG, PREFIXES, RDF, VOID, XSD
from server.engine.formats import GRAPH_FORMATS, RDF12
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


@dataclass(frozen=True)
class Dump:
    """One dump as VoID names it: its URL, its format, and the named graph whose subset it is the
    dump of (None: a dump of the whole dataset)."""

    url: str
    format: str
    subset: str | None


def dataset_iri() -> NamedNode:
    """Gives the IRI of the dataset the VoID document describes."""
    return iris.void_dataset()


def dumps_of(request: Request, stats: DatasetStats) -> list[Dump]:
    """Gives every dump of the served store, without making them (the names are known)."""
    rdf12 = any(g.name == dumps.RDF12_GRAPH for g in stats.graphs)
    found = [Dump(dumps.dump_url(request, dumps.WHOLE_STORE), dumps.NQUADS, None)]
    if rdf12:
        rdf12_quads = f"{dumps.NQUADS}; version={RDF12}"
        # With nkkg.nq.gz it makes the whole dataset: a dump of the dataset, in two files.
        found.append(Dump(dumps.dump_url(request, dumps.RDF12_STORE), rdf12_quads, None))
    for graph in stats.graphs:
        version = f"; version={RDF12}" if graph.name == dumps.RDF12_GRAPH else ""
        found.append(
            Dump(dumps.graph_dump_url(request, graph.name), dumps.TURTLE + version, graph.name)
        )
    return found


def describe(endpoint: str, stats: DatasetStats, dump_files: list[Dump]) -> list[Triple]:
    """Gives the VoID description's triples."""
    dataset = dataset_iri()
    triples = [
        Triple(dataset, RDF.type, VOID.Dataset),
        Triple(dataset, VOID.sparqlEndpoint, NamedNode(endpoint)),
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
    for dump in dump_files:
        url = NamedNode(dump.url)
        owner = dataset if dump.subset is None else NamedNode(dump.subset)
        triples += [
            Triple(owner, VOID.dataDump, url),
            Triple(url, DCTERMS.format, Literal(dump.format)),
        ]
    triples += _linksets(dataset, stats)
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


def _linksets(dataset: NamedNode, stats: DatasetStats) -> list[Triple]:
    """Gives the linksets: the graph's links to each other dataset, one per predicate."""
    triples: list[Triple] = []
    for linkset in stats.linksets:
        target = iris.void_node("dbpedia")
        if not any(t.subject == target for t in triples):
            triples += [
                Triple(target, RDF.type, VOID.Dataset),
                Triple(target, DCTERMS.title, Literal("DBpedia", language="en")),
                Triple(target, VOID.uriSpace, Literal(linkset.target)),
            ]
        local = linkset.predicate.rsplit("#", 1)[-1]
        node = iris.void_node(f"links-dbpedia-{local}")
        triples += [
            Triple(dataset, VOID.subset, node),
            Triple(node, RDF.type, VOID.Linkset),
            Triple(node, VOID.subjectsTarget, dataset),
            Triple(node, VOID.objectsTarget, target),
            Triple(node, VOID.linkPredicate, NamedNode(linkset.predicate)),
            Triple(node, VOID.triples, Literal(str(linkset.triples), datatype=XSD.integer)),
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
    endpoint_url = public_url(request, state.settings, "sparql")
    dump_files = dumps_of(request, stats)
    tag = etag(stats.version, "void", endpoint_url, fmt.name, dump_files[0].url)
    headers, unchanged = revalidate(request, state.settings, tag)
    if unchanged is not None:
        return unchanged
    triples = describe(endpoint_url, stats, dump_files)
    return send(
        serialize(triples, format=fmt.serializer, prefixes=PREFIXES), fmt.content_type, headers
    )
