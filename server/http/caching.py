"""Caching headers: a GET response's weak ETag, Cache-Control and Vary, and the 304 for a client
that already holds it.

The ETag is made of the store version and everything that shapes the response (the data
changes only when the store is rebuilt), so a client holding the answer gets a 304 without the
query running again; `Cache-Control: public, max-age` lets caches reuse it.
"""

from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response

from server.settings import Settings


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


def revalidate(
    request: Request, settings: Settings, tag: str
) -> tuple[dict[str, str], Response | None]:
    """Gives a GET response's cache headers for `tag`, and the 304 to send instead when the
    client's If-None-Match already names it (None: go on and make the response)."""
    headers = cache_headers(settings, tag)
    if not_modified(request, tag):
        return headers, Response(status_code=304, headers=headers)
    return headers, None
