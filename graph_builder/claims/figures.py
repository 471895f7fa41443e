"""Versions of one figure grouped together, every pair of them compared, and the figure's verdict.

A figure is a subject, a quantity kind and, where the article gives one, a period (the deaths at
Khojaly; Azerbaijan's personnel in 1993–1994). Its versions each have their scope (total,
civilians, women…). Every pair of versions is compared on the intervals their words allow
(graph_builder/claims/bounds.py), at comparable scope:

- `agrees`: the same scope, and the intervals overlap;
- `conflicts`: the same scope and the intervals do not overlap, or a part exceeds its whole;
- `narrower scope`: one counts a part of what the other counts (civilians within the total;
  the 106 women within the 613 civilians, since the article writes 其中) and does not exceed it;
- `revised`: the same claimant gives a later number whose words say so ("Later that number was
  raised to 59");
- `different scope` / `different unit`: they count different groups, or in different units, so
  they are not compared.

A part is derived from the words: a later number of the same figure in the same sentence after
其中, 包括, including or a dash that spells out a force (——) is a part of the earlier one. A scope
other than `total` is a part of `total`.

The verdict: `disputed` when some pair conflicts; `corroborated` when two versions agree that
come from different origins (different claimants, no reference in common); `revised`;
`consistent` when versions agree or one is a part of another; `not compared` when every pair
counts different groups or units; `one version`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from graph_builder.claims.bounds import Interval, interval
from graph_builder.claims.claim import Claim
from graph_builder.claims.labels import Names, value_en

AGREES, CONFLICTS, NARROWER, REVISED = "agrees", "conflicts", "narrower scope", "revised"
DIFFERENT_SCOPE, DIFFERENT_UNIT = "different scope", "different unit"
RESULTS = (AGREES, CONFLICTS, NARROWER, REVISED, DIFFERENT_SCOPE, DIFFERENT_UNIT)
DISPUTED, CORROBORATED, CONSISTENT = "disputed", "corroborated", "consistent"
NOT_COMPARED, ONE = "not compared", "one version"
VERDICTS = (DISPUTED, CORROBORATED, REVISED, CONSISTENT, NOT_COMPARED, ONE)
_PART_WORDS = re.compile(r"其中|包括|including|of whom|among them|——")
_REVISION_WORDS = re.compile(r"\blater\b|raised to|revised|後來|上調|修正", re.IGNORECASE)
_UNIT_BREAK = re.compile(r"[。\n]")


@dataclass(frozen=True)
class Comparison:
    """Two versions of a figure side by side: what the build finds, and why, in plain words."""

    first: Claim
    second: Claim
    result: str
    reason: str


@dataclass(frozen=True)
class Figure:
    """All versions of one figure, their comparisons, and the verdict."""

    about: str
    kind: str
    period: str | None
    period_zh: str | None
    claims: tuple[Claim, ...]
    comparisons: tuple[Comparison, ...]
    verdict: str
    reason: str
    parts: dict[str, str] = field(default_factory=dict)  # part's claim id -> whole's claim id

    @property
    def key(self) -> str:
        """Gives the figure's IRI key, ASCII so SPARQL can write it as a prefixed name:
        `azerbaijan--personnel--1993-1994`, `…--june-1992-march-1993`."""
        key = f"{self.about}--{self.kind}"
        if self.period:
            key += "--" + "-".join(re.sub(r"[^a-z0-9]+", " ", self.period.lower()).split())
        return key

    @property
    def disputed(self) -> bool:
        return self.verdict == DISPUTED


def _number(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")).normalize(), ",f")


def _interval(claim: Claim, text: str) -> Interval:
    assert claim.reading is not None and claim.bound is not None
    return interval(claim.reading, claim.bound, text)


def _span(claim: Claim, text: str) -> str:
    """Gives the values a version's words allow, in words: 32 · more than 32 · 436.5–533.5."""
    assert claim.reading is not None
    allowed = _interval(claim, text)
    unit = "%" if claim.reading.percent else ""
    low, high = _number(allowed.low) + unit, allowed.high
    if high is None:
        return f"more than {low}" if allowed.low_open else f"{low} or more"
    top = _number(high) + unit
    if allowed.low == high:
        return low
    if allowed.low == 0:
        return f"fewer than {top}" if allowed.high_open else f"at most {top}"
    return f"{_number(allowed.low)}–{top}"


def _parts(claims: list[Claim], text: str) -> dict[str, str]:
    """Gives each part's whole: a later number in the same sentence, after a part word."""
    parts: dict[str, str] = {}
    placed = sorted((c for c in claims if c.number is not None), key=lambda c: c.number.start)
    for i, part in enumerate(placed):
        assert part.number is not None
        for whole in reversed(placed[:i]):
            assert whole.number is not None
            between = text[whole.number.end : part.number.start]
            if _UNIT_BREAK.search(between) or len(between) > 120:
                break
            if _PART_WORDS.search(between):
                parts[part.id] = whole.id
                break
    return parts


