"""The events as the timeline and the map show them: each with its dates at their precision, its
class, the sides of its participants, its places (with their points) and the section of the
article that tells of it; and the filters a reader narrows them by (side, kind, place, years).

Four queries (server/pages/lookups.py) joined here by event. Dates keep the precision the graph
types them with (xsd:gYear, xsd:gYearMonth, xsd:date); a year filter keeps an event whose span
reaches the years at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode
from starlette.requests import Request

from graph_builder.namespaces import NKKG, XSD
from server.pages import lookups
from server.pages.terms import class_words, distinct_titles

PRECISION = {XSD.gYear.value: "year", XSD.gYearMonth.value: "month", XSD.date.value: "day"}
SIDES = {NKKG["side/armenian"].value: "armenian", NKKG["side/azerbaijani"].value: "azerbaijani"}
SIDE_NAMES = {"armenian": "Armenian side", "azerbaijani": "Azerbaijani side"}
_POINT = re.compile(r"^POINT\((-?[\d.]+) (-?[\d.]+)\)$")


@dataclass(frozen=True)
class Date:
    """A date as the graph gives it: the lexical value, its precision and the words."""

    value: str
    precision: str
    as_written: str | None

    @property
    def year(self) -> int:
        return int(self.value[:4])


@dataclass(frozen=True)
class PlaceRef:
    """A place an event is at: its IRI, title, class and point (longitude, latitude)."""

    iri: str
    title: str
    kind: str | None
    point: tuple[float, float] | None


@dataclass
class EventView:
    """One event as the timeline and the map show it."""

    iri: str
    label_en: str | None
    label_zh: str | None
    event_class: str | None
    order: int | None
    start: Date | None
    end: Date | None
    sides: list[str] = field(default_factory=list)  # armenian, azerbaijani
    places: list[PlaceRef] = field(default_factory=list)
    section: str | None = None  # the section of the article that tells of it
    section_label: str | None = None
    section_line: int = 0

    @property
    def kind(self) -> str:
        """Gives the event's class as its local name (Battle, Massacre…)."""
        return (self.event_class or "").rsplit("/", 1)[-1] or "Event"

    @property
    def years(self) -> tuple[int, int] | None:
        """Gives the first and last year the event's dates reach, or None when undated."""
        if self.start is None:
            return None
        return self.start.year, (self.end or self.start).year

    def side_key(self) -> str:
        """Gives which sides take part: armenian, azerbaijani, both or none."""
        if len(self.sides) > 1:
            return "both"
        return self.sides[0] if self.sides else "none"


@dataclass(frozen=True)
class Filters:
    """What a reader narrows the events to; None is any."""

    side: str | None = None
    kind: str | None = None
    place: str | None = None  # a place's IRI
    first_year: int | None = None
    last_year: int | None = None

    def keeps(self, event: EventView) -> bool:
        """Gives whether `event` passes every filter (an undated event passes the years)."""
        if self.side and self.side not in event.sides:
            return False
        if self.kind and event.kind != self.kind:
            return False
        if self.place and self.place not in {p.iri for p in event.places}:
            return False
        years = event.years
        if years is not None:
            if self.first_year is not None and years[1] < self.first_year:
                return False
            if self.last_year is not None and years[0] > self.last_year:
                return False
        return True

    @property
    def any(self) -> bool:
        return any(
            v is not None
            for v in (self.side, self.kind, self.place, self.first_year, self.last_year)
        )


def _year(value: str | None) -> int | None:
    return int(value) if value and re.fullmatch(r"\d{4}", value) else None


def filters_of(request: Request) -> Filters:
    """Gives the filters a request's query string asks for; values it cannot read are any."""
    params = request.query_params
    side = params.get("side") if params.get("side") in SIDE_NAMES else None
    kind = params.get("kind") or None
    if kind and not re.fullmatch(r"[A-Z][A-Za-z]*", kind):
        kind = None
    place = params.get("place") or None
    return Filters(side, kind, place, _year(params.get("from")), _year(params.get("to")))


def _date(term: object, as_written: object) -> Date | None:
    if not isinstance(term, Literal):
        return None
    words = as_written.value if isinstance(as_written, Literal) else None
    return Date(term.value, PRECISION.get(term.datatype.value, "day"), words)


def _text(term: object) -> str | None:
    return term.value if isinstance(term, Literal) else None


def _point(term: object) -> tuple[float, float] | None:
    match = _POINT.match(term.value) if isinstance(term, Literal) else None
    return (float(match.group(1)), float(match.group(2))) if match else None


async def events(request: Request) -> list[EventView]:
    """Gives every event: the dated ones in the graph's time order (nkkg:timelineOrder), then
    the undated ones in the order of the sections that tell of them."""
    executor = request.app.state.executor
    found: dict[str, EventView] = {}
    for row in await executor.select(lookups.EVENTS):
        iri = row["event"].value
        if iri in found:
            continue  # an event with two start dates is listed at its first
        order = row.get("order")
        found[iri] = EventView(
            iri=iri,
            label_en=_text(row.get("labelEn")),
            label_zh=_text(row.get("labelZh")),
            event_class=row["class"].value if isinstance(row.get("class"), NamedNode) else None,
            order=int(order.value) if isinstance(order, Literal) else None,
            start=_date(row.get("start"), row.get("startAsWritten")),
            end=_date(row.get("end"), row.get("endAsWritten")),
        )
    for row in await executor.select(lookups.EVENT_SIDES):
        event = found.get(row["event"].value)
        side = SIDES.get(row["side"].value)
        if event is not None and side and side not in event.sides:
            event.sides.append(side)
    place_rows = await executor.select(lookups.EVENT_PLACES)
    titles = distinct_titles(
        [
            (
                row["place"].value,
                _text(row.get("labelEn")) or _text(row.get("labelZh")) or row["place"].value,
                class_words(row["type"].value if "type" in row else None),
            )
            for row in place_rows
        ]
    )
    for row in place_rows:
        event = found.get(row["event"].value)
        if event is not None:
            place = row["place"].value
            kind = class_words(row["type"].value if "type" in row else None)
            event.places.append(PlaceRef(place, titles[place], kind, _point(row.get("point"))))
    innermost: dict[str, int] = {}
    for row in await executor.select(lookups.EVENT_SECTIONS):
        event = found.get(row["event"].value)
        level = int(row["level"].value)
        if event is None or innermost.get(event.iri, -1) >= level:
            continue
        innermost[event.iri] = level
        event.section = row["section"].value
        event.section_label = _text(row.get("labelEn")) or _text(row.get("labelZh"))
        event.section_line = int(row["line"].value)
    for event in found.values():
        event.sides.sort()
        event.places.sort(key=lambda p: p.title.casefold())
    return sorted(
        found.values(),
        key=lambda e: (e.order is None, e.order or 0, e.section_line, e.label_en or e.iri),
    )
