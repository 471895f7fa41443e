"""The peer comparison: this server, Oxigraph's own server and rdflib-endpoint, side by side.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/bench.py [--duration 3] [--clients 1,8,32] [--out results.json]

Builds the store (or takes `--store`), starts the three servers on 127.0.0.1 over the same data —
`nkkg serve` with its defaults (the 10 s time limit in force), `oxigraph serve-read-only` on the
same on-disk store with `--union-default-graph` (as its users run it), and `rdflib-endpoint
serve` on the store's N-Quads dump — checks that all three give the same rows for every query,
then runs each query at each concurrency against each server in turn, keep-alive connections,
for a fixed time. It prints Markdown tables (req/s, p50 and p99 latency, ratios) and the
in-process pyoxigraph time per query, the floor. Only loopback traffic; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
from pyoxigraph import QueryResultsFormat, Store, parse_query_results

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NKKG = (sys.executable, "-m", "server.cli")  # this checkout's code, run from its root
REQUEST_TIMEOUT = 60.0
SLOW_MS = 2000.0
POINT_SUBJECT = "<https://w3id.org/nkkg/id/source/33>"
TARGETS = ("nkkg", "nkkg-uncached", "oxigraph", "rdflib-endpoint")
OURS = ("nkkg", "nkkg-uncached")
PEERS = ("oxigraph", "rdflib-endpoint")


@dataclass
class Query:
    name: str
    texts: list[str]  # several only for the point lookup, which rotates its subject


@dataclass
class Cell:
    target: str
    query: str
    clients: int
    done: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def load_queries() -> list[Query]:
    queries = [Query(p.stem, [p.read_text()]) for p in sorted((ROOT / "queries").glob("*.rq"))]
    for name in ("point-lookup", "claims-join", "aggregate", "label-contains"):
        text = (ROOT / "benchmarks" / "queries" / f"{name}.rq").read_text()
        if name == "point-lookup":
            subjects = [f"<https://w3id.org/nkkg/id/source/{n}>" for n in range(1, 91)]
            queries.append(Query(name, [text.replace(POINT_SUBJECT, s) for s in subjects]))
        else:
            queries.append(Query(name, [text]))
    return queries


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def server(command: list[str], url: str, log: Path) -> Iterator[tuple[str, int]]:
    """Runs a server until the block ends; gives its SPARQL URL, once it answers, and pid."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    tail = log.read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"{command[0]} exited:\n{tail}")
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                        break
                time.sleep(0.2)
            else:
                raise RuntimeError(f"{command[0]} did not start; see {log}")
            yield url, process.pid
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def request_bytes(url: str, query: str) -> bytes:
    target = httpx.URL(url)
    path = f"{target.raw_path.decode()}?query={quote(query, safe='')}"
    return (
        f"GET {path} HTTP/1.1\r\nHost: {target.host}:{target.port}\r\n"
        "Accept: application/sparql-results+json\r\nConnection: keep-alive\r\n\r\n"
    ).encode()


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Reads one HTTP/1.1 response; gives its status and whether the server keeps the
    connection open."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers.get("connection") != "close"


async def client(url: str, requests: list[bytes], offset: int, deadline: float, cell: Cell) -> None:
    host, port = httpx.URL(url).host, httpx.URL(url).port
    connection = None
    index = offset
    while time.perf_counter() < deadline:
        if connection is None:
            connection = await asyncio.open_connection(host, port)
        reader, writer = connection
        started = time.perf_counter()
        try:
            writer.write(requests[index % len(requests)])
            status, keep = await asyncio.wait_for(read_response(reader), REQUEST_TIMEOUT)
        except (TimeoutError, OSError, asyncio.IncompleteReadError):
            cell.errors += 1
            writer.close()
            connection = None
            continue
        index += 1
        if status == 200:
            cell.done += 1
            cell.latencies.append(time.perf_counter() - started)
        else:
            cell.errors += 1
        if not keep:
            writer.close()
            connection = None
    if connection is not None:
        connection[1].close()


async def measure(url: str, query: Query, clients: int, duration: float, cell: Cell) -> None:
    requests = [request_bytes(url, text) for text in query.texts]
    warm = Cell(cell.target, cell.query, clients)
    end = time.perf_counter() + min(1.0, duration / 3)
    await asyncio.gather(*(client(url, requests, i, end, warm) for i in range(clients)))
    started = time.perf_counter()
    end = started + duration
    await asyncio.gather(*(client(url, requests, i * 7, end, cell) for i in range(clients)))
    cell.seconds = time.perf_counter() - started


