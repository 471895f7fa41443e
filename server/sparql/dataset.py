"""What the served dataset holds, counted once per store version.

The service description and VoID both describe the dataset: its graphs and their sizes, its
entities, classes and properties, and — for a store `nkkg build` made — the article it comes
from and its licence. The counts are SPARQL queries run through the executor like any other
(so a huge store's counts are bounded by the time limit too) and kept until the store version
changes. A store that is not ours simply has no article: those parts are left out.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from graph_builder import iris
from graph_builder.namespaces import DBR, NKKG, OWL, RDFS, SCHEMA, SKOS
from server.engine.executor import Executor
from server.engine.jobs import ClientGone, QueryFailed
from server.errors import ApiError

log = logging.getLogger("nkkg.dataset")


@dataclass(frozen=True)
class GraphSize:
    name: str
    triples: int


@dataclass(frozen=True)
class Article:
    """The source document of a store `nkkg build` made: its IRI, URL, licence and title (English
    when it has one)."""

    iri: str
    url: str
    license: str
    title: Literal | None


@dataclass(frozen=True)
class Linkset:
    """Links out of the graph to one other dataset with one predicate, and how many."""

    target: str  # the other dataset's URI space
    predicate: str
    triples: int


@dataclass(frozen=True)
class DatasetStats:
    """Counts over the default dataset (the union of all graphs), per graph, and the article."""

    version: str
    triples: int | None
    default_graph_triples: int | None
    graphs: tuple[GraphSize, ...]
    entities: int | None
    classes: int | None
    properties: int | None
    distinct_subjects: int | None
    distinct_objects: int | None
    article: Article | None
    linksets: tuple[Linkset, ...] = ()


GRAPH_SIZES = """SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } }
GROUP BY ?g ORDER BY ?g"""
DEFAULT_GRAPH_SIZE = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"
SUMMARY = """SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
  (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { ?s ?p ?o }"""
ENTITIES = "SELECT (COUNT(DISTINCT ?s) AS ?entities) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"
CLASSES = "SELECT (COUNT(DISTINCT ?c) AS ?classes) WHERE { ?s a ?c }"
LINKSETS = f"""SELECT ?p (COUNT(*) AS ?links) WHERE {{
  GRAPH <{iris.graph("links").value}> {{ ?s ?p ?o }}
  FILTER(?p IN (<{OWL.sameAs.value}>, <{SKOS.closeMatch.value}>) && STRSTARTS(STR(?o), "{DBR}"))
}} GROUP BY ?p ORDER BY ?p"""
ARTICLE = f"""SELECT ?doc ?url ?license ?title WHERE {{
  ?doc a <{NKKG.Document.value}> ; <{SCHEMA.url.value}> ?url ; <{SCHEMA.license.value}> ?license .
  OPTIONAL {{ ?doc <{RDFS.label.value}> ?en FILTER(langMatches(lang(?en), "en")) }}
  OPTIONAL {{ ?doc <{RDFS.label.value}> ?any }}
  BIND(COALESCE(?en, ?any) AS ?title)
}} ORDER BY ?doc ?any LIMIT 1"""


async def _select(executor: Executor, query: str, union: bool = True) -> list[dict[str, object]]:
    """Gives the rows of a SELECT run through the executor, or [] when it fails (the stats it
    feeds are then left out)."""
    try:
        return await executor.select(query, union=union)
    except (ApiError, QueryFailed, ClientGone) as error:
        log.warning("dataset statistics: a count failed (%s); it is left out", error)
        return []


def _int(rows: list[dict[str, object]], name: str) -> int | None:
    term = rows[0].get(name) if rows else None
    return int(term.value) if isinstance(term, Literal) else None


async def gather(executor: Executor) -> DatasetStats:
    """Gives the statistics of the store version the executor serves now."""
    version = executor.version
    sizes = await _select(executor, GRAPH_SIZES, union=False)
    default = await _select(executor, DEFAULT_GRAPH_SIZE, union=False)
    summary = await _select(executor, SUMMARY)
    entities = await _select(executor, ENTITIES)
    classes = await _select(executor, CLASSES)
    article_rows = await _select(executor, ARTICLE)
    linksets = await _select(executor, LINKSETS, union=False)
    article = None
    if article_rows:
        row = article_rows[0]
        title = row.get("title")
        article = Article(
            iri=row["doc"].value,  # type: ignore[attr-defined]
            url=row["url"].value,  # type: ignore[attr-defined]
            license=row["license"].value,  # type: ignore[attr-defined]
            title=title if isinstance(title, Literal) else None,
        )
    return DatasetStats(
        version=version,
        triples=_int(summary, "triples"),
        default_graph_triples=_int(default, "triples"),
        graphs=tuple(
            GraphSize(row["g"].value, int(row["triples"].value))  # type: ignore[attr-defined]
            for row in sizes
            if isinstance(row.get("g"), NamedNode)
        ),
        entities=_int(entities, "entities"),
        classes=_int(classes, "classes"),
        properties=_int(summary, "properties"),
        distinct_subjects=_int(summary, "subjects"),
        distinct_objects=_int(summary, "objects"),
        article=article,
        linksets=tuple(
            Linkset(str(DBR), row["p"].value, int(row["links"].value))  # type: ignore[attr-defined]
            for row in linksets
        ),
    )


class Statistics:
    """The statistics of the served store version, counted on first need and after a rebuild."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor
        self._stats: DatasetStats | None = None
        self._lock = asyncio.Lock()

    async def get(self) -> DatasetStats:
        async with self._lock:
            if self._stats is None or self._stats.version != self.executor.version:
                self._stats = await gather(self.executor)
            return self._stats
