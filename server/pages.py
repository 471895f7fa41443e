"""The HTML page of one resource, from its description (server/describe.py's CONSTRUCT output).

The dereferencing route (/id/…, /ontology/…) calls `resource_page` when HTML wins content
negotiation; this module only turns triples into a page.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, Triple
from starlette.requests import Request
from starlette.responses import Response

from server.templating import render


async def resource_page(request: Request, resource: NamedNode, description: list[Triple]) -> Response:
    """Gives the HTML page of `resource` described by `description` (a 404 page when empty)."""
    own = [t for t in description if t.subject == resource]
    incoming = [t for t in description if t.object == resource]
    return render(
        request,
        "resource.html",
        status=200 if description else 404,
        resource=resource,
        own=own,
        incoming=incoming,
    )
