"""Curated entities -> RDF: the entities with their plain facts for querying, and each fact
reified as an `rdf:Statement` carrying the evidence (or general-knowledge basis) it rests on.

A query can ask `?place nkkg:locatedIn ?region` directly, and a fact-checker can follow the
statement of that triple to the article's exact words: TextQuoteSelector and
TextPositionSelector, as in the W3C Web Annotation model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import opencc
from pyoxigraph import Literal, NamedNode, Quad

from graph_builder import iris
from graph_builder.curation.records import Curation, DatedFact, Entity, Evidence, Name, Support
from graph_builder.document.dates import DateValue
from graph_builder.document.scripts import script_tag
from graph_builder.namespaces import NKKG, OA, RDF, RDFS, SKOS, XSD

Term = NamedNode | Literal
# zh-Hans names are converted, not curated: character by character (t2s) and with the
# mainland's own words for names (tw2sp: 亞塞拜然 -> 阿塞拜疆); both are kept where they differ.
HANS_BASIS = "converted from the zh-Hant name with OpenCC ({})"


def _date(value: DateValue) -> Literal:
    return Literal(value.lexical, datatype=XSD[value.datatype])


@dataclass
class Evidences:
    """The `evidence` graph: each passage of the article once, however many facts rest on it
    (a triple in two graphs would answer twice from the union default graph)."""

    graph: NamedNode = field(default_factory=lambda: iris.graph("evidence"))
    quads: list[Quad] = field(default_factory=list)
    done: set[str] = field(default_factory=set)
    origins: dict[str, str] = field(default_factory=dict)  # node -> "file:line" of its quote

    def node(self, ev: Evidence) -> NamedNode:
        node = iris.evidence(ev.start, ev.end)
        if node.value in self.done:
            return node
        self.origins[node.value] = f"{ev.file}:{ev.line}"
        self.done.add(node.value)
        quote, position = (iris.selector(ev.start, ev.end, k) for k in ("quote", "position"))
        offset = XSD.nonNegativeInteger
        for s, p, o in (
            (node, RDF.type, NKKG.Evidence),
            (node, OA.hasSource, iris.document()),
            (node, OA.hasSelector, quote),
            (node, OA.hasSelector, position),
            (node, NKKG.inPart, NamedNode(ev.part)),
            (quote, RDF.type, OA.TextQuoteSelector),
            (quote, OA.exact, Literal(ev.exact)),
            (quote, OA.prefix, Literal(ev.prefix)),
            (quote, OA.suffix, Literal(ev.suffix)),
            (position, RDF.type, OA.TextPositionSelector),
            (position, OA.start, Literal(str(ev.start), datatype=offset)),
            (position, OA.end, Literal(str(ev.end), datatype=offset)),
        ):
            self.quads.append(Quad(s, p, o, self.graph))
        return node


@dataclass
class Writer:
    evidences: Evidences
    graph: NamedNode = field(default_factory=lambda: iris.graph("curated"))
    quads: list[Quad] = field(default_factory=list)
    converters: tuple[tuple[str, Callable[[str], str]], ...] = ()
    origins: dict[str, str] = field(default_factory=dict)
    """Each node minted from a curated record -> "file:line" where it is curated, so that a
    check failing on the node can name the line to change."""
    curating: tuple[str, int] | None = None  # the record being written, for what has no line

    def origin(self, node: NamedNode, support: Support | None = None) -> None:
        where = (support.where() if support else None) or self.curating
        if where is not None:
            self.origins.setdefault(node.value, f"{where[0]}:{where[1]}")

    def add(self, s: NamedNode, p: NamedNode, o: Term) -> None:
        self.quads.append(Quad(s, p, o, self.graph))

    def evidence(self, ev: Evidence) -> NamedNode:
        return self.evidences.node(ev)

    def support(self, node: NamedNode, support: Support) -> None:
        if support.evidence is not None:
            self.add(node, NKKG.hasEvidence, self.evidence(support.evidence))
        if support.basis:
            self.add(node, NKKG.basis, Literal(support.basis, language="en"))

    def fact(
        self, s: NamedNode, p: NamedNode, o: Term, support: Support, used_by: str | None = None
    ) -> NamedNode:
        """States s p o and reifies it with what it rests on; gives the statement's IRI."""
        self.add(s, p, o)
        statement = iris.statement(str(s), str(p), str(o))
        self.add(statement, RDF.type, RDF.Statement)
        self.add(statement, RDF.subject, s)
        self.add(statement, RDF.predicate, p)
        self.add(statement, RDF.object, o)
        self.support(statement, support)
        self.origin(statement, support)
        if used_by:
            self.add(statement, NKKG.usedBy, iris.side(used_by))
        return statement

    def names(self, node: NamedNode, names: tuple[Name, ...]) -> None:
        for name in names:
            label = Literal(name.text, language=name.lang)
            self.fact(node, RDFS.label, label, name.support, name.used_by)
            self.add(node, SKOS.prefLabel if name.preferred else SKOS.altLabel, label)
            if name.lang != "zh-Hant":
                continue
            # Every zh-Hant name gets its zh-Hans form, even where the characters agree, so a
            # zh-Hans reader always finds a label; the mainland wording is added where it differs.
            seen: set[str] = set()
            for code, convert in self.converters:
                hans = convert(name.text)
                if hans in seen:
                    continue
                seen.add(hans)
                literal = Literal(hans, language="zh-Hans")
                self.fact(
                    node, RDFS.label, literal, Support(basis=HANS_BASIS.format(code)), name.used_by
                )
                first = name.preferred and code == self.converters[0][0]
                self.add(node, SKOS.prefLabel if first else SKOS.altLabel, literal)

    def dates(
        self, node: NamedNode, p: NamedNode, written: NamedNode, facts: tuple[DatedFact, ...]
    ) -> None:
        for dated in facts:
            statement = self.fact(node, p, _date(dated.value), dated.support)
            as_written = Literal(dated.as_written, language=script_tag(dated.as_written))
            self.add(statement, NKKG.dateAsWritten, as_written)
            self.add(node, written, as_written)


