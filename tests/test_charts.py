"""The disputed-figure chart: well-formed SVG, one row per version, drawn by the kind of bound."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal as D

from server.pages.charts import Version, disputed_chart

SVG = "{http://www.w3.org/2000/svg}"
VERSIONS = [
    Version("unattributed", "485", D(485), D(485), "exact"),
    Version("Azerbaijani authorities", "613", D(613), D(613), "exact"),
    Version("Azerbaijan", "幾百", D(100), D(999), "vague"),
    Version("The Boston Globe", "超過1000", D(1000), None, "lower"),
]


def test_each_version_is_a_labelled_row() -> None:
    root = ET.fromstring(disputed_chart("deaths — Khojaly <massacre>", VERSIONS))
    assert root.find(f"{SVG}title").text == "deaths — Khojaly <massacre>"  # escaped, then read
    rows = root.findall(f"{SVG}g")
    assert [r.get("class") for r in rows] == [
        "version exact",
        "version exact",
        "version vague",
        "version lower",
    ]
    labels = [r.find(f"{SVG}text").text for r in rows]
    assert labels == [
        "unattributed: 485",
        "Azerbaijani authorities: 613",
        "Azerbaijan: 幾百",
        "The Boston Globe: 超過1000",
    ]


def test_values_ranges_and_open_bounds_are_drawn_apart() -> None:
    root = ET.fromstring(disputed_chart("x", VERSIONS))
    exact, _, vague, lower = root.findall(f"{SVG}g")
    assert exact.find(f"{SVG}circle") is not None and exact.find(f"{SVG}line") is None
    bar = vague.find(f"{SVG}line")
    assert bar.get("stroke-dasharray") == "3 3"  # the range the vague words allow
    assert float(bar.get("x2")) > float(bar.get("x1"))
    arrow = lower.find(f"{SVG}line")
    assert arrow.get("stroke-dasharray") == "6 4"  # 1000 and up, to the end of the axis
    ticks = [
        float(t.text.replace(",", ""))
        for t in root.findall(f"{SVG}text")
        if t.get("fill") == "#555"
    ]
    assert ticks[0] == 0 and ticks[-1] >= 1000 * 1.05
    positions = [float(e.find(f"{SVG}circle").get("cx")) for e in (exact,)]
    assert positions[0] < float(bar.get("x2"))  # 485 left of 999


def test_an_upper_bound_runs_from_zero_to_its_value() -> None:
    root = ET.fromstring(
        disputed_chart("x", [Version("the article", "多達230,000", None, D(230000), "upper")])
    )
    [row] = root.findall(f"{SVG}g")
    bar, end = row.find(f"{SVG}line"), row.find(f"{SVG}circle")
    assert float(bar.get("x1")) == float(
        next(t.get("x") for t in root.findall(f"{SVG}text") if t.text == "0")
    )
    assert float(bar.get("x2")) == float(end.get("cx")) > float(bar.get("x1"))


def test_rows_counting_different_things_name_what_each_counts() -> None:
    scoped = [
        Version("unattributed", "485", D(485), D(485), "exact", "total"),
        Version("Azerbaijani authorities", "613", D(613), D(613), "exact", "civilians"),
    ]
    root = ET.fromstring(disputed_chart("deaths", scoped, chart_id="deaths"))
    scopes = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "scope"]
    assert scopes == ["total", "civilians"]
    assert root.get("aria-labelledby") == "deaths-title deaths-desc"
    assert "counting civilians, total" in root.find(f"{SVG}desc").text
    same = ET.fromstring(disputed_chart("deaths", [VERSIONS[0]]))
    assert not [t for t in same.iter(f"{SVG}text") if t.get("class") == "scope"]


def test_the_chart_is_drawn_wide_with_readable_labels() -> None:
    root = ET.fromstring(disputed_chart("x", VERSIONS))
    assert int(root.get("width")) >= 800 and int(root.get("font-size")) >= 12
    assert all(
        int(t.get("font-size", root.get("font-size"))) >= 12 for t in root.iter(f"{SVG}text")
    )
