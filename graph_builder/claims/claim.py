"""Curated claims -> claim records: each version of a figure, or an accusation or denial, with
its value or range, who claims it, the references the article cites for it, and its words.

How versions group into figures, and which figures are disputed, is graph_builder/claims/
variables.py's to say: the build, not the curator, decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph_builder.curation.anchors import anchor
from graph_builder.curation.records import Curation, Entity, Evidence, Support
from graph_builder.curation.schema import ClaimSpec, ExclusionSpec, line_of
from graph_builder.document.numbers import Reading, parse_number
from graph_builder.document.records import Document
from graph_builder.errors import CurationError

UNATTRIBUTED = "unattributed"
SIDE_SUBJECTS = ("armenian-side", "azerbaijani-side")
_NOBODY = Entity(id="", category="", kind="", names=(), support=Support(), file="", line=0)


@dataclass(frozen=True)
class CitedRef:
    number: int
    page: str | None


@dataclass(frozen=True)
class Claim:
    id: str
    about: str  # a curated entity id, or armenian-side / azerbaijani-side
    claimant: str | None  # an actor id; None when the article names nobody
    evidence: Evidence  # the article's words the claim rests on
    refs: tuple[CitedRef, ...]  # () when the article cites nothing for it
    file: str
    line: int
    kind: str | None = None
    scope: str = "total"
    unit: str | None = None
    reading: Reading | None = None
    number: Evidence | None = None  # the number itself, as written, inside the quote
    polarity: str | None = None
    proposition: str | None = None
    weighing: Evidence | None = None  # the article's own weighing words, e.g. 保守估計
    note: str | None = None

    @property
    def variable_key(self) -> tuple[str, str, str] | None:
        return None if self.kind is None else (self.about, self.kind, self.scope)


@dataclass(frozen=True)
class Exclusion:
    """A number in the article that is not a quantity claim (a distance, an age, an ordinal
    of a resolution…), with the reason, so coverage can account for every number."""

    number: Evidence
    reason: str


def _markers_of_part(doc: Document, evidence: Evidence) -> list[tuple[int, int]]:
    """Gives (reference number, offset) of the markers in the part holding the evidence: its
    sentence, or in the infobox and the table the line it stands on."""
    if "/sentence/" in evidence.part:
        holder = evidence.part.rsplit("/", 1)[-1]
        return [(m.ref_number, m.start) for m in doc.markers if m.sentence_key == holder]
    line_start = doc.text.rfind("\n", 0, evidence.start) + 1
    line_end = doc.text.find("\n", evidence.end)
    return [(m.ref_number, m.start) for m in doc.markers if line_start <= m.start < line_end]


def _refs(doc: Document, spec: ClaimSpec, evidence: Evidence, fail: Any) -> tuple[CitedRef, ...]:
    if "/source/" in evidence.part:  # words quoted inside a reference entry: that entry cites it
        present = [int(evidence.part.rsplit("/", 1)[-1])]
    else:
        present = list(dict.fromkeys(number for number, _ in _markers_of_part(doc, evidence)))
    numbers = present if spec.refs is None else spec.refs
    for number in numbers:
        if number not in present:
            fail(f"reference [{number}] is not cited where the quote stands (there: {present})")
    refs = []
    for number in numbers:
        page = spec.pages.get(number)
        source = doc.source(number)
        if page is None and source.short_citation is not None:
            page = source.short_citation.page
        refs.append(CitedRef(number=number, page=page or source.pages))
    return tuple(refs)


def _within(evidence: Evidence, words: str, text: str, what: str, fail: Any) -> Evidence:
    at = text.find(words, evidence.start, evidence.end)
    if at == -1:
        fail(f"the {what} {words!r} does not stand in the quote {evidence.exact!r}")
    found = anchor(text, words, offset=at)
    return Evidence(
        exact=found.exact,
        start=found.start,
        end=found.end,
        prefix=found.prefix,
        suffix=found.suffix,
        part=evidence.part,
        file=evidence.file,
        line=evidence.line,
    )


def build_claim(
    doc: Document,
    spec: ClaimSpec,
    support: Support,
    path: str,
    lines: dict[tuple[Any, ...], int],
    loc: tuple[Any, ...],
) -> Claim:
    """Gives the claim record of one curated claim whose quote is already anchored."""
    line = line_of(loc, lines)

    def fail(message: str) -> None:
        raise CurationError(message, file=path, line=line, value=spec.id)

    assert support.evidence is not None
    evidence = support.evidence
    figure = spec.number is not None
    if figure and (spec.kind is None or spec.unit is None):
        fail("a figure needs `kind` and `unit`")
    if not figure and (spec.polarity is None or spec.proposition is None):
        fail("a claim gives a `number` (a figure) or a `polarity` and `proposition`")
    reading = number = None
    if spec.number is not None:
        try:
            reading = parse_number(spec.number)
        except ValueError as error:
            fail(str(error))
        number = _within(evidence, spec.number, doc.text, "number", fail)
    weighing = spec.weighing and _within(evidence, spec.weighing, doc.text, "weighing", fail)
    return Claim(
        id=spec.id,
        about=spec.about,
        claimant=None if spec.claimant == UNATTRIBUTED else spec.claimant,
        evidence=evidence,
        refs=_refs(doc, spec, evidence, fail),
        file=path,
        line=line,
        kind=spec.kind,
        scope=spec.scope,
        unit=spec.unit,
        reading=reading,
        number=number,
        polarity=spec.polarity,
        proposition=spec.proposition,
        weighing=weighing or None,
        note=spec.note,
    )


def build_exclusion(
    doc: Document,
    spec: ExclusionSpec,
    support: Support,
    path: str,
    lines: dict[tuple[Any, ...], int],
    loc: tuple[Any, ...],
) -> Exclusion:
    """Gives the exclusion of one number, anchored inside its quote."""

    def fail(message: str) -> None:
        raise CurationError(message, file=path, line=line_of(loc, lines), value=spec.number)

    assert support.evidence is not None
    number = _within(support.evidence, spec.number, doc.text, "number", fail)
    return Exclusion(number=number, reason=spec.reason)


def check_claims(curation: Curation, claims: tuple[Claim, ...]) -> None:
    """Fails on a duplicate claim id, or a claim about or by an id no curated file defines."""
    entities = curation.by_id()
    seen: dict[str, Claim] = {}
    for claim in claims:
        if claim.id in seen:
            first = seen[claim.id]
            raise CurationError(
                f"duplicate claim id, first defined at {first.file}:{first.line}",
                file=claim.file,
                line=claim.line,
                value=claim.id,
            )
        seen[claim.id] = claim
        if claim.about not in entities and claim.about not in SIDE_SUBJECTS:
            raise CurationError(
                f"claim about an id no curated file defines (nor {' / '.join(SIDE_SUBJECTS)})",
                file=claim.file,
                line=claim.line,
                value=claim.about,
            )
        if (
            claim.claimant is not None
            and "actor" not in entities.get(claim.claimant, _NOBODY).categories
        ):
            raise CurationError(
                f"claimant is not a curated actor (nor `{UNATTRIBUTED}`)",
                file=claim.file,
                line=claim.line,
                value=claim.claimant,
            )


@dataclass(frozen=True)
class Claims:
    """Every claim of the curation, and every number it excludes with a reason."""

    claims: tuple[Claim, ...]
    exclusions: tuple[Exclusion, ...]


def build_claims(doc: Document, curation: Curation) -> Claims:
    """Gives the records of every curated claim and exclusion, each checked against the article
    and the curated entities."""
    claims = tuple(
        build_claim(doc, c.spec, c.support, c.file, c.lines, c.loc) for c in curation.claims
    )
    exclusions = tuple(
        build_exclusion(doc, e.spec, e.support, e.file, e.lines, e.loc) for e in curation.exclusions
    )
    check_claims(curation, claims)
    return Claims(claims=claims, exclusions=exclusions)
