"""/timeline: every event. The dated ones in time order, each date at the precision the article
gives (year, month or day, as nkkg:startDate's datatype says) beside the words as written; the
undated ones by the section of the article that tells of them. A reader narrows them by side,
kind, place and years: the query string does it on the server (a plain list, no script needed),
and static/timeline.js does it in place and draws the dated ones on an axis to zoom along.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response

from server.pages.events import SIDE_NAMES, EventView, Filters, events, filters_of
from server.pages.templating import render
from server.pages.terms import ANY_METHOD, validators

# The periods a reader zooms to in one step: everything, the war, and each year of it.
WAR = (1988, 1994)


@dataclass(frozen=True)
class Period:
    label: str
    first: int | None
    last: int | None


@dataclass(frozen=True)
class SectionEvents:
    """The undated events one section of the article tells of."""

    section: str | None
    label: str
    events: list[EventView]


def periods() -> list[Period]:
    """Gives the zoom steps: all years, the war, each year of the war."""
    years = [Period(str(y), y, y) for y in range(WAR[0], WAR[1] + 1)]
    return [Period("all years", None, None), Period(f"the war, {WAR[0]}–{WAR[1]}", *WAR), *years]


def choices(all_events: list[EventView]) -> dict[str, list[tuple[str, str, int]]]:
    """Gives the values each filter offers, as (value, label, how many events): the kinds and
    places the events have, and the years they span."""
    kinds = Counter(e.kind for e in all_events)
    places: Counter[tuple[str, str]] = Counter(
        (p.iri, p.title) for e in all_events for p in e.places
    )
    years = sorted({y for e in all_events if e.years for y in e.years})
    return {
        "side": [
            (key, name, sum(key in e.sides for e in all_events)) for key, name in SIDE_NAMES.items()
        ],
        "kind": [(k, k, n) for k, n in sorted(kinds.items())],
        "place": [
            (iri, title, n)
            for (iri, title), n in sorted(places.items(), key=lambda p: p[0][1].casefold())
        ],
        "year": [(str(y), str(y), 0) for y in range(years[0], years[-1] + 1)] if years else [],
    }


def by_section(undated: list[EventView]) -> list[SectionEvents]:
    """Gives the undated events grouped by the section that tells of them, in the article's
    order."""
    groups: dict[str | None, SectionEvents] = {}
    for event in sorted(undated, key=lambda e: (e.section_line, e.label_en or e.iri)):
        label = event.section_label or "Outside the article's sections (the lead and the infobox)"
        groups.setdefault(event.section, SectionEvents(event.section, label, [])).events.append(
            event
        )
    return list(groups.values())


async def timeline(request: Request) -> Response:
    """/timeline[?side=&kind=&place=&from=&to=]: the page."""
    headers, early = validators(request)
    if early is not None:
        return early
    all_events = await events(request)
    filters: Filters = filters_of(request)
    # Every event is on the page, those the filters leave out `hidden`: the list reads narrowed
    # without a script, and the script can widen it again in place.
    kept = {e.iri for e in all_events if filters.keeps(e)}
    dated = [e for e in all_events if e.start is not None]
    years_kept = {e.start.year for e in dated if e.iri in kept and e.start}
    return render(
        request,
        headers=headers,
        template="timeline.html",
        all_events=all_events,
        dated=dated,
        undated=by_section([e for e in all_events if e.start is None]),
        kept=kept,
        years_kept=years_kept,
        shown=len(kept),
        filters=filters,
        choices=choices(all_events),
        periods=periods(),
        side_names=SIDE_NAMES,
    )


def add_routes(app: Starlette) -> None:
    app.add_route("/timeline", timeline, methods=ANY_METHOD, name="timeline")
