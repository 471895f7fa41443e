"""The ontology's HTML documentation: /ontology, and a page for each of its terms.

The page shows what docs/ontology.md shows, from the same reader (graph_builder/rdf/ontology_doc.py)
over the same file, ontology/nkkg.ttl: the classes, object and datatype properties with their
labels and definitions in English and Traditional Chinese, the alignments to PROV-O, schema.org,
SKOS and Web Annotation, and the concept schemes (sides, quantity kinds). Each class, property
and concept IRI (/ontology/Claim, /ontology/quantity/deaths) has a page of its own that the
overview links to; its RDF is its description, like any resource's
(server/linked_data/resources.py).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from starlette.requests import Request
from starlette.responses import Response

from graph_builder.namespaces import NKKG, ONTOLOGY_IRI, PREFIXES
from graph_builder.rdf.ontology_doc import (
    DCTERMS,
    ONTOLOGY_PATH,
    VOCABULARIES,
    OntologyReader,
    Term,
)
from server.pages.templating import render


@dataclass(frozen=True)
class Concept:
    """A concept of one of the ontology's SKOS schemes (a side, a quantity kind)."""

    iri: str
    labels: tuple[str, str]  # English, Traditional Chinese
    definitions: tuple[str, str]
    scheme: str


@dataclass(frozen=True)
class Scheme:
    iri: str
    name: str
    labels: tuple[str, str]
    definitions: tuple[str, str]
    concepts: tuple[Concept, ...]


@dataclass(frozen=True)
class Alignment:
    """A term of another vocabulary the ontology declares, and the `nkkg:` terms under it."""

    name: str
    vocabulary: str
    declared_as: str
    specialised_by: tuple[str, ...]


@dataclass(frozen=True)
class OntologyDocumentation:
    title: tuple[str, str]
    description: tuple[str, str]
    version: str
    license: str
    created: str
    classes: tuple[Term, ...]
    object_properties: tuple[Term, ...]
    datatype_properties: tuple[Term, ...]
    alignments: tuple[Alignment, ...]
    schemes: tuple[Scheme, ...]

    def term(self, iri: str) -> tuple[str, Term] | None:
        """Gives the kind ("class", "object property", "datatype property") and the term."""
        for kind, terms in (
            ("class", self.classes),
            ("object property", self.object_properties),
            ("datatype property", self.datatype_properties),
        ):
            for term in terms:
                if expand(term.name) == iri:
                    return kind, term
        return None

    def concept(self, iri: str) -> Concept | None:
        return next((c for s in self.schemes for c in s.concepts if c.iri == iri), None)

    def scheme(self, iri: str) -> Scheme | None:
        return next((s for s in self.schemes if s.iri == iri), None)


def expand(name: str) -> str:
    """Gives the IRI of a `prefix:local` name the reader writes (or of `<iri>`)."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, _, local = name.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else name


def anchor(name: str) -> str:
    """Gives the fragment under which the overview shows a term (`Claim`, `quantity-deaths`)."""
    return expand(name).removeprefix(str(NKKG)).replace("/", "-")


@functools.cache
def documentation(path: Path = ONTOLOGY_PATH) -> OntologyDocumentation:
    """Gives the documentation of the ontology in `path`; the file is source, read once."""
    reader = OntologyReader(path)
    graph = reader.graph
    ontology = URIRef(ONTOLOGY_IRI.value)

    def pair(subject: URIRef, predicate: URIRef) -> tuple[str, str]:
        return reader.text(subject, predicate, "en"), reader.text(subject, predicate, "zh-Hant")

    alignments = []
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for iri in graph.subjects(RDF.type, kind):
            if str(iri).startswith(str(NKKG)):
                continue
            name = reader.name(iri)
            children = sorted(
                reader.name(s)
                for p in (RDFS.subClassOf, RDFS.subPropertyOf)
                for s in graph.subjects(p, iri)
            )
            vocabulary = VOCABULARIES.get(name.split(":")[0], "")
            alignments.append(Alignment(name, vocabulary, reader.name(kind), tuple(children)))
    schemes = []
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=reader.name):
        concepts = tuple(
            Concept(str(c), pair(c, SKOS.prefLabel), pair(c, SKOS.definition), str(scheme))
            for c in sorted(graph.subjects(SKOS.inScheme, scheme), key=reader.name)
        )
        schemes.append(
            Scheme(
                str(scheme),
                reader.name(scheme),
                pair(scheme, SKOS.prefLabel),
                pair(scheme, SKOS.definition),
                concepts,
            )
        )
    return OntologyDocumentation(
        title=pair(ontology, RDFS.label),
        description=pair(ontology, URIRef(DCTERMS + "description")),
        version=str(graph.value(ontology, OWL.versionInfo)),
        license=str(graph.value(ontology, URIRef(DCTERMS + "license"))),
        created=str(graph.value(ontology, URIRef(DCTERMS + "created"))),
        classes=tuple(reader.terms(OWL.Class)),
        object_properties=tuple(reader.terms(OWL.ObjectProperty)),
        datatype_properties=tuple(reader.terms(OWL.DatatypeProperty)),
        alignments=tuple(sorted(alignments, key=lambda a: a.name.casefold())),
        schemes=tuple(schemes),
    )


def ontology_page(request: Request) -> Response:
    """Gives the HTML documentation of the whole ontology."""
    return render(
        request,
        "ontology.html",
        doc=documentation(),
        ontology=ONTOLOGY_IRI.value,
        expand=expand,
        anchor=anchor,
    )


def term_page(request: Request, resource: NamedNode) -> Response | None:
    """Gives the HTML page of one class, property, concept or scheme of the ontology, or None
    when the ontology does not document `resource`."""
    doc = documentation()
    context = {"resource": resource, "doc": doc, "expand": expand, "anchor": anchor}
    if (found := doc.term(resource.value)) is not None:
        kind, term = found
        return render(request, "ontology_term.html", kind=kind, term=term, **context)
    if (concept := doc.concept(resource.value)) is not None:
        return render(request, "ontology_term.html", kind="concept", concept=concept, **context)
    if (scheme := doc.scheme(resource.value)) is not None:
        return render(
            request, "ontology_term.html", kind="concept scheme", scheme=scheme, **context
        )
    return None
