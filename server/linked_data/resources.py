"""Dereferencing: every IRI the graph mints answers at its served path, by content negotiation.

https://w3id.org/nkkg/id/source/33 is served at /id/source/33 (graph_builder.iris.served_path),
and so are /ontology and its terms, the named graphs (/graph/…) and the skolem IRIs
(/.well-known/genid/…). A GET gives 200 with the description in the negotiated format (HTML,
Turtle, N-Triples, RDF/XML or JSON-LD; `format=` overrides Accept), `Vary: Accept`, a
`Content-Location` naming the format's own URL (`?format=turtle`) and a `Link` to each
alternate. An IRI the graph does not know gets 404 in the format asked for. docs/linked-data.md
says why 200 and not 303, and what a description holds.

Every RDF description is RDF 1.1 unless the client names RDF 1.2 (`text/turtle; version=1.2`,
`application/n-triples; version=1.2`, or `format=turtle-1.2`): then it also holds the triple
terms of graph:claims-rdf12. A resource that only RDF 1.2 can describe (a figure predicate)
answers an RDF 1.1 request with 406 naming the RDF 1.2 forms. The HTML page is made from the
RDF 1.2 description.

Descriptions are CONSTRUCT queries run in the query workers with the resource bound by
substitution (server/linked_data/describe.py); nothing is queried in the server process.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import FastAPI
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse, serialize
from starlette.requests import Request
from starlette.responses import Response

from graph_builder import iris
from graph_builder.namespaces import (
    DCTERMS,
    GRAPH,
    ONTOLOGY_IRI,
    PREFIXES,
    RDF,
    RDFS,
    VOID,
    XSD,
)
from server.engine import formats
from server.engine.jobs import QueryFailed, query_job
from server.errors import BadRequest, NotAcceptable, NotFound, QueryError
from server.http.caching import cache_headers, etag, not_modified
from server.http.methods import READ_METHODS, check_method, public_url
from server.http.negotiation import negotiate
from server.http.sending import send
from server.linked_data import dumps, void
from server.linked_data.describe import DESCRIBE, DESCRIBE_RDF12
from server.linked_data.jsonld import CONTEXT_PATH, Compactor
from server.linked_data.ontology_page import ontology_page, term_page
from server.pages.templating import render

HTML_MEDIA = ("text/html", "application/xhtml+xml")
RDF_FORMATS: tuple[formats.Format, ...] = tuple(
    formats.BY_NAME[name]
    for name in ("turtle", "ntriples", "rdfxml", "jsonld", "turtle-1.2", "ntriples-1.2")
)
# The server's order of preference: a client that accepts anything (*/*) is most often a
# person's tool, and gets the page; RDF clients name an RDF type, and get RDF 1.2 only when
# they name its `version` parameter.
OFFERS: list[str] = [*HTML_MEDIA, *formats.offers(RDF_FORMATS)]
# Turtle and RDF/XML would have to escape the slash in `id:source/33`; full IRIs read better.
SERIALIZER_PREFIXES = {name: iri for name, iri in PREFIXES.items() if name not in ("id", "graph")}

ONTOLOGY_GRAPH = """CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?graph { ?s ?p ?o } }"""


@dataclass(frozen=True)
class Representation:
    """One representation a resource is offered in: `format=` name and media type to send."""

    name: str
    media_type: str
    rdf: formats.Format | None  # None: the HTML page

    @property
    def rdf12(self) -> bool:
        """Whether the description it carries is the RDF 1.2 one (the page's is)."""
        return self.rdf is None or self.rdf.rdf12


HTML = Representation("html", "text/html; charset=utf-8", None)
REPRESENTATIONS: tuple[Representation, ...] = (
    HTML,
    *(Representation(f.name, f.content_type, f) for f in RDF_FORMATS),
)
RDF12_REPRESENTATIONS = tuple(r for r in REPRESENTATIONS if r.rdf is not None and r.rdf.rdf12)


def choose(request: Request) -> Representation:
    """Gives the representation a request should get: its `format=` parameter's (400 for an
    unknown name, 406 for a format a description cannot take), else its Accept header's."""
    param = request.query_params.get("format")
    if param is not None:
        if param.strip().lower() in ("html", "htm", *HTML_MEDIA):
            return HTML
        fmt = formats.by_parameter(formats.GRAPH_FORMATS, param)
        if fmt is None:
            raise BadRequest(f"unknown format={param}; a resource comes as {_names()}")
        if fmt not in RDF_FORMATS:
            raise NotAcceptable(f"format={param} is not offered here; use {_names()}")
        return _by_name(fmt.name)
    accept = request.headers.get("accept")
    media = negotiate(accept, OFFERS)
    if media is None:
        raise NotAcceptable(
            f"none of the media types you accept ({accept}) is offered; a resource comes as "
            f"{', '.join(OFFERS)} (or say format=NAME: {_names()})",
            headers={"Vary": "Accept"},
        )
    if media in HTML_MEDIA:
        return HTML
    return _by_name(formats.by_media_type(RDF_FORMATS, media).name)


def _by_name(name: str) -> Representation:
    return next(r for r in REPRESENTATIONS if r.name == name)


def _names() -> str:
    return ", ".join(r.name for r in REPRESENTATIONS)


def alternates(path: str) -> dict[str, str]:
    """Gives the Link header naming the URL of each representation of the resource at `path`."""
    links = [
        f'<{path}?format={r.name}>; rel="alternate"; type="{_media_type(r)}"'
        for r in REPRESENTATIONS
    ]
    return {"Link": ", ".join(links)}


def _media_type(representation: Representation) -> str:
    """Gives the media type of a representation without its charset (with its RDF version)."""
    if representation.rdf is not None:
        return representation.rdf.media_types[0]
    return representation.media_type.split(";")[0]


def resource_path(request: Request) -> str:
    """Gives the request's path as sent (percent-encoded), which is the served path of the IRI."""
    raw = request.scope.get("raw_path")
    return raw.decode("latin-1") if raw else quote(request.url.path)


def resource_at(request: Request) -> NamedNode:
    """Gives the IRI served at the request's path (404 when the path makes no IRI at all)."""
    try:
        return iris.from_served_path(resource_path(request))
    except ValueError as error:
        raise NotFound(f"{resource_path(request)} is not the path of an IRI: {error}") from error


def context_url(request: Request) -> str:
    """Gives the absolute URL of the published JSON-LD context."""
    return public_url(request, request.app.state.settings, "jsonld-context")


async def construct(
    request: Request, query: str, rdf12: bool = False, **bound: NamedNode
) -> list[Triple]:
    """Gives the triples of a CONSTRUCT run in a query worker, with `bound` as substitutions;
    `rdf12` lets them hold triple terms."""
    fmt = "ntriples-1.2" if rdf12 else "ntriples"
    try:
        answer = await request.app.state.executor.run(query_job(query, bound, True, "json", fmt))
    except QueryFailed as error:
        raise QueryError(f"a description failed: {error.message}") from error
    triples = (quad.triple for quad in parse(answer.body, format=RdfFormat.N_TRIPLES))
    return sorted(set(triples), key=str)


def serialize_description(
    request: Request, resource: NamedNode, triples: list[Triple], representation: Representation
) -> tuple[bytes, dict[str, str]]:
    """Gives the bytes of `triples` in an RDF representation, and any extra headers."""
    fmt = representation.rdf
    assert fmt is not None
    if fmt.serializer == RdfFormat.JSON_LD:
        context = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))
        document, left_out = Compactor(context).document(triples, context_url(request), resource)
        extra = {"X-Statements-Left-Out": str(left_out)} if left_out else {}
        return json.dumps(document, ensure_ascii=False, indent=1).encode(), extra
    body = serialize(triples, format=fmt.serializer, prefixes=SERIALIZER_PREFIXES)
    return body, {}


