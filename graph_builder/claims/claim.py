"""Curated claims -> claim records: each version of a figure, or an accusation or denial, with
its value or range, its bound (read from the article's words around the number), who claims it,
the references the article cites for it (found where the article places them), its words and the
curators' English gloss of them.

How versions group into figures, and which figures are disputed, is graph_builder/claims/
figures.py's to say: the build, not the curator, decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph_builder.claims import bounds, citations
from graph_builder.claims.bounds import Bound
from graph_builder.claims.citations import CitedRef
from graph_builder.curation.anchors import anchor
from graph_builder.curation.records import Curation, Entity, Evidence, Support
from graph_builder.curation.schema import ClaimSpec, ExclusionSpec, line_of
from graph_builder.document.numbers import Reading, parse_number
from graph_builder.document.records import Document
from graph_builder.errors import CurationError

UNATTRIBUTED = "unattributed"
SIDE_SUBJECTS = ("armenian-side", "azerbaijani-side")
_NOBODY = Entity(id="", category="", kind="", names=(), support=Support(), file="", line=0)
_NEEDS_GLOSS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u0400-\u04ff]")  # Chinese or Russian


@dataclass(frozen=True)
class Claim:
    id: str
    about: str  # a curated entity id, or armenian-side / azerbaijani-side
    claimants: tuple[str, ...]  # actor ids or sides; () when the article names nobody
    evidence: Evidence  # the article's words the claim rests on
    refs: tuple[CitedRef, ...]  # () when the article cites nothing for it
    file: str
    line: int
    gloss: str | None = None  # the curators' English translation of the words
    kind: str | None = None
    scope: str = "total"
    scope_zh: str | None = None
    period: str | None = None
    period_zh: str | None = None
    unit: str | None = None
    reading: Reading | None = None
    number: Evidence | None = None  # the number itself, as written, inside the quote
    bound: Bound | None = None  # what the words around the number say of it
    bound_words: Evidence | None = None  # those words, anchored
    polarity: str | None = None
    proposition: str | None = None
    proposition_zh: str | None = None
    weighing: Evidence | None = None  # the article's own weighing words, e.g. 保守估計
    reported_with: str | None = None  # what the article reports the figure with, not its subject
    note: str | None = None

    @property
    def claimant(self) -> str | None:
        """Gives the first claimant, or None when the article names nobody."""
        return self.claimants[0] if self.claimants else None

    @property
    def figure_key(self) -> tuple[str, str, str | None] | None:
        """Gives what identifies the figure this claim is a version of: subject, quantity kind
        and, where the article gives one, period."""
        return None if self.kind is None else (self.about, self.kind, self.period)

    as_written: str | None = None  # the number with the bound words right before it: 約有40


@dataclass(frozen=True)
class Exclusion:
    """A number in the article that is not a quantity (a year, a designation, a model number),
    with the reason, so coverage can account for every number."""

    number: Evidence
    reason: str


def _within(evidence: Evidence, words: str, text: str, what: str, fail: Any) -> Evidence:
    at = text.find(words, evidence.start, evidence.end)
    if at == -1:
        fail(f"the {what} {words!r} does not stand in the quote {evidence.exact!r}")
    return _evidence_at(text, at, at + len(words), evidence)


def _evidence_at(text: str, start: int, end: int, like: Evidence) -> Evidence:
    found = anchor(text, text[start:end], offset=start)
    return Evidence(
        exact=found.exact,
        start=found.start,
        end=found.end,
        prefix=found.prefix,
        suffix=found.suffix,
        part=like.part,
        file=like.file,
        line=like.line,
    )


def _claimant_names(curation: Curation, claimants: tuple[str, ...]) -> tuple[str, ...]:
    entities = curation.by_id()
    return tuple(name.text for key in claimants if key in entities for name in entities[key].names)


def _refs(
    doc: Document,
    spec: ClaimSpec,
    evidence: Evidence,
    at: tuple[int, int] | None,
    names: tuple[str, ...],
    fail: Any,
) -> tuple[CitedRef, ...]:
    found, rule = citations.find(doc, evidence, at, names)
    numbers = found if spec.refs is None else spec.refs
    for number in numbers:
        if number not in found:
            fail(f"reference [{number}] is not cited where the article places it (there: {found})")
    return tuple(
        CitedRef(number, citations.page_of(doc, number, spec.pages.get(number)), rule or "")
        for number in numbers
    )


def build_claim(
    doc: Document,
    curation: Curation,
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
    if figure and spec.scope != "total" and not spec.scope_zh:
        fail("a figure's scope other than `total` needs `scope_zh`, its zh-Hant words")
    if bool(spec.period) != bool(spec.period_zh):
        fail("a period needs both `period` and `period_zh`")
    if not figure and (spec.polarity is None or not spec.proposition or not spec.proposition_zh):
        fail("a claim gives a `number` (a figure) or `polarity`, `proposition`, `proposition_zh`")
    if not spec.gloss and _NEEDS_GLOSS.search(evidence.exact):
        fail("the quote is not in English: give `gloss`, the curators' English translation")
    claimants = () if spec.claimants == (UNATTRIBUTED,) else spec.claimants
    reading = number = bound = bound_words = written = None
    if spec.number is not None:
        try:
            reading = parse_number(spec.number)
        except ValueError as error:
            fail(str(error))
        assert reading is not None
        if reading.bound in ("approximate", "upper") or (
            reading.bound == "lower" and spec.number.strip() != "上千"
        ):
            fail("write the number only: the build reads its bound from the words around it")
        number = _within(evidence, spec.number, doc.text, "number", fail)
        bound = bounds.derive(doc.text, number.start, number.end, reading, evidence.end)
        written = number.exact
        if bound.words is not None and bound.rule != "number":
            bound_words = _evidence_at(doc.text, *bound.words, evidence)
            if bound.rule == "adjacent" and bound.words[1] <= number.start:
                written = doc.text[bound.words[0] : number.end]  # 約有40: the words and the number
    weighing = spec.weighing and _within(evidence, spec.weighing, doc.text, "weighing", fail)
    at = None if number is None else (number.start, number.end)
    names = _claimant_names(curation, claimants)
    return Claim(
        id=spec.id,
        about=spec.about,
        claimants=claimants,
        evidence=evidence,
        refs=_refs(doc, spec, evidence, at, names, fail),
        file=path,
        line=line,
        gloss=spec.gloss,
        kind=spec.kind,
        scope=spec.scope,
        scope_zh=spec.scope_zh,
        period=spec.period,
        period_zh=spec.period_zh,
        unit=spec.unit,
        reading=reading,
        number=number,
        as_written=written,
        bound=bound,
        bound_words=bound_words,
        polarity=spec.polarity,
        proposition=spec.proposition,
        proposition_zh=spec.proposition_zh,
        weighing=weighing or None,
        reported_with=spec.reported_with,
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
    """Fails on a duplicate claim id, or a claim about, by or reported with an id no curated
    file defines."""
    entities = curation.by_id()
    seen: dict[str, Claim] = {}

    def fail(claim: Claim, message: str, value: str) -> None:
        raise CurationError(message, file=claim.file, line=claim.line, value=value)

    for claim in claims:
        if claim.id in seen:
            first = seen[claim.id]
            fail(claim, f"duplicate claim id, first defined at {first.file}:{first.line}", claim.id)
        seen[claim.id] = claim
        for key in (claim.about, claim.reported_with):
            if key is not None and key not in entities and key not in SIDE_SUBJECTS:
                fail(
                    claim,
                    f"claim about an id no curated file defines (nor {' / '.join(SIDE_SUBJECTS)})",
                    key,
                )
        for claimant in claim.claimants:
            if claimant in SIDE_SUBJECTS:
                continue
            if "actor" not in entities.get(claimant, _NOBODY).categories:
                fail(
                    claim,
                    f"claimant is not a curated actor, nor a side, nor `{UNATTRIBUTED}`",
                    claimant,
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
        build_claim(doc, curation, c.spec, c.support, c.file, c.lines, c.loc)
        for c in curation.claims
    )
    exclusions = tuple(
        build_exclusion(doc, e.spec, e.support, e.file, e.lines, e.loc) for e in curation.exclusions
    )
    check_claims(curation, claims)
    return Claims(claims=claims, exclusions=exclusions)
