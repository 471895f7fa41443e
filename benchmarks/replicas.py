"""One replica against two, both behind HAProxy, on one machine (docs/deploy.md).

    .venv/bin/python benchmarks/replicas.py --store data/store [--duration 3] [--clients 8,32]

Starts HAProxy (Debian's) on 127.0.0.1 in front of one `nkkg serve` replica, measures, then in
front of two (the second on a copy of the store written apart, as another machine would build
it), and measures again: the point lookup and a grouped full scan, with the answer cache on (the
defaults) and off, from the same asyncio load generator as bench.py. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from bench import NKKG, ROOT, Cell, free_port, load_queries, measure, server
from pyoxigraph import Store

from graph_builder import store

CONFIG = """\
defaults
    mode http
    timeout connect 1s
    timeout client 60s
    timeout server 60s
    retries 3
    option redispatch 1
    retry-on all-retryable-errors
frontend nkkg
    bind 127.0.0.1:{port}
    default_backend replicas
backend replicas
    balance roundrobin
    option httpchk
    http-check send meth GET uri /sparql?query=ASK%7B%7D ver HTTP/1.1 hdr Host localhost
    default-server check inter 1s
{servers}
"""


@contextlib.contextmanager
def haproxy(ports: list[int], folder: Path) -> Iterator[str]:
    """Runs HAProxy in front of the replicas on `ports`; gives its SPARQL URL once all are up."""
    port = free_port()
    servers = "\n".join(f"    server r{n} 127.0.0.1:{p}" for n, p in enumerate(ports))
    config = folder / "haproxy.cfg"
    config.write_text(CONFIG.format(port=port, servers=servers))
    process = subprocess.Popen(["haproxy", "-f", str(config), "-db"], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(url, params={"query": "ASK {}"}).status_code == 200:
                    break
            time.sleep(0.2)
        time.sleep(2.5)  # every replica's health check passed
        yield url
    finally:
        process.terminate()
        process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=ROOT / "data" / "store")
    parser.add_argument("--duration", type=float, default=3.0)
    parser.add_argument("--clients", default="8,32")
    args = parser.parse_args()
    levels = [int(n) for n in args.clients.split(",")]
    queries = [q for q in load_queries() if q.name in ("point-lookup", "aggregate")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="nkkg-replicas-") as scratch:
        folder = Path(scratch)
        copy = folder / "two" / "store"
        store.write_store(list(Store.read_only(str(args.store))), copy)
        for cache in ("on", "off"):
            flags = [] if cache == "on" else ["--answer-cache-bytes", "0"]
            for count in (1, 2):
                with contextlib.ExitStack() as stack:
                    ports = []
                    for n, path in enumerate([args.store, copy][:count]):
                        port = free_port()
                        command = [*NKKG, "serve", "--store", str(path), "--port", str(port)]
                        url = f"http://127.0.0.1:{port}/sparql"
                        stack.enter_context(server(command + flags, url, folder / f"r{n}.log"))
                        ports.append(port)
                    front = stack.enter_context(haproxy(ports, folder))
                    for query in queries:
                        for clients in levels:
                            cell = Cell(f"{count} replica(s), cache {cache}", query.name, clients)
                            asyncio.run(measure(front, query, clients, args.duration, cell))
                            rows.append(cell)
                            print(
                                f"{cell.target:<26} {query.name:<14} {clients:>3} clients "
                                f"{cell.rate:>8.0f} req/s p50 {cell.percentile(50):6.1f} ms "
                                f"errors {cell.errors}",
                                flush=True,
                            )
    print("\n| setup | query | clients | req/s | p50 ms | p99 ms | errors |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for cell in rows:
        print(
            f"| {cell.target} | {cell.query} | {cell.clients} | {cell.rate:,.0f} | "
            f"{cell.percentile(50):.1f} | {cell.percentile(99):.1f} | {cell.errors} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
