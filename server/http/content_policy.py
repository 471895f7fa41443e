"""The Content-Security-Policy sent with every response of the ordinary way in (every page, the
static files, the linked-data documents, the errors): scripts, styles, images and fetches from
this server only, and nothing else anywhere.

The pages hold no inline script (the query page's data is a `<script type="application/json">`
block, which is data, not script) and no inline event handler, so `script-src 'self'` costs
them nothing, and a script that slipped into a page anyway, or a `javascript:` link, does not
run. Inline style attributes stay allowed: they run nothing. No plugin content, no `<base>`, no
framing by other sites (clickjacking), and forms post only here. SPARQL answers taking the short
way in (server/sparql/fast_path.py) are data and go without it.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
HEADER = b"content-security-policy"


class ContentSecurityPolicy:
    """ASGI middleware: adds POLICY to every response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if all(name.lower() != HEADER for name, _ in headers):
                    message["headers"] = [*headers, (HEADER, POLICY.encode("ascii"))]
            await send(message)

        await self.app(scope, receive, sending)
