"""/timeline: every dated event in time order, each date at the precision the article gives
(year, month or day, as nkkg:startDate's datatype says) beside the words as written."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response

from graph_builder.namespaces import XSD
from server.http.methods import READ_METHODS, check_method
from server.pages import lookups
from server.pages.templating import render
from server.pages.terms import ANY_METHOD, validators

PRECISION = {XSD.gYear.value: "year", XSD.gYearMonth.value: "month", XSD.date.value: "day"}


@dataclass(frozen=True)
class Date:
    """A date as the graph gives it: the lexical value, its precision and the words."""

    value: str
    precision: str
    as_written: str | None

    @property
    def year(self) -> str:
        return self.value[:4]


@dataclass(frozen=True)
class TimelineEvent:
    order: int
    iri: str
    label_en: str | None
    label_zh: str | None
    event_class: str | None
    start: Date
    end: Date | None


def _date(term: object, as_written: object) -> Date | None:
    if not isinstance(term, Literal):
        return None
    words = as_written.value if isinstance(as_written, Literal) else None
    return Date(term.value, PRECISION.get(term.datatype.value, "day"), words)


async def events(request: Request) -> list[TimelineEvent]:
    """Gives the dated events in the graph's time order (nkkg:timelineOrder)."""
    rows = await request.app.state.executor.select(lookups.TIMELINE)
    result: dict[str, TimelineEvent] = {}
    for row in rows:
        iri = row["event"].value
        start = _date(row.get("start"), row.get("startAsWritten"))
        if iri in result or start is None:
            continue  # an event with two start dates is listed at its first
        result[iri] = TimelineEvent(
            order=int(row["order"].value),
            iri=iri,
            label_en=row["labelEn"].value if "labelEn" in row else None,
            label_zh=row["labelZh"].value if "labelZh" in row else None,
            event_class=row["class"].value if "class" in row else None,
            start=start,
            end=_date(row.get("end"), row.get("endAsWritten")),
        )
    return sorted(result.values(), key=lambda e: e.order)


async def timeline(request: Request) -> Response:
    """/timeline: the page."""
    if (early := check_method(request, READ_METHODS)) is not None:
        return early
    headers, cached = validators(request)
    if cached is not None:
        return cached
    return render(request, headers=headers, template="timeline.html", events=await events(request))


def add_routes(app: Starlette) -> None:
    app.add_route("/timeline", timeline, methods=ANY_METHOD, name="timeline")
