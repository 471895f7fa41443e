"""/: what the graph is, how big, and where to start."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response

from server.pages import lookups
from server.pages.classes import class_counts
from server.pages.templating import render
from server.pages.terms import ANY_METHOD, validators

# The classes whose counts the home page gives, in this order. Figures (nkkg:DisputedVariable)
# are counted apart, with how many are disputed: not every figure is.
COUNTED = ("Actor", "Place", "Event", "Claim", "Source")


@dataclass(frozen=True)
class HomeCounts:
    """What the home page counts beside the classes."""

    state_places: int  # states that are also places (their territory, nkkg:Country)
    figures: int
    disputed: int


async def home_counts(request: Request) -> HomeCounts:
    """Gives the states counted among the places, and the figures and disputed figures."""
    [row] = await request.app.state.executor.select(lookups.HOME_COUNTS)
    return HomeCounts(
        int(row["statePlaces"].value), int(row["figures"].value), int(row["disputed"].value)
    )


async def home(request: Request) -> Response:
    """/: the home page."""
    headers, early = validators(request)
    if early is not None:
        return early
    stats = await request.app.state.statistics.get()
    by_name = {c.name: c for c in await class_counts(request)}
    counted = [by_name[name] for name in COUNTED if name in by_name]
    return render(
        request,
        headers=headers,
        template="home.html",
        stats=stats,
        counted=counted,
        counts=await home_counts(request),
    )


def add_routes(app: Starlette) -> None:
    app.add_route("/", home, methods=ANY_METHOD, name="home")
