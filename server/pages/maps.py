"""/map: the places of the graph and the events at them, on country outlines drawn on the server.

Three views: the theatre (the South Caucasus), Karabakh close up, and the wider region for the
places far off (Moscow, Tehran, Bishkek); a place outside all three is listed only. Each place is
a link to its page, shaped by its kind (settlement, district or region, country, corridor,
facility) and coloured by the sides taking part in the events there; a faint ring shows how
precise its point is. The years filter is the timeline's (`from`, `to`): on the server through
the query string, in place through static/map.js. Below the maps, every place is listed with its
coordinates and events, so the page reads without the pictures.

`small_map` draws one place on its own page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from pyoxigraph import Literal, NamedNode
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response

from server.pages import lookups
from server.pages.basemap import COUNTRIES, WORLD_ATLAS, Basemap, View
from server.pages.events import EventView, Filters, events, filters_of
from server.pages.templating import render
from server.pages.terms import ANY_METHOD, class_words, distinct_titles, validators

THEATRE = View(41.0, 38.2, 50.8, 44.5, 900)
KARABAKH = View(45.5, 38.95, 47.7, 40.55, 900)
WIDER = View(20.0, 25.0, 80.0, 60.0, 900)
COARSE = WORLD_ATLAS / "countries-110m.json"
# A kind of place, by the most specific place class it is asserted in, and how it is drawn.
KINDS = (
    ("Settlement", "settlement", "circle"),
    ("Facility", "facility", "square"),
    ("Corridor", "corridor or road", "triangle"),
    ("AdministrativeRegion", "district or province", "diamond"),
    ("GeographicRegion", "region", "diamond"),
    ("Country", "country", "square"),
)
SIDE_COLOURS = {
    "armenian": "#d95f02",
    "azerbaijani": "#1b9e77",
    "both": "#7570b3",
    "none": "#666666",
}
NO_EVENT = "#ffffff"
_NUMBER = r"(-?[\d.]+)"
_POINT = re.compile(rf"^POINT\({_NUMBER} {_NUMBER}\)$")
_BOX = re.compile(rf"^POLYGON\(\({_NUMBER} {_NUMBER}, {_NUMBER} {_NUMBER}, {_NUMBER} {_NUMBER}")


@dataclass
class MapPlace:
    """One place as the map shows it."""

    iri: str
    title: str
    label_zh: str | None
    kind: str  # the class's local name: Settlement, Country…
    lon: float
    lat: float
    precision_m: float
    basis: str | None
    extent: tuple[float, float, float, float] | None  # west, south, east, north
    events: list[EventView] = field(default_factory=list)

    @property
    def kind_words(self) -> str:
        return next((words for name, words, _ in KINDS if name == self.kind), "place")

    @property
    def shape(self) -> str:
        return next((shape for name, _, shape in KINDS if name == self.kind), "circle")

    def side_key(self) -> str:
        """Gives the sides taking part in the events here: armenian, azerbaijani, both, none."""
        sides = {s for e in self.events for s in e.sides}
        if len(sides) > 1:
            return "both"
        return next(iter(sides), "none")

    def spans(self) -> str:
        """Gives the years of the events here, as `first-last` spans (undated events: none)."""
        years = sorted({e.years for e in self.events if e.years})
        return " ".join(f"{a}-{b}" for a, b in years)

    def in_years(self, filters: Filters) -> list[EventView]:
        """Gives the events here that reach the filter's years (with no years set: all)."""
        first, last = filters.first_year, filters.last_year
        if first is None and last is None:
            return self.events
        return [
            e
            for e in self.events
            if e.years is not None
            and (first is None or e.years[1] >= first)
            and (last is None or e.years[0] <= last)
        ]


def _kind(classes: str) -> str:
    present = {c.rsplit("/", 1)[-1] for c in classes.split()}
    for name in ("Country", "Settlement", "Facility", "Corridor", "AdministrativeRegion"):
        if name in present:
            return name
    return "GeographicRegion" if "GeographicRegion" in present else "Place"


