"""A belligerent side's page (nkkg:side/armenian, nkkg:side/azerbaijani): the actors the article
puts on it and those who take part in events on it, the claims about the side grouped by figure
and charted, and the names the side uses for places, actors and events.

The side IRIs are concepts of the ontology, served under /ontology/side/…; the dereferencing
route gives this page when HTML is asked for (server/linked_data/resources.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode
from starlette.requests import Request
from starlette.responses import Response

from graph_builder.namespaces import NKKG
from server.pages import figures, lookups
from server.pages.figure_charts import chart_groups
from server.pages.templating import render
from server.pages.terms import bcp47, class_words

SIDE_PREFIX = NKKG["side/"].value


@dataclass
class SideActor:
    """An actor of the side: how the article puts it there, and the events it takes part in."""

    iri: str
    label_en: str | None
    label_zh: str | None
    kind: str | None
    on_side: bool = False  # the article puts it on the side (nkkg:side or a side span)
    spans: list[str] = field(default_factory=list)  # "1991–1994"
    events: set[str] = field(default_factory=set)


@dataclass
class SideName:
    """What the side calls one thing, in every language the graph gives."""

    resource: str
    label_en: str | None
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, language)


def is_side(resource: NamedNode) -> bool:
    """Gives whether `resource` is a side's IRI (nkkg:side/…)."""
    return resource.value.startswith(SIDE_PREFIX) and "/" not in resource.value[len(SIDE_PREFIX) :]


def _text(term: object) -> str | None:
    return term.value if isinstance(term, Literal) else None


async def side_actors(request: Request, side: NamedNode) -> list[SideActor]:
    """Gives the side's actors: those the article puts on it first, then those only taking part
    in its events; each by name."""
    rows = await request.app.state.executor.select(
        lookups.SIDE_ACTORS, substitutions={"side": side}
    )
    actors: dict[str, SideActor] = {}
    for row in rows:
        iri = row["actor"].value
        actor = actors.setdefault(
            iri,
            SideActor(
                iri,
                _text(row.get("labelEn")),
                _text(row.get("labelZh")),
                class_words(row["type"].value if "type" in row else None),
            ),
        )
        how = row["how"].value
        if how in ("side", "span"):
            actor.on_side = True
        if how == "span" and ("start" in row or "end" in row):
            start, end = _text(row.get("start")) or "", _text(row.get("end")) or ""
            span = start if start == end else f"{start}–{end}"
            if span not in actor.spans:
                actor.spans.append(span)
        if how == "event":
            actor.events.add(row["event"].value)
    return sorted(
        actors.values(),
        key=lambda a: (not a.on_side, (a.label_en or a.label_zh or a.iri).casefold()),
    )


async def side_names(request: Request, side: NamedNode) -> list[SideName]:
    """Gives what the side calls things, where the names differ by side, by the thing named."""
    rows = await request.app.state.executor.select(lookups.SIDE_NAMES, substitutions={"side": side})
    named: dict[str, SideName] = {}
    for row in rows:
        iri = row["resource"].value
        entry = named.setdefault(iri, SideName(iri, _text(row.get("labelEn"))))
        name = row["name"]
        entry.names.append((name.value, bcp47(name.language or "")))
    order = {"en": 0, "zh-Hant": 1, "zh-Hans": 2}
    for entry in named.values():
        entry.names.sort(key=lambda n: (order.get(n[1], 3), n[1], n[0]))
    return sorted(named.values(), key=lambda e: (e.label_en or e.resource).casefold())


async def side_page(request: Request, side: NamedNode) -> Response:
    """Gives the HTML page of a side (a 404 page for an IRI under nkkg:side/ that is none)."""
    executor = request.app.state.executor
    info = await executor.select(lookups.SIDE, substitutions={"side": side})
    if not info:
        return render(request, "not_found.html", status=404, resource=side, path=request.url.path)
    [row] = info[:1]
    claims = await figures.gather(executor, "about", side)
    groups = figures.group_by_variable(claims)
    return render(
        request,
        "side.html",
        resource=side,
        label_en=_text(row.get("labelEn")),
        label_zh=_text(row.get("labelZh")),
        definition=_text(row.get("definition")),
        actors=await side_actors(request, side),
        groups=groups,
        charts=chart_groups(groups, "side"),
        claims=claims,
        names=await side_names(request, side),
    )
