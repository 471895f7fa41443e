"""Curated claims -> claim records: each version of a figure, or an accusation or denial, with
its value or range, who claims it, the references the article cites for it, and its words.

Figures about one thing (same subject, quantity kind and scope) are grouped into a disputed
variable; the build, not the curator, decides which variables are disputed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from typing import Any

from graph_builder.anchors import anchor
from graph_builder.curation_schema import ClaimSpec, ExclusionSpec, line_of
from graph_builder.entities import Evidence, Support
from graph_builder.errors import CurationError
from graph_builder.numbers import Reading, parse_number
from graph_builder.records import Document

UNATTRIBUTED = "unattributed"
SIDE_SUBJECTS = ("armenian-side", "azerbaijani-side")


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


@dataclass(frozen=True)
class Variable:
    """All versions of one figure: same subject, quantity kind and scope."""

    about: str
    kind: str
    scope: str
    claims: tuple[Claim, ...]
    disputed: bool
    reason: str  # why it is disputed, or why not

    @property
    def key(self) -> str:
        scope = "-".join(self.scope.lower().replace(",", " ").split())
        return f"{self.about}--{self.kind}--{scope}"


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


def _interval(claim: Claim) -> tuple[Decimal, Decimal | None]:
    reading = claim.reading
    assert reading is not None
    if reading.bound == "lower":
        return reading.low or Decimal(0), None
    if reading.bound == "upper":
        return Decimal(0), reading.high
    return reading.low or Decimal(0), reading.high


def _overlap(a: Claim, b: Claim) -> bool:
    (a_low, a_high), (b_low, b_high) = _interval(a), _interval(b)
    return (a_high is None or b_low <= a_high) and (b_high is None or a_low <= b_high)


def variables(claims: tuple[Claim, ...]) -> tuple[Variable, ...]:
    """Groups the figures by subject, quantity kind and scope, and says which are disputed:
    two or more versions whose ranges do not overlap, or that different claimants give."""
    groups: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.variable_key is not None:
            groups[claim.variable_key].append(claim)
    result = []
    for (about, kind, scope), members in sorted(groups.items()):
        apart = [(a.id, b.id) for a, b in combinations(members, 2) if not _overlap(a, b)]
        claimants = {c.claimant or UNATTRIBUTED for c in members}
        if apart:
            reason = f"versions do not overlap: {apart[0][0]} and {apart[0][1]}"
        elif len(claimants) > 1:
            reason = f"different claimants: {', '.join(sorted(claimants))}"
        else:
            reason = "one version" if len(members) == 1 else "versions agree, one claimant"
        result.append(
            Variable(
                about=about,
                kind=kind,
                scope=scope,
                claims=tuple(members),
                disputed=bool(apart) or len(claimants) > 1,
                reason=reason,
            )
        )
    return tuple(result)
