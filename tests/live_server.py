"""Real servers on 127.0.0.1 and free ports, for end-to-end tests: `nkkg serve` (uvicorn), `oxigraph
serve` (a remote engine to publish into) and HAProxy (in front of replicas). The replicas'
benchmark (benchmarks/replicas.py) runs its servers with these too."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx


@dataclass(frozen=True)
class LiveServer:
    url: str
    """The base URL, with a trailing slash."""
    pid: int

    def query_workers(self) -> set[int]:
        """Gives the pids of the server's query worker processes (its children)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return {
            int(pid)
            for pid in children
            if b"server.engine.worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
        }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_server(
    store: Path, *flags: str, start_timeout: float = 60.0, port: int | None = None
) -> Iterator[LiveServer]:
    """Runs `nkkg serve --store STORE FLAGS` (on `port`, or a free one) and gives its URL and
    process until the block ends."""
    port = port or free_port()
    command = [sys.executable, "-m", "server.cli", "serve", "--store", str(store)]
    command += ["--host", "127.0.0.1", "--port", str(port), *flags]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NKKG_")}
    # A file, not a pipe: uvicorn's log lines would fill a pipe nobody reads and stall it.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        ready = base + "sparql?query=ASK%20%7B%7D"
        _wait_until_up(process, ready, log, "nkkg serve", start_timeout, status=200)
        yield LiveServer(base, process.pid)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_up(
    process: subprocess.Popen,
    url: str,
    log: IO[bytes],
    what: str,
    timeout: float = 30.0,
    status: int | None = None,
) -> None:
    """Waits until `url` answers (with `status`, when given); fails with the process's output
    if it exits first."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            log.seek(0)
            output = log.read().decode(errors="replace")
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{output}")
        with contextlib.suppress(httpx.TransportError):
            answer = httpx.get(url, timeout=5)
            if status is None or answer.status_code == status:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer in time")
        time.sleep(0.05)


@contextlib.contextmanager
def running_oxigraph(port: int | None = None) -> Iterator[str]:
    """Runs a real `oxigraph serve` (PyPI `oxigraph`), in memory, on 127.0.0.1; gives its base
    URL (`…/store` is its Graph Store Protocol endpoint, `…/query` its SPARQL endpoint)."""
    port = port or free_port()
    oxigraph = Path(sys.executable).with_name("oxigraph")
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(
        [str(oxigraph), "serve", "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(process, base, log, "oxigraph serve")
        yield base
    finally:
        process.kill()
        process.wait()
        log.close()


@dataclass(frozen=True)
class Proxy:
    url: str
    """The base URL HAProxy listens on, with a trailing slash."""
    stats: str
    """HAProxy's statistics as CSV (`;csv`), for the replicas' health."""
    pid: int

    def wait_until_all_up(self, timeout: float = 20.0) -> None:
        """Waits until HAProxy's health checks see every backend up."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            states = [
                line.split(",")[17]
                for line in httpx.get(self.stats).text.splitlines()
                if line.startswith("replicas,replica")
            ]
            if states and all(state == "UP" for state in states):
                return
            time.sleep(0.1)
        raise RuntimeError("HAProxy does not see every backend up")


HAPROXY_CONFIG = """\
global
    maxconn 512
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    # A request a replica failed to answer (refused, cut, 5xx) goes to another one.
    retries 3
    option redispatch 1
    retry-on all-retryable-errors
frontend nkkg
    bind 127.0.0.1:{port}
    option forwardfor
    default_backend replicas
frontend stats
    bind 127.0.0.1:{stats_port}
    stats enable
    stats uri /stats
backend replicas
    balance roundrobin
    option httpchk
    http-check send meth GET uri {health} ver HTTP/1.1 hdr Host localhost
    http-check expect status 200
    default-server check inter 300ms fall 1 rise 1
{servers}
"""


@contextlib.contextmanager
def running_haproxy(
    backends: list[str], health: str = "/sparql?query=ASK%7B%7D", config: str = HAPROXY_CONFIG
) -> Iterator[Proxy]:
    """Runs a real HAProxy (Debian's) on 127.0.0.1 in front of `backends` (base URLs), checking
    each one's health by a GET of `health`; gives the URL it listens on."""
    port, stats_port = free_port(), free_port()
    servers = "\n".join(
        f"    server replica{n} {url.split('//', 1)[1].rstrip('/')}"
        for n, url in enumerate(backends, start=1)
    )
    folder = tempfile.TemporaryDirectory(prefix="nkkg-haproxy-")
    path = Path(folder.name) / "haproxy.cfg"
    path.write_text(config.format(port=port, stats_port=stats_port, servers=servers, health=health))
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(["haproxy", "-f", str(path), "-db"], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(process, base, log, "haproxy")
        yield Proxy(base, f"http://127.0.0.1:{stats_port}/stats;csv", process.pid)
    finally:
        process.terminate()
        process.wait()
        log.close()
        folder.cleanup()