Describer = Callable[[Request, NamedNode, bool], Awaitable[list[Triple]]]
"""Gives a resource's description: RDF 1.2 (with triple terms) when the flag says so."""
Page = Callable[[Request, NamedNode, list[Triple]], Awaitable[Response]]


async def respond(
    request: Request, resource: NamedNode, describe: Describer, page: Page | None = None
) -> Response:
    """Gives the response for `resource`: checks the method, negotiates, answers 304 for a
    matching ETag, gets the description (`await describe(request, resource, rdf12)`) and sends
    it, as HTML through `page(request, resource, triples)` (default: server/pages/resource.py's
    resource page), or 404 in the chosen format when the description is empty."""
    if (early := check_method(request, READ_METHODS)) is not None:
        return early
    representation = choose(request)
    state = request.app.state
    path = resource_path(request)
    extra = [context_url(request)] if representation.name == "jsonld" else []
    tag = etag(state.executor.version, "resource", resource.value, representation.name, *extra)
    headers = {
        **cache_headers(state.settings, tag),
        "Content-Location": f"{path}?format={representation.name}",
        **alternates(path),
    }
    if not_modified(request, tag):
        return Response(status_code=304, headers=headers)
    triples = await describe(request, resource, representation.rdf12)
    if not triples:
        if not representation.rdf12 and await describe(request, resource, True):
            raise NotAcceptable(
                f"<{resource.value}> is used only inside RDF 1.2 triple terms, which "
                f"{representation.name} (RDF 1.1) cannot carry; ask for one of "
                + ", ".join(f"{_media_type(r)} (format={r.name})" for r in RDF12_REPRESENTATIONS),
                headers={"Vary": "Accept", **alternates(path)},
            )
        return not_found(request, resource, representation)
    if representation is HTML:
        if page is None:
            from server.pages.resource import resource_page

            page = resource_page
        response = await page(request, resource, triples)
        response.headers.update(headers)
        return response
    body, more = serialize_description(request, resource, triples, representation)
    return send(body, representation.media_type, {**headers, **more})


