"""A short way in for SPARQL queries: past every middleware, the router and FastAPI's layers.

A point lookup costs pyoxigraph about 0.05 ms, and an answer from the answer cache costs no
query at all; the layers a request crosses on its way to a route (error and telemetry
middleware, CORS and gzip wrappers around every message sent, route matching over every page's
route, the request/response wrapper) cost several times that. So a query to /sparql — a GET or
HEAD with `query=`, or a POST — goes straight to the endpoint. It needs nothing those layers
add: answers carry their own gzipped copy (server/http/sending.py `send_answer`), errors go
through the same one handler (server/errors.py), and the CORS headers of a simple request are
the CORS middleware's own (`simple_headers`). Everything else, the service description and
CORS preflights included, takes the ordinary way.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Router
from starlette.types import ASGIApp, Receive, Scope, Send

from server.engine.shares import CLIENT
from server.errors import handle_api_error
from server.sparql import endpoint


def is_query(scope: Scope) -> bool:
    """Says whether an HTTP request is a SPARQL query to /sparql (not a bare GET, not OPTIONS)."""
    if scope["type"] != "http" or scope["path"] != "/sparql":
        return False
    if scope["method"] == "POST":
        return True
    if scope["method"] not in ("GET", "HEAD"):
        return False
    return any(part.split(b"=", 1)[0] == b"query" for part in scope["query_string"].split(b"&"))


class SparqlFastPath:
    """ASGI middleware, outermost: names each request's client for the fair shares of the query
    workers (server/engine/shares.py), answers SPARQL queries itself and passes everything else
    on."""

    def __init__(self, app: ASGIApp, router: Router, cors_headers: dict[str, str]) -> None:
        self.app = app
        self.router = router
        self.cors_headers = cors_headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":  # whose share of the query workers this request spends
            CLIENT.set(scope["client"][0] if scope.get("client") else "unknown")
        if not is_query(scope):
            await self.app(scope, receive, send)
            return
        scope["router"] = self.router  # what url_for needs, as the router would have set it
        request = Request(scope, receive, send)
        try:
            response = await endpoint.endpoint(request)
        except Exception as error:  # noqa: BLE001 (the one handler decides: 4xx, or a logged 5xx)
            response = await handle_api_error(request, error)
        if "origin" in request.headers:
            response.headers.update(self.cors_headers)
        await response(scope, receive, send)
