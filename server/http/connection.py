"""One HTTP/1.1 connection: uvicorn's httptools protocol, with limits on what a client may send
before the app sees a request, and every answer it gives on its own as a problem document.

uvicorn reads a request's head whole, however large and however slowly it comes, and answers
what the app cannot (a request the parser rejects, one past `limit_concurrency`, one the app
fails or that is cut short at shutdown) in plain text. Here the bytes are counted where they
are read, in the parser's callbacks: the request target (414) and the header fields, their
bytes and their number (431), each refused as soon as it passes its limit, so an 8 MB header is
never held; the head must arrive within `header_timeout` of the connection opening (or of the
request's first byte on a kept-alive connection). A client that sent part of a request and
stalls gets 408, the status HTTP has for it; a connection that sent nothing is closed without
an answer, since an answer no request asked for could be read as the answer to the request the
client is about to send on that connection (the race RFC 9112 §9.5 warns of).

A refusal is written, the sending side shut, and what the client still sends is read and
dropped for a moment before the connection closes: closing with unread bytes would reset it,
and the client would lose the answer (the "lingering close" of nginx and Apache).

What one turn of the event loop writes on a connection goes to the kernel in one write
(`OneWrite`): uvicorn writes a response's head and its body apart, and a server killed between
the two would leave a proxy holding a head without its body — a request HAProxy cannot send to
another replica, since its answer has begun. Data the kernel holds is still sent after the
process dies, so an answer is now wholly sent or not begun.

This subclasses uvicorn's HttpToolsProtocol and relies on its parser callbacks and hooks, so
pyproject.toml pins uvicorn to the minor version these were written and tested against.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httptools
from uvicorn.config import Config
from uvicorn.protocols.http.flow_control import service_unavailable
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.protocols.http.httptools_impl import RequestResponseCycle as Cycle
from uvicorn.server import ServerState

from server.errors import (
    ApiError,
    HeadersTooLarge,
    MalformedRequest,
    MethodNotImplemented,
    RequestTimeout,
    ShuttingDown,
    TooManyConnections,
    UriTooLong,
    problem,
    problem_document,
)
from server.http.methods import ROUTED_METHODS
from server.settings import Settings

log = logging.getLogger("nkkg.server")

LINGER_SECONDS = 2.0
"""How long the bytes a refused client still sends are read and dropped before closing."""
FIELD_OVERHEAD = len(b": \r\n")
"""What a header field takes beside its name and value."""
OVERRIDDEN = (
    "connection_made",
    "connection_lost",
    "data_received",
    "on_message_begin",
    "on_url",
    "on_header",
    "on_headers_complete",
    "on_message_complete",
    "_start_asgi_task",
    "_unset_keepalive_if_required",
)
"""uvicorn's methods this class overrides or calls: each must exist in the pinned uvicorn."""


def refusal(error: ApiError, default_headers: list[tuple[bytes, bytes]]) -> bytes:
    """Gives the whole HTTP response refusing a request with `error`, as it goes on the wire."""
    body = problem_document(error)
    headers = [
        *default_headers,
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode("ascii")),
        (b"connection", b"close"),
        # A browser's script sees the problem, as it does every other error's (CORS).
        (b"access-control-allow-origin", b"*"),
        *(
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in error.headers.items()
        ),
    ]
    lines = b"".join(name + b": " + value + b"\r\n" for name, value in headers)
    return STATUS_LINE[error.status] + lines + b"\r\n" + body


class Answered:
    """ASGI wrapper around the app: a request it leaves without an answer gets a problem
    document (503 shutting-down when the server cancels it on stopping, 500 when it fails or
    returns without answering) instead of uvicorn's plain-text 500."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        started = False

        async def sending(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except asyncio.CancelledError:
            # uvicorn cancels what is still running when its graceful shutdown runs out.
            if started:
                raise
            stopped = "the server stopped before the answer was ready; ask again in a moment"
            await problem(ShuttingDown(stopped, headers={"Retry-After": "5"}))(scope, receive, send)
        except Exception:
            if started:
                raise
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            await problem(ApiError("internal error; it has been logged"))(scope, receive, send)
        else:
            if not started:
                log.error("no answer to %s %s", scope.get("method"), scope.get("path"))
                await problem(ApiError("the server gave no answer; it has been logged"))(
                    scope, receive, send
                )


async def too_many_connections(scope: Any, receive: Any, send: Any) -> None:
    """The ASGI app answering a request past `max_connections`."""
    error = TooManyConnections(
        "the server holds as many connections as it takes at once; try again in a moment",
        headers={"Retry-After": "1", "Connection": "close"},
    )
    await problem(error)(scope, receive, send)


class OneWrite:
    """A connection's transport whose writes within one turn of the event loop reach the kernel
    as one: the head and body of a response, say. Everything else is the transport's own."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(bytes(data))

    def flush(self) -> None:
        """Writes what is pending, unless the connection is gone."""
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending.clear()
        if not self._transport.is_closing():
            self._transport.write(data)

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


GONE = "nkkg.gone"
"""The ASGI scope's key for the future that completes when the request's client hangs up."""


