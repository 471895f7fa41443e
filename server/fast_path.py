"""A short way in for /sparql: past the router and FastAPI's per-route layers, not past the
middleware.

A point lookup costs pyoxigraph about 0.05 ms; the layers a request crosses on its way to a
route (exception middleware, exit stacks, route matching over every page's route, the request/
response wrapper) cost more than that. This middleware sits inside the CORS and gzip
middleware, so /sparql responses get exactly the headers and encodings every other route gets,
and errors go through the same one handler (server/errors.py).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Router
from starlette.types import ASGIApp, Receive, Scope, Send

from server import sparql
from server.errors import handle_api_error


class SparqlFastPath:
    """ASGI middleware that answers /sparql itself and passes everything else on."""

    def __init__(self, app: ASGIApp, router: Router) -> None:
        self.app = app
        self.router = router

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/sparql":
            await self.app(scope, receive, send)
            return
        scope["router"] = self.router  # what url_for needs, as the router would have set it
        request = Request(scope, receive, send)
        try:
            response = await sparql.endpoint(request)
        except Exception as error:  # noqa: BLE001 (the one handler decides: 4xx, or a logged 5xx)
            response = await handle_api_error(request, error)
        await response(scope, receive, send)