def _within(part: Claim, whole: Claim, parts: dict[str, str], by_id: dict[str, Claim]) -> bool:
    """Gives whether `part` counts a part of what `whole` counts."""
    if part.scope == whole.scope:
        return False
    if whole.scope == "total":
        return True
    up = parts.get(part.id)
    while up is not None:
        if up == whole.id or by_id[up].scope == whole.scope:
            return True
        up = parts.get(up)
    return False


def _independent(a: Claim, b: Claim) -> bool:
    refs_a, refs_b = {r.number for r in a.refs}, {r.number for r in b.refs}
    return set(a.claimants) != set(b.claimants) and not refs_a & refs_b


def compare(
    a: Claim, b: Claim, parts: dict[str, str], by_id: dict[str, Claim], names: Names, text: str
) -> Comparison:
    """Gives the comparison of two versions of one figure, with its reason in plain words."""

    def said(claim: Claim) -> str:
        scope = "" if claim.scope == "total" else f"{claim.scope}, "
        return f"{value_en(claim)} ({scope}{names.claimants(claim, 'en')})"

    assert a.reading is not None and b.reading is not None
    if (a.unit != b.unit and not (a.reading.percent and b.reading.percent)) or (
        a.reading.duration or b.reading.duration
    ):
        reason = f"{said(a)} and {said(b)} are in different units: not compared"
        return Comparison(a, b, DIFFERENT_UNIT, reason)
    if a.claimants and set(a.claimants) == set(b.claimants):
        later = next((c for c in (b, a) if _REVISION_WORDS.search(c.evidence.exact)), None)
        if later is not None:
            earlier = a if later is b else b
            who = names.claimants(a, "en")
            reason = f"{who} gives {value_en(earlier)}, then a later number, {value_en(later)}"
            return Comparison(earlier, later, REVISED, reason)
    if a.scope == b.scope:
        if _interval(a, text).overlaps(_interval(b, text)):
            common = sorted({r.number for r in a.refs} & {r.number for r in b.refs})
            source = f"; both rest on reference {', '.join(f'[{n}]' for n in common)}"
            reason = (
                f"{said(a)} and {said(b)} agree: {_span(a, text)} and {_span(b, text)} overlap"
                + (source if common else "")
            )
            return Comparison(a, b, AGREES, reason)
        reason = (
            f"{said(a)} and {said(b)} do not overlap: {_span(a, text)} against {_span(b, text)}"
        )
        return Comparison(a, b, CONFLICTS, reason)
    for part, whole in ((a, b), (b, a)):
        if _within(part, whole, parts, by_id):
            if _interval(part, text).exceeds(_interval(whole, text)):
                reason = (
                    f"{said(part)} counts a part of what {said(whole)} counts, yet exceeds it: "
                    f"{_span(part, text)} against {_span(whole, text)}"
                )
                return Comparison(part, whole, CONFLICTS, reason)
            reason = (
                f"{said(part)} counts a part of what {said(whole)} counts "
                f"({part.scope} within {whole.scope}), and does not exceed it"
            )
            return Comparison(part, whole, NARROWER, reason)
    reason = f"{said(a)} and {said(b)} count different groups ({a.scope}; {b.scope}): not compared"
    return Comparison(a, b, DIFFERENT_SCOPE, reason)


def _verdict(claims: list[Claim], comparisons: list[Comparison]) -> tuple[str, str]:
    def reasons(*results: str, independent: bool = False) -> list[str]:
        return [
            c.reason
            for c in comparisons
            if c.result in results and (not independent or _independent(c.first, c.second))
        ]

    if found := reasons(CONFLICTS):
        return DISPUTED, "; ".join(found)
    if found := reasons(AGREES, independent=True):
        return CORROBORATED, "; ".join(found)
    if found := reasons(REVISED):
        return REVISED, "; ".join(found)
    if reasons(AGREES, NARROWER):
        return CONSISTENT, "; ".join(c.reason for c in comparisons)
    if len(claims) > 1:
        return NOT_COMPARED, "; ".join(c.reason for c in comparisons)
    return ONE, "one version"


def figures(claims: tuple[Claim, ...], names: Names, text: str) -> tuple[Figure, ...]:
    """Groups the figure claims by subject, quantity kind and period, compares every pair of
    versions, and gives each figure its verdict."""
    groups: dict[tuple[str, str, str | None], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.figure_key is not None:
            groups[claim.figure_key].append(claim)
    result = []
    for (about, kind, period), members in sorted(groups.items(), key=lambda g: str(g[0])):
        by_id = {c.id: c for c in members}
        parts = _parts(members, text)
        pairs = combinations(members, 2)
        comparisons = [compare(a, b, parts, by_id, names, text) for a, b in pairs]
        verdict, reason = _verdict(members, comparisons)
        result.append(
            Figure(
                about=about,
                kind=kind,
                period=period,
                period_zh=members[0].period_zh,
                claims=tuple(members),
                comparisons=tuple(comparisons),
                verdict=verdict,
                reason=reason,
                parts=parts,
            )
        )
    return tuple(result)
