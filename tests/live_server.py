"""A real `nkkg serve` (uvicorn) on 127.0.0.1 and a free port, for end-to-end tests."""

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
def running_server(store: Path, *flags: str, start_timeout: float = 60.0) -> Iterator[LiveServer]:
    """Runs `nkkg serve --store STORE FLAGS` and gives its URL and process until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "server.cli", "serve", "--store", str(store)]
    command += ["--host", "127.0.0.1", "--port", str(port), *flags]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NKKG_")}
    # A file, not a pipe: uvicorn's log lines would fill a pipe nobody reads and stall it.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if process.poll() is not None:
                log.seek(0)
                output = log.read().decode(errors="replace")
                raise RuntimeError(f"nkkg serve exited with {process.returncode}:\n{output}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(base + "sparql", params={"query": "ASK {}"}).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("nkkg serve did not answer in time")
            time.sleep(0.1)
        yield LiveServer(base, process.pid)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
