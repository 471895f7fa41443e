"""The record graph `nkkg publish` leaves in an engine: which store version it holds.

In the named graph <https://w3id.org/nkkg/graph/publication>, about <https://w3id.org/nkkg/id/publication>:

    id:publication a void:Dataset ;
        spdx:checksum id:publication/sha256 ;     # the store version's content digest
        dcterms:issued "…"^^xsd:dateTime ;         # when the publication finished
        void:triples 58004 ;                       # quads published, over all graphs
        void:subset <graph IRI> … .                # each named graph published
    id:publication/sha256 a spdx:Checksum ;
        spdx:algorithm spdx:checksumAlgorithm_sha256 ;
        spdx:checksumValue "…"^^xsd:hexBinary .    # the version's name (graph_builder/store.py)
    <graph IRI> void:triples 4375 .                # for each named graph

The checksum (SPDX's terms, as DCAT 3 uses them for a distribution) is the SHA-256 of the sorted
N-Quads dump, which is also the name of the store version, so a server in front of the engine
keys ETags and cached answers exactly as a local replica of the same version does. The graph is
deleted before the data graphs are replaced and written after the last one: while it is there,
the engine holds exactly that version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import httpx
from pyoxigraph import Literal, NamedNode, Quad, QueryResultsFormat, parse_query_results

from graph_builder import iris
from graph_builder.errors import PublishError
from graph_builder.namespaces import DCTERMS, RDF, SPDX, VOID, XSD

SPARQL_RESULTS_JSON = "application/sparql-results+json"


@dataclass(frozen=True)
class Publication:
    """What an engine holds, as its record graph says."""

    digest: str  # SHA-256, hex: the store version's name
    issued: datetime
    quads: int
    graphs: dict[str, int]  # each named graph's IRI and its number of triples


def record_quads(publication: Publication) -> list[Quad]:
    """Gives the record graph's quads for `publication`."""
    graph, subject, checksum = (
        iris.publication_graph(),
        iris.publication(),
        iris.publication_checksum(),
    )
    quads = [
        Quad(subject, RDF.type, VOID.Dataset, graph),
        Quad(subject, SPDX.checksum, checksum, graph),
        Quad(
            subject,
            DCTERMS.issued,
            Literal(publication.issued.isoformat(), datatype=XSD.dateTime),
            graph,
        ),
        Quad(subject, VOID.triples, _integer(publication.quads), graph),
        Quad(checksum, RDF.type, SPDX.Checksum, graph),
        Quad(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256, graph),
        Quad(
            checksum, SPDX.checksumValue, Literal(publication.digest, datatype=XSD.hexBinary), graph
        ),
    ]
    for name, triples in sorted(publication.graphs.items()):
        quads += [
            Quad(subject, VOID.subset, NamedNode(name), graph),
            Quad(NamedNode(name), VOID.triples, _integer(triples), graph),
        ]
    return quads


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


RECORD_QUERY = f"""SELECT ?digest ?issued ?quads ?graph ?triples WHERE {{
  GRAPH <{iris.publication_graph().value}> {{
    <{iris.publication().value}> <{SPDX.checksum.value}> ?checksum ;
        <{DCTERMS.issued.value}> ?issued ; <{VOID.triples.value}> ?quads .
    ?checksum <{SPDX.algorithm.value}> <{SPDX.checksumAlgorithm_sha256.value}> ;
        <{SPDX.checksumValue.value}> ?digest .
    OPTIONAL {{
      <{iris.publication().value}> <{VOID.subset.value}> ?graph .
      ?graph <{VOID.triples.value}> ?triples
    }}
  }}
}}"""
"""The SPARQL query that reads the record back: one row per published graph."""


def parse_record(results_json: bytes) -> Publication | None:
    """Gives the publication the answer to RECORD_QUERY (SPARQL JSON results) describes, or None
    when the engine has no record (nothing published, or a publication under way)."""
    rows = list(parse_query_results(results_json, format=QueryResultsFormat.JSON))
    if not rows:
        return None
    first = rows[0]
    digests = {row["digest"].value for row in rows}
    if len(digests) != 1:
        raise PublishError(f"the record graph names {len(digests)} digests, not one")
    graphs = {
        row["graph"].value: int(row["triples"].value)
        for row in rows
        if isinstance(row["graph"], NamedNode) and row["triples"] is not None
    }
    return Publication(
        digest=first["digest"].value,
        issued=datetime.fromisoformat(first["issued"].value),
        quads=int(first["quads"].value),
        graphs=graphs,
    )


def read_publication(
    sparql_endpoint: str, client: httpx.Client | None = None, timeout: float = 10.0
) -> Publication | None:
    """Gives the store version the engine at `sparql_endpoint` (its SPARQL 1.1 query endpoint)
    holds, as its record graph says; None when it has none. Fails with PublishError naming the
    URL and the status when the engine cannot be asked."""
    own = client is None
    http = httpx.Client(timeout=timeout) if client is None else client
    try:
        response = http.post(
            sparql_endpoint, data={"query": RECORD_QUERY}, headers={"Accept": SPARQL_RESULTS_JSON}
        )
    except httpx.TransportError as error:
        raise PublishError(
            f"cannot ask for the publication record: {error}", file=sparql_endpoint
        ) from error
    finally:
        if own:
            http.close()
    if not response.is_success:
        raise PublishError(
            f"asking for the publication record gave HTTP {response.status_code}: "
            + " ".join(response.text.split())[:300],
            file=sparql_endpoint,
        )
    return parse_record(response.content)
