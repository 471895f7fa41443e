"""The web application: `create_app(settings)` builds it; the query workers start in its lifespan.

Routes: /sparql (the SPARQL 1.1 Protocol endpoint and its service description: server/sparql/),
the graph's own IRIs dereferenced (/id/…, /ontology…, /graph/…: server/linked_data/), the pages
(/, /search, /classes, /timeline, /map, /article: server/pages/), the canned queries
(/queries…: server/canned/) and the query page (/query), the dumps (/dumps/), VoID
(/.well-known/void) and /dump.nq. Every response may be gzipped and carries CORS headers for
browser clients and a Content-Security-Policy (server/http/content_policy.py); errors of every
kind go through server/errors.py's one handler.
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from server.canned import routes
from server.engine.engine import Engine
from server.engine.executor import Executor
from server.engine.jobs import GZIP_LEVEL
from server.engine.remote import RemoteEngine
from server.errors import ApiError, handle_api_error
from server.http.connection import Connection
from server.http.content_policy import ContentSecurityPolicy
from server.http.methods import ROUTED_METHODS
from server.http.sending import GZIP_MIN_BYTES
from server.linked_data import dumps, resources, void
from server.pages import classes, home, maps, query_page, reader, search, timeline
from server.pages.templating import STATIC_DIR, environment
from server.settings import Settings, documented_settings
from server.sparql import dataset, endpoint
from server.sparql.fast_path import SparqlFastPath, is_query

ANY_METHOD = list(ROUTED_METHODS)
CORS = {
    "allow_origins": ["*"],
    "allow_methods": list(endpoint.METHODS),
    "allow_headers": ["Accept", "Content-Type", "If-None-Match", "Cache-Control"],
    "expose_headers": [
        "ETag",
        "Content-Length",
        "Retry-After",
        "Last-Modified",
        "Link",
        "Content-Location",
        "X-Statements-Left-Out",
    ],
    "max_age": 86400,
}


class App(FastAPI):
    """The FastAPI app with SPARQL queries taking the short way in (server/sparql/fast_path.py)."""

    def build_middleware_stack(self) -> ASGIApp:
        stack = super().build_middleware_stack()
        cors_headers = CORSMiddleware(stack, **CORS).simple_headers
        return SparqlFastPath(stack, self.router, cors_headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A SPARQL query goes straight to the fast path: Starlette's call, without FastAPI's
        telemetry hooks, which ask OpenTelemetry whether it is configured on every request; all
        else as usual."""
        if is_query(scope):
            await Starlette.__call__(self, scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


def engine_for(settings: Settings) -> Engine:
    """Gives what answers the app's queries: a remote SPARQL engine when one is named, else the
    pool of local query workers on the store."""
    if settings.sparql_endpoint:
        return RemoteEngine(
            settings.sparql_endpoint,
            size=settings.query_workers,
            time_limit=settings.time_limit,
            result_cap=settings.max_result_bytes,
            cache_bytes=settings.answer_cache_bytes,
            client_budget=settings.client_query_seconds,
        )
    return Executor(
        settings.store,
        size=settings.query_workers,
        time_limit=settings.time_limit,
        result_cap=settings.max_result_bytes,
        memory_copy_max_quads=settings.memory_copy_max_quads,
        cache_bytes=settings.answer_cache_bytes,
        memory_bytes=settings.worker_memory_bytes,
        sandboxed=not settings.unsandboxed_workers,
        fast_lane=settings.fast_lane_workers,
        client_budget=settings.client_query_seconds,
        inline=settings.inline_lane,
    )


def create_app(settings: Settings) -> FastAPI:
    """Gives the app serving `settings.store` read-only; its workers start with its lifespan."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        executor = engine_for(settings)
        await executor.start()
        gc.freeze()  # the app's long-lived objects: fewer, shorter collector pauses per request
        app.state.executor = executor
        app.state.statistics = dataset.Statistics(executor)
        try:
            yield
        finally:
            await executor.close()

    app = App(
        title="nkkg: the First Nagorno-Karabakh War knowledge graph",
        description="The canned queries as REST routes (/queries/{name}), each with its typed "
        "parameters. The SPARQL 1.1 Protocol endpoint is /sparql; every IRI of the graph "
        "dereferences at its path (/id/…, /ontology/…), by content negotiation.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.templates = environment()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # Every method reaches the handlers, which answer 405 with the Allow header themselves.
    app.add_route("/sparql", endpoint.endpoint, methods=ANY_METHOD, name="sparql")
    app.add_route("/.well-known/void", void.endpoint, methods=ANY_METHOD, name="void")
    routes.add_routes(app)
    query_page.add_routes(app)
    resources.add_routes(app)
    dumps.add_routes(app)
    home.add_routes(app)
    search.add_routes(app)
    classes.add_routes(app)
    timeline.add_routes(app)
    maps.add_routes(app)
    reader.add_routes(app)
    for caught in (ApiError, HTTPException, Exception):
        app.add_exception_handler(caught, handle_api_error)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL)
    app.add_middleware(CORSMiddleware, **CORS)
    app.add_middleware(ContentSecurityPolicy)
    return app


def app_from_environment() -> FastAPI:
    """Gives the app for settings taken from the environment (for uvicorn's worker processes)."""
    return create_app(Settings.from_env())


def serve(settings: Settings) -> None:
    """Runs the app under uvicorn until interrupted, in `settings.workers` processes."""
    import uvicorn

    options = {
        "host": settings.host,
        "port": settings.port,
        # Our own reading of each connection: the request head's limits, and problem documents
        # for every answer uvicorn would give in plain text (server/http/connection.py).
        "http": functools.partial(Connection, settings=settings),
        "ws": "none",
        "limit_concurrency": settings.max_connections or None,
        # X-Forwarded-For names the client only when a trusted proxy sends it (fair shares)
        "proxy_headers": bool(settings.trusted_proxies),
        "forwarded_allow_ips": settings.trusted_proxies or None,
        "timeout_graceful_shutdown": settings.shutdown_grace,
        "log_level": "info",
        "access_log": settings.access_log,
    }
    if settings.workers == 1:
        uvicorn.run(create_app(settings), **options)
        return
    # Each uvicorn worker process builds its own app, from these same settings.
    for name, variable, _ in documented_settings():
        value = getattr(settings, name)
        if value is not None:
            os.environ[variable] = str(value)
    uvicorn.run(
        "server.app:app_from_environment", factory=True, workers=settings.workers, **options
    )