def not_found(request: Request, resource: NamedNode, representation: Representation) -> Response:
    """Gives the 404 for an IRI the graph does not know, in the representation asked for: a
    page, an empty graph saying so in a comment, or (JSON-LD) the problem document."""
    message = f"nothing in this graph is known about <{resource.value}>"
    headers = {"Vary": "Accept", "Cache-Control": "no-cache"}
    if representation is HTML:
        return render(
            request,
            "not_found.html",
            status=404,
            headers=headers,
            resource=resource,
            path=resource_path(request),
        )
    fmt = representation.rdf
    assert fmt is not None
    if fmt.serializer in (RdfFormat.TURTLE, RdfFormat.N_TRIPLES):
        body = f"# 404: {message}\n"
    elif fmt.serializer == RdfFormat.RDF_XML:
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<!-- 404: {_xml_comment(message)} -->\n"
            f'<rdf:RDF xmlns:rdf="{RDF}"/>\n'
        )
    else:
        raise NotFound(message, headers=headers)
    return Response(body, status_code=404, media_type=representation.media_type, headers=headers)


def _xml_comment(text: str) -> str:
    return text.replace("--", "- -")


# --- what each kind of IRI describes -----------------------------------------------------------


async def describe_resource(request: Request, resource: NamedNode, rdf12: bool) -> list[Triple]:
    """Gives server/linked_data/describe.py's description of `resource`, run in a query worker:
    RDF 1.1, or RDF 1.2 with the triple terms about it."""
    if rdf12:
        return await construct(request, DESCRIBE_RDF12, rdf12=True, resource=resource)
    return await construct(request, DESCRIBE, resource=resource)


