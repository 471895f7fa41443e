"""Dumps at /dumps/: the whole graph as gzipped RDF 1.1 N-Quads, the RDF 1.2 graph as gzipped
RDF 1.2 N-Quads of its own, and each named graph as Turtle.

`nkkg.nq.gz` holds every graph but graph:claims-rdf12, so any RDF 1.1 reader (rdflib, Jena's
riot, Virtuoso's loader) takes it as it is; `nkkg-rdf12.nq.gz` holds that graph, whose triple
terms only RDF 1.2 readers know. Loaded together they give back the whole store. Each Turtle
file's media type says its RDF version (`text/turtle; version=1.2` for the RDF 1.2 graph).

They are made once per store version, from one run of the query worker's dump job (the sorted
N-Quads of the whole store, so every file comes from the same snapshot), and kept in memory
until the store is rebuilt. Each file goes out with Content-Length, an ETag (a hash of its
bytes) and Last-Modified (when its store version was built); /dumps/ lists them as HTML or JSON,
and VoID names them (void:dataDump). `listing(request)` gives the list to other pages.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import FastAPI
from pyoxigraph import NamedNode, RdfFormat, Triple, parse, serialize
from starlette.requests import Request
from starlette.responses import Response

from graph_builder import iris
from graph_builder.namespaces import GRAPH, PREFIXES
from server.engine.formats import RDF12
from server.errors import BadRequest, NotAcceptable, NotFound
from server.http.methods import READ_METHODS, check_method, public_url
from server.http.negotiation import negotiate
from server.http.sending import send
from server.pages.templating import render

WHOLE_STORE = "nkkg.nq.gz"
RDF12_STORE = "nkkg-rdf12.nq.gz"
GZIP = "application/gzip"
TURTLE = RdfFormat.TURTLE.media_type
NQUADS = RdfFormat.N_QUADS.media_type
RDF12_NODE = iris.graph("claims-rdf12")
RDF12_GRAPH = RDF12_NODE.value
LISTING_OFFERS = ["text/html", "application/xhtml+xml", "application/json"]
# Turtle would have to escape the slash in `id:source/33`; full IRIs read better.
TURTLE_PREFIXES = {name: iri for name, iri in PREFIXES.items() if name not in ("id", "graph")}
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class DumpFile:
    """One dump: its file name under /dumps/, what it holds, and its size."""

    name: str
    title: str
    graph: str | None  # the named graph's IRI; None for the whole graph
    media_type: str  # what it is sent as
    format: str  # the RDF format of its content, with the RDF version where it is 1.2
    size: int  # bytes
    statements: int
    path: str  # /dumps/NAME, on this server


@dataclass(frozen=True)
class Dumps:
    """Every dump of one store version, with the bytes."""

    version: str
    last_modified: datetime
    files: tuple[DumpFile, ...]
    bodies: dict[str, bytes]
    gzipped: dict[str, bytes]  # the Turtle files gzipped, for clients that accept gzip
    plain: bytes  # the whole graph's N-Quads uncompressed, for /dump.nq


def file_name(graph: str) -> str:
    """Gives the file name of a named graph's Turtle dump (`claims.ttl` for graph:claims)."""
    local = graph.removeprefix(str(GRAPH))
    if local != graph and _SAFE_NAME.fullmatch(local):
        return f"{local}.ttl"
    return f"graph-{hashlib.blake2b(graph.encode(), digest_size=8).hexdigest()}.ttl"


def dumps_url(request: Request) -> str:
    """Gives the public URL of the /dumps/ listing."""
    return public_url(request, request.app.state.settings, "dumps")


def dump_url(request: Request, name: str) -> str:
    """Gives the public URL of the dump called `name`."""
    return dumps_url(request) + name


def graph_dump_url(request: Request, graph: str) -> str:
    """Gives the public URL of a named graph's Turtle dump."""
    return dump_url(request, file_name(graph))


