"""How much of the article the curation covers: the facts anchored in each paragraph and infobox
field, and the quantity numbers claimed, so that gaps are visible."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graph_builder.claims.claim import Claim, Claims, Exclusion
from graph_builder.curation.records import Curation, Evidence
from graph_builder.document.mentions import Mention, quantity_mentions
from graph_builder.document.records import Document


def all_evidence(curation: Curation, claims: Claims) -> Iterator[Evidence]:
    """Gives the evidence of every curated fact, claim and contradiction."""
    for entity in curation.entities:
        supports = [entity.support, *(n.support for n in entity.names)]
        for refs in (
            entity.located_in,
            entity.member_of,
            entity.places,
            entity.participants,
            entity.commanders,
            entity.part_of,
        ):
            supports += [ref.support for ref in refs]
        supports += [d.support for d in (*entity.starts, *entity.ends)]
        supports += [s.support for s in entity.sides]
        for role in entity.roles:
            supports += [role.support, *(n.support for n in role.names)]
        if entity.outcome:
            supports.append(entity.outcome)
        yield from (s.evidence for s in supports if s.evidence is not None)
    for contradiction in curation.contradictions:
        yield from contradiction.between
    for claim in claims.claims:
        yield claim.evidence


@dataclass(frozen=True)
class Coverage:
    covered: tuple[Mention, ...]
    excluded: tuple[Mention, ...]
    uncovered: tuple[Mention, ...]

    @property
    def percent(self) -> float:
        counted = len(self.covered) + len(self.uncovered)
        return 100.0 if counted == 0 else 100.0 * len(self.covered) / counted


def coverage(
    doc: Document, claims: tuple[Claim, ...], exclusions: tuple[Exclusion, ...]
) -> Coverage:
    """Sorts the quantity mentions into covered by a claim, excluded, and uncovered."""
    claimed = [(c.number.start, c.number.end) for c in claims if c.number]
    excluded = [(e.number.start, e.number.end) for e in exclusions]

    def inside(mention: Mention, spans: list[tuple[int, int]]) -> bool:
        return any(start <= mention.start and mention.end <= end for start, end in spans)

    covered, out, uncovered = [], [], []
    for mention in quantity_mentions(doc):
        if inside(mention, claimed):
            covered.append(mention)
        elif inside(mention, excluded):
            out.append(mention)
        else:
            uncovered.append(mention)
    return Coverage(tuple(covered), tuple(out), tuple(uncovered))


@dataclass(frozen=True)
class PartCoverage:
    """One paragraph or infobox field, with the number of curated facts anchored in it."""

    key: str
    kind: str  # prose, caption, or infobox
    line: int
    opening: str  # its first words, for a person to find it
    facts: int


@dataclass(frozen=True)
class Report:
    parts: tuple[PartCoverage, ...]
    numbers: Coverage

    def bare(self, kind: str) -> list[PartCoverage]:
        """Gives the parts of one kind with no anchored fact."""
        return [p for p in self.parts if p.kind == kind and p.facts == 0]

    def summary(self) -> str:
        prose = [p for p in self.parts if p.kind == "prose"]
        fields = [p for p in self.parts if p.kind == "infobox"]
        n = self.numbers
        return (
            f"{len(prose) - len(self.bare('prose'))}/{len(prose)} narrative paragraphs and "
            f"{len(fields) - len(self.bare('infobox'))}/{len(fields)} infobox fields hold "
            f"anchored facts; {len(n.covered)}/{len(n.covered) + len(n.uncovered)} quantity "
            f"numbers claimed ({n.percent:.0f}%), {len(n.excluded)} excluded with a reason"
        )


def report(doc: Document, curation: Curation, claims: Claims) -> Report:
    """Gives the coverage of the article by the curation."""
    spans = [(e.start, e.end) for e in all_evidence(curation, claims)]

    def facts(start: int, end: int) -> int:  # evidence overlapping the part (a quote may
        return sum(1 for low, high in spans if low < end and start < high)  # take in a label)

    parts = [
        PartCoverage(p.key, p.kind, p.line, p.text[:24], facts(p.start, p.end))
        for p in doc.paragraphs
    ]
    parts += [
        PartCoverage(f"infobox/{f.key}", "infobox", f.line, f.name, facts(f.start, f.end))
        for f in doc.infobox.fields
        if f.raw
    ]
    return Report(parts=tuple(parts), numbers=coverage(doc, claims.claims, claims.exclusions))


def render(report: Report, doc: Document) -> str:
    """Gives the report as text: each paragraph and infobox field with its count of anchored
    facts (gaps marked), then every quantity number with what covers it."""
    lines = [report.summary(), "", "part                 line  facts  opening"]
    for part in report.parts:
        mark = "  <- none" if part.facts == 0 and part.kind != "caption" else ""
        lines.append(f"{part.key:<20} {part.line:>4}  {part.facts:>5}  {part.opening}{mark}")
    numbers = report.numbers
    lines += [
        "",
        f"quantity numbers: {len(numbers.covered)} claimed, "
        f"{len(numbers.excluded)} excluded, {len(numbers.uncovered)} uncovered",
    ]
    for mention in numbers.uncovered:
        line = doc.text.count("\n", 0, mention.start) + 1
        lines.append(f"  uncovered: line {line}, offset {mention.start}: {mention.text}")
    return "\n".join(lines)
