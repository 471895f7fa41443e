"""/sparql: the SPARQL 1.1 Protocol's query operation, read-only and closed to the outside.

Taken literally from the Protocol (https://www.w3.org/TR/sparql11-protocol/): a query by GET
with `query`, by POST as a form, or by POST as `application/sparql-query`; `default-graph-uri`
and `named-graph-uri` (each repeatable) set the dataset, overriding the query's own FROM and
FROM NAMED. Without either, the default graph is the union of all the store's graphs, as in
`nkkg query`; a query's FROM clauses, when it has them, are obeyed. A GET without `query` gets
the service description.

Refused before the store is touched: updates (403), SERVICE (403), a query or body over the
caps (413). Errors follow the Protocol's codes, in server/errors.py's one shape.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from pyoxigraph import NamedNode
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server import formats
from server.errors import (
    BadRequest,
    MalformedQuery,
    MethodNotAllowed,
    PayloadTooLarge,
    QueryError,
    ServiceRefused,
    UnsupportedMediaType,
    UpdateRefused,
)
from server.executor import Executor
from server.jobs import ClientGone, QueryFailed
from server.negotiation import negotiate
from server.query_text import parse_error, scan
from server.responses import (
    check_method,
    choose_formats,
    etag,
    revalidate,
    send_answer,
)
from server.service_description import describe_service
from server.settings import Settings

METHODS = ("GET", "HEAD", "POST", "OPTIONS")
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted here"


@dataclass(frozen=True)
class Operation:
    """A query operation as the request states it (query None: no query, a bare GET)."""

    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    format: str | None


def _params(raw: bytes, where: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(
            raw.decode("utf-8"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=1000,
        )
    except UnicodeDecodeError as error:
        raise BadRequest(f"the {where} is not valid UTF-8 ({error.reason})") from error
    except ValueError as error:
        raise BadRequest(f"the {where} has too many parameters") from error


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in params if key == name]
    if len(values) > 1:
        raise BadRequest(f"the `{name}` parameter is given {len(values)} times; give it once")
    return values[0] if values else None


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    """Gives the media type and the charset parameter of a Content-Type header, lowercased."""
    if not header:
        return None, None
    media, *params = (part.strip() for part in header.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


async def _body(request: Request, cap: int) -> bytes:
    too_large = PayloadTooLarge(f"the request body is larger than {cap:,} bytes, the most allowed")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > cap:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _graph_iris(params: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    iris = tuple(value for key, value in params if key == name)
    for iri in iris:
        try:
            NamedNode(iri)
        except ValueError as error:
            raise BadRequest(f"`{name}` is not an absolute IRI: {iri!r} ({error})") from error
    return iris


async def read_operation(request: Request, settings: Settings) -> Operation:
    """Gives the operation a request asks for, or raises the Protocol's error for it."""
    url_params = _params(request.scope["query_string"], "URL's query string")
    if request.method in ("GET", "HEAD"):
        params = url_params
    elif request.method == "POST":
        media, charset = _content_type(request.headers.get("content-type"))
        if media == SPARQL_UPDATE:
            raise UpdateRefused(READ_ONLY)
        if media == FORM:
            params = url_params + _params(await _body(request, settings.max_body_bytes), "body")
        elif media == SPARQL_QUERY:
            if charset not in (None, "utf-8", "utf8"):
                raise UnsupportedMediaType(f"a {SPARQL_QUERY} body must be UTF-8, not {charset}")
            body = await _body(request, settings.max_body_bytes)
            try:
                query = body.decode("utf-8")
            except UnicodeDecodeError as error:
                raise BadRequest(f"the query is not valid UTF-8 ({error.reason})") from error
            if _single(url_params, "query") is not None:
                raise BadRequest("the query is given twice: in the body and in the URL")
            params = [*url_params, ("query", query)]
        else:
            said = f"Content-Type {media}" if media else "no Content-Type"
            raise UnsupportedMediaType(
                f"a POST to /sparql needs Content-Type {FORM} or {SPARQL_QUERY}, not {said}"
            )
    else:
        raise MethodNotAllowed(request.method, METHODS)
    if any(key == "update" for key, _ in params):
        raise UpdateRefused(READ_ONLY)
    query = _single(params, "query")
    if request.method == "POST" and query is None:
        raise BadRequest("no `query` parameter in the request")
    return Operation(
        query=query,
        default_graphs=_graph_iris(params, "default-graph-uri"),
        named_graphs=_graph_iris(params, "named-graph-uri"),
        format=_single(params, "format"),
    )


