"""docs/ontology.md, generated from ontology/nkkg.ttl so that the two cannot drift apart.

`python -m graph_builder.rdf.ontology_doc` rewrites docs/ontology.md; a test regenerates the text
and compares it with the committed file.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from graph_builder import iris
from graph_builder.namespaces import NKKG, ONTOLOGY_IRI, PREFIXES

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_PATH = ROOT / "ontology" / "nkkg.ttl"
DOC_PATH = ROOT / "docs" / "ontology.md"

ONTOLOGY = URIRef(ONTOLOGY_IRI.value)
DCTERMS = PREFIXES["dcterms"]
VOCABULARIES = {
    "prov": "PROV-O",
    "schema": "schema.org",
    "skos": "SKOS",
    "oa": "Web Annotation",
    "dcterms": "DCMI terms",
    "geo": "GeoSPARQL",
    "rdfs": "RDF Schema",
    "owl": "OWL",
}
DESIGN_NOTES = """\
- **Profile.** The file is OWL 1 Lite: `graph_builder.rdf.owl_lite` finds no construct outside
  it. That rules out unions, disjointness and `owl:hasValue`, so some constraints (a section is part
  of a section *or* of the document) cannot be stated here and are left to validation.
- **Alignment.** Terms are aligned to PROV-O, schema.org, SKOS, Web Annotation, DCMI terms and
  GeoSPARQL with `rdfs:subClassOf` and `rdfs:subPropertyOf` only; nothing is declared
  `owl:equivalentClass`, because no external class means exactly what ours does. The external
  terms are declared (`owl:Class`, `owl:ObjectProperty` …) as OWL Lite requires, and otherwise
  left as their owners define them: this file gives them no domain, range or label.
- **Annotation properties.** `schema:name`, `schema:description`, `schema:license`, `schema:url`
  and `schema:inLanguage` are annotation properties wherever the graph uses them, so they may
  carry a literal or an IRI. `dcterms:title` is a datatype property because `nkkg:title`
  specialises it; the ontology's own title is therefore its `rdfs:label`.
- **Literals.** Text as written (`nkkg:text`, `nkkg:rawText`, `nkkg:title` …) ranges over
  `rdfs:Literal`, so it may carry its language tag (`zh-Hant`); codes and identifiers
  (`nkkg:paragraphKind`, `nkkg:sha256`, `nkkg:isbn` …) are plain `xsd:string`.
- **Offsets.** `nkkg:startOffset` and `nkkg:endOffset` count Unicode code points into the
  document text, end exclusive: what `oa:start` and `oa:end` mean on an `oa:TextPositionSelector`.
  They are not sub-properties of those, whose subject is a selector rather than a part.
- **Sides.** `nkkg:side` points at a concept of the `nkkg:Sides` scheme, not at an actor, so that
  no single state or force is made to stand for a side. Grouping an actor with a side is a
  statement about that actor, made where a source makes it.
- **Neutral wording.** Labels and definitions describe and do not judge. Contested figures and
  characterisations are `nkkg:Claim`s attributed to whoever makes them, never facts of the
  ontology; events of violence against civilians are `nkkg:Massacre` ("massacre or pogrom"),
  named and characterised as their sources do.
