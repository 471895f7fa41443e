"""Curated YAML files -> entity records, with every quote anchored in the article.

The schema is enforced by pydantic models with no extra fields allowed; any error (a wrong
field, a missing id, a dangling reference, a quote not in the article or ambiguous) names the
file, the line and the offending value.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph_builder import iris
from graph_builder.curation.anchors import AnchorError, anchor
from graph_builder.curation.integrity import check_references, merge_entities
from graph_builder.curation.records import (
    Contradiction,
    Curated,
    Curation,
    DatedFact,
    Entity,
    Evidence,
    Name,
    Reference,
    Role,
    SideSpan,
    Support,
)
from graph_builder.curation.schema import (
    CLASSES,
    ActorSpec,
    ClaimSpec,
    CurationFile,
    DateSpec,
    EntitySpec,
    EventSpec,
    ExclusionSpec,
    NameSpec,
    PlaceSpec,
    Quoted,
    RefSpec,
    line_of,
    read_file,
)
from graph_builder.document.dates import parse_date
from graph_builder.document.records import Document
from graph_builder.errors import CurationError

CURATION_DIR = Path(__file__).resolve().parents[2] / "curation"


def entity_files(folder: Path = CURATION_DIR) -> list[Path]:
    """Gives the curated files of actors, places and events: all but the claims files."""
    return [p for p in sorted(folder.glob("*.yaml")) if not p.name.startswith("claims-")]


class _Anchoring:
    """Turns quoted specs into evidence, naming file and line when a quote does not anchor."""

    def __init__(self, doc: Document, path: Path, lines: dict[tuple[Any, ...], int]) -> None:
        self.doc, self.path, self.lines = doc, path, lines
        self.parts = part_index(doc)

    def support(
        self,
        spec: Quoted,
        loc: tuple[Any, ...],
        default_quote: str | None = None,
        must_contain: str | None = None,
    ) -> Support:
        line = line_of(loc, self.lines)
        if spec.general is not None and spec.quote is None:
            return Support(
                basis=f"general knowledge: {spec.general}", file=str(self.path), line=line
            )
        quote = spec.quote if spec.quote is not None else default_quote
        if quote is None:
            raise CurationError(
                "needs `quote` (the article's words) or `general` (its origin)",
                file=self.path,
                line=line,
            )
        if must_contain is not None and must_contain not in quote:
            raise CurationError(
                f"the quote does not contain {must_contain!r}",
                file=self.path,
                line=line,
                value=quote,
            )
        try:
            found = anchor(self.doc.text, quote, spec.offset)
        except AnchorError as error:
            raise CurationError(str(error), file=self.path, line=line) from error
        evidence = Evidence(
            exact=found.exact,
            start=found.start,
            end=found.end,
            prefix=found.prefix,
            suffix=found.suffix,
            part=self.parts(found.start),
            file=str(self.path),
            line=line,
        )
        basis = spec.general and f"also: {spec.general}"
        return Support(evidence=evidence, basis=basis, file=str(self.path), line=line)

    def date(self, value: str | None, loc: tuple[Any, ...]):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        try:
            return parse_date(value)
        except ValueError as error:
            raise CurationError(
                str(error), file=self.path, line=line_of(loc, self.lines), value=value
            ) from error


def part_index(doc: Document):  # type: ignore[no-untyped-def]
    """Gives a function from a character offset to the IRI of the smallest part holding it."""
    spans: list[tuple[int, int, str]] = [
        (s.start, s.end, iris.sentence(s.key).value) for s in doc.sentences
    ]
    for field in doc.infobox.fields:
        spans += [
            (e.start, e.end, iris.infobox_entry(field.key, n).value)
            for n, e in enumerate(field.entries, start=1)
        ]
        spans.append((field.start, field.end, iris.infobox_field(field.key).value))
    spans += [
        (c.start, c.end, iris.table_cell(doc.table.key, c.row, c.column).value)
        for row in doc.table.rows
        for c in row
    ]
    spans += [(n.start, n.end, iris.note(n.key).value) for n in doc.notes]
    spans += [(s.start, s.end, iris.source(s.number).value) for s in doc.sources]
    spans.sort(key=lambda span: span[1] - span[0])

    def part(offset: int) -> str:
        for start, end, iri in spans:
            if start <= offset < end:
                return iri
        return iris.document().value

    return part


def _names(a: _Anchoring, specs: list[NameSpec], loc: tuple[Any, ...]) -> tuple[Name, ...]:
    names = []
    for i, spec in enumerate(specs):
        # A name the article writes is its own quote unless a longer one disambiguates it.
        default = spec.name if spec.general is None else None
        support = a.support(
            spec,
            (*loc, i),
            default_quote=default,
            must_contain=spec.name if spec.general is None else None,
        )
        names.append(
            Name(
                text=spec.name,
                lang=spec.lang,
                support=support,
                used_by=spec.used_by,
                preferred=not any(n.lang == spec.lang for n in names),
            )
        )
    return tuple(names)


def _refs(a: _Anchoring, specs: list[RefSpec], loc: tuple[Any, ...]) -> tuple[Reference, ...]:
    return tuple(
        Reference(target=s.ref, side=s.side, support=a.support(s, (*loc, i)))
        for i, s in enumerate(specs)
    )


def _dates(a: _Anchoring, specs: list[DateSpec], loc: tuple[Any, ...]) -> tuple[DatedFact, ...]:
    return tuple(
        DatedFact(
            value=a.date(s.date, (*loc, i)),
            as_written=s.as_written,
            support=a.support(s, (*loc, i), must_contain=s.as_written),
        )
        for i, s in enumerate(specs)
    )


def _entity(a: _Anchoring, spec: EntitySpec, category: str, loc: tuple[Any, ...]) -> Entity:
    allowed = CLASSES[category]
    if spec.kind not in allowed:
        raise CurationError(
            f"`class` of a {category} is one of {', '.join(allowed)}",
            file=a.path,
            line=line_of((*loc, "class"), a.lines),
            value=spec.kind,
        )
    categories = {category}
    for extra in spec.also:
        also = next((c for c, kinds in CLASSES.items() if extra in kinds), None)
        if also is None:
            raise CurationError(
                "`also` names a class the ontology does not have",
                file=a.path,
                line=line_of((*loc, "also"), a.lines),
                value=extra,
            )
        categories.add(also)
    fields: dict[str, Any] = {}
    if isinstance(spec, PlaceSpec):
        fields["located_in"] = _refs(a, spec.located_in, (*loc, "located_in"))
    if isinstance(spec, ActorSpec):
        fields["sides"] = tuple(
            SideSpan(
                side=s.side,
                start=a.date(s.start, (*loc, "sides", i)),
                end=a.date(s.end, (*loc, "sides", i)),
                support=a.support(s, (*loc, "sides", i)),
            )
            for i, s in enumerate(spec.sides)
        )
        fields["roles"] = tuple(
            Role(
                names=_names(a, r.names, (*loc, "roles", i, "names")),
                of=r.of,
                start=a.date(r.start, (*loc, "roles", i)),
                end=a.date(r.end, (*loc, "roles", i)),
                support=a.support(r, (*loc, "roles", i)),
            )
            for i, r in enumerate(spec.roles)
        )
        fields["member_of"] = _refs(a, spec.member_of, (*loc, "member_of"))
    if isinstance(spec, EventSpec):
        fields |= {
            "starts": _dates(a, spec.start, (*loc, "start")),
            "ends": _dates(a, spec.end, (*loc, "end")),
            "undated": spec.undated,
            "places": _refs(a, spec.places, (*loc, "places")),
            "participants": _refs(a, spec.participants, (*loc, "participants")),
            "commanders": _refs(a, spec.commanders, (*loc, "commanders")),
            "outcome": spec.outcome and a.support(spec.outcome, (*loc, "outcome")),
            "part_of": _refs(a, spec.part_of, (*loc, "part_of")),
        }
    return Entity(
        id=spec.id,
        category=category,
        kind=spec.kind,
        also=tuple(spec.also),
        categories=frozenset(categories),
        names=_names(a, spec.names, (*loc, "names")),
        mentions=tuple(a.support(m, (*loc, "mentions", i)) for i, m in enumerate(spec.mentions)),
        support=a.support(spec, loc),
        file=str(a.path),
        line=line_of(loc, a.lines),
        **fields,
    )


def _file_entities(a: _Anchoring, data: CurationFile) -> Iterator[Entity]:
    for category, specs in (("place", data.places), ("actor", data.actors), ("event", data.events)):
        for i, spec in enumerate(specs):
            yield _entity(a, spec, category, (f"{category}s", i))


def load_curation(doc: Document, folder: Path = CURATION_DIR) -> Curation:
    """Gives every curated entity and contradiction in `folder`, checked and anchored, and
    the curated claims and exclusions with their quotes anchored."""
    entities: list[Entity] = []
    contradictions: list[Contradiction] = []
    claims: list[Curated[ClaimSpec]] = []
    exclusions: list[Curated[ExclusionSpec]] = []
    for path in sorted(folder.glob("*.yaml")):
        data, lines = read_file(path)
        a = _Anchoring(doc, path, lines)
        entities += _file_entities(a, data)
        for i, spec in enumerate(data.contradictions):
            loc = ("contradictions", i)
            between = tuple(
                a.support(q, (*loc, "between", j)).evidence for j, q in enumerate(spec.between)
            )
            contradictions.append(
                Contradiction(
                    id=spec.id,
                    about=spec.about,
                    note=spec.note,
                    between=tuple(e for e in between if e),
                    file=str(path),
                    line=line_of((*loc, "about"), lines),
                )
            )
        for i, claim in enumerate(data.claims):
            loc = ("claims", i)
            claims.append(Curated(claim, a.support(claim, loc), str(path), lines, loc))
        for i, exclusion in enumerate(data.exclusions):
            loc = ("exclusions", i)
            exclusions.append(Curated(exclusion, a.support(exclusion, loc), str(path), lines, loc))
    curation = Curation(
        entities=merge_entities(entities),
        contradictions=tuple(contradictions),
        claims=tuple(claims),
        exclusions=tuple(exclusions),
    )
    check_references(curation)
    return curation
