"""What a client may send before the app sees a request, and the answers the server gives on its
own, against a real `nkkg serve` on 127.0.0.1 (server/http/connection.py). Requests go over raw
sockets: a client library would refuse to send most of them.

The module's server runs with small limits, so that each is tested at its edge: the last byte
allowed is read, the next refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from live_server import LiveServer, running_server
from test_http import RUNAWAY
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from server.http.connection import OVERRIDDEN, Answered

MAX_URL = 2048
MAX_HEADER_BYTES = 4096
MAX_FIELDS = 20
HEADER_TIMEOUT = 1.0
MAX_CONNECTIONS = 6
SHUTDOWN_GRACE = 0.5
ASK = "/sparql?query=ASK%7B%7D"


FLAGS = {
    "--query-workers": 2,
    "--max-url-bytes": MAX_URL,
    "--max-header-bytes": MAX_HEADER_BYTES,
    "--max-header-fields": MAX_FIELDS,
    "--header-timeout": HEADER_TIMEOUT,
    "--max-connections": MAX_CONNECTIONS,
    "--shutdown-grace": SHUTDOWN_GRACE,
    "--time-limit": 60,
}


class Servers:
    """The module's one server, started again only if a test stopped it (the shutdown test
    does, whatever order the tests run in)."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self.stack = contextlib.ExitStack()
        self.live: LiveServer | None = None

    def running(self) -> LiveServer:
        if self.live is None:
            self.stack.close()
            arguments = [str(part) for pair in FLAGS.items() for part in pair]
            self.live = self.stack.enter_context(running_server(self.store, *arguments))
        return self.live


@pytest.fixture(scope="module")
def servers(built_store: Path) -> Iterator[Servers]:
    servers = Servers(built_store)
    with servers.stack:
        yield servers


@pytest.fixture
def server(servers: Servers) -> LiveServer:
    return servers.running()


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def problem(self, status: int, error: str) -> dict[str, object]:
        """Checks that this is a problem document of `status` and `error`; gives it."""
        assert self.status == status, (self.status, self.body)
        assert self.headers["content-type"] == "application/problem+json"
        document = json.loads(self.body)
        assert document["status"] == status and document["error"] == error, document
        assert document["title"] and document["detail"]
        return document


def address(server: LiveServer) -> tuple[str, int]:
    parts = urlsplit(server.url)
    return parts.hostname or "127.0.0.1", parts.port or 80


