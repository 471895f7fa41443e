"""Versions of one figure grouped into a disputed variable, and whether it is disputed.

Figures about one thing (same subject, quantity kind and scope) are one variable; it is disputed
when two of its versions do not overlap, or when different claimants give them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from graph_builder.claims.claim import UNATTRIBUTED, Claim


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
