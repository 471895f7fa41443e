"""One replica against two, both behind HAProxy, on one machine (docs/deploy.md).

    .venv/bin/python benchmarks/replicas.py --store data/store [--duration 3] [--clients 8,32]

Starts HAProxy (Debian's) on 127.0.0.1 in front of one `nkkg serve` replica, measures, then in
front of two (the second on a copy of the store written apart, as another machine would build
it), and measures again: the point lookup and a grouped full scan, with the answer cache on (the
defaults) and off, from the same asyncio load generator as bench.py. The servers and HAProxy,
with its configuration, are the ones tests/test_replicas.py runs (tests/live_server.py). Prints
a Markdown table, and the CPU seconds the servers and HAProxy used in each setup.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
from pathlib import Path

from bench import ROOT, Cell, cpu_seconds, load_queries, measure
from pyoxigraph import Store

sys.path.insert(0, str(ROOT / "tests"))
from live_server import running_haproxy, running_server  # noqa: E402 (found on the path above)

from graph_builder import store  # noqa: E402


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
        copy = Path(scratch) / "two" / "store"
        store.write_store(list(Store.read_only(str(args.store))), copy)
        for cache in ("on", "off"):
            flags = [] if cache == "on" else ["--answer-cache-bytes", "0"]
            for count in (1, 2):
                setup = f"{count} replica(s), cache {cache}"
                with contextlib.ExitStack() as stack:
                    replicas = [
                        stack.enter_context(running_server(path, *flags))
                        for path in [args.store, copy][:count]
                    ]
                    proxy = stack.enter_context(running_haproxy([r.url for r in replicas]))
                    proxy.wait_until_all_up()
                    pids = [r.pid for r in replicas] + [proxy.pid]
                    used = sum(cpu_seconds(pid) for pid in pids)
                    for query in queries:
                        for clients in levels:
                            cell = Cell(setup, query.name, clients)
                            asyncio.run(
                                measure(proxy.url + "sparql", query, clients, args.duration, cell)
                            )
                            rows.append(cell)
                            print(
                                f"{setup:<26} {query.name:<14} {clients:>3} clients "
                                f"{cell.rate:>8.0f} req/s p50 {cell.percentile(50):6.1f} ms "
                                f"errors {cell.errors}",
                                flush=True,
                            )
                    used = sum(cpu_seconds(pid) for pid in pids) - used
                    print(f"{setup:<26} servers and HAProxy used {used:.1f} CPU s", flush=True)
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