def make_dumps(version: str, nquads: bytes, last_modified: datetime) -> Dumps:
    """Gives the dumps made from the store's sorted N-Quads (the worker's dump job)."""
    by_graph: dict[str, list[Triple]] = {}
    rdf11: list[bytes] = []
    rdf12: list[bytes] = []
    # One line, one quad (the dump job's sorted N-Quads): each line goes to the file of its
    # graph as it is, so the files stay sorted and byte-identical from build to build.
    for line, quad in zip(
        nquads.splitlines(keepends=True), parse(nquads, format=RdfFormat.N_QUADS), strict=True
    ):
        if isinstance(quad.graph_name, NamedNode):
            by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
        (rdf12 if quad.graph_name == RDF12_NODE else rdf11).append(line)
    plain = b"".join(rdf11)
    bodies = {WHOLE_STORE: _gzip(plain)}
    files = [
        DumpFile(
            WHOLE_STORE,
            "the whole graph as RDF 1.1: every named graph (and any default-graph triples) "
            "but the RDF 1.2 one, as N-Quads",
            None,
            GZIP,
            NQUADS,
            len(bodies[WHOLE_STORE]),
            len(rdf11),
            f"/dumps/{WHOLE_STORE}",
        )
    ]
    if rdf12:
        bodies[RDF12_STORE] = _gzip(b"".join(rdf12))
        files.append(
            DumpFile(
                RDF12_STORE,
                "the RDF 1.2 graph (claims-rdf12, with its triple terms), as RDF 1.2 N-Quads",
                RDF12_GRAPH,
                GZIP,
                f"{NQUADS}; version={RDF12}",
                len(bodies[RDF12_STORE]),
                len(rdf12),
                f"/dumps/{RDF12_STORE}",
            )
        )
    for graph in sorted(by_graph):
        name = file_name(graph)
        triples = by_graph[graph]
        bodies[name] = serialize(triples, format=RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
        local = graph.removeprefix(str(GRAPH))
        title = iris.GRAPHS.get(local, f"the named graph <{graph}>")
        turtle = f"{TURTLE}; version={RDF12}" if _has_triple_terms(triples) else TURTLE
        size = len(bodies[name])
        files.append(
            DumpFile(name, title, graph, turtle, turtle, size, len(triples), f"/dumps/{name}")
        )
    gzipped = {f.name: _gzip(bodies[f.name]) for f in files if f.media_type != GZIP}
    return Dumps(version, last_modified, tuple(files), bodies, gzipped, plain)


def _has_triple_terms(triples: list[Triple]) -> bool:
    return any(isinstance(t.object, Triple) for t in triples)


def _gzip(data: bytes) -> bytes:
    packed = io.BytesIO()
    # mtime=0 and no file name: the same store gives the same bytes.
    with gzip.GzipFile(filename="", fileobj=packed, mode="wb", mtime=0) as handle:
        handle.write(data)
    return packed.getvalue()


class DumpCache:
    """The dumps of the served store version, made on first need and after a rebuild."""

    def __init__(self, executor: object) -> None:
        self.executor = executor
        self._dumps: Dumps | None = None
        self._lock = asyncio.Lock()

    async def get(self) -> Dumps:
        async with self._lock:
            version = self.executor.version  # type: ignore[attr-defined]
            if self._dumps is None or self._dumps.version != version:
                answer = await self.executor.run({"kind": "dump"})  # type: ignore[attr-defined]
                built = self.executor.last_modified()  # type: ignore[attr-defined]
                self._dumps = await asyncio.to_thread(make_dumps, version, answer.body, built)
            return self._dumps


async def current(request: Request) -> Dumps:
    """Gives the dumps of the store version the app serves now."""
    state = request.app.state
    if not hasattr(state, "dump_cache"):
        state.dump_cache = DumpCache(state.executor)
    return await state.dump_cache.get()


async def listing(request: Request) -> list[DumpFile]:
    """Gives the dumps on offer (the whole store first, then each named graph), for pages that
    list them; made first if this store version has none yet."""
    return list((await current(request)).files)


def _headers(request: Request, tag: str, last_modified: datetime) -> dict[str, str]:
    return {
        "ETag": tag,
        "Last-Modified": format_datetime(last_modified, usegmt=True),
        "Cache-Control": f"public, max-age={request.app.state.settings.cache_max_age}",
    }


def _not_modified(request: Request, tag: str, last_modified: datetime) -> bool:
    """Says whether the client's copy is current: If-None-Match when sent, else
    If-Modified-Since (RFC 9110 §13.2.2)."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match:
        wanted = {value.strip().removeprefix("W/") for value in if_none_match.split(",")}
        return "*" in wanted or tag.removeprefix("W/") in wanted
    since = request.headers.get("if-modified-since")
    if not since:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return when.tzinfo is not None and last_modified <= when


async def dump_file(request: Request) -> Response:
    """/dumps/NAME: one dump's bytes."""
    if (early := check_method(request, READ_METHODS)) is not None:
        return early
    dumps = await current(request)
    name = request.path_params["name"]
    found = next((f for f in dumps.files if f.name == name), None)
    if found is None:
        raise NotFound(f"no dump called {name}; /dumps/ lists them")
    body = dumps.bodies[name]
    tag = _tag(body)
    headers = _headers(request, tag, dumps.last_modified)
    if _not_modified(request, tag, dumps.last_modified):
        return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = f'attachment; filename="{name}"'
    if name in dumps.gzipped:
        # Compressed once per version, not on every request (the gzip middleware leaves a
        # response that has a Content-Encoding alone).
        headers["Vary"] = "Accept-Encoding"
        if "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            body = dumps.gzipped[name]
    return send(body, found.media_type, headers)


async def plain_dump(request: Request) -> Response:
    """/dump.nq: the whole graph as RDF 1.1 N-Quads, uncompressed (nkkg.nq.gz's content)."""
    if (early := check_method(request, READ_METHODS)) is not None:
        return early
    dumps = await current(request)
    tag = _tag(dumps.plain)
    headers = _headers(request, tag, dumps.last_modified)
    if _not_modified(request, tag, dumps.last_modified):
        return Response(status_code=304, headers=headers)
    return send(dumps.plain, NQUADS, headers)


async def dumps_page(request: Request) -> Response:
    """/dumps/: the list of dumps, as a page or (by negotiation or format=json) as JSON."""
    if (early := check_method(request, READ_METHODS)) is not None:
        return early
    param = request.query_params.get("format")
    if param is not None:
        if param not in ("html", "json"):
            raise BadRequest(f"unknown format={param}; the list comes as html or json")
        as_json = param == "json"
    else:
        media = negotiate(request.headers.get("accept"), LISTING_OFFERS)
        if media is None:
            raise NotAcceptable(f"the list of dumps comes as {', '.join(LISTING_OFFERS)}")
        as_json = media == "application/json"
    dumps = await current(request)
    tag = _tag(repr((dumps.version, as_json, dumps_url(request))).encode())
    headers = {**_headers(request, tag, dumps.last_modified), "Vary": "Accept"}
    if _not_modified(request, tag, dumps.last_modified):
        return Response(status_code=304, headers=headers)
    if as_json:
        document = {
            "last_modified": dumps.last_modified.isoformat(),
            "void": public_url(request, request.app.state.settings, "void"),
            "dumps": [
                {
                    "name": f.name,
                    "url": dump_url(request, f.name),
                    "title": f.title,
                    "graph": f.graph,
                    "media_type": f.media_type,
                    "format": f.format,
                    "bytes": f.size,
                    "statements": f.statements,
                }
                for f in dumps.files
            ],
        }
        return send(_json(document), "application/json", headers)
    return render(request, "dumps.html", headers=headers, dumps=dumps)


def _json(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _tag(content: bytes) -> str:
    """Gives a weak ETag for `content` (weak: gzip on the way may change the bytes sent)."""
    return f'W/"{hashlib.blake2b(content, digest_size=12).hexdigest()}"'


def add_routes(app: FastAPI) -> None:
    """Adds /dump.nq, /dumps/ and /dumps/NAME to `app`."""
    # Every method reaches the handlers, which answer 405 with the Allow header themselves.
    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    app.add_route("/dump.nq", plain_dump, methods=methods, name="dump")
    app.add_route("/dumps/", dumps_page, methods=methods, name="dumps")
    app.add_route("/dumps/{name}", dump_file, methods=methods, name="dump-file")
