"""The default graph of a query that names no dataset: the union of the store's graphs, less
the RDF 1.2 one (graph:claims-rdf12), so that the default dataset is RDF 1.1 — no triple terms —
while `GRAPH`, `FROM` and `FROM NAMED` still reach every graph, that one included.

A store without that graph (any Oxigraph store can be served) gets Oxigraph's own union default
graph, as before. docs/graphs.md says why the RDF 1.2 graph stands apart.
"""

from __future__ import annotations

from pyoxigraph import DefaultGraph, NamedNode, Store

from graph_builder import iris

RDF12_GRAPH = iris.graph("claims-rdf12")


def union_dataset(store: Store) -> dict[str, object]:
    """Gives `Store.query`'s dataset arguments for the union default graph without the RDF 1.2
    graph: every other named graph, and the store's default graph when it holds anything."""
    graphs = list(store.named_graphs())
    if RDF12_GRAPH not in graphs:
        return {"use_default_graph_as_union": True}
    default: list[NamedNode | DefaultGraph] = [g for g in graphs if g != RDF12_GRAPH]
    if next(iter(store.quads_for_pattern(None, None, None, DefaultGraph())), None) is not None:
        default.append(DefaultGraph())
    return {"default_graph": default}
