"""Server-side SVG: the versions of a figure drawn on one axis, so the disagreement is visible at
a glance. No script: a point for a value, a bar for a range, an arrow for a bound that is open
(超過 1000 → 1000 and up), a dashed bar from 0 for an upper bound (多達 X), each row labelled by
its claimant and the words, and by what it counts (its scope) where the rows count different
things (Khojaly's 485 in all, 613 civilians, 106 women).

The chart is drawn at its full width (WIDTH, never scaled down: a narrow screen scrolls it) with
labels of LABEL_PX, and is an image with a title and a description for assistive technology;
the numbers stay in the page's tables.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html import escape

WIDTH, ROW, RIGHT, TOP = 880, 36, 40, 34
LABEL_PX, TICK_PX = 14, 13
# The label column: wider when the rows also name their scope.
LEFT, LEFT_WITH_SCOPE = 280, 400


@dataclass(frozen=True)
class Version:
    """One claim's version of the figure."""

    claimant: str
    as_written: str
    low: Decimal | None
    high: Decimal | None  # None with a low: open upwards (a lower bound)
    # (an upper bound, 多達 X, has no low and X as its high: anything from 0 up to X)
    bound: str  # exact, approximate, lower, upper, vague
    scope: str | None = None  # what it counts (total, civilians…), where rows differ in it


def _nice_ticks(top: float) -> list[float]:
    if top <= 0:
        return [0.0]
    step = 10 ** math.floor(math.log10(top))
    for factor in (1, 2, 5, 10):
        if top / (step * factor) <= 6:
            step *= factor
            break
    return [step * i for i in range(int(top // step) + 2)]


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:g}"


def disputed_chart(title: str, versions: list[Version], chart_id: str = "chart") -> str:
    """Gives an SVG drawing every version of one figure on a shared axis from zero; `chart_id`
    keeps its title's and description's ids apart from other charts on the page."""
    highs = [float(v.high if v.high is not None else v.low or 0) for v in versions]
    ticks = _nice_ticks(max(highs + [1.0]) * 1.05)
    top = ticks[-1] or 1.0
    scoped = len({v.scope for v in versions}) > 1
    left = LEFT_WITH_SCOPE if scoped else LEFT
    plot = WIDTH - left - RIGHT

    def x(value: float) -> float:
        return left + plot * value / top

    height = TOP + ROW * len(versions) + 44
    scopes = sorted({v.scope for v in versions if v.scope})
    described = f"{len(versions)} versions of the figure on one axis from 0 to {_fmt(top)}"
    if scoped:
        described += f", counting {', '.join(scopes)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="sans-serif" font-size="{LABEL_PX}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(described)}</desc>',
    ]
    axis_y = TOP + ROW * len(versions) + 6
    for tick in ticks:
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{TOP - 8}" x2="{x(tick):.1f}" y2="{axis_y}" '
            'stroke="#ddd"/>'
        )
        parts.append(
            f'<text x="{x(tick):.1f}" y="{axis_y + 18}" text-anchor="middle" '
            f'font-size="{TICK_PX}" fill="#555">{_fmt(tick)}</text>'
        )
    for row, version in enumerate(versions):
        y = TOP + ROW * row + ROW / 2
        label = f"{version.claimant}: {version.as_written}"
        parts.append(f'<g class="version {escape(version.bound)}">')
        said = f"{label} ({version.bound}{', ' + version.scope if version.scope else ''})"
        parts.append(f"<title>{escape(said)}</title>")
        parts.append(
            f'<text x="{left - 10}" y="{y + 5:.1f}" text-anchor="end">{escape(label)}</text>'
        )
        if scoped:
            parts.append(
                f'<text class="scope" x="8" y="{y + 5:.1f}" font-weight="bold" '
                f'fill="#5b5b66">{escape(version.scope or "")}</text>'
            )
        parts.extend(_mark(version, x, y, top))
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


def _mark(version: Version, at: Callable[[float], float], y: float, top: float) -> list[str]:
    """Gives the SVG of one version's mark: a dot, a bar, or an open or closed bound."""
    low = float(version.low) if version.low is not None else 0.0
    if version.bound == "lower" and version.high is None:
        return [
            f'<line x1="{at(low):.1f}" y1="{y}" x2="{at(top):.1f}" y2="{y}" '
            'stroke="#b5651d" stroke-width="6" stroke-dasharray="6 4"/>',
            f'<circle cx="{at(low):.1f}" cy="{y}" r="7" fill="#b5651d"/>',
        ]
    if version.bound == "upper" and version.low is None and version.high is not None:
        # 多達 X: at most X, so everything from 0 up to X, with X itself marked
        high = float(version.high)
        return [
            f'<line x1="{at(0):.1f}" y1="{y}" x2="{at(high):.1f}" y2="{y}" '
            'stroke="#b5651d" stroke-width="6" stroke-dasharray="6 4"/>',
            f'<circle cx="{at(high):.1f}" cy="{y}" r="7" fill="#b5651d"/>',
        ]
    if version.high is not None and version.low is not None and version.high != version.low:
        dash = ' stroke-dasharray="3 3"' if version.bound == "vague" else ""
        return [
            f'<line x1="{at(low):.1f}" y1="{y}" x2="{at(float(version.high)):.1f}" '
            f'y2="{y}" stroke="#2a6f97" stroke-width="12"{dash}/>'
        ]
    value = float(version.high if version.high is not None else low)
    fill = "white" if version.bound == "approximate" else "#2a6f97"
    return [
        f'<circle cx="{at(value):.1f}" cy="{y}" r="7" fill="{fill}" '
        'stroke="#2a6f97" stroke-width="2"/>'
    ]
