"""The methods a route answers: 204 to a plain OPTIONS, 405 with Allow to the rest; and the
public URL of a route, for the documents that name the server's own addresses."""

from __future__ import annotations

from urllib.parse import urljoin

from starlette.requests import Request
from starlette.responses import Response

from server.errors import MethodNotAllowed
from server.settings import Settings

READ_METHODS = ("GET", "HEAD", "OPTIONS")
ROUTED_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")
"""The methods that reach the routes, which answer those they do not take with 405 and Allow;
any other method is 501 before the app sees it (server/http/connection.py)."""


def check_method(request: Request, methods: tuple[str, ...]) -> Response | None:
    """Gives the 204 answer to a plain OPTIONS, raises 405 for a method not in `methods`, or
    gives None: go on."""
    if request.method == "OPTIONS":
        return Response(status_code=204, headers={"Allow": ", ".join(methods)})
    if request.method not in methods:
        raise MethodNotAllowed(request.method, methods)
    return None


def public_url(request: Request, settings: Settings, route: str) -> str:
    """Gives the public absolute URL of one of the app's routes: under `public_url` when it is
    set, else as the request reached us (its scheme and Host)."""
    path = request.app.url_path_for(route)
    if settings.public_url:
        return urljoin(settings.public_url.rstrip("/") + "/", path.lstrip("/"))
    return str(request.url_for(route))
