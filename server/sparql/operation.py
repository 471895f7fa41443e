"""Reading a query operation from a request, as the SPARQL 1.1 Protocol states it: a query by
GET with `query`, by POST as a form, or by POST as `application/sparql-query`; the dataset by
`default-graph-uri` and `named-graph-uri` (each repeatable); `format=` (repeatable too, since
SPARQLWrapper sends a name and a media type for one format: server/sparql/format_choice.py
decides whether the values agree). Updates in any form are refused here (403), before anything
else looks at the text; so is a body over the cap (413).
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode
from starlette.requests import Request

from server.errors import (
    BadRequest,
    MethodNotAllowed,
    PayloadTooLarge,
    UnsupportedMediaType,
    UpdateRefused,
)
from server.http.query_string import parse_pairs
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
    formats: tuple[str, ...]
    """Every `format=` value, in order (none: negotiate by Accept)."""


def _params(raw: bytes, where: str) -> list[tuple[str, str]]:
    try:
        return parse_pairs(raw, max_fields=1000)
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
        formats=tuple(value for key, value in params if key == "format"),
    )
