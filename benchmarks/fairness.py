"""Fair shares under load: runaway clients against one that only asks cheap questions.

    .venv/bin/python benchmarks/fairness.py [--store DIR] [--seconds 20] [--runaways 6]

Starts `nkkg serve` with its defaults (4 ordinary query workers, 1 fast-lane worker, the 10 s time
limit, a 60 s budget per client and minute), then for `--seconds` runs `--runaways` clients that
loop a query that never finishes in time, and one more client that asks a distinct cheap query
(a point lookup: no answer from the cache) ten times a second. Each client sends from its own
loopback address (127.0.0.2, 127.0.0.3, …), so the server sees them as different peers. Prints
the cheap client's answers by status and latency, and what the runaway clients got. The bar
(issue 13): at least 95% of the cheap client's answers are 200 in under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import NKKG, free_port, server  # noqa: E402  (the peer comparison's helpers)

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "SELECT ?p ?o WHERE {{ <https://w3id.org/nkkg/id/source/{n}> ?p ?o }} LIMIT {limit}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a built store (default: build one)")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--runaways", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nkkg-fairness-") as folder:
        store = args.store
        if store is None:
            store = Path(folder) / "store"
            import subprocess

            subprocess.run([*NKKG, "build", "--store", str(store)], check=True)
        port = free_port()
        url = f"http://127.0.0.1:{port}/sparql"
        command = [*NKKG, "serve", "--store", str(store), "--port", str(port)]
        with server(command, url, Path(folder) / "serve.log"):
            cheap, runaway = run(url, args.seconds, args.runaways)
    print(report(cheap, runaway, args.seconds, args.runaways))
    fast = sum(1 for status, seconds in cheap if status == 200 and seconds < 1.0)
    return 0 if cheap and fast / len(cheap) >= 0.95 else 1


def run(
    url: str, seconds: float, runaways: int
) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    stop = threading.Event()
    cheap: list[tuple[int, float]] = []
    heavy: list[tuple[int, float]] = []

    def timed(client: httpx.Client, query: str) -> tuple[int, float]:
        started = time.monotonic()
        try:
            status = client.post(url, data={"query": query}).status_code
        except httpx.HTTPError:
            status = 0
        return status, time.monotonic() - started

    def loop_runaways(address: str) -> None:
        transport = httpx.HTTPTransport(local_address=address)
        with httpx.Client(transport=transport, timeout=60) as client:
            while not stop.is_set():
                status, took = timed(client, RUNAWAY)
                heavy.append((status, took))
                if status == 429:
                    time.sleep(1.0)  # as a well-behaved client reads Retry-After

    def ask_cheaply(address: str) -> None:
        transport = httpx.HTTPTransport(local_address=address)
        with httpx.Client(transport=transport, timeout=60) as client:
            n = 0
            while not stop.is_set():
                n += 1
                cheap.append(timed(client, CHEAP.format(n=1 + n % 90, limit=n)))
                time.sleep(0.1)

    threads = [
        threading.Thread(target=loop_runaways, args=(f"127.0.0.{2 + i}",)) for i in range(runaways)
    ]
    threads.append(threading.Thread(target=ask_cheaply, args=(f"127.0.0.{2 + runaways}",)))
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return cheap, heavy


def report(
    cheap: list[tuple[int, float]], heavy: list[tuple[int, float]], seconds: float, runaways: int
) -> str:
    fast = sum(1 for status, took in cheap if status == 200 and took < 1.0)
    latencies = sorted(took for status, took in cheap if status == 200)

    def ms(p: float) -> str:
        return f"{latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000:.0f} ms"

    lines = [
        f"{runaways} runaway clients and 1 cheap client for {seconds:g} s",
        "",
        "| client | answers | by status | 200 in < 1 s | p50 | p95 | max |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        f"| cheap | {len(cheap)} | {dict(Counter(s for s, _ in cheap))} | "
        f"{fast} ({100 * fast / max(1, len(cheap)):.1f}%) | {ms(0.5)} | {ms(0.95)} | "
        f"{max(latencies) * 1000:.0f} ms |",
        f"| runaways | {len(heavy)} | {dict(Counter(s for s, _ in heavy))} | | "
        f"{statistics.median(t for _, t in heavy) * 1000:.0f} ms | | |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