def cpu_seconds(pid: int) -> float:
    """Gives the CPU time used so far by a process and its children (query workers)."""
    total = 0.0
    pids = [pid]
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            pids += [int(p) for p in (task / "children").read_text().split()]
    for each in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def wait_idle(pid: int, limit: float = 180.0) -> None:
    """Waits (at most `limit` s) until a server has finished the requests the last measurement
    left it — rdflib-endpoint goes on with requests whose client gave up — so that its work
    does not slow the next measurement down."""
    deadline = time.monotonic() + limit
    before = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now - before < 0.05:
            return
        before = now


def rows_of(url: str, text: str) -> list[tuple]:
    response = httpx.get(
        url,
        params={"query": text},
        headers={"accept": "application/sparql-results+json"},
        timeout=REQUEST_TIMEOUT,
    )
    response.raise_for_status()
    solutions = parse_query_results(response.content, format=QueryResultsFormat.JSON)
    names = [v.value for v in solutions.variables]
    return sorted(tuple(str(row[n]) for n in names) for row in solutions)


def floor(
    store_path: Path, queries: list[Query], repeat: int = 50
) -> dict[str, tuple[float, float]]:
    """Gives per query the median in-process time (ms) to run it and serialize the result as
    JSON with pyoxigraph: on the on-disk store, and on an in-memory copy."""
    on_disk = Store.read_only(str(store_path))
    in_memory = Store()
    in_memory.bulk_extend(on_disk.quads_for_pattern(None, None, None, None))
    times = {}
    for query in queries:
        medians = []
        for store in (on_disk, in_memory):
            samples = []
            for i in range(repeat):
                started = time.perf_counter()
                result = store.query(
                    query.texts[i % len(query.texts)], use_default_graph_as_union=True
                )
                result.serialize(format=QueryResultsFormat.JSON)
                samples.append(time.perf_counter() - started)
            medians.append(statistics.median(samples) * 1000)
        times[query.name] = (medians[0], medians[1])
    return times


