"""/queries: every canned query (queries/*.rq) as a REST route of its own, and their list.

`/queries/{name}` runs the query with its declared defaults, each parameter given as a
query-string argument, checked against its declared type and bound with pyoxigraph's
`substitutions` in a query worker (never pasted into the text). The answer is the standard
SPARQL results document in JSON, XML, CSV or TSV, or an HTML table, by content negotiation or
`format=`. `/queries` lists them all, as HTML or JSON. Each query is also its own path in the
OpenAPI document, with its parameters, so clients can be generated from it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI
from pyoxigraph import Literal, NamedNode, QueryResultsFormat, parse_query_results
from starlette.requests import Request
from starlette.responses import Response

from server.canned import openapi
from server.canned.queries import CannedQuery, ParameterError, QueryHeaderError, load_all
from server.engine import formats
from server.engine.formats import SOLUTION_FORMATS
from server.engine.jobs import QueryFailed, query_job
from server.errors import BadRequest, NotAcceptable, NotFound, QueryError
from server.http.caching import etag, revalidate
from server.http.methods import READ_METHODS, ROUTED_METHODS, check_method
from server.http.negotiation import negotiate
from server.http.sending import send
from server.pages.templating import compact, href, render

HTML = "html"
HTML_TYPES = ("text/html", "application/xhtml+xml")
ANSWER_OFFERS = [*formats.offers(SOLUTION_FORMATS), *HTML_TYPES]
LIST_OFFERS = [*HTML_TYPES, "application/json"]
FORMAT_NAMES = (*(f.name for f in SOLUTION_FORMATS), HTML)
ANY_METHOD = list(ROUTED_METHODS)
TAG = "canned queries"
WEB_SCHEMES = ("http", "https")
Endpoint = Callable[[Request], Awaitable[Response]]


def answer_format(accept: str | None, param: str | None) -> str:
    """Gives the name of the format a canned query's answer goes out in ("html" or one of the
    SPARQL results formats): the one `format=` names, else the one Accept prefers."""
    if param is not None:
        if param.strip().lower() == HTML:
            return HTML
        chosen = formats.by_parameter(SOLUTION_FORMATS, param)
        if chosen is None:
            raise BadRequest(
                f"unknown format={param}; a canned query answers in {', '.join(FORMAT_NAMES)}"
            )
        return chosen.name
    media = negotiate(accept, ANSWER_OFFERS)
    if media is None:
        raise NotAcceptable(
            f"none of the media types you accept ({accept}) can carry a canned query's answer; "
            f"it comes as {', '.join(ANSWER_OFFERS)} (or say format=NAME)"
        )
    return HTML if media in HTML_TYPES else formats.by_media_type(SOLUTION_FORMATS, media).name


@dataclass(frozen=True)
class Cell:
    """One cell of an HTML answer: the text shown, the link if any, a note (a language tag)."""

    text: str
    link: str | None = None
    note: str | None = None


def cell(term: object) -> Cell:
    """Gives the HTML cell for one term of a solution (None: unbound)."""
    if term is None:
        return Cell("")
    if isinstance(term, NamedNode):
        # Only a web IRI is a link: a `javascript:` IRI an argument puts in a row stays text.
        web = urlsplit(term.value).scheme.lower() in WEB_SCHEMES
        return Cell(compact(term.value), href(term.value) if web else None)
    if isinstance(term, Literal):
        return Cell(term.value, None, f"@{term.language}" if term.language else None)
    return Cell(str(term))


def read_arguments(request: Request) -> tuple[dict[str, str], str | None]:
    """Gives a request's arguments for the query's parameters, and its `format=` if any.

    An empty value counts as not given (an HTML form sends its empty fields), so the
    parameter's default applies."""
    arguments: dict[str, str] = {}
    fmt: str | None = None
    for key, value in request.query_params.multi_items():
        if key in arguments or (key == "format" and fmt is not None):
            raise BadRequest(f"the `{key}` parameter is given more than once; give it once")
        if key == "format":
            fmt = value
        elif value != "":
            arguments[key] = value
    return arguments, fmt