def _text(term: object) -> str | None:
    return term.value if isinstance(term, Literal) else None


def _box(term: object) -> tuple[float, float, float, float] | None:
    match = _BOX.match(term.value) if isinstance(term, Literal) else None
    if not match:
        return None
    west, south, east, _, _, north = (float(v) for v in match.groups())
    return west, south, east, north


async def places(request: Request, place: NamedNode | None = None) -> list[MapPlace]:
    """Gives every place with its point (or only `place`), the events at it, by title."""
    bound = {"place": place} if place is not None else None
    rows = await request.app.state.executor.select(lookups.PLACES, substitutions=bound)
    found: dict[str, MapPlace] = {}
    for row in rows:
        match = _POINT.match(row["point"].value)
        iri = row["place"].value
        if match is None or iri in found:
            continue
        kind = _kind(_text(row.get("classes")) or "")
        found[iri] = MapPlace(
            iri=iri,
            title=_text(row.get("labelEn")) or _text(row.get("labelZh")) or iri,
            label_zh=_text(row.get("labelZh")),
            kind=kind,
            lon=float(match.group(1)),
            lat=float(match.group(2)),
            precision_m=float(row["precision"].value),
            basis=_text(row.get("basis")),
            extent=_box(row.get("extent")),
        )
    titles = distinct_titles([(p.iri, p.title, class_words(p.kind)) for p in found.values()])
    for p in found.values():
        p.title = titles[p.iri]
    if place is None:
        for event in await events(request):
            for at in event.places:
                if at.iri in found:
                    found[at.iri].events.append(event)
    return sorted(found.values(), key=lambda p: p.title.casefold())


def basemap(request: Request, view: View) -> Basemap | None:
    """Gives the outlines fit for the view's scale (Natural Earth 1:50m close, 1:110m wide),
    decoded once per app; None when world-atlas is not installed (`npm ci`)."""
    coarse = (view.east - view.west) / view.width > 0.02
    path = COARSE if coarse else COUNTRIES
    cache: dict[str, Basemap] = request.app.state.basemaps
    if path.name not in cache:
        if not path.exists():
            return None
        cache[path.name] = Basemap.load(path)
    return cache[path.name]


def _marker(shape: str, x: float, y: float, size: float, fill: str, stroke: str) -> str:
    if shape == "square":
        return (
            f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size:.1f}" '
            f'height="{2 * size:.1f}" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
        )
    if shape == "diamond":
        s = size * 1.3
        points = f"{x},{y - s:.1f} {x + s:.1f},{y} {x},{y + s:.1f} {x - s:.1f},{y}"
        return f'<polygon points="{points}" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
    if shape == "triangle":
        s = size * 1.3
        points = f"{x},{y - s:.1f} {x + s:.1f},{y + s * 0.8:.1f} {x - s:.1f},{y + s * 0.8:.1f}"
        return f'<polygon points="{points}" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
    return (
        f'<circle cx="{x}" cy="{y}" r="{size:.1f}" fill="{fill}" stroke="{stroke}" '
        'stroke-width="2"/>'
    )


def _place_labels(view: View, candidates: list[MapPlace]) -> dict[str, tuple[float, str]]:
    """Gives where each label goes (x, text-anchor): right of its mark, else left of it, else
    nowhere where it would overlap a label already placed; places with more events first. An
    unlabelled mark still names itself (its title) and is in the list below the maps."""
    placed: list[tuple[float, float, float, float]] = []
    result: dict[str, tuple[float, str]] = {}
    for place in sorted(candidates, key=lambda p: (-len(p.events), p.title)):
        x, y = view.xy(place.lon, place.lat)
        width = 7.2 * len(place.title)
        for x1, anchor in ((x + 10, "start"), (x - 10 - width, "end")):
            box = (x1, y - 9, x1 + width, y + 6)
            inside = box[0] >= 0 and box[2] <= view.width
            if inside and not any(_overlap(box, other) for other in placed):
                placed.append(box)
                result[place.iri] = (x + 10 if anchor == "start" else x - 10, anchor)
                break
    return result


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _metres_per_pixel(view: View) -> float:
    return (view.east - view.west) * 111_320 * view.shrink / view.width


