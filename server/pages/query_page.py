"""/query: the query page, an editor for SPARQL in the browser that runs queries on /sparql.

The editor is CodeMirror 5 (pinned in package.json, installed into node_modules/ by `npm ci`)
with its SPARQL mode and hint addon, served by the app from /vendor/codemirror; nothing comes
from a CDN. Without node_modules the page still works, on a plain text area, and says how to
install the editor (`npm ci`, then restart the server). The page gets everything else it needs
in its HTML: the canned queries as examples, the prefixes for completion, and the graph's base
IRI so that result IRIs link to this server's pages (server/pages/static/query.js does the rest).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from graph_builder.namespaces import BASE, SPARQL_PREFIXES
from server.errors import BadRequest
from server.http.methods import READ_METHODS, check_method
from server.pages.templating import render

CODEMIRROR_DIR = Path(__file__).resolve().parents[2] / "node_modules" / "codemirror"
CODEMIRROR_FILES = (
    "lib/codemirror.js",
    "lib/codemirror.css",
    "mode/sparql/sparql.js",
    "addon/hint/show-hint.js",
    "addon/hint/show-hint.css",
)
STARTER = """PREFIX nkkg: <https://w3id.org/nkkg/ontology/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?event ?label ?start
WHERE {
  ?event a nkkg:Battle ; nkkg:startDate ?start .
  OPTIONAL { ?event skos:prefLabel ?label FILTER(LANG(?label) = "en") }
}
ORDER BY ?start
"""


def editor_installed(folder: Path) -> bool:
    """Says whether every CodeMirror file the page loads is in `folder`."""
    return all((folder / name).is_file() for name in CODEMIRROR_FILES)


async def query_page(request: Request) -> Response:
    """The /query route: the editor, holding the `query=` of a shared link or a starter."""
    allowed = check_method(request, READ_METHODS)
    if allowed is not None:
        return allowed
    values = request.query_params.getlist("query")
    if len(values) > 1:
        raise BadRequest("the `query` parameter is given more than once; give it once")
    queries = request.app.state.canned_queries
    examples = [
        {"name": q.name, "title": q.title, "description": q.description, "text": q.text}
        for q in queries.values()
    ]
    return render(
        request,
        "query.html",
        text=values[0] if values else STARTER,
        examples=examples,
        prefixes=SPARQL_PREFIXES,
        base=BASE,
        editor=editor_installed(request.app.state.codemirror_dir),
    )


def add_routes(app: FastAPI) -> None:
    """Adds /query and the editor's assets (/vendor/codemirror) to `app`."""
    codemirror = CODEMIRROR_DIR
    app.state.codemirror_dir = codemirror
    # Without `npm ci` there is nothing to mount: the app starts all the same, the assets' paths
    # answer 404 and the page says how to install them.
    if codemirror.is_dir():
        app.mount("/vendor/codemirror", StaticFiles(directory=codemirror), name="codemirror")
    app.add_route("/query", query_page, methods=list(READ_METHODS), name="query-page")