async def answer(request: Request, query: CannedQuery) -> Response:
    """Gives the response to a GET or HEAD of one canned query's route."""
    arguments, fmt_param = read_arguments(request)
    try:
        substitutions = query.substitutions(arguments)
    except ParameterError as error:
        named = (
            {"parameter": error.parameter, "expected": error.expected} if error.parameter else {}
        )
        raise BadRequest(
            f"{error} (see {request.url.path}?format=html for the form)", **named
        ) from None
    fmt = answer_format(request.headers.get("accept"), fmt_param)
    executor = request.app.state.executor
    tag = etag(executor.version, "canned", query.text, sorted(arguments.items()), fmt)
    headers, unchanged = revalidate(request, request.app.state.settings, tag)
    if unchanged is not None:
        return unchanged
    solutions_format = "json" if fmt == HTML else fmt
    bindings = {variable.value: term for variable, term in substitutions.items()}
    job = query_job(query.text, bindings, True, solutions_format, "ntriples")
    try:
        result = await executor.run(job)
    except QueryFailed as failure:
        # The text is ours and loaded at start, so a failure here is our fault, not the client's.
        raise QueryError(f"the canned query {query.name} failed: {failure.message}") from failure
    if fmt != HTML:
        return send(result.body, formats.BY_NAME[result.format].content_type, headers)
    solutions = parse_query_results(result.body, format=QueryResultsFormat.JSON)
    columns = [v.value for v in solutions.variables]
    rows = [[cell(row[name]) for name in columns] for row in solutions]
    links = {
        name: f"{request.url.path}?{urlencode({**arguments, 'format': name})}"
        for name in FORMAT_NAMES
        if name != HTML
    }
    return render(
        request,
        "queries_answer.html",
        headers=headers,
        query=query,
        arguments=arguments,
        columns=columns,
        rows=rows,
        links=links,
        editor_link=f"{request.app.url_path_for('query-page')}?{urlencode({'query': query.text})}",
    )


def describe(request: Request, query: CannedQuery) -> dict[str, object]:
    """Gives what the list says of one canned query, as JSON-ready data."""
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "url": request.app.url_path_for("canned-query", name=query.name),
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "default": p.default,
                "example": p.example,
                "description": p.description,
            }
            for p in query.parameters
        ],
    }


async def listing(request: Request) -> Response:
    """The /queries route: every canned query, as an HTML page or JSON."""
    allowed = check_method(request, READ_METHODS)
    if allowed is not None:
        return allowed
    fmt = request.query_params.get("format")
    if fmt is None:
        media = negotiate(request.headers.get("accept"), LIST_OFFERS)
        if media is None:
            raise NotAcceptable(f"the list of canned queries comes as {', '.join(LIST_OFFERS)}")
        fmt = HTML if media in HTML_TYPES else "json"
    if fmt not in (HTML, "json"):
        raise BadRequest(f"unknown format={fmt}; the list comes as html or json")
    queries = request.app.state.canned_queries
    tag = etag(
        request.app.state.executor.version, "queries", [q.text for q in queries.values()], fmt
    )
    headers, unchanged = revalidate(request, request.app.state.settings, tag)
    if unchanged is not None:
        return unchanged
    described = [describe(request, q) for q in queries.values()]
    if fmt == "json":
        body = json.dumps({"queries": described}, ensure_ascii=False, indent=1)
        return Response(body, media_type="application/json", headers=headers)
    return render(request, "queries.html", headers=headers, queries=described)


async def by_name(request: Request) -> Response:
    """The /queries/{name} route for every method: the answer, 404 for an unknown name."""
    allowed = check_method(request, READ_METHODS)
    if allowed is not None:
        return allowed
    name = request.path_params["name"]
    query = request.app.state.canned_queries.get(name)
    if query is None:
        raise NotFound(f"there is no canned query named {name!r}; /queries lists them all")
    return await answer(request, query)


def _endpoint(query: CannedQuery) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        return await answer(request, query)

    return endpoint


def add_routes(app: FastAPI) -> None:
    """Adds /queries and one route per canned query (each in the OpenAPI document) to `app`."""
    queries = load_all()
    for query in queries.values():
        if any(p.name == "format" for p in query.parameters):
            raise QueryHeaderError(
                f"{query.path}: `format` names the answer's format, not a parameter"
            )
    app.state.canned_queries = queries
    app.add_api_route(
        "/queries",
        listing,
        methods=["GET"],
        tags=[TAG],
        summary="The canned queries",
        description="Every canned query with its title, description, parameters and URL.",
        response_class=Response,
        responses={200: {"content": {media: {} for media in LIST_OFFERS}}},
    )
    app.add_route("/queries", listing, methods=ANY_METHOD, name="canned-queries")
    for query in queries.values():
        app.add_api_route(
            f"/queries/{query.name}",
            _endpoint(query),
            methods=["GET"],
            name=f"canned-{query.name}",
            operation_id=f"canned-{query.name}",
            tags=[TAG],
            summary=query.title,
            description=query.description,
            response_class=Response,
            openapi_extra=openapi.operation(query, ANSWER_OFFERS, FORMAT_NAMES),
        )
    # HEAD, OPTIONS, other methods and unknown names reach this one.
    app.add_route("/queries/{name}", by_name, methods=ANY_METHOD, name="canned-query")