@dataclass(frozen=True)
class MapView:
    """One drawn map: its id, title, the SVG, and the places it shows."""

    key: str
    title: str
    svg: str
    shown: list[str]  # IRIs


def draw(
    request: Request,
    key: str,
    title: str,
    view: View,
    shown: list[MapPlace],
    labelled: set[str],
    filters: Filters,
    boxes: tuple[tuple[str, View, str], ...] = (),
    extent_of: MapPlace | None = None,
) -> MapView:
    """Gives the SVG of `view` with the country outlines, the boxes of other views (id,
    view, title), and a marker per place of `shown` (labelled where in `labelled`)."""
    from server.pages.templating import href

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {view.width} {view.height}" '
        f'width="{view.width}" height="{view.height}" class="map" '
        f'aria-labelledby="{key}-title" font-family="sans-serif" font-size="12">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<rect width="{view.width}" height="{view.height}" fill="#dbe9f4"/>',
    ]
    outlines = basemap(request, view)
    for name, data in view.country_paths(outlines) if outlines else ():
        parts.append(
            f'<path d="{data}" fill="#f3f1ea" stroke="#a9a59a" stroke-width="0.8" '
            f'fill-rule="evenodd" class="country"><title>{escape(name)}</title></path>'
        )
    if extent_of is not None and extent_of.extent is not None:
        west, south, east, north = extent_of.extent
        x1, y1 = view.xy(max(west, view.west), min(north, view.north))
        x2, y2 = view.xy(min(east, view.east), max(south, view.south))
        parts.append(
            f'<rect class="extent" x="{x1}" y="{y1}" width="{x2 - x1:.1f}" height="{y2 - y1:.1f}" '
            'fill="#7570b3" fill-opacity="0.08" stroke="#7570b3" stroke-dasharray="6 4"/>'
        )
    for box_key, box, box_title in boxes:
        x1, y1 = view.xy(box.west, box.north)
        x2, y2 = view.xy(box.east, box.south)
        parts.append(
            f'<a href="#{box_key}" aria-label="{escape(box_title)}: the map of it below">'
            f'<rect x="{x1}" y="{y1}" width="{x2 - x1:.1f}" height="{y2 - y1:.1f}" fill="none" '
            'stroke="#333" stroke-width="1.5" stroke-dasharray="5 3"/></a>'
        )
    per_pixel = _metres_per_pixel(view)
    labels = _place_labels(view, [p for p in shown if p.iri in labelled])
    for place in sorted(shown, key=lambda p: (p.kind == "Settlement", -p.precision_m)):
        x, y = view.xy(place.lon, place.lat)
        here = place.in_years(filters)
        hidden = filters.first_year is not None or filters.last_year is not None
        hidden = hidden and not here
        halo = place.precision_m / per_pixel
        count = len(here)
        fill = SIDE_COLOURS[place.side_key()] if place.events else NO_EVENT
        size = 5 + min(count, 9) * 0.7
        said = f"{place.title}: {place.kind_words}, {count} event{'s' if count != 1 else ''}"
        parts.append(
            f'<a href="{escape(href(place.iri))}" class="place" aria-label="{escape(said)}" '
            f'data-place="{escape(place.iri)}" data-spans="{place.spans()}" '
            f'data-undated="{sum(1 for e in place.events if e.years is None)}"'
            f"{' hidden' if hidden else ''}>"
        )
        parts.append(f"<title>{escape(said)}</title>")
        if 6 <= halo <= view.width / 12:
            parts.append(
                f'<circle class="precision" cx="{x}" cy="{y}" r="{halo:.1f}" fill="#888" '
                'fill-opacity="0.08" stroke="#888" stroke-opacity="0.4"/>'
            )
        parts.append(_marker(place.shape, x, y, size, fill, "#222"))
        if place.iri in labels:
            lx, anchor = labels[place.iri]
            parts.append(
                f'<text x="{lx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" fill="#1d1d1f" '
                f'stroke="#fff" stroke-width="3" paint-order="stroke">{escape(place.title)}</text>'
            )
        parts.append("</a>")
    parts.append("</svg>")
    return MapView(key, title, "\n".join(parts), [p.iri for p in shown])