class Connection(HttpToolsProtocol):
    """uvicorn's httptools protocol with the request head's limits and problem documents for
    every answer of its own. uvicorn makes one per connection; `settings` is given by
    functools.partial (picklable, for uvicorn's worker processes)."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        settings: Settings,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.settings = settings
        self.answered = Answered(self.app)
        self.head_timer: asyncio.TimerHandle | None = None
        self.in_head = True  # reading a request's head (no request yet counts as that too)
        self.head_started = False  # a byte of the request being read has come
        self.heads_read = 0
        self.head_bytes = 0  # of the reads that fell wholly inside the head being read
        self.header_bytes = 0
        self.header_fields = 0
        self.refused = False
        self.gone: asyncio.Future[None] | None = None  # the request under way's hang-up

    # The connection

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # Read flow control stays on the real transport (uvicorn gave it that in the call above).
        self.transport = OneWrite(transport, self.loop)  # type: ignore[assignment]
        self._start_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        self._hung_up()
        super().connection_lost(exc)

    def _hung_up(self) -> None:
        """Tells the request under way, if any, that nobody will read its answer."""
        if self.gone is not None and not self.gone.done():
            self.gone.set_result(None)

    def data_received(self, data: bytes) -> None:
        if self.refused:
            return  # lingering: dropped unread
        in_head, heads = self.in_head, self.heads_read
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            # No WebSocket here: the request went to the app as a plain one (uvicorn's way).
            pass
        except httptools.HttpParserError as error:
            self._refuse(self._reason(error))
            return
        if in_head and self.in_head and heads == self.heads_read:
            # A read inside one head: a header still coming counts against the limit already.
            self.head_bytes += len(data)
            if self.head_bytes - len(getattr(self, "url", b"")) > self.settings.max_header_bytes:
                self._refuse(self._headers_too_large())

    def _reason(self, error: httptools.HttpParserError) -> ApiError:
        """Gives the problem to answer for a parser error: a limit passed in a callback, a
        method HTTP does not know, or a request that is not HTTP/1.1."""
        cause = error.__context__
        if isinstance(cause, ApiError):
            return cause
        if isinstance(error, httptools.HttpParserInvalidMethodError):
            return self._not_implemented(None)
        if cause is None or isinstance(cause, httptools.HttpParserError | ValueError):
            # ValueError: uvicorn's reading of the target (a path that is not ASCII).
            reason = str(cause or error) or "unreadable"
            return MalformedRequest(f"the request is not valid HTTP/1.1: {reason}")
        log.error("reading a request failed", exc_info=cause)
        return ApiError("internal error while reading the request; it has been logged")

    def _refuse(self, error: ApiError) -> None:
        """Answers `error` and closes the connection, lingering; a request whose answer is
        already under way keeps it, and the connection closes after it."""
        self.refused = True
        self._stop_head_timer()
        if self.transport.is_closing():
            return
        log.info("%s %s from %s: %s", error.status, error.error, self.client, error.detail)
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:
            if cycle.response_started:
                cycle.keep_alive = False
                return
            # The app stops waiting for the rest of a request it will never get.
            cycle.disconnected = True
            cycle.message_event.set()
            self._hung_up()
        self.transport.write(refusal(error, self.server_state.default_headers))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.flow.resume_reading()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    @staticmethod
    def _not_implemented(method: str | None) -> MethodNotImplemented:
        what = (
            f"{method} is not a method this server implements"
            if method
            else ("the request's method is not one HTTP knows")
        )
        return MethodNotImplemented(
            f"{what}; its routes answer GET, HEAD, POST and OPTIONS (and 405 to PUT, DELETE "
            "and PATCH)"
        )

    # The head's clock

    def _start_head_timer(self) -> None:
        if self.head_timer is None:
            self.head_timer = self.loop.call_later(
                self.settings.header_timeout, self._head_timed_out
            )

    def _stop_head_timer(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def _head_timed_out(self) -> None:
        self.head_timer = None
        if self.transport.is_closing() or self.refused:
            return
        if not self.head_started:
            self.transport.close()  # nothing asked, nothing to answer
            return
        self._refuse(
            RequestTimeout(
                f"the request's head (request line and headers) did not arrive within "
                f"{self.settings.header_timeout:g} s"
            )
        )

    # The parser's callbacks

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.head_started = True
        self.header_bytes = self.header_fields = 0
        self._start_head_timer()

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.settings.max_url_bytes:
            raise UriTooLong(
                f"the request target is longer than {self.settings.max_url_bytes:,} bytes, the "
                "most read; send a long query by POST"
            )

    def on_header(self, name: bytes, value: bytes) -> None:
        self.header_fields += 1
        self.header_bytes += len(name) + len(value) + FIELD_OVERHEAD
        if self.header_fields > self.settings.max_header_fields:
            raise HeadersTooLarge(
                f"the request has more than {self.settings.max_header_fields} header fields, "
                "the most read"
            )
        if self.header_bytes > self.settings.max_header_bytes:
            raise self._headers_too_large()
        super().on_header(name, value)

    def _headers_too_large(self) -> HeadersTooLarge:
        return HeadersTooLarge(
            f"the request's header fields are larger than {self.settings.max_header_bytes:,} "
            "bytes, the most read"
        )

    def on_headers_complete(self) -> None:
        method = self.parser.get_method().decode("ascii")
        if method not in ROUTED_METHODS:  # TRACE, CONNECT, WebDAV's, …: nothing here takes them
            raise self._not_implemented(method)
        self._stop_head_timer()
        self.in_head = self.head_started = False
        self.heads_read += 1
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self.in_head = True
        self.head_bytes = 0

    # Answers of uvicorn's own

    def _start_asgi_task(self, cycle: Cycle, app: Any) -> None:
        if app is service_unavailable:  # past limit_concurrency
            app = too_many_connections
        elif app is self.app:
            app = self.answered
        # A future the connection completes when the client hangs up (scope key GONE): a query
        # waits on it, with no task of its own per request to watch `receive`.
        self.gone = cycle.scope[GONE] = self.loop.create_future()  # type: ignore[index]
        super()._start_asgi_task(cycle, app)
