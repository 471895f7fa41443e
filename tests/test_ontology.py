"""The ontology file: it parses, it is OWL Lite, it has the terms the builder uses, labelled in
English and Traditional Chinese, and docs/ontology.md is what the generator makes of it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph_builder.namespaces import NKKG, PREFIXES
from graph_builder.rdf.ontology_doc import (
    DOC_PATH,
    ONTOLOGY_PATH,
    main,
    mermaid_diagram,
    render_markdown,
)
from graph_builder.rdf.owl_lite import owl_lite_violations

N = URIRef(str(NKKG))
PROV, SCHEMA, DCTERMS, OA = (URIRef(PREFIXES[p]) for p in ("prov", "schema", "dcterms", "oa"))
ONTOLOGY = URIRef("https://w3id.org/nkkg/ontology")
LANGUAGES = ("en", "zh-Hant")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def nkkg(local: str) -> URIRef:
    return URIRef(N + local)


def words(text: str) -> list[str]:
    return text.split()


# -- parsing and profile ----------------------------------------------------------------------


def canonical(quads: Iterable[pyoxigraph.Quad]) -> pyoxigraph.Dataset:
    # RDFC-1.0 is exact; rdflib's isomorphic() misses the match on this graph's many
    # look-alike restrictions.
    dataset = pyoxigraph.Dataset(quads)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def test_ontology_parses_with_rdflib_and_pyoxigraph_to_the_same_graph(ontology: Graph) -> None:
    by_oxigraph = pyoxigraph.parse(path=str(ONTOLOGY_PATH), format=pyoxigraph.RdfFormat.TURTLE)
    n_triples = ontology.serialize(format="nt", encoding="utf-8")
    by_rdflib = pyoxigraph.parse(n_triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert len(ontology) > 1000
    assert canonical(by_oxigraph) == canonical(by_rdflib)


def test_ontology_is_owl_lite(ontology: Graph) -> None:
    assert owl_lite_violations(ONTOLOGY_PATH) == []
    assert owl_lite_violations(ontology) == []


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal("1.0.0")
    licence = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
    assert (ONTOLOGY, URIRef(DCTERMS + "license"), licence) in ontology
    created = ontology.value(ONTOLOGY, URIRef(DCTERMS + "created"))
    assert created.datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")
    for predicate in (RDFS.label, URIRef(DCTERMS + "description")):
        languages = {o.language for o in ontology.objects(ONTOLOGY, predicate)}
        assert languages == set(LANGUAGES), predicate


# -- the checker: a clean base, then one failing example per rule ------------------------------

PRELUDE = """
@prefix ex: <http://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<http://example.org/onto> a owl:Ontology ; rdfs:label "example" .
ex:A a owl:Class ; rdfs:label "A" .
ex:B a owl:Class .
ex:p a owl:ObjectProperty ; rdfs:domain ex:A ; rdfs:range ex:B .
ex:d a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:domain ex:A ; rdfs:range xsd:string .
ex:t a owl:ObjectProperty, owl:TransitiveProperty .
ex:note a owl:AnnotationProperty .
ex:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:p ;
                       owl:maxCardinality "1"^^xsd:nonNegativeInteger ] .
ex:C a owl:Class ; owl:intersectionOf ( ex:A
    [ a owl:Restriction ; owl:onProperty ex:p ; owl:someValuesFrom ex:B ] ) .
