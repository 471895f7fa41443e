"""A page's figures charted: every version of every figure of one kind about one subject on one
axis (the deaths at Khojaly: 485 in all, 613 and 幾百 civilians, 106 women, 83 children, over
1,000 in four years, each row marked with what it counts), with the verdict on each figure in
words. The tables of server/pages/figures.py stay beneath, with every number.

The verdict is the graph's (`nkkg:verdict` and `nkkg:disputeReason` of each figure, derived by
the build from what the words allow: docs/claims.md), said in words; nothing here weighs the
versions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from server.pages.charts import disputed_chart
from server.pages.figures import ClaimView, FigureGroup


@dataclass(frozen=True)
class Verdict:
    """What the graph says of one figure: disputed or not, and why, in words."""

    figure: str  # the figure's IRI
    label: str
    scope: str | None
    disputed: bool
    words: str


@dataclass(frozen=True)
class FigureChart:
    """The figures of one kind about one subject: their chart, verdicts and tables."""

    key: str  # unique on the page, for the chart's ids
    subject: str
    subject_label: str
    kind: str
    unit: str | None
    svg: str | None  # None when no version has a number to draw
    verdicts: list[Verdict]
    groups: list[FigureGroup]
    reported: bool = False  # about another subject, which the article reports with the page's
    scoped: bool = False  # the rows count different things (total, civilians…), marked at left


def verdict_words(verdict: str | None, reason: str | None) -> str:
    """Gives the graph's verdict on a figure in words, with its reason where there is more to
    say than the verdict ("disputed: 613 (civilians, …) counts a part of what about 485 …")."""
    if verdict == "one version":
        return "one version only"
    said = verdict or "no verdict"
    return f"{said}: {reason}" if reason and reason != verdict else said


def _subject_label(claim: ClaimView) -> str:
    return claim.subject_en or claim.subject_zh or claim.subject.rsplit("/", 1)[-1]


def chart_groups(
    groups: list[FigureGroup], prefix: str = "chart", page_subject: str | None = None
) -> list[FigureChart]:
    """Gives the figures of `groups` (by disputed variable) charted by subject, quantity kind
    and unit, in the order their first figure comes; the groups without a figure (accusations
    and denials) are left out. A chart about another subject than `page_subject` is marked
    reported (the Boston Globe's count for the war, on Khojaly's page)."""
    charts: dict[tuple[str, str, str | None], list[FigureGroup]] = {}
    for group in groups:
        if group.variable is None or not group.claims:
            continue
        first = group.claims[0]
        key = (first.subject, first.kind or "figure", first.unit)
        charts.setdefault(key, []).append(group)
    result = []
    for index, ((subject, kind, unit), members) in enumerate(charts.items(), start=1):
        claims = [c for g in members for c in g.claims]
        numeric = sorted(
            (c for c in claims if c.figure is not None),
            key=lambda c: (c.scope != "total", c.scope or "", c.value or c.low or 0),
        )
        label = _subject_label(claims[0])
        title = f"{kind} — {label}" + (f" ({unit})" if unit and unit != "people" else "")
        key = f"{prefix}-{index}-{re.sub(r'[^a-z0-9]+', '-', kind.lower())}"
        svg = None
        if numeric:
            svg = disputed_chart(title, [c.version() for c in numeric], chart_id=key)
        verdicts = [
            # a figure's versions each have their scope: the figure is named by its label
            Verdict(g.variable or "", g.label, None, g.disputed, verdict_words(g.verdict, g.reason))
            for g in members
        ]
        reported = page_subject is not None and subject != page_subject
        scoped = len({c.scope for c in numeric}) > 1
        chart = FigureChart(
            key, subject, label, kind, unit, svg, verdicts, members, reported, scoped
        )
        result.append(chart)
    return result
