"""The asserted graphs -> SHACL violations (pySHACL, ontology/shapes.ttl), as lines a person can act
on: the focus node, the path, the offending value and what is wrong.

The ontology graph is validated together with the data: sh:class and sh:targetClass follow its
rdfs:subClassOf links, and its own terms must be labelled like everything else. Validate quads
as the store holds them (`store.as_stored`): the shapes ask for `xsd:integer`, which is what
Oxigraph keeps of every integer type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH
from rdflib.term import Node

from graph_builder import iris
from graph_builder.checks.conformance import validation_results
from graph_builder.checks.shacl_queries import OxigraphQueries
from graph_builder.errors import ValidationError
from graph_builder.namespaces import PREFIXES
from graph_builder.rdf.ontology import ONTOLOGY_DIR

SHAPES = ONTOLOGY_DIR / "shapes.ttl"
SHAPES_NAMESPACE = "https://w3id.org/nkkg/shapes/"
UNCURATED = ("document", "sources", "ontology")  # graphs the article and the ontology give
_SHOWN_CHARACTERS = 60
_TYPE = str(RDF.type)
_CLASS = str(OWL.Class)
_PROPERTY_KINDS = {
    str(OWL[kind]) for kind in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty")
}


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL validation result, its terms already written for people, and where the fact it
    is about is curated ("file:line"; empty for what the build derives from the article)."""

    origin: str
    focus: str
    path: str
    value: str
    message: str
    shape: str

    def __str__(self) -> str:
        value = "" if self.value == self.focus else self.value  # a node shape's own result
        where = " ".join(part for part in (self.focus, self.path, value) if part)
        curated = f"{self.origin}: " if self.origin else ""
        return f"{curated}{where}: {self.message} [{self.shape}]"


@dataclass(frozen=True)
class ShaclReport:
    triples: int
    shapes: int
    violations: list[Violation]


def load_shapes(path: Path = SHAPES) -> Graph:
    """Gives the shapes graph; fails with the file named when it does not parse."""
    try:
        return Graph().parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(f"cannot read the SHACL shapes: {error}", file=path) from error


def shacl_report(
    quads: Iterable[Quad], shapes: Graph, origins: Mapping[str, str] | None = None
) -> ShaclReport:
    """Gives every violation of `shapes` by the triples of `quads`, sorted; with `origins` (node
    -> "file:line" where it is curated), each one that is about a curated fact names its line."""
    quads = list(quads)
    data = OxigraphQueries(quads)
    # what the article and the ontology describe is never traced to a curated line, even where
    # a curated fact points at it (a claim citing a source)
    described = {
        q.subject.value
        for q in quads
        if getattr(q.graph_name, "value", "").rsplit("/", 1)[-1] in UNCURATED
    }
    results = validation_results(data, shapes)
    names = _Names()
    violations = sorted(  # a set: pySHACL can give one result twice
        {
            Violation(
                origin=_origin(results.value(result, SH.focusNode), data, origins or {}, described),
                focus=names.show(results.value(result, SH.focusNode), results),
                path=names.show(results.value(result, SH.resultPath), results),
                value=names.show(results.value(result, SH.value), results),
                message=str(results.value(result, SH.resultMessage) or "constraint not met"),
                shape=names.show(
                    _named_shape(results.value(result, SH.sourceShape), shapes), shapes
                ),
            )
            for result in results.subjects(RDF.type, SH.ValidationResult)
        }
    )
    shape_count = len(set(shapes.subjects(RDF.type, SH.NodeShape)))
    return ShaclReport(triples=len(data), shapes=shape_count, violations=violations)


def _origin(
    focus: Node | None, data: Graph, origins: Mapping[str, str], described: set[str]
) -> str:
    """Gives where the focus node is curated: its own line, else that of the nearest curated
    node linking to it (a selector -> its evidence, a claim's part -> the claim), two steps at
    most; "" when the article or the ontology describes it, not the curation."""
    if str(focus) in described:
        return ""
    frontier, seen = [focus], set()
    for _ in range(3):
        for node in frontier:
            if node is not None and str(node) in origins:
                return origins[str(node)]
        seen.update(frontier)
        frontier = [s for node in frontier for s in data.subjects(None, node) if s not in seen]
    return ""


def validate_quads(quads: Iterable[Quad], shapes_path: Path = SHAPES) -> ShaclReport:
    """Gives the SHACL report on the asserted `quads`; fails listing every violation."""
    report = shacl_report(quads, load_shapes(shapes_path))
    if report.violations:
        raise ValidationError(
            f"{len(report.violations)} SHACL violation(s) of {shapes_path.name}",
            file=shapes_path,
            findings=[str(v) for v in report.violations],
        )
    return report


def undeclared_terms(quads: Iterable[Quad]) -> list[str]:
    """Gives, sorted, each class and property the data graphs use that the ontology graph does
    not declare (RDF's own vocabulary, such as the reification terms, and OWL's owl:sameAs of
    the links out excepted): terms that neither OWL reasoning nor the ontology's documentation
    covers."""
    ontology_graph = iris.graph("ontology")
    declared: dict[str, set[str]] = {"class": set(), "property": set()}
    used: dict[str, set[str]] = {"class": set(), "property": set()}
    for quad in quads:
        predicate, obj = quad.predicate.value, quad.object
        if quad.graph_name == ontology_graph:
            if predicate == _TYPE and obj.value in _PROPERTY_KINDS:
                declared["property"].add(quad.subject.value)
            elif predicate == _TYPE and obj.value == _CLASS:
                declared["class"].add(quad.subject.value)
            continue
        used["property"].add(predicate)
        if predicate == _TYPE:
            used["class"].add(obj.value)
    names = _Names()
    return sorted(
        f"{names.show(URIRef(term))}: used as a {kind} in the data, not declared in the ontology"
        for kind in ("class", "property")
        for term in used[kind] - declared[kind]
        if not term.startswith(str(RDF)) and term != str(OWL.sameAs)
    )


def _named_shape(shape: Node | None, shapes: Graph) -> Node | None:
    """Gives the named shape a result comes from: the node shape holding a blank property shape."""
    seen: set[Node] = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        shape = next(iter(shapes.subjects(None, shape)), shape)
    return shape


class _Names:
    """Writes terms as prefixed names, inverse paths as `^p`, long literals shortened."""

    def __init__(self) -> None:
        pairs = [(iri, name) for name, iri in PREFIXES.items()] + [(SHAPES_NAMESPACE, "shape")]
        self.prefixes = sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)

    def show(self, node: Node | None, graph: Graph | None = None) -> str:
        """Gives `node` as a person reads it; `graph` holds what a blank path node says."""
        if node is None:
            return ""
        if isinstance(node, URIRef):
            for iri, name in self.prefixes:
                if str(node).startswith(iri):
                    return f"{name}:{str(node)[len(iri) :]}"
            return f"<{node}>"
        if isinstance(node, Literal):
            text = str(node)
            if len(text) > _SHOWN_CHARACTERS:
                text = text[:_SHOWN_CHARACTERS] + "…"
            return repr(text)
        inverse = None if graph is None else graph.value(node, SH.inversePath)
        if inverse is not None:
            return "^" + self.show(inverse, graph)
        return "[path]"