def _entity_quads(w: Writer, entity: Entity, iri: Callable[[str], NamedNode]) -> None:
    node = iris.entity(entity.category, entity.id)
    w.curating = (entity.file, entity.line)
    w.origin(node)
    for kind in (entity.kind, *entity.also):
        w.fact(node, RDF.type, NKKG[kind], entity.support)
    w.support(node, entity.support)
    w.names(node, entity.names)
    for ref in entity.located_in:
        w.fact(node, NKKG.locatedIn, iri(ref.target), ref.support)
    for ref in entity.member_of:
        w.fact(node, NKKG.memberOf, iri(ref.target), ref.support)
    for n, span in enumerate(entity.sides, start=1):
        w.fact(node, NKKG.side, iris.side(span.side), span.support)
        part = iris.entity_part("actor", entity.id, "side", str(n))
        w.add(node, NKKG.sideSpan, part)
        w.origin(part, span.support)
        w.add(part, RDF.type, NKKG.SideSpan)
        w.add(part, NKKG.side, iris.side(span.side))
        if span.start:
            w.add(part, NKKG.startDate, _date(span.start))
        if span.end:
            w.add(part, NKKG.endDate, _date(span.end))
        w.support(part, span.support)
    for n, role in enumerate(entity.roles, start=1):
        part = iris.entity_part("actor", entity.id, "role", str(n))
        w.fact(node, NKKG.holds, part, role.support)
        w.origin(part, role.support)
        w.add(part, RDF.type, NKKG.Role)
        w.names(part, role.names)
        if role.of:
            w.fact(part, NKKG.roleOf, iri(role.of), role.support)
        if role.start:
            w.add(part, NKKG.startDate, _date(role.start))
        if role.end:
            w.add(part, NKKG.endDate, _date(role.end))
    w.dates(node, NKKG.startDate, NKKG.startAsWritten, entity.starts)
    w.dates(node, NKKG.endDate, NKKG.endAsWritten, entity.ends)
    if entity.undated:
        w.add(node, NKKG.undated, Literal("true", datatype=XSD.boolean))
    for ref in entity.places:
        w.fact(node, NKKG.place, iri(ref.target), ref.support)
    for ref in entity.part_of:
        w.fact(node, NKKG.partOfEvent, iri(ref.target), ref.support)
    for role_name, refs in (("participant", entity.participants), ("commander", entity.commanders)):
        for ref in refs:
            actor = iri(ref.target)
            w.fact(node, NKKG[role_name], actor, ref.support)
            part = iris.entity_part("event", entity.id, role_name, ref.target)
            w.add(node, NKKG.participation, part)
            w.origin(part, ref.support)
            w.add(part, RDF.type, NKKG.Participation)
            w.add(part, NKKG.agent, actor)
            w.add(part, NKKG.participationRole, Literal(role_name))
            if ref.side:
                w.add(part, NKKG.side, iris.side(ref.side))
            w.support(part, ref.support)
    if entity.outcome and entity.outcome.evidence:
        words = entity.outcome.evidence.exact
        w.fact(node, NKKG.outcome, Literal(words, language=script_tag(words)), entity.outcome)
    for mention in entity.mentions:  # the article's phrases for it that are not its names
        if mention.evidence is not None:
            w.add(node, NKKG.mention, w.evidence(mention.evidence))


