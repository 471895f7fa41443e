"""Server-side SVG: the versions of a disputed figure drawn on one axis, so the disagreement is
visible at a glance. No script: a point for a value, a bar for a range, an arrow for a bound
that is open (超過 1000 → 1000 and up), a dashed bar from 0 for an upper bound (多達 X), each
row labelled by its claimant and the words."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape

WIDTH, ROW, LEFT, RIGHT, TOP = 760, 34, 250, 40, 30


@dataclass(frozen=True)
class Version:
    """One claim's version of the figure."""

    claimant: str
    as_written: str
    low: Decimal | None
    high: Decimal | None  # None with a low: open upwards (a lower bound)
    # (an upper bound, 多達 X, has no low and X as its high: anything from 0 up to X)
    bound: str  # exact, approximate, lower, upper, vague


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


def disputed_chart(title: str, versions: list[Version]) -> str:
    """Gives an SVG drawing every version of one figure on a shared axis from zero."""
    highs = [float(v.high if v.high is not None else v.low or 0) for v in versions]
    ticks = _nice_ticks(max(highs + [1.0]) * 1.05)
    top = ticks[-1] or 1.0
    plot = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return LEFT + plot * value / top

    height = TOP + ROW * len(versions) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="chart-title" '
        'font-family="sans-serif" font-size="12">',
        f'<title id="chart-title">{escape(title)}</title>',
        f"<desc>{len(versions)} versions of the figure on one axis from 0 to {_fmt(top)}</desc>",
    ]
    axis_y = TOP + ROW * len(versions) + 6
    for tick in ticks:
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{TOP - 8}" x2="{x(tick):.1f}" y2="{axis_y}" '
            'stroke="#ddd"/>'
        )
        parts.append(
            f'<text x="{x(tick):.1f}" y="{axis_y + 16}" text-anchor="middle" '
            f'fill="#555">{_fmt(tick)}</text>'
        )
    for row, version in enumerate(versions):
        y = TOP + ROW * row + ROW / 2
        label = f"{version.claimant}: {version.as_written}"
        parts.append(f'<g class="version {escape(version.bound)}">')
        parts.append(f"<title>{escape(label)} ({escape(version.bound)})</title>")
        parts.append(
            f'<text x="{LEFT - 10}" y="{y + 4:.1f}" text-anchor="end">{escape(label)}</text>'
        )
        low = float(version.low) if version.low is not None else 0.0
        if version.bound == "lower" and version.high is None:
            parts.append(
                f'<line x1="{x(low):.1f}" y1="{y}" x2="{x(top):.1f}" y2="{y}" '
                'stroke="#b5651d" stroke-width="6" stroke-dasharray="6 4"/>'
            )
            parts.append(f'<circle cx="{x(low):.1f}" cy="{y}" r="6" fill="#b5651d"/>')
        elif version.bound == "upper" and version.low is None and version.high is not None:
            # 多達 X: at most X, so everything from 0 up to X, with X itself marked
            parts.append(
                f'<line x1="{x(0):.1f}" y1="{y}" x2="{x(float(version.high)):.1f}" y2="{y}" '
                'stroke="#b5651d" stroke-width="6" stroke-dasharray="6 4"/>'
            )
            parts.append(
                f'<circle cx="{x(float(version.high)):.1f}" cy="{y}" r="6" fill="#b5651d"/>'
            )
        elif version.high is not None and version.low is not None and version.high != version.low:
            dash = ' stroke-dasharray="3 3"' if version.bound == "vague" else ""
            parts.append(
                f'<line x1="{x(low):.1f}" y1="{y}" x2="{x(float(version.high)):.1f}" '
                f'y2="{y}" stroke="#2a6f97" stroke-width="10"{dash}/>'
            )
        else:
            value = float(version.high if version.high is not None else low)
            fill = "white" if version.bound == "approximate" else "#2a6f97"
            parts.append(
                f'<circle cx="{x(value):.1f}" cy="{y}" r="6" fill="{fill}" '
                'stroke="#2a6f97" stroke-width="2"/>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)