"""


@dataclass(frozen=True)
class Term:
    """One class or property of the ontology, as the documentation shows it."""

    name: str
    labels: tuple[str, str]  # English, Traditional Chinese
    definitions: tuple[str, str]
    note: str
    parents: tuple[str, ...]  # named superclasses or super-properties
    restrictions: tuple[str, ...]  # e.g. "isPartOf only nkkg:Paragraph"
    domain: str
    range: str
    characteristics: tuple[str, ...]


class OntologyReader:
    """The ontology as rdflib reads it, with the lookups its documentation needs (used by
    docs/ontology.md and the server's /ontology page alike)."""

    def __init__(self, ttl_path: str | os.PathLike[str]) -> None:
        self.graph = Graph().parse(ttl_path, format="turtle")

    def name(self, node: Node) -> str:
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if str(node).startswith(namespace):
                return f"{prefix}:{str(node)[len(namespace) :]}"
        return f"<{node}>"

    def text(self, subject: Node, predicate: URIRef, language: str) -> str:
        for value in self.graph.objects(subject, predicate):
            if isinstance(value, Literal) and value.language == language:
                return str(value)
        return ""

    def restriction(self, node: Node) -> str:
        on_property = self.name(self.graph.value(node, OWL.onProperty)).removeprefix("nkkg:")
        for word, verb in ((OWL.allValuesFrom, "only"), (OWL.someValuesFrom, "some")):
            if (filler := self.graph.value(node, word)) is not None:
                return f"{on_property} {verb} {self.name(filler)}"
        for word, verb in (
            (OWL.cardinality, "exactly"),
            (OWL.minCardinality, "min"),
            (OWL.maxCardinality, "max"),
        ):
            if (count := self.graph.value(node, word)) is not None:
                return f"{on_property} {verb} {count}"
        return f"{on_property} (restriction)"

    def terms(self, kind: URIRef) -> list[Term]:
        graph, found = self.graph, []
        for iri in graph.subjects(RDF.type, kind):
            if not isinstance(iri, URIRef) or not str(iri).startswith(str(NKKG)):
                continue
            parent_word = RDFS.subClassOf if kind == OWL.Class else RDFS.subPropertyOf
            named = [p for p in graph.objects(iri, parent_word) if isinstance(p, URIRef)]
            restrictions = [p for p in graph.objects(iri, parent_word) if p not in named]
            characteristics = sorted(
                self.name(t).removeprefix("owl:").removesuffix("Property").lower()
                for t in graph.objects(iri, RDF.type)
                if t in (OWL.TransitiveProperty, OWL.FunctionalProperty)
            )
            found.append(
                Term(
                    name=self.name(iri),
                    labels=(
                        self.text(iri, RDFS.label, "en"),
                        self.text(iri, RDFS.label, "zh-Hant"),
                    ),
                    definitions=(
                        self.text(iri, SKOS.definition, "en"),
                        self.text(iri, SKOS.definition, "zh-Hant"),
                    ),
                    note=self.text(iri, SKOS.scopeNote, "en"),
                    parents=tuple(sorted(map(self.name, named))),
                    restrictions=tuple(sorted(map(self.restriction, restrictions))),
                    domain=self.name(graph.value(iri, RDFS.domain) or OWL.Thing),
                    range=self.name(graph.value(iri, RDFS.range) or OWL.Thing),
                    characteristics=tuple(characteristics),
                )
            )
        return sorted(found, key=lambda term: term.name.casefold())


def _mermaid_id(name: str) -> str:
    return name.removeprefix("nkkg:").replace(":", "_")


def mermaid_diagram(ttl_path: str | os.PathLike[str]) -> str:
    """Gives a Mermaid classDiagram of the classes, their superclasses and the object properties."""
    reader = OntologyReader(ttl_path)
    classes = reader.terms(OWL.Class)
    properties = reader.terms(OWL.ObjectProperty)
    shown = {c.name for c in classes} | {p for c in classes for p in c.parents}
    shown |= {end for p in properties for end in (p.domain, p.range)}
    lines = ["classDiagram"]
    for name in sorted(shown, key=str.casefold):
        label = "" if name.startswith("nkkg:") else f'["{name}"]'
        lines.append(f"    class {_mermaid_id(name)}{label}")
    for term in classes:
        for parent in term.parents:
            lines.append(f"    {_mermaid_id(parent)} <|-- {_mermaid_id(term.name)}")
    for prop in properties:
        label = prop.name.removeprefix("nkkg:")
        lines.append(f"    {_mermaid_id(prop.domain)} --> {_mermaid_id(prop.range)} : {label}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _term_table(terms: list[Term], property_table: bool) -> Iterator[str]:
    if property_table:
        yield "| Property | Label | Domain → range | Sub-property of | Definition |"
        yield "|---|---|---|---|---|"
    else:
        yield "| Class | Label | Subclass of | Definition |"
        yield "|---|---|---|---|"
    for term in terms:
        notes = (f"*Note:* {term.note}",) if term.note else ()
        cells = [
            f"`{term.name}`" + "".join(f" ({c})" for c in term.characteristics),
            "<br>".join(term.labels),
            *([f"{term.domain} → {term.range}"] if property_table else []),
            ", ".join(term.parents + term.restrictions) or "—",
            "<br>".join(term.definitions + notes),
        ]
        yield "| " + " | ".join(map(_cell, cells)) + " |"


def _alignments(reader: OntologyReader) -> Iterator[str]:
    graph = reader.graph
    yield "| External term | Vocabulary | Declared as | Specialised by |"
    yield "|---|---|---|---|"
    external = []
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for iri in graph.subjects(RDF.type, kind):
            if not str(iri).startswith(str(NKKG)):
                external.append((reader.name(iri), reader.name(kind), iri))
    for name, kind, iri in sorted(external, key=lambda row: row[0].casefold()):
        children = sorted(
            reader.name(s)
            for p in (RDFS.subClassOf, RDFS.subPropertyOf)
            for s in graph.subjects(p, iri)
        )
        vocabulary = VOCABULARIES.get(name.split(":")[0], "")
        yield f"| `{name}` | {vocabulary} | `{kind}` | {', '.join(children) or '—'} |"


def _schemes(reader: OntologyReader) -> Iterator[str]:
    graph = reader.graph
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=reader.name):
        en, zh = (reader.text(scheme, SKOS.prefLabel, lang) for lang in ("en", "zh-Hant"))
        yield f"### `{reader.name(scheme)}`: {en} / {zh}"
        yield ""
        yield reader.text(scheme, SKOS.definition, "en")
        yield ""
        yield reader.text(scheme, SKOS.definition, "zh-Hant")
        yield ""
        yield "| Concept | Label | Definition |"
        yield "|---|---|---|"
        for concept in sorted(graph.subjects(SKOS.inScheme, scheme), key=reader.name):
            labels = [reader.text(concept, SKOS.prefLabel, lang) for lang in ("en", "zh-Hant")]
            texts = [reader.text(concept, SKOS.definition, lang) for lang in ("en", "zh-Hant")]
            yield f"| `<{concept}>` | {'<br>'.join(labels)} | {_cell('<br>'.join(texts))} |"
        yield ""


def render_markdown(ttl_path: str | os.PathLike[str]) -> str:
    """Gives the whole text of docs/ontology.md for the ontology in `ttl_path`."""
    reader = OntologyReader(ttl_path)
    graph = reader.graph
    title = [reader.text(ONTOLOGY, RDFS.label, lang) for lang in ("en", "zh-Hant")]
    description = [
        reader.text(ONTOLOGY, URIRef(DCTERMS + "description"), lang) for lang in ("en", "zh-Hant")
    ]
    classes = reader.terms(OWL.Class)
    object_properties = reader.terms(OWL.ObjectProperty)
    datatype_properties = reader.terms(OWL.DatatypeProperty)
    lines = [
        "# The nkkg ontology",
        "",
        "<!-- Generated by `python -m graph_builder.rdf.ontology_doc` from ontology/nkkg.ttl;",
        "     edit the ontology and regenerate, do not edit this file by hand. -->",
        "",
        f"{title[0]} ({title[1]}).",
        "",
        description[0],
        "",
        description[1],
        "",
        "| | |",
        "|---|---|",
        f"| Ontology IRI | `<{ONTOLOGY_IRI.value}>` |",
        f"| Term namespace | `nkkg:` = `<{NKKG}>` |",
        f"| Version | {graph.value(ONTOLOGY, OWL.versionInfo)} |",
        f"| Licence | <{graph.value(ONTOLOGY, URIRef(DCTERMS + 'license'))}> |",
        f"| Created | {graph.value(ONTOLOGY, URIRef(DCTERMS + 'created'))} |",
        "| File | `ontology/nkkg.ttl` (Turtle) |",
        f"| Named graph | `<{iris.graph('ontology').value}>`: {iris.GRAPHS['ontology']} |",
        "| Profile | OWL 1 Lite, checked by `graph_builder.rdf.owl_lite` |",
        f"| Size | {len(classes)} classes, {len(object_properties)} object properties, "
        f"{len(datatype_properties)} datatype properties |",
        "",
        "## Design notes",
        "",
        DESIGN_NOTES,
        "## Diagram",
        "",
        "Classes (`nkkg:` names unprefixed), their superclasses, and each object property drawn",
        "from its domain to its range.",
        "",
        "```mermaid",
        mermaid_diagram(ttl_path).rstrip("\n"),
        "```",
        "",
        "## Classes",
        "",
        *_term_table(classes, property_table=False),
        "",
        "## Object properties",
        "",
        *_term_table(object_properties, property_table=True),
        "",
        "## Datatype properties",
        "",
        *_term_table(datatype_properties, property_table=True),
        "",
        "## Alignments and other vocabularies",
        "",
        "Terms of other vocabularies the ontology declares, and the `nkkg:` terms under them.",
        "",
        *_alignments(reader),
        "",
        "## Concept schemes",
        "",
        *_schemes(reader),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Writes docs/ontology.md (or --output) from the ontology; gives the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ontology", type=Path, default=ONTOLOGY_PATH, help="the Turtle file")
    parser.add_argument("--output", type=Path, default=DOC_PATH, help="the Markdown file")
    args = parser.parse_args(argv)
    args.output.write_text(render_markdown(args.ontology), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