def _timeline(w: Writer, entities: tuple[Entity, ...]) -> None:
    """Numbers the dated events in time order (earliest start first; ties by end, then id)."""
    dated = [e for e in entities if e.category == "event" and e.starts]
    dated.sort(
        key=lambda e: (
            min(d.value.sort_key() for d in e.starts),
            min((d.value.sort_key() for d in e.ends), default=""),
            e.id,
        )
    )
    for order, event in enumerate(dated, start=1):
        w.add(
            iris.entity("event", event.id),
            NKKG.timelineOrder,
            Literal(str(order), datatype=XSD.positiveInteger),
        )


def _contradictions(w: Writer, curation: Curation) -> None:
    by_id = curation.by_id()
    flagged = [(c.id, c.about, c.note, c.between) for c in curation.contradictions]
    for entity in curation.entities:  # one event, two dates: the article disagrees with itself
        for kind, facts in (("start", entity.starts), ("end", entity.ends)):
            if len({d.value.lexical for d in facts}) > 1:
                note = f"the article gives {len(facts)} different {kind} dates"
                evidence = tuple(d.support.evidence for d in facts if d.support.evidence)
                flagged.append((f"{entity.id}-{kind}", entity.id, note, evidence))
    where = {c.id: (c.file, c.line) for c in curation.contradictions}
    for key, about, note, between in flagged:
        node = iris.contradiction(key)
        w.curating = where.get(key) or (by_id[about].file, by_id[about].line)
        w.origin(node)
        target = by_id[about]
        w.add(node, RDF.type, NKKG.Contradiction)
        w.add(node, NKKG.concerns, iris.entity(target.category, target.id))
        w.add(node, NKKG.note, Literal(note, language="en"))
        for evidence in between:
            w.add(node, NKKG.between, w.evidence(evidence))


def entity_iri(curation: Curation) -> Callable[[str], NamedNode]:
    """Gives the function from a curated id to its entity's IRI (minted by its category)."""
    by_id = curation.by_id()

    def iri(key: str) -> NamedNode:
        return iris.entity(by_id[key].category, key)

    return iri


def curated_quads(
    curation: Curation, evidences: Evidences, origins: dict[str, str] | None = None
) -> list[Quad]:
    """Gives the `curated` graph for every curated entity, fact and contradiction; the
    passages they rest on go to `evidences`, and where each node is curated to `origins`."""
    converters = tuple((code, opencc.OpenCC(code).convert) for code in ("t2s", "tw2sp"))
    w = Writer(evidences=evidences, converters=converters)
    if origins is not None:
        w.origins = origins
    iri = entity_iri(curation)
    for entity in curation.entities:
        _entity_quads(w, entity, iri)
    _timeline(w, curation.entities)
    _contradictions(w, curation)
    return w.quads
