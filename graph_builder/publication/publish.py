"""The live store version -> a SPARQL engine, over the Graph Store Protocol, graph by graph.

In order: read the engine's record of what it holds (its named graphs from an earlier
publication), delete the record (from here until the end the engine holds no version anyone
should key a cache by), put each named graph (and the default graph, if the store has one)
as N-Triples, delete the graphs of the earlier publication this version no longer has, and
write the new record with the version's content digest (graph_builder/publication/record.py).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store, parse, serialize
from tqdm import tqdm

from graph_builder import iris, store
from graph_builder.namespaces import VOID
from graph_builder.publication.graph_store import PATIENT, GraphStore, Retry
from graph_builder.publication.record import Publication, record_quads

Report = Callable[[str], None]


@dataclass(frozen=True)
class Published:
    """What a publication sent, and how long it took."""

    publication: Publication
    seconds: float


def publish(
    store_dir: Path,
    url: str,
    report: Report = lambda line: None,
    retry: Retry = PATIENT,
    progress: bool | None = None,
) -> Published:
    """Puts the live version at `store_dir` into the Graph Store Protocol endpoint `url`, graph by
    graph, and records its digest there; gives what was sent.

    `progress`: show a progress bar on stderr (None: when stderr is a terminal); without one,
    each graph is reported as a line."""
    started = time.monotonic()
    live = store.open_read_only(store_dir)
    digest = store.content_digest(live)
    graphs = sorted(live.named_graphs(), key=lambda g: g.value)
    bodies = {g.value: _ntriples(live, g) for g in graphs}
    sizes = {name: body.count(b"\n") for name, body in bodies.items()}
    default = _ntriples(live, DefaultGraph())
    total = sum(sizes.values()) + default.count(b"\n")
    show = sys.stderr.isatty() if progress is None else progress
    with (
        GraphStore(url, retry, on_retry=report) as engine,
        tqdm(total=total, unit="quads", disable=not show, desc="publish", file=sys.stderr) as bar,
    ):
        earlier = _earlier_graphs(engine)
        engine.delete(iris.publication_graph())
        if default:
            engine.put(None, default)
            bar.update(default.count(b"\n"))
        for graph in graphs:
            bar.set_postfix_str(graph.value.rsplit("/", 1)[-1])
            engine.put(graph, bodies[graph.value])
            bar.update(sizes[graph.value])
            if not show:
                report(f"publish   {graph.value}: {sizes[graph.value]:,} triples")
        for stale in sorted(earlier - set(sizes)):
            engine.delete(NamedNode(stale))
            report(f"publish   {stale}: deleted (not in this version)")
        publication = Publication(
            digest=digest, issued=datetime.now(UTC), quads=total, graphs=sizes
        )
        record = serialize(
            (q.triple for q in record_quads(publication)), format=RdfFormat.N_TRIPLES
        )
        engine.put(iris.publication_graph(), record or b"")
    seconds = time.monotonic() - started
    report(
        f"publish   {total:,} quads in {len(graphs)} graphs -> {url} in {seconds:.1f} s; "
        f"version {digest} recorded in <{iris.publication_graph().value}>"
    )
    return Published(publication, seconds)


def _earlier_graphs(engine: GraphStore) -> set[str]:
    """Gives the named graphs the engine's record lists (none when it has no record)."""
    record = engine.get(iris.publication_graph())
    if not record:
        return set()
    return {
        quad.object.value
        for quad in parse(record, format=RdfFormat.N_TRIPLES)
        if quad.predicate == VOID.subset and isinstance(quad.object, NamedNode)
    }


def _ntriples(live: Store, graph: NamedNode | DefaultGraph) -> bytes:
    """Gives one graph of the store as N-Triples, a triple a line."""
    return live.dump(format=RdfFormat.N_TRIPLES, from_graph=graph) or b""
