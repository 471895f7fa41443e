"""Responses the routes share: choosing a result format, caching headers, sending bytes.

GET responses carry a weak ETag made of the store version and everything that shapes the
response (the data changes only when the store is rebuilt), so a client holding the answer gets
a 304 without the query running again; `Cache-Control: public, max-age` lets caches reuse it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from urllib.parse import urljoin

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from server import formats
from server.errors import BadRequest, MethodNotAllowed, NotAcceptable
from server.formats import GRAPH_FORMATS, SOLUTION_FORMATS, Format
from server.jobs import Answer
from server.negotiation import negotiate
from server.settings import Settings

STREAM_CHUNK = 1 << 16
GZIP_MIN_BYTES = 1000
"""Smaller bodies go out as they are: gzip would save less than it costs."""
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def pick_format(kind: tuple[Format, ...], accept: str | None, param: str | None) -> Format:
    """Gives the format of `kind` (SOLUTION_FORMATS or GRAPH_FORMATS) a request should get: the
    one its `format=` parameter names, else the one its Accept header prefers (406 if none)."""
    other = GRAPH_FORMATS if kind is SOLUTION_FORMATS else SOLUTION_FORMATS
    what = "SELECT and ASK results" if kind is SOLUTION_FORMATS else "graphs"
    if param is not None:
        fmt = formats.by_parameter(kind, param)
        if fmt is not None:
            return fmt
        if formats.by_parameter(other, param) is None:
            raise BadRequest(f"unknown format={param}; formats for {what}: {formats.names(kind)}")
        raise NotAcceptable(f"format={param} cannot carry {what}; use {formats.names(kind)}")
    media = negotiate(accept, formats.offers(kind))
    if media is None:
        raise NotAcceptable(
            f"none of the media types you accept ({accept}) can carry {what}; this endpoint "
            f"offers {', '.join(formats.offers(kind))} (or say format=NAME)"
        )
    return formats.by_media_type(kind, media)


def choose_formats(
    form: str | None, accept: str | None, param: str | None
) -> tuple[Format, Format]:
    """Gives the formats for SELECT/ASK results and for graphs that a query request should get.

    Only the query form's kind is negotiated (a 406 or 400 when nothing fits); when the form is
    unknown (the query will not parse), any acceptable format or the default does."""
    defaults = (SOLUTION_FORMATS[0], GRAPH_FORMATS[0])
    if form in ("SELECT", "ASK"):
        return pick_format(SOLUTION_FORMATS, accept, param), defaults[1]
    if form in ("CONSTRUCT", "DESCRIBE"):
        return defaults[0], pick_format(GRAPH_FORMATS, accept, param)
    chosen = []
    for kind, default in zip((SOLUTION_FORMATS, GRAPH_FORMATS), defaults, strict=True):
        try:
            chosen.append(pick_format(kind, accept, param))
        except (NotAcceptable, BadRequest):
            chosen.append(default)
    return chosen[0], chosen[1]


def etag(version: str, *parts: object) -> str:
    """Gives a weak ETag for a GET response: the store version and what shapes the response."""
    digest = hashlib.blake2b(repr((version, parts)).encode(), digest_size=12).hexdigest()
    return f'W/"{digest}"'


def not_modified(request: Request, tag: str) -> bool:
    """Says whether the request's If-None-Match already names `tag` (weak comparison)."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    wanted = {value.strip().removeprefix("W/") for value in header.split(",")}
    return "*" in wanted or tag.removeprefix("W/") in wanted


def cache_headers(settings: Settings, tag: str) -> dict[str, str]:
    """Gives the ETag, Cache-Control and Vary headers of a GET response."""
    return {
        "ETag": tag,
        "Cache-Control": f"public, max-age={settings.cache_max_age}",
        "Vary": "Accept",
    }


def accepts_gzip(request: Request) -> bool:
    """Says whether the request's Accept-Encoding takes gzip (and does not refuse it, q=0)."""
    for item in request.headers.get("accept-encoding", "").lower().split(","):
        coding, _, params = item.partition(";")
        if coding.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def revalidate(
    request: Request, settings: Settings, tag: str
) -> tuple[dict[str, str], Response | None]:
    """Gives a GET response's cache headers for `tag`, and the 304 to send instead when the
    client's If-None-Match already names it (None: go on and make the response)."""
    headers = cache_headers(settings, tag)
    if not_modified(request, tag):
        return headers, Response(status_code=304, headers=headers)
    return headers, None


def send_answer(request: Request, answer: Answer, headers: dict[str, str]) -> Response:
    """Gives the response carrying a query worker's answer: gzipped when the client takes gzip
    and the body is large enough, from the answer's own compressed copy (made once, so an answer
    from the cache is not compressed again; the gzip middleware lets encoded bodies pass)."""
    content_type = formats.BY_NAME[answer.format].content_type
    if len(answer.body) >= GZIP_MIN_BYTES and accepts_gzip(request):
        vary = ", ".join(filter(None, (headers.get("Vary"), "Accept-Encoding")))
        encoded = {**headers, "Content-Encoding": "gzip", "Vary": vary}
        return send(answer.gzipped, content_type, encoded)
    return send(answer.body, content_type, headers)


def send(body: bytes, content_type: str, headers: dict[str, str]) -> Response:
    """Gives the response carrying `body`; large bodies go out in chunks as they are written."""
    if len(body) <= STREAM_CHUNK * 4:
        return Response(body, media_type=content_type, headers=headers)

    def chunks() -> Iterator[bytes]:
        view = memoryview(body)
        for start in range(0, len(body), STREAM_CHUNK):
            yield bytes(view[start : start + STREAM_CHUNK])

    return StreamingResponse(
        chunks(), media_type=content_type, headers={**headers, "Content-Length": str(len(body))}
    )


def public_url(request: Request, settings: Settings, route: str) -> str:
    """Gives the public absolute URL of one of the app's routes: under `public_url` when it is
    set, else as the request reached us (its scheme and Host)."""
    path = request.app.url_path_for(route)
    if settings.public_url:
        return urljoin(settings.public_url.rstrip("/") + "/", path.lstrip("/"))
    return str(request.url_for(route))


def check_method(request: Request, methods: tuple[str, ...]) -> Response | None:
    """Gives the 204 answer to a plain OPTIONS, raises 405 for a method not in `methods`, or
    gives None: go on."""
    if request.method == "OPTIONS":
        return Response(status_code=204, headers={"Allow": ", ".join(methods)})
    if request.method not in methods:
        raise MethodNotAllowed(request.method, methods)
    return None
