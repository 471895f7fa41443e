"""pySHACL's validation results for a data graph, on two cores: each shape with a target is
validated on its own, by this process or a forked copy of it, whichever is free, and the results
are put together.

A validation's results are those of each targeted shape's focus nodes, so validating the shapes
one at a time gives the results of validating them all at once. Each run gets the shapes graph
cut down to its shape and everything that shape leads to (the shapes it refers to, its property
shapes, lists and prefixes), less the other shapes' targets: a plain pySHACL run, every shape
with its whole meaning. (pySHACL's own `use_shapes` is not used: it treats a named shape that a
listed one refers to, such as the alternatives of an sh:or, as met.) The shapes with the most
target triples go first, so that the two processes end together rather than one waiting on a
large shape the other took last.
"""

from __future__ import annotations

from pyshacl import validate as pyshacl_validate
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from graph_builder.checks.beside import Shared, beside
from graph_builder.errors import ValidationError

Triple = tuple[Node, Node, Node]
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def validation_results(data: Graph, shapes: Graph) -> Graph:
    """Gives pySHACL's results graph for `data` against `shapes`, computed by two processes
    (one, when there is a single targeted shape)."""
    order = shapes_by_size(data, shapes)
    queue = Shared(len(order))

    def validate_claimed() -> list[Triple]:
        found: list[Triple] = []
        while (claimed := queue.claim()) is not None:
            found += _results(data, one_shape(shapes, order[claimed]))
        return found

    results = Graph()
    if len(order) < 2:
        found = validate_claimed()
    else:
        with beside(validate_claimed) as theirs:
            found = validate_claimed() + theirs()
    for triple in found:
        results.add(triple)
    return results


def shapes_by_size(data: Graph, shapes: Graph) -> list[Node]:
    """Gives the shapes with a target, those with the most target triples in `data` first
    (a shape that is also a class targets that class's members)."""
    size: dict[Node, int] = {}
    classes = {RDFS.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)}
    for shape, kind in shapes.subject_objects(RDF.type):
        if kind in classes:
            size[shape] = sum(1 for _ in data.triples((None, RDF.type, shape)))
    for kind in _TARGETS:
        for shape, target in shapes.subject_objects(kind):
            if kind == SH.targetClass:
                pattern: tuple[Node | None, ...] = (None, RDF.type, target)
            elif kind == SH.targetNode:
                pattern = (target, None, None)
            else:
                pattern = (None, target, None)
            size[shape] = size.get(shape, 0) + sum(1 for _ in data.triples(pattern))
    return sorted(size, key=lambda shape: (-size[shape], str(shape)))


def one_shape(shapes: Graph, shape: Node) -> Graph:
    """Gives the shapes graph cut down to `shape`, what it leads to, and no other target."""
    cut = Graph()
    seen, waiting = {shape}, [shape]
    while waiting:
        node = waiting.pop()
        for triple in shapes.triples((node, None, None)):
            if node != shape and triple[1] in _TARGETS:
                continue
            cut.add(triple)
            value = triple[2]
            if value not in seen and (value, None, None) in shapes:
                seen.add(value)
                waiting.append(value)
    return cut


def _results(data: Graph, shapes: Graph) -> list[Triple]:
    _, results, _ = pyshacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=False, inplace=True
    )
    if not isinstance(results, Graph):  # pySHACL gives its failure instead of a graph
        raise ValidationError(f"pySHACL cannot apply the shapes: {results}")
    return list(results)
