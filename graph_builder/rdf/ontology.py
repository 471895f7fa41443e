"""The ontology file -> quads in the `ontology` graph, after the OWL Lite check."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, Triple, parse

from graph_builder import iris
from graph_builder.errors import OntologyError
from graph_builder.namespaces import SKOLEM
from graph_builder.rdf.owl_lite import owl_lite_violations

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "nkkg.ttl"


def load_ontology(path: Path = ONTOLOGY) -> list[Quad]:
    """Gives the ontology's triples as quads of the `ontology` graph; fails on a parse error or
    on any construct outside OWL Lite."""
    graph = iris.graph("ontology")
    try:
        triples = list(parse(path=str(path), format=RdfFormat.TURTLE))
    except (OSError, SyntaxError) as error:
        raise OntologyError(f"cannot parse the ontology: {error}", file=path) from error
    violations = owl_lite_violations(path)
    if violations:
        raise OntologyError(
            f"{len(violations)} construct(s) outside OWL Lite: " + "; ".join(violations[:5]),
            file=path,
        )
    names = skolem_names(triples)

    def named(term):  # type: ignore[no-untyped-def]
        return names[term.value] if isinstance(term, BlankNode) else term

    return [Quad(named(t.subject), t.predicate, named(t.object), graph) for t in triples]


def skolem_names(triples: list[Triple]) -> dict[str, NamedNode]:
    """Gives a skolem IRI for every blank node (the ontology's restrictions), named by a hash of
    what the node says, so the store holds no blank nodes and equal ontologies give equal IRIs.

    The IRIs take RDF 1.1's `/.well-known/genid/` form, so a consumer can tell them apart."""
    outgoing: dict[str, list[Triple]] = defaultdict(list)
    for triple in triples:
        if isinstance(triple.subject, BlankNode):
            outgoing[triple.subject.value].append(triple)
    digests: dict[str, str] = {}

    def digest(label: str) -> str:
        if label not in digests:
            digests[label] = ""  # a cycle of blank nodes hashes the back edge as empty
            parts = sorted(
                f"{t.predicate} "
                + (digest(t.object.value) if isinstance(t.object, BlankNode) else str(t.object))
                for t in outgoing[label]
            )
            digests[label] = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
        return digests[label]

    labels = {t.subject.value for t in triples if isinstance(t.subject, BlankNode)}
    labels |= {t.object.value for t in triples if isinstance(t.object, BlankNode)}
    return {label: SKOLEM[digest(label)] for label in labels}
