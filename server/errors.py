"""The server's one error hierarchy, and the one handler that turns errors into responses.

Every error body has one shape, an RFC 9457 problem document (`application/problem+json`):
`status`, `title` (the HTTP reason phrase), `error` (a short stable name for programs), `detail`
(what happened and what to do, for a person), and for a malformed query the parser's `line` and
`column`. A client's mistake is a 4xx; a fault of ours is a 5xx and is logged.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import ClassVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

log = logging.getLogger("nkkg.server")

PROBLEM_JSON = "application/problem+json"


class ApiError(Exception):
    """An error the client gets as a problem document; subclasses carry their HTTP status."""

    status: ClassVar[int] = 500
    error: ClassVar[str] = "internal-error"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None, **extra: object):
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra

    def body(self) -> dict[str, object]:
        """Gives the problem document's members."""
        return {
            "status": self.status,
            "title": HTTPStatus(self.status).phrase,
            "error": self.error,
            "detail": self.detail,
            **self.extra,
        }


class BadRequest(ApiError):
    """The request breaks the SPARQL Protocol: a missing or repeated parameter, bad encoding…"""

    status = 400
    error = "bad-request"


class MalformedQuery(BadRequest):
    """The query does not parse; carries the parser's message, line and column."""

    error = "malformed-query"


class NotFound(ApiError):
    status = 404
    error = "not-found"


class MethodNotAllowed(ApiError):
    status = 405
    error = "method-not-allowed"

    def __init__(self, method: str, allowed: tuple[str, ...]) -> None:
        super().__init__(
            f"{method} is not supported here; use one of {', '.join(allowed)}",
            headers={"Allow": ", ".join(allowed)},
        )


class NotAcceptable(ApiError):
    status = 406
    error = "not-acceptable"


class UpdateRefused(ApiError):
    """A SPARQL Update reached a read-only endpoint."""

    status = 403
    error = "update-refused"


class ServiceRefused(ApiError):
    """The query calls SERVICE: the endpoint sends no requests anywhere."""

    status = 403
    error = "service-refused"


class MalformedRequest(BadRequest):
    """The request is not HTTP/1.1 as the parser reads it; answered before the app sees it."""

    error = "malformed-request"


class RequestTimeout(ApiError):
    """The request's head did not arrive within the header timeout (a slow client)."""

    status = 408
    error = "request-timeout"


class PayloadTooLarge(ApiError):
    status = 413
    error = "too-large"


class UriTooLong(ApiError):
    """The request target is longer than the server reads."""

    status = 414
    error = "uri-too-long"


class HeadersTooLarge(ApiError):
    """The request's header fields are too many or too large to read."""

    status = 431
    error = "headers-too-large"


class MethodNotImplemented(ApiError):
    """A method HTTP's parser does not know at all (a known one the route lacks is a 405)."""

    status = 501
    error = "not-implemented"


class UnsupportedMediaType(ApiError):
    status = 415
    error = "unsupported-media-type"


class WorkerFailed(ApiError):
    """A query worker died or answered nonsense: our fault."""

    status = 500
    error = "worker-failed"


class QueryError(ApiError):
    """The query parsed but failed while it ran (the protocol's 500)."""

    status = 500
    error = "query-failed"


class QueryTimeout(ApiError):
    """The query ran past the time limit and its worker was stopped."""

    status = 503
    error = "query-timeout"


class QueryOutOfMemory(ApiError):
    """The query needed more memory than a worker may hold; its worker was stopped."""

    status = 503
    error = "query-out-of-memory"


class QueryCrashed(BadRequest):
    """The query made its worker crash (a signal, not an answer): the query's fault, not ours."""

    error = "query-crashed"


class TooDeeplyNested(BadRequest):
    """The query nests groups deeper than the endpoint parses; refused before any worker."""

    error = "too-deeply-nested"


class ShuttingDown(ApiError):
    """The server is stopping; the query was not answered."""

    status = 503
    error = "shutting-down"


class TooManyRequests(ApiError):
    """The client has used up its share of query time for now (fair shares)."""

    status = 429
    error = "too-many-requests"


class EngineFailed(ApiError):
    """The remote SPARQL engine failed, or answered what does not parse; nothing was sent."""

    status = 503
    error = "engine-failed"


class TooManyConnections(ApiError):
    """The server process holds as many connections and requests as it takes at once."""

    status = 503
    error = "too-many-connections"


class Busy(ApiError):
    """Every query worker stayed busy for as long as a query may run."""

    status = 503
    error = "busy"


class ResultTooLarge(ApiError):
    """The serialized result is bigger than the cap; nothing of it was sent."""

    status = 507
    error = "result-too-large"


class RoutingError(ApiError):
    """An error Starlette's router raised (a 405 on a route we did not write, say)."""

    error = "http-error"

    def __init__(self, status: int, detail: str, headers: dict[str, str]) -> None:
        super().__init__(detail, headers=headers)
        self.status = status  # type: ignore[misc]


def problem_document(error: ApiError) -> bytes:
    """Gives the problem document of `error`, encoded as it is sent."""
    return json.dumps(error.body(), ensure_ascii=False).encode("utf-8")


def problem(error: ApiError) -> Response:
    """Gives the response for `error`: its status, headers and problem document."""
    if error.status >= 500:
        log.error("%s %s: %s", error.status, error.error, error.detail)
    return Response(
        problem_document(error),
        status_code=error.status,
        media_type=PROBLEM_JSON,
        headers=error.headers,
    )


async def handle_api_error(request: Request, error: Exception) -> Response:
    """The one handler: ApiError as it is; Starlette's routing errors in the same shape."""
    if isinstance(error, ApiError):
        return problem(error)
    if isinstance(error, HTTPException):
        if error.status_code == 404:
            return problem(NotFound(f"nothing at {request.url.path}"))
        return problem(RoutingError(error.status_code, error.detail, dict(error.headers or {})))
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return problem(WorkerFailed("internal error; it has been logged"))