def read_answer(connection: socket.socket) -> Answer | None:
    """Reads one response (None: the server closed the connection without one)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            assert not data, f"the connection closed in the middle of a head: {data!r}"
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value for name, _, value in (line.partition(": ") for line in lines)}
    while len(body) < int(headers.get("content-length", 0)):
        chunk = connection.recv(65536)
        assert chunk, "the connection closed in the middle of a body"
        body += chunk
    return Answer(int(status_line.split()[1]), headers, body)


def exchange(server: LiveServer, request: bytes, timeout: float = 10) -> Answer | None:
    """Sends `request` whole on a fresh connection and reads the answer."""
    with socket.create_connection(address(server), timeout=timeout) as connection:
        connection.sendall(request)
        return read_answer(connection)


def get(target: str, fields: list[tuple[str, str]] | None = None) -> bytes:
    """Gives a GET request for `target`, with a Host field and `fields`, closing after it."""
    lines = [f"GET {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in fields or []]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def field_bytes(fields: list[tuple[str, str]]) -> int:
    """Gives the bytes header fields count for against max_header_bytes: name, value, ': ' and
    the line end, as the server counts them."""
    return sum(len(name) + len(value) + 4 for name, value in fields)


def test_the_pinned_uvicorn_has_every_hook_the_connection_relies_on() -> None:
    missing = [name for name in OVERRIDDEN if not hasattr(HttpToolsProtocol, name)]
    assert not missing, f"uvicorn changed: HttpToolsProtocol lacks {missing}"


def test_a_target_up_to_the_limit_is_read_and_a_longer_one_is_414(server: LiveServer) -> None:
    longest = ASK + "&pad=" + "x" * (MAX_URL - len(ASK) - len("&pad="))
    assert len(longest) == MAX_URL
    assert exchange(server, get(longest)).status == 200  # type: ignore[union-attr]
    answer = exchange(server, get(longest + "x"))
    assert answer is not None
    assert "POST" in str(answer.problem(414, "uri-too-long")["detail"])
    # A target far longer is refused as it comes, not read whole.
    with socket.create_connection(address(server), timeout=10) as connection:
        connection.sendall(b"GET /" + b"x" * (MAX_URL * 8))
        answer = read_answer(connection)
    assert answer is not None and answer.status == 414


def test_header_fields_up_to_the_limits_are_read_and_more_are_431(server: LiveServer) -> None:
    base = [("Host", "127.0.0.1"), ("Connection", "close")]
    room = MAX_HEADER_BYTES - field_bytes(base) - field_bytes([("X-Pad", "")])
    exactly = [("X-Pad", "p" * room)]
    assert field_bytes(base + exactly) == MAX_HEADER_BYTES
    assert exchange(server, get(ASK, exactly)).status == 200  # type: ignore[union-attr]
    answer = exchange(server, get(ASK, [("X-Pad", "p" * (room + 1))]))
    assert answer is not None
    assert f"{MAX_HEADER_BYTES:,} bytes" in str(answer.problem(431, "headers-too-large")["detail"])

    most = [(f"X-{n}", "1") for n in range(MAX_FIELDS - len(base))]
    assert exchange(server, get(ASK, most)).status == 200  # type: ignore[union-attr]
    answer = exchange(server, get(ASK, [*most, ("X-One-More", "1")]))
    assert answer is not None
    assert f"more than {MAX_FIELDS}" in str(answer.problem(431, "headers-too-large")["detail"])


def test_a_huge_header_is_refused_before_it_ends_and_the_answer_arrives(
    server: LiveServer,
) -> None:
    start = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
    # The field never ends: the answer comes all the same, so the server did not wait for it.
    with socket.create_connection(address(server), timeout=10) as connection:
        connection.sendall(start + b"a" * (MAX_HEADER_BYTES * 25))
        answer = read_answer(connection)
    assert answer is not None
    answer.problem(431, "headers-too-large")
    # 8 MB sent whole: the client finishes sending (the server reads and drops the rest rather
    # than resetting the connection) and then reads its answer.
    answer = exchange(server, start + b"a" * 8_000_000 + b"\r\n\r\n")
    assert answer is not None
    answer.problem(431, "headers-too-large")


def test_the_head_has_a_deadline_and_an_idle_connection_just_closes(server: LiveServer) -> None:
    """Four clients at once: a head cut short, a head sent a byte at a time, a connection that
    sends nothing, and a kept-alive connection idle past the timeout between two requests."""
    outcomes: dict[str, object] = {}

    def stalled() -> None:
        with socket.create_connection(address(server), timeout=10) as connection:
            started = time.monotonic()
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            outcomes["stalled"] = (read_answer(connection), time.monotonic() - started)

    def dripping() -> None:
        # Slowloris: each byte comes well within the timeout, the head never does.
        with socket.create_connection(address(server), timeout=10) as connection:
            started = time.monotonic()
            connection.settimeout(0.2)
            try:
                for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"s" * 100:
                    connection.send(bytes([byte]))
                    try:
                        if connection.recv(65536, socket.MSG_PEEK):
                            break
                    except TimeoutError:
                        continue
            except OSError:
                pass  # the server shut its side and closed: what it sent is still to be read
            connection.settimeout(10)
            outcomes["dripping"] = (read_answer(connection), time.monotonic() - started)

    def silent() -> None:
        with socket.create_connection(address(server), timeout=10) as connection:
            started = time.monotonic()
            outcomes["silent"] = (connection.recv(65536), time.monotonic() - started)

    def kept_alive() -> None:
        request = get(ASK).replace(b"Connection: close", b"Connection: keep-alive")
        with socket.create_connection(address(server), timeout=10) as connection:
            connection.sendall(request)
            first = read_answer(connection)
            time.sleep(HEADER_TIMEOUT * 1.5)  # idle, under uvicorn's keep-alive of 5 s
            connection.sendall(request)
            outcomes["kept_alive"] = (first, read_answer(connection))

    threads = [threading.Thread(target=run) for run in (stalled, dripping, silent, kept_alive)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    for name in ("stalled", "dripping"):
        answer, seconds = outcomes[name]  # type: ignore[misc]
        assert answer is not None, name
        detail = answer.problem(408, "request-timeout")["detail"]
        assert f"{HEADER_TIMEOUT:g} s" in str(detail)
        assert HEADER_TIMEOUT * 0.9 < seconds < HEADER_TIMEOUT + 4, (name, seconds)
    data, seconds = outcomes["silent"]  # type: ignore[misc]
    assert data == b"" and HEADER_TIMEOUT * 0.9 < seconds < HEADER_TIMEOUT + 4
    first, second = outcomes["kept_alive"]  # type: ignore[misc]
    assert first.status == 200 and second.status == 200


@pytest.mark.parametrize(
    ("request_bytes", "status", "error", "said"),
    [
        (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nNo Colon Here\r\n\r\n", 400, "malformed-request",
         "not valid HTTP/1.1"),
        (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400,
         "malformed-request", "not valid HTTP/1.1"),
        (b"GET /\xff HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400, "malformed-request",
         "not valid HTTP/1.1"),
        (b"BREW / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 501, "not-implemented", "not one HTTP"),
        (b"TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 501, "not-implemented", "TRACE"),
        (b"PROPFIND /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 501, "not-implemented",
         "PROPFIND"),
        (b"DELETE /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 405, "method-not-allowed",
         "DELETE"),
    ],
)  # fmt: skip
def test_what_the_server_refuses_itself_is_a_problem_document(
    server: LiveServer, request_bytes: bytes, status: int, error: str, said: str
) -> None:
    answer = exchange(server, request_bytes)
    assert answer is not None
    assert said in str(answer.problem(status, error)["detail"])


def test_past_max_connections_a_request_gets_503_problem(server: LiveServer) -> None:
    held = [socket.create_connection(address(server)) for _ in range(MAX_CONNECTIONS - 1)]
    try:
        time.sleep(0.2)  # every one accepted
        answer = exchange(server, get(ASK))
        assert answer is not None
        answer.problem(503, "too-many-connections")
        assert answer.headers["retry-after"] == "1"
    finally:
        for connection in held:
            connection.close()
    deadline = time.monotonic() + 5
    while (answer := exchange(server, get(ASK))) is not None and answer.status == 503:
        assert time.monotonic() < deadline, "the server kept refusing after the clients left"
        time.sleep(0.05)
    assert answer is not None and answer.status == 200


def test_a_query_in_flight_when_the_server_stops_gets_503_problem(servers: Servers) -> None:
    server = servers.running()
    outcome: dict[str, httpx.Response] = {}

    def ask() -> None:
        outcome["answer"] = httpx.get(server.url + "sparql", params={"query": RUNAWAY}, timeout=30)

    asking = threading.Thread(target=ask)
    asking.start()
    time.sleep(0.5)  # the runaway is running
    os.kill(server.pid, signal.SIGINT)  # uvicorn waits the grace, then cancels the request
    servers.live = None  # stopped: a test after this one gets a new server
    asking.join(timeout=30)
    answer = outcome["answer"]
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["error"] == "shutting-down"
    assert answer.headers["retry-after"]


async def _asgi_answer(app: object) -> tuple[int, dict[str, object]]:
    """Gives the status and problem document `Answered(app)` sends for one GET."""
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    await Answered(app)(scope, receive, send)
    return int(sent[0]["status"]), json.loads(sent[1]["body"])  # type: ignore[arg-type]


def test_an_app_that_fails_or_answers_nothing_still_gives_a_problem_document() -> None:
    async def failing(scope: object, receive: object, send: object) -> None:
        raise RuntimeError("a bug")

    async def silent(scope: object, receive: object, send: object) -> None:
        return None

    status, document = asyncio.run(_asgi_answer(failing))
    assert status == 500 and document["error"] == "internal-error"
    assert "a bug" not in str(document["detail"])  # logged, not told
    status, document = asyncio.run(_asgi_answer(silent))
    assert status == 500 and document["error"] == "internal-error"