async def describe_ontology(request: Request, resource: NamedNode, rdf12: bool) -> list[Triple]:
    """Gives the ontology: the whole `ontology` named graph."""
    return await construct(request, ONTOLOGY_GRAPH, graph=iris.graph("ontology"))


async def describe_graph(request: Request, resource: NamedNode, rdf12: bool) -> list[Triple]:
    """Gives what the server knows about a named graph: its size, what it holds, its dump, and
    the VoID dataset it is a subset of. Empty for a graph the store does not have."""
    state = request.app.state
    stats = await state.statistics.get()
    size = next((g.triples for g in stats.graphs if g.name == resource.value), None)
    if size is None:
        return []
    dataset = void.dataset_iri()
    dump = NamedNode(dumps.graph_dump_url(request, resource.value))
    name = resource.value.removeprefix(str(GRAPH))
    triples = [
        Triple(resource, RDF.type, VOID.Dataset),
        Triple(resource, RDFS.label, Literal(name)),
        Triple(resource, VOID.triples, Literal(str(size), datatype=XSD.integer)),
        Triple(resource, VOID.dataDump, dump),
        Triple(dataset, VOID.subset, resource),
    ]
    if name in iris.GRAPHS:
        triples.append(
            Triple(resource, DCTERMS.description, Literal(iris.GRAPHS[name], language="en"))
        )
    return sorted(triples, key=str)


async def ontology_term_page(
    request: Request, resource: NamedNode, triples: list[Triple]
) -> Response:
    """Gives the HTML of an ontology term: a side's own page for a side, its own page when the
    ontology documents it, else the generic resource page."""
    from server.pages.side import is_side, side_page

    if is_side(resource):
        return await side_page(request, resource)
    page = term_page(request, resource)
    if page is not None:
        return page
    from server.pages.resource import resource_page

    return await resource_page(request, resource, triples)


# --- routes ------------------------------------------------------------------------------------


async def dereference(request: Request) -> Response:
    """/id/…, /.well-known/genid/…: the description of the IRI served at this path."""
    return await respond(request, resource_at(request), describe_resource)


async def ontology_term(request: Request) -> Response:
    """/ontology/…: a class, property or concept of the ontology."""
    return await respond(request, resource_at(request), describe_resource, ontology_term_page)


async def ontology(request: Request) -> Response:
    """/ontology: the ontology; its documentation page as HTML, the ontology graph as RDF."""

    async def page(request: Request, resource: NamedNode, triples: list[Triple]) -> Response:
        return ontology_page(request)

    return await respond(request, ONTOLOGY_IRI, describe_ontology, page)


async def named_graph(request: Request) -> Response:
    """/graph/…: a named graph, described by its size, contents and dump."""
    return await respond(request, resource_at(request), describe_graph)


async def jsonld_context(request: Request) -> Response:
    """/context.jsonld: the JSON-LD context the JSON-LD descriptions reference."""
    if (early := check_method(request, READ_METHODS)) is not None:
        return early
    body = CONTEXT_PATH.read_bytes()
    tag = f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
    headers = cache_headers(request.app.state.settings, tag)
    del headers["Vary"]  # one representation only
    if not_modified(request, tag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/ld+json", headers=headers)


def add_routes(app: FastAPI) -> None:
    """Adds the dereferencing routes and /context.jsonld to `app`."""
    # Every method reaches the handlers, which answer 405 with the Allow header themselves.
    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    app.add_route("/context.jsonld", jsonld_context, methods=methods, name="jsonld-context")
    app.add_route("/ontology", ontology, methods=methods, name="ontology")
    app.add_route("/ontology/{term:path}", ontology_term, methods=methods, name="ontology-term")
    app.add_route("/id/{key:path}", dereference, methods=methods, name="resource")
    app.add_route("/.well-known/genid/{key:path}", dereference, methods=methods, name="genid")
    app.add_route("/graph/{name:path}", named_graph, methods=methods, name="named-graph")