def report(cells: list[Cell], floors: dict[str, tuple[float, float]], levels: list[int]) -> str:
    by = {(c.target, c.query, c.clients): c for c in cells}
    names = list(dict.fromkeys(c.query for c in cells))
    out = []
    out.append(
        "| query | clients | "
        + " | ".join(f"{t} req/s, p50/p99 ms" for t in TARGETS)
        + "".join(f" | {ours} / {peer}" for ours in OURS for peer in PEERS)
        + " |"
    )
    out.append("|---" * (2 + len(TARGETS) + len(OURS) * len(PEERS)) + "|")
    for name in names:
        for level in levels:
            parts = []
            for target in TARGETS:
                cell = by.get((target, name, level))
                if cell is None:
                    parts.append("–")
                    continue
                errors = f", {cell.errors} errors" if cell.errors else ""
                p50, p99 = cell.percentile(50), cell.percentile(99)
                parts.append(f"{cell.rate:,.0f} ({p50:.1f} / {p99:.1f}{errors})")
            ratios = []
            for mine in OURS:
                ours = by.get((mine, name, level))
                for peer in PEERS:
                    other = by.get((peer, name, level))
                    ratios.append(
                        f"{ours.rate / other.rate:.2f}×" if ours and other and other.rate else "–"
                    )
            out.append(f"| {name} | {level} | " + " | ".join(parts + ratios) + " |")
    out.append("")
    out.append("| query | pyoxigraph in process, on-disk store (ms) | in-memory copy (ms) |")
    out.append("|---|---|---|")
    for name, (disk, memory) in floors.items():
        out.append(f"| {name} | {disk:.3f} | {memory:.3f} |")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="a store nkkg build made (default: build one)")
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per measurement")
    parser.add_argument("--clients", default="1,8,32", help="concurrency levels")
    parser.add_argument("--targets", default=",".join(TARGETS), help="which servers to compare")
    parser.add_argument("--queries", default="", help="only these query names (comma-separated)")
    parser.add_argument("--out", type=Path, help="also write the raw figures as JSON here")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes for both nkkg targets (`nkkg serve --workers N`; default 1, the "
        "default of `nkkg serve`; Oxigraph's server uses every core)",
    )
    args = parser.parse_args()
    os.chdir(ROOT)
    levels = [int(n) for n in args.clients.split(",")]
    targets = args.targets.split(",")
    work = Path(tempfile.mkdtemp(prefix="nkkg-bench-"))
    try:
        store = args.store
        if store is None:
            store = work / "store"
            subprocess.run([*NKKG, "build", "--store", store], check=True, capture_output=True)
        version = store.resolve()
        dump = work / "dump.nq"
        subprocess.run([*NKKG, "dump", "--store", store, dump], check=True, capture_output=True)
        # rdflib reads no RDF 1.2 triple terms (`<<( … )>>`): it gets the dump without them.
        lines = dump.read_bytes().splitlines(keepends=True)
        plain = [line for line in lines if b"<<" not in line]
        dump.write_bytes(b"".join(plain))
        if len(plain) != len(lines):
            print(f"rdflib-endpoint gets {len(plain):,} of {len(lines):,} quads", file=sys.stderr)
        queries = load_queries()
        if args.queries:
            queries = [q for q in queries if q.name in args.queries.split(",")]
        ports = {t: free_port() for t in TARGETS}
        processes = ["--workers", str(args.workers)]
        commands = {
            "nkkg": [*NKKG, "serve", "--store", store, "--port", str(ports["nkkg"]), *processes],
            # the same without the answer cache: every request is a query worker's turn
            "nkkg-uncached": [
                *NKKG,
                "serve",
                "--store",
                store,
                "--port",
                str(ports["nkkg-uncached"]),
                "--answer-cache-bytes",
                "0",
                *processes,
            ],
            "oxigraph": [
                BIN / "oxigraph",
                "serve-read-only",
                "--location",
                version,
                "--bind",
                f"127.0.0.1:{ports['oxigraph']}",
                "--union-default-graph",
            ],
            "rdflib-endpoint": [
                BIN / "rdflib-endpoint",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(ports["rdflib-endpoint"]),
                dump,
            ],
        }
        paths = {
            "nkkg": "/sparql",
            "nkkg-uncached": "/sparql",
            "oxigraph": "/query",
            "rdflib-endpoint": "/",
        }
        cells: list[Cell] = []
        with contextlib.ExitStack() as stack:
            urls, pids = {}, {}
            for target in targets:
                url = f"http://127.0.0.1:{ports[target]}{paths[target]}"
                command = [str(part) for part in commands[target]]
                log = work / f"{target}.log"
                urls[target], pids[target] = stack.enter_context(server(command, url, log))
            failing: dict[tuple[str, str], str] = {}
            for query in queries:  # the same answers everywhere, or the comparison means nothing
                answers = {}
                for target, url in urls.items():
                    try:
                        answers[target] = rows_of(url, query.texts[0])
                    except httpx.HTTPError as error:
                        failing[(target, query.name)] = str(error).split("\n")[0][:80]
                        print(f"{target} fails {query.name}: {error}"[:300], file=sys.stderr)
                if len({json.dumps(a) for a in answers.values()}) != 1:
                    sizes = {t: len(a) for t, a in answers.items()}
                    print(f"warning: {query.name}: the servers disagree: {sizes}", file=sys.stderr)
            for query in queries:
                for level in levels:
                    for target, url in urls.items():
                        if (target, query.name) in failing:
                            continue
                        cell = Cell(target, query.name, level)
                        asyncio.run(measure(url, query, level, args.duration, cell))
                        cells.append(cell)
                        wait_idle(pids[target])
                        if cell.percentile(50) > SLOW_MS:  # more clients would only queue
                            failing[(target, query.name)] = "too slow for more clients"
                        print(
                            f"{query.name:20} {level:3} {target:16} {cell.rate:9.1f} req/s "
                            f"p50 {cell.percentile(50):8.2f} ms p99 {cell.percentile(99):8.2f} ms "
                            f"errors {cell.errors}",
                            file=sys.stderr,
                            flush=True,
                        )
        floors = floor(version, queries)
        print(report(cells, floors, levels))
        if args.out:
            raw = [
                {
                    "target": c.target,
                    "query": c.query,
                    "clients": c.clients,
                    "req_s": c.rate,
                    "p50_ms": c.percentile(50),
                    "p99_ms": c.percentile(99),
                    "errors": c.errors,
                }
                for c in cells
            ]
            args.out.write_text(json.dumps({"cells": raw, "floor_ms": floors}, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
