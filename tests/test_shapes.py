"""The SHACL shapes: every shape has a passing example (tests/data/shapes/valid.ttl conforms and
holds a focus node of each) and a failing one (the same graph broken one way, by a SPARQL
update, gives the expected violation)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from pyoxigraph import Quad, RdfFormat, Store, parse
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from graph_builder.checks.conformance import validation_results
from graph_builder.checks.shacl_queries import OxigraphQueries
from graph_builder.checks.validate import (
    SHAPES,
    SHAPES_NAMESPACE,
    load_shapes,
    shacl_report,
    validate_quads,
)
from graph_builder.errors import ValidationError
from graph_builder.namespaces import sparql_prologue
from graph_builder.rdf import ontology

DATA = Path(__file__).parent / "data" / "shapes"
VALID = DATA / "valid.ttl"
FAILING_FILE = DATA / "failing.toml"
PROLOGUE = sparql_prologue() + "".join(
    f"PREFIX {name}: <{iri}>\n"
    for name, iri in re.findall(r"@prefix (\w+): <([^>]+)> \.", VALID.read_text(encoding="utf-8"))
)
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def ontology_quads() -> list[Quad]:
    return ontology.load_ontology()


def example(ontology_quads: list[Quad], update: str = "") -> list[Quad]:
    """Gives the valid example with the ontology, as a store holds them, after `update`."""
    store = Store()
    store.bulk_extend(ontology_quads)
    store.load(path=str(VALID), format=RdfFormat.TURTLE)
    if update:
        store.update(PROLOGUE + update)
    return list(store)


def targeted_shapes(shapes: Graph) -> list[str]:
    named = {s for t in TARGETS for s in shapes.subjects(t, None) if isinstance(s, URIRef)}
    return sorted(str(s).removeprefix(SHAPES_NAMESPACE) for s in named)


def only(shapes: Graph, name: str) -> Graph:
    """Gives the shapes graph cut down to one named shape, what it refers to, and the prefixes."""
    found = Graph()
    named = set(shapes.subjects(RDF.type, SH.NodeShape))

    def take(node: Node, seen: set[Node]) -> None:
        for triple in shapes.triples((node, None, None)):
            found.add(triple)
            value = triple[2]
            if (isinstance(value, BNode) or value in named) and value not in seen:
                seen.add(value)
                take(value, seen)

    take(URIRef(SHAPES_NAMESPACE + name), set())
    take(URIRef("https://w3id.org/nkkg/shapes"), set())
    return found


# -- passing examples -------------------------------------------------------------------------


def test_the_valid_example_conforms_to_every_shape(
    shapes: Graph, ontology_quads: list[Quad]
) -> None:
    report = shacl_report(example(ontology_quads), shapes)
    assert report.violations == []
    assert report.shapes >= 30


def test_the_valid_example_has_a_focus_node_for_every_shape(
    shapes: Graph, ontology_quads: list[Quad]
) -> None:
    store = Store()
    store.bulk_extend(example(ontology_quads))
    patterns = {
        SH.targetClass: "?focus a/rdfs:subClassOf* <{}>",
        SH.targetSubjectsOf: "?focus <{}> ?value",
        SH.targetObjectsOf: "?value <{}> ?focus",
        SH.targetNode: "<{}> ?p ?value",
    }
    unexercised = []
    for name in targeted_shapes(shapes):
        shape = URIRef(SHAPES_NAMESPACE + name)
        asks = [
            patterns[kind].format(target)
            for kind in TARGETS
            for target in shapes.objects(shape, kind)
        ]
        query = sparql_prologue() + "ASK { " + " UNION ".join(f"{{ {a} }}" for a in asks) + " }"
        if not store.query(query, use_default_graph_as_union=True):
            unexercised.append(name)
    assert unexercised == []


def test_the_shapes_file_parses_with_rdflib_and_pyoxigraph() -> None:
    by_oxigraph = list(parse(path=str(SHAPES), format=RdfFormat.TURTLE))
    assert len(by_oxigraph) == len(load_shapes()) > 500


# -- failing examples: tests/data/shapes/failing.toml -----------------------------------------

FAILING = tomllib.loads(FAILING_FILE.read_text(encoding="utf-8"))["example"]


@pytest.mark.parametrize(
    "broken", [pytest.param(e, id=f"{e['shape']}: {e['broken']}") for e in FAILING]
)
def test_failing_example(shapes: Graph, ontology_quads: list[Quad], broken: dict[str, str]) -> None:
    report = shacl_report(example(ontology_quads, broken["update"]), only(shapes, broken["shape"]))
    found = [(v.shape, v.focus, v.path) for v in report.violations]
    assert any(
        v.shape == f"shape:{broken['shape']}"
        and v.focus == broken["focus"]
        and v.path == broken.get("path", v.path)
        for v in report.violations
    ), found


def test_every_shape_has_a_failing_example(shapes: Graph) -> None:
    assert set(targeted_shapes(shapes)) == {e["shape"] for e in FAILING}


# -- the report a person reads ----------------------------------------------------------------


def test_a_violation_reads_focus_path_value_and_message(ontology_quads: list[Quad]) -> None:
    broken = example(
        ontology_quads,
        "DELETE DATA { citation:20 nkkg:cites source:1 } ;"
        " INSERT DATA { citation:20 nkkg:cites source:2 }",
    )
    with pytest.raises(ValidationError) as caught:
        validate_quads(broken)
    text = str(caught.value)
    assert text.startswith(f"{SHAPES}: 1 SHACL violation(s) of shapes.ttl")
    assert (
        "  id:citation/20 nkkg:asWritten '[1]': the marker [1] cites reference 2 [shape:Citation]"
        in text.splitlines()
    )
    assert caught.value.findings == (text.splitlines()[1].strip(),)


def test_long_values_are_shortened(ontology_quads: list[Quad]) -> None:
    broken = example(
        ontology_quads,
        'DELETE WHERE { doc:test nkkg:sha256 ?h } ; INSERT DATA { doc:test nkkg:sha256 "'
        + "x" * 100
        + '" }',
    )
    report = shacl_report(broken, load_shapes())
    values = [v.value for v in report.violations if v.path == "nkkg:sha256"]
    assert values == ["'" + "x" * 60 + "…'"]


# -- the shapes shared out between two processes (graph_builder/checks/conformance.py) ---------


def test_the_shapes_one_at_a_time_give_what_one_pyshacl_run_gives(
    shapes: Graph, ontology_quads: list[Quad]
) -> None:
    # Every failing example at once: violations of every shape, nested shapes (sh:or, sh:xone
    # of named shapes) among them.
    broken = example(ontology_quads, " ;\n".join(e["update"] for e in FAILING))
    data = OxigraphQueries(broken)
    _, whole, _ = pyshacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=False, inplace=True
    )
    shared = validation_results(data, shapes)
    assert len(result_rows(whole)) > len(FAILING) // 2  # some examples break the same triples
    assert result_rows(shared) == result_rows(whole)


def result_rows(results: Graph) -> set[tuple[Node | None, ...]]:
    return {
        tuple(results.value(result, p) for p in (SH.focusNode, SH.resultPath, SH.value))
        + (results.value(result, SH.resultMessage), results.value(result, SH.sourceShape))
        for result in results.subjects(RDF.type, SH.ValidationResult)
    }