ex:a a ex:A ; ex:p ex:b ; ex:d "x" ; ex:note "n", ex:b .
ex:b a ex:B .
[] a owl:AllDifferent ; owl:distinctMembers ( ex:a ex:b ) .
"""

# (rule, snippet added to PRELUDE, words one message must all contain)
FAILING_EXAMPLES = [
    (
        "unionOf",
        "ex:U a owl:Class ; owl:equivalentClass [ a owl:Class ; owl:unionOf ( ex:A ex:B ) ] .",
        ["ex:U", "owl:unionOf", "outside OWL Lite"],
    ),
    (
        "complementOf",
        "ex:N a owl:Class ; owl:equivalentClass [ a owl:Class ; owl:complementOf ex:A ] .",
        ["ex:N", "owl:complementOf", "outside OWL Lite"],
    ),
    ("oneOf", "ex:O a owl:Class ; owl:oneOf ( ex:a ex:b ) .", ["ex:O", "owl:oneOf"]),
    ("disjointWith", "ex:A owl:disjointWith ex:B .", ["ex:A", "owl:disjointWith"]),
    (
        "hasValue",
        "ex:B rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:p ; owl:hasValue ex:b ] .",
        ["ex:B", "owl:hasValue", "outside OWL Lite"],
    ),
    (
        "DataRange",
        'ex:e a owl:DatatypeProperty ; rdfs:range [ a owl:DataRange ; owl:oneOf ( "x" ) ] .',
        ["ex:e", "owl:DataRange", "outside OWL Lite"],
    ),
    ("OWL 2 term", "ex:a a owl:NamedIndividual .", ["ex:a", "owl:NamedIndividual", "OWL 1"]),
    ("RDF(S) term", "ex:a rdfs:member ex:b .", ["ex:a", "rdfs:member", "outside OWL Lite"]),
    *[
        (
            f"{word} 2",
            f'ex:B rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:p ; owl:{word} "2" ] .',
            ["restriction on ex:p in ex:B", f"owl:{word} 2", "only 0 or 1"],
        )
        for word in ("cardinality", "minCardinality", "maxCardinality")
    ],
    (
        "restriction without onProperty",
        "ex:B rdfs:subClassOf [ a owl:Restriction ; owl:someValuesFrom ex:A ] .",
        ["in ex:B", "exactly one owl:onProperty"],
    ),
    (
        "restriction with two limits",
        "ex:B rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:p ;"
        " owl:someValuesFrom ex:B ; owl:allValuesFrom ex:B ] .",
        ["restriction on ex:p in ex:B", "exactly one value or cardinality limit"],
    ),
    (
        "onProperty outside a restriction",
        "ex:B rdfs:subClassOf [ owl:onProperty ex:p ; owl:someValuesFrom ex:A ] .",
        ["in ex:B", "owl:onProperty outside an owl:Restriction"],
    ),
    (
        "named restriction",
        "ex:R a owl:Restriction ; owl:onProperty ex:p ; owl:someValuesFrom ex:B .\n"
        "ex:B rdfs:subClassOf ex:R .",
        ["ex:R", "named owl:Restriction"],
    ),
    (
        "someValuesFrom a class expression",
        "ex:B rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:p ;"
        " owl:someValuesFrom [ a owl:Restriction ; owl:onProperty ex:p ;"
        ' owl:maxCardinality "0" ] ] .',
        ["restriction on ex:p in ex:B", "owl:someValuesFrom must name a class"],
    ),
    (
        "allValuesFrom a class on a datatype property",
        "ex:B rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:d ;"
        " owl:allValuesFrom ex:A ] .",
        ["restriction on ex:d in ex:B", "ex:A is not a datatype"],
    ),
    (
        "intersectionOf a class expression",
        "ex:I a owl:Class ; owl:intersectionOf ( ex:A [ a owl:Class ] ) .",
        ["ex:I", "owl:intersectionOf", "only named classes or restrictions"],
    ),
    (
        "intersectionOf not a list",
        "ex:I a owl:Class ; owl:intersectionOf ex:A .",
        ["ex:I", "owl:intersectionOf is not a well-formed RDF list"],
    ),
    (
        "intersectionOf on an anonymous class",
        "ex:I a owl:Class ; owl:equivalentClass"
        " [ a owl:Class ; owl:intersectionOf ( ex:A ex:B ) ] .",
        ["blank node in ex:I", "owl:intersectionOf needs a named class as its subject"],
    ),
    (
        "subClassOf a class expression",
        "ex:S a owl:Class ; rdfs:subClassOf [ a owl:Class ] .",
        ["ex:S: rdfs:subClassOf", "only named classes or restrictions"],
    ),
    (
        "equivalentClass a class expression",
        "ex:S a owl:Class ; owl:equivalentClass [ a owl:Class ] .",
        ["ex:S: owl:equivalentClass", "only named classes or restrictions"],
    ),
    (
        "restriction as the subject of subClassOf",
        "[ a owl:Restriction ; owl:onProperty ex:p ; owl:someValuesFrom ex:B ]"
        " rdfs:subClassOf ex:A .",
        ["restriction on ex:p", "rdfs:subClassOf needs a named class as its subject"],
    ),
    (
        "undeclared class as a type",
        "ex:x a ex:Undeclared .",
        ["ex:Undeclared", "rdf:type of ex:x", "not declared owl:Class"],
    ),
    (
        "undeclared external superclass",
        "ex:A rdfs:subClassOf prov:Agent .",
        ["prov:Agent", "not declared owl:Class"],
    ),
    (
        "class declared with rdfs:Class only",
        "ex:R a rdfs:Class .\nex:x a ex:R .",
        ["ex:R", "not declared owl:Class"],
    ),
    ("undeclared property", "ex:a ex:q ex:b .", ["ex:q", "predicate of ex:a", "not declared"]),
    (
        "undeclared external superproperty",
        "ex:p rdfs:subPropertyOf dcterms:isPartOf .",
        ["dcterms:isPartOf", "rdfs:subPropertyOf of ex:p", "not declared"],
    ),
    ("class and property", "ex:A a owl:ObjectProperty .", ["ex:A", "class and object property"]),
    ("class and individual", "ex:A ex:p ex:b .", ["ex:A", "class and individual", "punning"]),
    (
        "object and datatype property",
        "ex:p a owl:DatatypeProperty .",
        ["ex:p", "datatype property and object property"],
    ),
    (
        "annotation and datatype property",
        "ex:note a owl:DatatypeProperty .",
        ["ex:note", "annotation property and datatype property"],
    ),
    ("property as a class", "ex:x a ex:p .", ["ex:p", "class and object property"]),
    (
        "ontology as an individual",
        "ex:a ex:p <http://example.org/onto> .",
        ["ex:onto", "individual and ontology"],
    ),
    (
        "blank node individual",
        "ex:a ex:p [ a ex:B ] .",
        ["blank node in ex:a", "not a restriction"],
    ),
    (
        "shared restriction",
        "ex:A rdfs:subClassOf _:r .\nex:B rdfs:subClassOf _:r .\n"
        "_:r a owl:Restriction ; owl:onProperty ex:p ; owl:someValuesFrom ex:B .",
        ["restriction on ex:p", "used by exactly one axiom"],
    ),
    ("literal object value", 'ex:a ex:p "text" .', ["ex:a", "object property ex:p has a literal"]),
    ("node datatype value", "ex:a ex:d ex:b .", ["ex:a", "datatype property ex:d has a node"]),
    (
        "class range of a datatype property",
        "ex:e a owl:DatatypeProperty ; rdfs:range ex:B .",
        ["ex:e", "rdfs:range ex:B of a datatype property"],
    ),
    (
        "datatype outside OWL 1",
        "ex:e a owl:DatatypeProperty ; rdfs:range xsd:dateTimeStamp .",
        ["ex:e", "rdfs:range xsd:dateTimeStamp of a datatype property"],
    ),
    (
        "datatype range of an object property",
        "ex:o a owl:ObjectProperty ; rdfs:range xsd:string .",
        ["ex:o", "rdfs:range xsd:string of an object property"],
    ),
    (
        "datatype domain",
        "ex:o a owl:ObjectProperty ; rdfs:domain xsd:string .",
        ["ex:o", "rdfs:domain xsd:string is not a named class"],
    ),
    (
        "annotation property with a domain",
        "ex:note rdfs:domain ex:A .",
        ["ex:note", "annotation property in an rdfs:domain axiom"],
    ),
    (
        "annotation sub-property",
        "ex:note2 a owl:AnnotationProperty ; rdfs:subPropertyOf ex:note .",
        ["ex:note2", "rdfs:subPropertyOf axiom"],
    ),
    (
        "sub-property of another kind",
        "ex:d rdfs:subPropertyOf ex:p .",
        ["ex:d", "rdfs:subPropertyOf ex:p of another kind"],
    ),
    (
        "transitive datatype property",
        "ex:d a owl:TransitiveProperty .",
        ["ex:d", "only an object property may be inverse, transitive"],
    ),
    (
        "inverse of a datatype property",
        "ex:d owl:inverseOf ex:p .",
        ["ex:d", "only an object property may be inverse"],
    ),
    (
        "functional transitive property",
        "ex:t a owl:FunctionalProperty .",
        ["ex:t", "transitive (or above one) and owl:FunctionalProperty"],
    ),
    (
        "cardinality on a transitive property",
        "ex:B rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:t ;"
        ' owl:maxCardinality "1"^^xsd:nonNegativeInteger ] .',
        ["restriction on ex:t in ex:B", "cardinality on a transitive property"],
    ),
    (
        "cardinality on a super-property of a transitive one",
        "ex:t rdfs:subPropertyOf ex:p .",
        ["restriction on ex:p in ex:A", "cardinality on a transitive property"],
    ),
]


def violations_of(turtle: str) -> list[str]:
    return owl_lite_violations(Graph().parse(data=turtle, format="turtle"))


def test_prelude_of_the_failing_examples_is_owl_lite() -> None:
    assert violations_of(PRELUDE) == []


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [pytest.param(snippet, expected, id=rule) for rule, snippet, expected in FAILING_EXAMPLES],
)
def test_checker_reports_construct_outside_owl_lite(snippet: str, expected: list[str]) -> None:
    found = violations_of(PRELUDE + snippet)
    assert any(all(word in message for word in expected) for message in found), found


def test_checker_reads_a_turtle_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(PRELUDE + "ex:A owl:disjointWith ex:B .\n", encoding="utf-8")
    assert owl_lite_violations(path) == [
        "ex:A: owl:disjointWith is outside OWL Lite (OWL DL and Full only)"
    ]


# -- the terms the builder uses ---------------------------------------------------------------

SUBCLASSES = {
    "Actor": ["prov:Agent"],
    "Person": ["nkkg:Actor", "prov:Person", "schema:Person"],
    "Organization": ["nkkg:Actor", "prov:Organization", "schema:Organization"],
    "State": ["nkkg:Organization"],
    "ArmedForce": ["nkkg:Organization"],
    "Place": ["schema:Place", "prov:Location"],
    **{c: ["nkkg:Place"] for c in words("Settlement AdministrativeRegion Country Corridor")},
    **{c: ["nkkg:Place"] for c in words("Facility GeographicRegion")},
    "Event": ["schema:Event"],
    **{c: ["nkkg:Event"] for c in words("War Campaign Engagement Massacre Agreement Resolution")},
    **{c: ["nkkg:Event"] for c in words("Referendum Declaration Mediation Coup")},
    **{c: ["nkkg:Event"] for c in words("NaturalDisaster PoliticalChange")},
    "Battle": ["nkkg:Engagement"],
    "Offensive": ["nkkg:Engagement"],
    "Source": ["schema:CreativeWork", "prov:Entity"],
    "Document": ["schema:Article", "prov:Entity"],
    "DocumentPart": ["prov:Entity"],
    **{c: ["nkkg:DocumentPart"] for c in words("Section Paragraph Sentence Citation Infobox")},
    **{c: ["nkkg:DocumentPart"] for c in words("InfoboxField InfoboxEntry Table TableRow")},
    **{c: ["nkkg:DocumentPart"] for c in words("TableCell Note")},
    "Claim": ["prov:Entity"],
    "DisputedVariable": [],
    "Evidence": ["oa:SpecificResource"],
    "QuantityKind": ["skos:Concept"],
}
OBJECT_PROPERTIES = {
    "isPartOf": "dcterms:isPartOf",
    "cites": "schema:citation",
    "inDocument": None,
    "resolvesTo": None,
    "hasEvidence": None,
    "claimant": "prov:wasAttributedTo",
    "citedSource": "prov:wasDerivedFrom",
    "about": None,
    "quantityKind": None,
    "variable": None,
    "locatedIn": "schema:containedInPlace",
    "partOfEvent": "schema:superEvent",
    "place": "schema:location",
    "participant": None,
    "side": None,
}
DATATYPE_PROPERTIES = words(
    "text startOffset endOffset lineNumber ordinal level paragraphKind asWritten positionInRun "
    "referenceNumber rawText backReferenceCount authorName editorName title containerTitle "
    "containerType publisherName publicationPlace dateAsWritten year pages isbn languageNote "
    "accessDate archiveNote excerpt shortCitationAuthor shortCitationYear citedPage unresolved "
    "sha256 fieldName entryLabel header rowNumber columnNumber noteLabel value minValue maxValue "
    "bound unit scope caption"
)
EXTERNAL_TERMS = {
    OWL.Class: "oa:TextQuoteSelector oa:TextPositionSelector skos:ConceptScheme",
    OWL.ObjectProperty: "oa:hasSource oa:hasSelector dcterms:isPartOf",
    OWL.AnnotationProperty: "rdfs:label skos:prefLabel skos:altLabel skos:definition "
    "schema:name schema:description schema:license schema:url schema:inLanguage",
}


def curie(name: str) -> URIRef:
    prefix, local = name.split(":")
    return URIRef(PREFIXES[prefix] + local)


@pytest.mark.parametrize(("local", "parents"), SUBCLASSES.items())
def test_builder_class_is_declared_with_its_superclasses(
    ontology: Graph, local: str, parents: list[str]
) -> None:
    assert (nkkg(local), RDF.type, OWL.Class) in ontology
    named = {p for p in ontology.objects(nkkg(local), RDFS.subClassOf) if isinstance(p, URIRef)}
    assert {curie(p) for p in parents} <= named


@pytest.mark.parametrize(("local", "parent"), OBJECT_PROPERTIES.items())
def test_builder_object_property_is_declared(
    ontology: Graph, local: str, parent: str | None
) -> None:
    assert (nkkg(local), RDF.type, OWL.ObjectProperty) in ontology
    if parent is not None:
        assert (nkkg(local), RDFS.subPropertyOf, curie(parent)) in ontology


@pytest.mark.parametrize("local", DATATYPE_PROPERTIES)
def test_builder_datatype_property_is_declared(ontology: Graph, local: str) -> None:
    assert (nkkg(local), RDF.type, OWL.DatatypeProperty) in ontology


@pytest.mark.parametrize("kind", EXTERNAL_TERMS)
def test_external_terms_the_builder_uses_are_declared(ontology: Graph, kind: URIRef) -> None:
    missing = [
        n for n in EXTERNAL_TERMS[kind].split() if (curie(n), RDF.type, kind) not in ontology
    ]
    assert missing == []


def test_place_and_event_nesting_is_transitive(ontology: Graph) -> None:
    for local in ("locatedIn", "partOfEvent"):
        assert (nkkg(local), RDF.type, OWL.TransitiveProperty) in ontology


def test_massacre_is_labelled_massacre_or_pogrom(ontology: Graph) -> None:
    assert (nkkg("Massacre"), RDFS.label, Literal("massacre or pogrom", lang="en")) in ontology


# -- labels, definitions, domains and ranges ------------------------------------------------------


def own_terms(ontology: Graph, *kinds: URIRef) -> list[URIRef]:
    found = {s for k in kinds for s in ontology.subjects(RDF.type, k) if str(s).startswith(N)}
    return sorted(found)


def languages(ontology: Graph, subject: URIRef, *predicates: URIRef) -> set[str | None]:
    return {o.language for p in predicates for o in ontology.objects(subject, p)}


def test_every_term_is_labelled_and_defined_in_english_and_chinese(ontology: Graph) -> None:
    terms = own_terms(ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    assert len(terms) > 100
    unlabelled = [t for t in terms if languages(ontology, t, RDFS.label) != set(LANGUAGES)]
    undefined = [
        t
        for t in terms
        if not set(LANGUAGES) <= languages(ontology, t, SKOS.definition, RDFS.comment)
    ]
    assert unlabelled == [] and undefined == []


def test_every_property_has_a_domain_and_a_range(ontology: Graph) -> None:
    properties = own_terms(ontology, OWL.ObjectProperty, OWL.DatatypeProperty)
    lacking = [
        p
        for p in properties
        if ontology.value(p, RDFS.domain) is None or ontology.value(p, RDFS.range) is None
    ]
    assert lacking == []


QUANTITY_KINDS = words(
    "deaths wounded missing displaced personnel tanks artillery armouredVehicles aircraft "
    "territoryShare area money population ammunition volunteers"
)


def test_quantity_kinds_scheme_has_the_concepts_the_claims_use(ontology: Graph) -> None:
    scheme = nkkg("QuantityKinds")
    concepts = {nkkg(f"quantity/{k}") for k in QUANTITY_KINDS}
    in_scheme = set(ontology.subjects(SKOS.inScheme, scheme))
    assert concepts <= in_scheme
    assert set(ontology.objects(scheme, SKOS.hasTopConcept)) == in_scheme
    assert all((c, RDF.type, nkkg("QuantityKind")) in ontology for c in in_scheme)


def test_every_concept_is_labelled_defined_and_a_top_concept(ontology: Graph) -> None:
    concepts = sorted(ontology.subjects(RDF.type, SKOS.Concept))
    schemes = (nkkg("QuantityKinds"), nkkg("Sides"))
    assert set(concepts) == {c for s in schemes for c in ontology.subjects(SKOS.inScheme, s)}
    for concept in concepts:
        assert languages(ontology, concept, SKOS.prefLabel) == set(LANGUAGES), concept
        assert languages(ontology, concept, SKOS.definition) == set(LANGUAGES), concept
        scheme = ontology.value(concept, SKOS.inScheme)
        assert (concept, SKOS.topConceptOf, scheme) in ontology, concept


# -- the generated documentation --------------------------------------------------------------


def test_docs_ontology_md_is_generated_from_the_ontology() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render_markdown(ONTOLOGY_PATH), (
        "docs/ontology.md is stale: run `python -m graph_builder.rdf.ontology_doc`"
    )


def test_diagram_follows_the_ontology_file(tmp_path: Path) -> None:
    path = tmp_path / "small.ttl"
    path.write_text(
        """
        @prefix nkkg: <https://w3id.org/nkkg/ontology/> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        prov:Agent a owl:Class .
        nkkg:Actor a owl:Class ; rdfs:subClassOf prov:Agent .
        nkkg:Ship a owl:Class ; rdfs:subClassOf nkkg:Actor .
        nkkg:Port a owl:Class .
        nkkg:dockedAt a owl:ObjectProperty ; rdfs:domain nkkg:Ship ; rdfs:range nkkg:Port .
        """,
        encoding="utf-8",
    )
    diagram = mermaid_diagram(path)
    assert diagram.startswith("classDiagram\n")
    assert 'class prov_Agent["prov:Agent"]' in diagram
    assert "prov_Agent <|-- Actor" in diagram
    assert "Actor <|-- Ship" in diagram
    assert "Ship --> Port : dockedAt" in diagram
    assert "Place" not in diagram


def test_command_writes_the_document(tmp_path: Path) -> None:
    output = tmp_path / "ontology.md"
    assert main(["--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == render_markdown(ONTOLOGY_PATH)
