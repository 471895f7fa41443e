"""HTML rendering: one Jinja2 environment over server/pages/templates, shared by every page.

Pages are rendered on the server and read without JavaScript; every asset they use is served
by the app itself from /static (no CDN, no font or script from elsewhere). Links to resources
of the graph go through `iris.served_path`, so they work whatever host serves the graph.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from graph_builder import iris
from graph_builder.namespaces import SPARQL_PREFIXES as PREFIXES

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


def compact(iri: str) -> str:
    """Gives `prefix:local` for an IRI under a known namespace, else the IRI itself."""
    best = max(
        ((name, ns) for name, ns in PREFIXES.items() if iri.startswith(ns)),
        key=lambda pair: len(pair[1]),
        default=None,
    )
    if best is None or not iri[len(best[1]) :]:
        return iri
    return f"{best[0]}:{iri[len(best[1]) :]}"


def href(iri: str) -> str:
    """Gives the link for an IRI: its page on this server when the graph mints it, else the
    IRI itself."""
    return iris.served_path(iri) or iri


def iri(link: str) -> str:
    """Gives the IRI a link goes to: the graph's own IRI for one of this server's paths."""
    if link.startswith("/"):
        try:
            return iris.from_served_path(link).value
        except ValueError:
            return link
    return link


def kilometres(metres: float) -> str:
    """Gives a precision in metres as a distance to read: "2 km", "0.5 km", "1,000 km"."""
    return f"{metres / 1000:,.0f} km" if metres >= 1000 else f"{metres / 1000:g} km"


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def written_in(words: str | None) -> str:
    """Gives the language tag of words as the article writes them, by their script: zh-Hant
    for any Chinese character, en for Latin letters (an English excerpt's "over 350"), "" for
    digits alone, which take the page's language."""
    if not words:
        return ""
    if _CJK.search(words):
        return "zh-Hant"
    return "en" if _LATIN.search(words) else ""


def environment() -> Environment:
    """Gives the Jinja2 environment of the app's pages (autoescaped, with the link filters)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "svg"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["href"] = href
    env.filters["compact"] = compact
    env.filters["iri"] = iri
    env.filters["km"] = kilometres
    env.filters["written_in"] = written_in
    return env


def render(
    request: Request,
    template: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: object,
) -> HTMLResponse:
    """Gives the HTML response of `template` rendered with `context` (and the request)."""
    env: Environment = request.app.state.templates
    body = env.get_template(template).render(request=request, **context)
    return HTMLResponse(body, status_code=status, headers=headers)
