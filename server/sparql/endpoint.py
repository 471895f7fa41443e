"""/sparql: the SPARQL 1.1 Protocol's query operation, read-only and closed to the outside.

Taken literally from the Protocol (https://www.w3.org/TR/sparql11-protocol/): a query by GET
with `query`, by POST as a form, or by POST as `application/sparql-query`; `default-graph-uri`
and `named-graph-uri` (each repeatable) set the dataset, overriding the query's own FROM and
FROM NAMED. Without either, the default graph is the union of the store's graphs but the RDF
1.2 one (server/engine/union.py), as in `nkkg query`; a query's FROM clauses, when it has them,
are obeyed. Relative IRIs in a query resolve against the endpoint's public URL. A graph result
that holds RDF 1.2 triple terms, asked for in an RDF 1.1 format, gets a 406 naming the formats
that can carry it. A GET without `query` gets the service description.

Refused before the store is touched: updates (403), SERVICE (403), a query or body over the
caps (413). Errors follow the Protocol's codes, in server/errors.py's one shape.
"""

from __future__ import annotations

from collections.abc import Awaitable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.engine import formats
from server.engine.executor import Executor
from server.engine.jobs import ClientGone, QueryFailed
from server.errors import (
    MalformedQuery,
    NotAcceptable,
    PayloadTooLarge,
    QueryError,
    ServiceRefused,
    TooDeeplyNested,
    UpdateRefused,
)
from server.http.caching import etag, revalidate
from server.http.connection import GONE
from server.http.methods import check_method
from server.http.negotiation import negotiate
from server.http.sending import send_answer
from server.settings import Settings
from server.sparql.format_choice import choose_formats
from server.sparql.operation import METHODS, READ_ONLY, Operation, read_operation
from server.sparql.query_text import parse_error, scan
from server.sparql.service_description import describe_service


def _disconnected(request: Request) -> Awaitable[None]:
    """Gives what completes when the client hangs up: the connection's own future (server/http/
    connection.py), or, under another ASGI server, a wait for `receive`'s disconnect."""
    gone = request.scope.get(GONE)
    if gone is not None:
        return gone

    async def wait() -> None:
        while (await request.receive())["type"] != "http.disconnect":
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
    too_deep = text.nesting.first_deeper_than(settings.max_nesting)
    if too_deep is not None:
        line, column = too_deep
        raise TooDeeplyNested(
            f"the query nests groups {text.nesting.depth} deep; this endpoint parses "
            f"{settings.max_nesting} at most, and the group at line {line}, column {column} is "
            "the first one deeper: flatten the query",
            line=line,
            column=column,
        )
    if text.is_update:
        raise UpdateRefused(f"{READ_ONLY} (the text is an update, not a query)")
    if text.calls_service:
        raise ServiceRefused(
            "SERVICE is not allowed: this endpoint sends no requests to other endpoints"
        )
    solutions, graph = choose_formats(text.form, request.headers.get("accept"), operation.formats)
    headers = {"Vary": "Accept"}
    base_iri = _endpoint_url(request, settings)
    if request.method in ("GET", "HEAD"):
        # the operation's fields, not the dataclass: its repr costs more than the rest of this
        asked = (operation.query, operation.default_graphs, operation.named_graphs)
        chosen = (operation.formats, solutions.name, graph.name, base_iri)
        tag = etag(executor.version, *asked, *chosen)
        headers, unchanged = revalidate(request, settings, tag)
        if unchanged is not None:
            return unchanged
    protocol_dataset = bool(operation.default_graphs or operation.named_graphs)
    job = {
        "kind": "query",
        "query": query,
        "base_iri": base_iri,
        "union": not protocol_dataset and not text.names_dataset,
        "default_graphs": list(operation.default_graphs) if protocol_dataset else None,
        "named_graphs": list(operation.named_graphs) if protocol_dataset else None,
        "solutions_format": solutions.name,
        "graph_format": graph.name,
        "cacheable": text.deterministic,
    }
    try:
        answer = await executor.run(job, _disconnected(request))
    except ClientGone:
        return Response(status_code=499)  # nobody is there to read it
    except QueryFailed as failure:
        if failure.error == "malformed-query":
            raise malformed(query, failure.message) from failure
        if failure.error == "triple-term-refused":
            raise NotAcceptable(failure.message, headers={"Vary": "Accept"}) from failure
        raise QueryError(f"the query failed while running: {failure.message}") from failure
    return send_answer(request, answer, headers)


def _endpoint_url(request: Request, settings: Settings) -> str:
    """Gives the endpoint's public URL, which relative IRIs in a query resolve against: under
    `public_url` when it is set, else as the request reached it (its scheme and Host). Built
    from the request's own parts: url_for costs more than the query it is for."""
    if settings.public_url:
        return settings.public_url.rstrip("/") + "/sparql"
    scope = request.scope
    host = request.headers.get("host")
    if not host and scope.get("server"):
        host = "{}:{}".format(*scope["server"])
    return f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}/sparql"


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
        if not operation.formats and _wants_a_page(request.headers.get("accept")):
            # A person followed a link to the endpoint: the query page is what they can use.
            return RedirectResponse(request.url_for("query-page"), status_code=303)
        return await describe_service(request, operation.formats)
    return await answer_query(request, operation, state.settings, state.executor)
