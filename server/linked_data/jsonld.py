"""JSON-LD with short keys: the published `@context` (ontology/context.jsonld) and the writer
that compacts a description's triples against it.

The context maps every `nkkg:` class and property to its local name (`Claim`, `about`,
`citedPage`), the common terms of other vocabularies to theirs (`label`, `prefLabel`, `exact`,
`hasSelector` …), `type` to `@type`, and declares every prefix of graph_builder/namespaces.py,
one per kind of resource among them (`actor:`, `claim:` …), the same ones SPARQL uses. A
property whose local name is such a prefix (`nkkg:place`, `nkkg:source`) keeps its compact IRI
as its key, since one key cannot be both.
Object properties are typed `@id`, so a link is a plain string. A plain string is a plain
literal; every other literal is a value object (`{"@value": …, "@language": …}`), so no
coercion can change what it means.

pyoxigraph's own JSON-LD serializer writes full IRIs; this writer compacts. A description is
RDF 1.1 (no triple terms); should a statement with a triple term reach it all the same, it is
left out (JSON-LD 1.1 cannot say it) and counted. `python -m server.linked_data.jsonld`
regenerates the context from the ontology; a test checks the committed file against it.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, Store, Triple

from graph_builder.namespaces import NKKG, OA, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from graph_builder.namespaces import SPARQL_PREFIXES as PREFIXES

ROOT = Path(__file__).resolve().parents[2]
CONTEXT_PATH = ROOT / "ontology" / "context.jsonld"
ONTOLOGY_PATH = ROOT / "ontology" / "nkkg.ttl"

# Terms of other vocabularies the graph uses often, by the name people know them by; an `nkkg:`
# term of the same local name wins. True: the value is a link (typed @id).
COMMON_TERMS: dict[str, tuple[NamedNode, bool]] = {
    "label": (RDFS.label, False),
    "comment": (RDFS.comment, False),
    "isDefinedBy": (RDFS.isDefinedBy, True),
    "subClassOf": (RDFS.subClassOf, True),
    "subPropertyOf": (RDFS.subPropertyOf, True),
    "domain": (RDFS.domain, True),
    "range": (RDFS.range, True),
    "prefLabel": (SKOS.prefLabel, False),
    "altLabel": (SKOS.altLabel, False),
    "definition": (SKOS.definition, False),
    "scopeNote": (SKOS.scopeNote, False),
    "inScheme": (SKOS.inScheme, True),
    "hasTopConcept": (SKOS.hasTopConcept, True),
    "topConceptOf": (SKOS.topConceptOf, True),
    "hasSelector": (OA.hasSelector, True),
    "hasSource": (OA.hasSource, True),
    "exact": (OA.exact, False),
    "prefix": (OA.prefix, False),
    "suffix": (OA.suffix, False),
    "start": (OA.start, False),
    "end": (OA.end, False),
    "wasDerivedFrom": (PROV.wasDerivedFrom, True),
    "wasAttributedTo": (PROV.wasAttributedTo, True),
    "name": (SCHEMA.name, False),
    "url": (SCHEMA.url, False),
    "subject": (RDF.subject, True),
    "predicate": (RDF.predicate, True),
    "object": (RDF.object, False),
}
KINDS = {
    OWL.Class.value: False,
    OWL.ObjectProperty.value: True,
    OWL.DatatypeProperty.value: False,
    OWL.AnnotationProperty.value: False,
}


def build_context(ontology: Path = ONTOLOGY_PATH) -> dict[str, object]:
    """Gives the JSON-LD context document for the ontology in `ontology` (Turtle)."""
    graph = Store()
    graph.load(path=str(ontology), format=RdfFormat.TURTLE)
    nkkg_terms: dict[str, object] = {}
    for kind, is_link in KINDS.items():
        for quad in graph.quads_for_pattern(None, RDF.type, NamedNode(kind)):
            iri = quad.subject
            if not isinstance(iri, NamedNode) or not iri.value.startswith(str(NKKG)):
                continue
            local = iri.value.removeprefix(str(NKKG))
            if "/" in local:
                continue  # concepts such as side/armenian are values, not keys
            compact = f"nkkg:{local}"
            if local in PREFIXES:
                # The key is a prefix (place:shusha): the property is known by its compact IRI.
                if is_link:
                    nkkg_terms[compact] = {"@type": "@id"}
                continue
            nkkg_terms[local] = {"@id": compact, "@type": "@id"} if is_link else compact
    terms: dict[str, object] = {"type": "@type"}
    terms.update({name: iri for name, iri in PREFIXES.items()})
    for name, (iri, is_link) in COMMON_TERMS.items():
        if name in nkkg_terms:
            continue
        compact = _prefixed(iri.value) or iri.value
        terms[name] = {"@id": compact, "@type": "@id"} if is_link else compact
    terms.update(dict(sorted(nkkg_terms.items(), key=lambda item: item[0])))
    return {"@context": terms}


def context_text(ontology: Path = ONTOLOGY_PATH) -> str:
    """Gives the text of ontology/context.jsonld as it should be committed."""
    return json.dumps(build_context(ontology), ensure_ascii=False, indent=2) + "\n"


def _prefixed(iri: str) -> str | None:
    """Gives `prefix:local` for an IRI under one of the PREFIXES (the longest namespace), when
    the result reads back as the same IRI; else None."""
    best = max(
        ((name, ns) for name, ns in PREFIXES.items() if iri.startswith(ns) and iri != ns),
        key=lambda pair: len(pair[1]),
        default=None,
    )
    if best is None:
        return None
    local = iri[len(best[1]) :]
    # A suffix that starts with // would make the compact IRI read as an absolute IRI.
    return None if local.startswith("//") else f"{best[0]}:{local}"


class Compactor:
    """Writes triples as a JSON-LD document with the keys of one context."""

    def __init__(self, context: dict[str, object]) -> None:
        definitions = context["@context"]
        assert isinstance(definitions, dict)
        self.key_of: dict[str, str] = {}
        self.links: set[str] = set()
        for name, definition in definitions.items():
            if name in PREFIXES or definition == "@type":
                continue
            is_link = isinstance(definition, dict) and definition.get("@type") == "@id"
            # A key that is a compact IRI itself (`nkkg:place`) may leave out its @id.
            compact = definition.get("@id", name) if isinstance(definition, dict) else definition
            iri = self.expand(str(compact))
            self.key_of[iri] = name
            if is_link:
                self.links.add(name)

    @staticmethod
    def expand(compact: str) -> str:
        prefix, colon, local = compact.partition(":")
        if colon and prefix in PREFIXES and not local.startswith("//"):
            return PREFIXES[prefix] + local
        return compact

    @staticmethod
    def node_id(iri: str) -> str:
        return _prefixed(iri) or iri

    def _literal(self, literal: Literal, key: str) -> str | dict[str, str]:
        if literal.language:
            return {"@value": literal.value, "@language": literal.language}
        if literal.datatype == XSD.string:
            # A bare string is a plain literal, except under a key typed @id (a link).
            return {"@value": literal.value} if key in self.links else literal.value
        return {"@value": literal.value, "@type": self.node_id(literal.datatype.value)}

    def document(
        self, triples: list[Triple], context_url: str, first: NamedNode
    ) -> tuple[dict, int]:
        """Gives the JSON-LD document of `triples` (node `first` first) referencing the context
        at `context_url`, and how many statements it left out (those with a triple term)."""
        nodes: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
        left_out = 0
        for triple in sorted(triples, key=str):
            subject, predicate, obj = triple.subject, triple.predicate, triple.object
            if not isinstance(subject, NamedNode) or isinstance(obj, Triple):
                left_out += 1
                continue
            node = nodes[subject.value]
            if predicate == RDF.type and isinstance(obj, NamedNode):
                node["type"].append(self.key_of.get(obj.value) or self.node_id(obj.value))
                continue
            key = self.key_of.get(predicate.value) or self.node_id(predicate.value)
            if isinstance(obj, Literal):
                node[key].append(self._literal(obj, key))
            elif isinstance(obj, NamedNode):
                link = self.node_id(obj.value)
                node[key].append(link if key in self.links else {"@id": link})
            else:
                left_out += 1
        order = sorted(nodes, key=lambda iri: (iri != first.value, iri))
        graph = []
        for iri in order:
            members: dict[str, object] = {"@id": self.node_id(iri)}
            for key, values in nodes[iri].items():
                members[key] = values[0] if len(values) == 1 else values
            graph.append(members)
        return {"@context": context_url, "@graph": graph}, left_out


def load_context(path: Path = CONTEXT_PATH) -> dict[str, object]:
    """Gives the published context document."""
    return json.loads(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Writes ontology/context.jsonld (or --output) from the ontology; gives the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ontology", type=Path, default=ONTOLOGY_PATH, help="the Turtle file")
    parser.add_argument("--output", type=Path, default=CONTEXT_PATH, help="the context file")
    args = parser.parse_args(argv)
    args.output.write_text(context_text(args.ontology), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