def _disconnected(receive: Callable[[], Awaitable[dict]]) -> Awaitable[None]:
    async def wait() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    return wait()


def malformed(query: str, message: str) -> MalformedQuery:
    """Gives the 400 for a parser error, keeping the parser's words and position."""
    error = parse_error(query, message)
    if error.line is None:
        return MalformedQuery(f"the query does not parse: {error.message}")
    return MalformedQuery(
        f"the query does not parse: line {error.line}, column {error.column}: {error.message}",
        line=error.line,
        column=error.column,
    )


async def answer_query(
    request: Request, operation: Operation, settings: Settings, executor: Executor
) -> Response:
    """Gives the response to a query operation: run in a worker, or refused, or from cache."""
    query = operation.query or ""
    if len(query.encode("utf-8")) > settings.max_query_bytes:
        raise PayloadTooLarge(
            f"the query is longer than {settings.max_query_bytes:,} bytes, the most allowed"
        )
    text = scan(query)
    if text.is_update:
        raise UpdateRefused(f"{READ_ONLY} (the text is an update, not a query)")
    if text.calls_service:
        raise ServiceRefused(
            "SERVICE is not allowed: this endpoint sends no requests to other endpoints"
        )
    solutions, graph = choose_formats(text.form, request.headers.get("accept"), operation.format)
    headers = {"Vary": "Accept"}
    if request.method in ("GET", "HEAD"):
        tag = etag(executor.version, operation, solutions.name, graph.name)
        headers, unchanged = revalidate(request, settings, tag)
        if unchanged is not None:
            return unchanged
    protocol_dataset = bool(operation.default_graphs or operation.named_graphs)
    job = {
        "kind": "query",
        "query": query,
        "union": not protocol_dataset and not text.names_dataset,
        "default_graphs": list(operation.default_graphs) if protocol_dataset else None,
        "named_graphs": list(operation.named_graphs) if protocol_dataset else None,
        "solutions_format": solutions.name,
        "graph_format": graph.name,
        "cacheable": text.deterministic,
    }
    try:
        answer = await executor.run(job, _disconnected(request.receive))
    except ClientGone:
        return Response(status_code=499)  # nobody is there to read it
    except QueryFailed as failure:
        if failure.error == "malformed-query":
            raise malformed(query, failure.message) from failure
        raise QueryError(f"the query failed while running: {failure.message}") from failure
    return send_answer(request, answer, headers)


def _wants_a_page(accept: str | None) -> bool:
    """Says whether a bare GET's Accept prefers HTML to every RDF format of the service
    description (a browser's does; a client's `*/*` or an RDF type does not)."""
    offers = [*formats.offers(formats.GRAPH_FORMATS), "text/html"]
    return negotiate(accept, offers) == "text/html"


async def endpoint(request: Request) -> Response:
    """The /sparql route: queries, the service description on a bare GET, OPTIONS."""
    state = request.app.state
    if request.method == "OPTIONS":
        return check_method(request, METHODS)  # type: ignore[return-value]
    operation = await read_operation(request, state.settings)
    if operation.query is None:
        if operation.format is None and _wants_a_page(request.headers.get("accept")):
            # A person followed a link to the endpoint: the query page is what they can use.
            return RedirectResponse(request.url_for("query-page"), status_code=303)
        return await describe_service(request, operation.format)
    return await answer_query(request, operation, state.settings, state.executor)