def views(request: Request, all_places: list[MapPlace], filters: Filters) -> list[MapView]:
    """Gives the three maps: the theatre, Karabakh close up, the wider region."""
    in_karabakh = [p for p in all_places if KARABAKH.holds(p.lon, p.lat)]
    in_theatre = [p for p in all_places if THEATRE.holds(p.lon, p.lat)]
    farther = [p for p in all_places if WIDER.holds(p.lon, p.lat) and p not in in_theatre]
    theatre_labels = {
        p.iri for p in in_theatre if p not in in_karabakh and p.kind in ("Settlement", "Country")
    }
    return [
        draw(
            request,
            "theatre",
            "The South Caucasus: the theatre of the war",
            THEATRE,
            in_theatre,
            theatre_labels,
            filters,
            boxes=(("karabakh", KARABAKH, "Karabakh close up"),),
        ),
        draw(
            request,
            "karabakh",
            "Karabakh close up",
            KARABAKH,
            in_karabakh,
            {p.iri for p in in_karabakh if p.kind != "Country"},
            filters,
        ),
        draw(
            request,
            "wider",
            "The wider region: places far from the theatre",
            WIDER,
            farther,
            {p.iri for p in farther},
            filters,
            boxes=(("theatre", THEATRE, "The South Caucasus"),),
        ),
    ]


def small_map(request: Request, place: MapPlace) -> str:
    """Gives a small map of one place: its point with its precision, its extent where known."""
    if place.extent is not None:
        west, south, east, north = place.extent
        pad_x, pad_y = (east - west) * 0.25 + 0.2, (north - south) * 0.25 + 0.2
    else:
        reach = max(0.5, place.precision_m * 3 / 111_320)
        west, south, east, north = place.lon, place.lat, place.lon, place.lat
        pad_x, pad_y = reach * 1.3, reach
    view = View(
        max(-180.0, west - pad_x),
        max(-80.0, south - pad_y),
        min(180.0, east + pad_x),
        min(84.0, north + pad_y),
        420,
    )
    if view.height > 420:  # a tall box: widen it instead
        middle = (view.west + view.east) / 2
        half = (view.north - view.south) / view.shrink / 2 * 1.3
        view = View(
            max(-180.0, middle - half), view.south, min(180.0, middle + half), view.north, 420
        )
    return draw(
        request,
        "place-map",
        f"Where {place.title} is",
        view,
        [place],
        {place.iri},
        Filters(),
        extent_of=place,
    ).svg


async def map_page(request: Request) -> Response:
    """/map[?from=&to=]: the page."""
    headers, early = validators(request)
    if early is not None:
        return early
    filters = filters_of(request)
    filters = Filters(first_year=filters.first_year, last_year=filters.last_year)
    all_places = await places(request)
    drawn = views(request, all_places, filters)
    on_a_map = {iri for v in drawn for iri in v.shown}
    years = sorted({y for p in all_places for e in p.events if e.years for y in e.years})
    return render(
        request,
        "map.html",
        headers=headers,
        views=drawn,
        places=all_places,
        on_a_map=on_a_map,
        filters=filters,
        years=list(range(years[0], years[-1] + 1)) if years else [],
        kinds=KINDS,
        side_colours=SIDE_COLOURS,
        outlines=basemap(request, THEATRE) is not None,
    )


def add_routes(app: Starlette) -> None:
    app.state.basemaps = {}
    app.add_route("/map", map_page, methods=ANY_METHOD, name="map")
