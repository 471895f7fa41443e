"""/classes: the ontology's classes that have members, with their counts; /classes/{Name}: the
members of one, with their labels. Counts include the members the inferred graph gives a class
(every Battle is an Event), the same as a SPARQL COUNT over the default graph."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response

from graph_builder.namespaces import NKKG
from server.pages import lookups
from server.pages.templating import render
from server.pages.terms import ANY_METHOD, validators


@dataclass(frozen=True)
class ClassCount:
    iri: str
    name: str  # the local name, as in /classes/{name}
    path: str
    label_en: str | None
    label_zh: str | None
    members: int


@dataclass(frozen=True)
class Member:
    iri: str
    label_en: str | None
    label_zh: str | None
    label: str | None


def _text(row: dict[str, object], name: str) -> str | None:
    term = row.get(name)
    return term.value if isinstance(term, Literal) else None


async def class_counts(request: Request) -> list[ClassCount]:
    """Gives every class of the ontology with members, and how many."""
    rows = await request.app.state.executor.select(lookups.CLASS_COUNTS)
    counts = []
    for row in rows:
        iri = row["class"].value
        name = iri.removeprefix(str(NKKG))
        counts.append(
            ClassCount(
                iri,
                name,
                request.app.url_path_for("class", name=name),
                _text(row, "labelEn"),
                _text(row, "labelZh"),
                int(row["members"].value),
            )
        )
    return counts


async def index(request: Request) -> Response:
    """/classes: the classes and their counts."""
    headers, early = validators(request)
    if early is not None:
        return early
    return render(
        request, headers=headers, template="classes.html", classes=await class_counts(request)
    )


async def members(request: Request) -> Response:
    """/classes/{name}: the members of one class, or a 404 page for a class with none."""
    headers, early = validators(request)
    if early is not None:
        return early
    name = request.path_params["name"]
    known = {c.name: c for c in await class_counts(request)}
    if name not in known:
        return render(
            request, "classes.html", status=404, classes=list(known.values()), missing=name
        )
    this = known[name]
    rows = await request.app.state.executor.select(
        lookups.CLASS_MEMBERS, substitutions={"class": NKKG[name]}
    )
    listed = [
        Member(
            row["member"].value, _text(row, "labelEn"), _text(row, "labelZh"), _text(row, "label")
        )
        for row in rows
    ]
    info = await request.app.state.executor.select(
        lookups.CLASS_INFO, substitutions={"class": NKKG[name]}
    )
    definition = _text(info[0], "definition") if info else None
    return render(request, "classes_members.html", cls=this, members=listed, definition=definition)


def add_routes(app: Starlette) -> None:
    app.add_route("/classes", index, methods=ANY_METHOD, name="classes")
    app.add_route("/classes/{name}", members, methods=ANY_METHOD, name="class")
