"""/map and the basemap in process: Natural Earth outlines decoded from world-atlas's TopoJSON
(Yerevan lies inside Armenia's outline, Baku inside Azerbaijan's), clipped to a view; every
place listed with the coordinates the graph holds; the years filter on the server; a place's
page showing it on a small map; and the timeline's filters on the server, its undated events
by section."""

from __future__ import annotations

import re

import pytest
from html_tree import has_class, parse, text
from pyoxigraph import Store
from starlette.testclient import TestClient

from graph_builder.namespaces import sparql_prologue
from server.pages.basemap import Basemap, View, _clip

HTML = {"Accept": "text/html"}


def inside(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    """Gives whether the point is inside the ring (ray casting)."""
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


@pytest.fixture(scope="module")
def world() -> Basemap:
    return Basemap.load()


@pytest.mark.parametrize(
    ("country", "point"), [("Armenia", (44.51, 40.18)), ("Azerbaijan", (49.87, 40.41))]
)
def test_the_outlines_hold_the_capitals(
    world: Basemap, country: str, point: tuple[float, float]
) -> None:
    [outline] = [c for c in world.countries if c.name == country]
    assert any(inside(point, ring) for ring in outline.rings)
    others = [c for c in world.countries if c.name in ("Georgia", "Iran")]
    assert not any(inside(point, ring) for c in others for ring in c.rings)


def test_a_ring_is_clipped_to_the_view() -> None:
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    clipped = _clip(square, 5, -1, 20, 5)
    assert sorted(set(clipped)) == [(5.0, 0.0), (5.0, 5.0), (10.0, 0.0), (10.0, 5.0)]
    view = View(41.0, 38.2, 50.8, 44.5, 900)
    assert view.xy(41.0, 44.5) == (0, 0) and view.xy(50.8, 38.2) == (900, view.height)


def test_every_place_is_listed_where_the_graph_puts_it(client: TestClient, store: Store) -> None:
    root = parse(client.get("/map").text)
    listed = {
        tr.get("data-place"): text(tr.findall("td")[2])
        for tr in root.iter("tr")
        if has_class(tr, "place")
    }
    answer = store.query(
        sparql_prologue() + "SELECT ?place ?wkt WHERE { ?place a nkkg:Place ; "
        "geo:hasDefaultGeometry/geo:asWKT ?wkt }",
        use_default_graph_as_union=True,
    )
    points = {row["place"].value: row["wkt"].value for row in answer}
    assert set(listed) == set(points) and len(points) == 94
    for place, wkt in points.items():
        lon, lat = (float(v) for v in re.findall(r"-?[\d.]+", wkt))
        assert listed[place].startswith(f"{lat:.2f}° N, {lon:.2f}° E"), place
    assert "(not on these maps)" in listed["https://w3id.org/nkkg/id/actor/united-states"]
    maps = [svg for svg in root.iter("svg") if has_class(svg, "map")]
    assert len(maps) == 3
    countries = [{text(p) for p in svg.iter("path") if has_class(p, "country")} for svg in maps]
    assert {"Armenia", "Azerbaijan", "Georgia", "Iran", "Turkey"} <= countries[0]  # the theatre
    assert {"Armenia", "Azerbaijan"} <= countries[1]  # Karabakh close up
    assert {"Russia", "Kazakhstan", "Ukraine"} <= countries[2]  # the wider region
    links = {a.get("href") for svg in maps for a in svg.iter("a") if has_class(a, "place")}
    assert "/id/place/khojaly" in links and "/id/place/moscow" in links


def test_the_years_narrow_the_map_on_the_server(client: TestClient) -> None:
    root = parse(client.get("/map", params={"from": "1993", "to": "1993"}).text)
    marks = {
        a.get("data-place").rsplit("/", 1)[-1]: a.get("hidden") is not None
        for a in root.iter("a")
        if has_class(a, "place")
    }
    assert marks["khojaly"] and not marks["kalbajar"]  # hidden: Khojaly's events are not of 1993


def test_a_place_page_shows_it_on_a_small_map(client: TestClient) -> None:
    root = parse(client.get("/id/place/nagorno-karabakh", headers=HTML).text)
    figure = root.find(".//figure[@id='where']")
    svg = figure.find(".//svg")
    assert svg.find(".//rect[@class='extent']") is not None  # the region's approximate extent
    assert [a.get("href") for a in svg.iter("a")] == ["/id/place/nagorno-karabakh"]
    assert "39.85° N, 46.75° E, within 15 km" in text(figure.find("figcaption"))


def test_the_timeline_narrows_on_the_server_and_lists_the_undated_by_section(
    client: TestClient,
) -> None:
    root = parse(client.get("/timeline", params={"side": "azerbaijani", "kind": "Battle"}).text)
    events = [li for li in root.iter("li") if has_class(li, "event")]
    assert len(events) == 129  # all on the page, those left out hidden
    shown = [li for li in events if li.get("hidden") is None]
    assert shown and all(
        li.get("data-kind") == "Battle" and "azerbaijani" in li.get("data-sides").split()
        for li in shown
    )
    assert f"Showing {len(shown)} of 129" in text(root.find(".//p[@id='shown-count']"))
    every = parse(client.get("/timeline").text)
    groups = [s for s in every.iter("section") if has_class(s, "section-events")]
    undated = [li for g in groups for li in g.iter("li")]
    assert len(undated) == 48 and all(li.get("data-start") is None for li in undated)
    headings = [text(g.find("h3")) for g in groups]
    assert "Operation Ring" in headings
    ring = next(g for g in groups if text(g.find("h3")) == "Operation Ring")
    assert ring.find("h3/a").get("href") == "/article#s07"
