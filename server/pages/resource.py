"""The HTML page of one resource, from its description (server/linked_data/describe.py's
CONSTRUCT output).

The dereferencing route (/id/…, /ontology/… in server/linked_data/resources.py) calls
`resource_page` when HTML wins content negotiation. The page shows the resource's names in every
language (each with its `lang` and the side that uses it where the data says so), its types,
its properties as links with the article's words each fact rests on, and the links pointing to
it, and where else it is described (its links out to DBpedia, with the English Wikipedia
article). Below that,
by kind: an entity's figures, every claim about it grouped by disputed variable; a source's
claims that cite it; a disputed variable's chart and table of versions; a claim's own version.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple
from starlette.requests import Request
from starlette.responses import Response

from graph_builder import iris
from graph_builder.namespaces import NKKG, OA, OWL, RDF, RDFS, SKOS
from server.engine.engine import Engine
from server.pages import figures, lookups, maps
from server.pages.charts import disputed_chart
from server.pages.figure_charts import chart_groups
from server.pages.templating import render
from server.pages.terms import Shown, bcp47, class_words, display_label, distinct_titles, show

NAME_PREDICATES = {
    RDFS.label.value: "label",
    SKOS.prefLabel.value: "preferred",
    SKOS.altLabel.value: "alternative",
}
# Links out, and how the page says them.
ELSEWHERE = {OWL.sameAs.value: "the same as", SKOS.closeMatch.value: "close to"}
# Incoming links per property shown in full; past this the page says how many more there are.
INCOMING_SHOWN = 60


@dataclass
class Name:
    """One name of the resource in one language, how the graph gives it, and who uses it."""

    text: str
    lang: str
    kinds: set[str] = field(default_factory=set)
    used_by: list[str] = field(default_factory=list)


@dataclass
class PropertyValues:
    """The values of one property of the resource (or the subjects of one incoming link)."""

    predicate: str
    values: list[Shown]
    more: int = 0


def _labels_of(description: list[Triple]) -> dict[str, list[Literal]]:
    labels: dict[str, list[Literal]] = defaultdict(list)
    for t in description:
        if t.predicate == RDFS.label and isinstance(t.object, Literal):
            labels[t.subject.value].append(t.object)
    return labels


def _evidence_of(
    resource: NamedNode, description: list[Triple]
) -> dict[tuple[str, str], list[str]]:
    """Gives the article's words (or the stated basis) behind each fact (predicate, object) of
    the resource, from the reified statements the description carries."""
    by_subject: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in description:
        by_subject[t.subject.value][t.predicate.value].append(t.object)
    words: dict[tuple[str, str], list[str]] = defaultdict(list)
    for props in by_subject.values():
        if resource not in props.get(RDF.subject.value, []):
            continue
        for predicate in props.get(RDF.predicate.value, []):
            for obj in props.get(RDF.object.value, []):
                key = (predicate.value, str(obj))
                for evidence in props.get(NKKG.hasEvidence.value, []):
                    for selector in by_subject[evidence.value].get(OA.hasSelector.value, []):
                        for exact in by_subject[selector.value].get(OA.exact.value, []):
                            words[key].append(exact.value)
                for basis in props.get(NKKG.basis.value, []):
                    words[key].append(f"basis: {basis.value}")
    return words


def _names(
    resource: NamedNode, description: list[Triple], sides: dict[str, list[str]]
) -> list[Name]:
    names: dict[tuple[str, str], Name] = {}
    for t in description:
        kind = NAME_PREDICATES.get(t.predicate.value)
        if t.subject != resource or kind is None or not isinstance(t.object, Literal):
            continue
        lang = bcp47(t.object.language or "")
        name = names.setdefault((t.object.value, lang), Name(t.object.value, lang))
        name.kinds.add(kind)
        name.used_by = sides.get(t.object.value, [])
    order = {"zh-Hant": 0, "zh-Hans": 1, "en": 2}
    return sorted(
        names.values(),
        key=lambda n: (order.get(n.lang, 3), n.lang, "preferred" not in n.kinds, n.text),
    )


def _heading(
    resource: NamedNode, names: list[Name], labels: dict[str, list[Literal]]
) -> tuple[str, str | None]:
    """Gives the page's title: the preferred name (skos:prefLabel) in English, else in the
    article's zh-Hant, so that where names differ by side the curated preferred one is shown,
    never one picked by spelling."""
    for lang in ("en", "zh-Hant"):
        for name in names:
            if name.lang == lang and "preferred" in name.kinds:
                return name.text, name.lang
    return display_label(resource.value, labels)


async def _distinct_heading(executor: Engine, resource: NamedNode, heading: str) -> str:
    """Gives the English title, with the resource's class in brackets when another resource has
    the same preferred name (Lachin the town and Lachin the district)."""
    rows = await executor.select(lookups.SAME_NAME, substitutions={"resource": resource})
    holders = [
        (row["holder"].value, heading, class_words(row["type"].value if "type" in row else None))
        for row in rows
    ]
    return distinct_titles(holders).get(resource.value, heading) if len(holders) > 1 else heading


def _page_kind(resource: NamedNode, description: list[Triple]) -> str | None:
    """Gives which claims the page lists (a key of lookups.CLAIM_MATCH), or None."""
    types = {t.object for t in description if t.subject == resource and t.predicate == RDF.type}
    if NKKG.DisputedVariable in types:
        return "variable"
    if NKKG.Source in types:
        return "source"
    if NKKG.Claim in types:
        return "claim"
    if any(t.predicate == NKKG.about and t.object == resource for t in description):
        return "about"
    return None


async def resource_page(
    request: Request, resource: NamedNode, description: list[Triple]
) -> Response:
    """Gives the HTML page of `resource` described by `description` (a 404 page when empty)."""
    executor = request.app.state.executor
    labels = _labels_of(description)
    preferred: dict[str, list[Literal]] = defaultdict(list)
    for row in await executor.select(
        lookups.LINKED_PREFERRED, substitutions={"resource": resource}
    ):
        preferred[row["linked"].value].append(row["name"])
    labels.update(preferred)  # where a resource has preferred names, a link shows one of them
    words = _evidence_of(resource, description)
    rows = await executor.select(lookups.NAMES_USED_BY, substitutions={"resource": resource})
    sides: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        side = row.get("sideLabel") or row["side"]
        sides[row["name"].value].append(side.value)

    types: list[Shown] = []
    properties: dict[str, list[Shown]] = defaultdict(list)
    incoming: dict[str, list[Shown]] = defaultdict(list)
    statements = {
        t.subject.value for t in description if t.predicate == RDF.subject and t.object == resource
    }
    claims_here = {
        t.subject.value
        for t in description
        if t.predicate in (NKKG.about, NKKG.variable) and t.object == resource
    }
    for t in description:
        if t.subject == resource:
            if t.predicate.value in NAME_PREDICATES:
                continue
            shown = show(t.object, labels, words.get((t.predicate.value, str(t.object)), []))
            (types if t.predicate == RDF.type else properties[t.predicate.value]).append(shown)
        elif t.object == resource and t.subject.value not in statements:
            if t.subject.value in claims_here and t.predicate in (NKKG.about, NKKG.variable):
                continue  # these claims are the Figures section
            if t.predicate == NKKG.claimant:
                continue  # and these the claims it makes
            incoming[t.predicate.value].append(show(t.subject, labels))

    kind = _page_kind(resource, description)
    claims = await figures.gather(executor, kind, resource) if kind else []
    groups = figures.group_by_variable(claims) if kind in ("about", "source") else []
    types_here = {t.iri for t in types}
    at_place: list[figures.FigureGroup] = []
    located: maps.MapPlace | None = None
    place_map = None
    if NKKG.Place.value in types_here:
        events_here = await figures.gather(executor, "events-at-place", resource)
        at_place = figures.group_by_variable(events_here)
        located = next(iter(await maps.places(request, resource)), None)
        place_map = maps.small_map(request, located) if located else None
    made: list[figures.ClaimView] = []
    if any(t.predicate == NKKG.claimant and t.object == resource for t in description):
        made = await figures.gather(executor, "claimant", resource)
    chart = None
    if kind == "variable" and claims:
        numeric = [c for c in claims if c.figure is not None]
        chart = disputed_chart(
            display_label(resource.value, labels)[0],
            [c.version() for c in numeric],
            chart_id="versions-chart",
        )

    elsewhere = [
        (ELSEWHERE[t.predicate.value], t.object.value, iris.english_wikipedia(t.object.value))
        for t in description
        if t.subject == resource and t.predicate.value in ELSEWHERE
    ]
    names = _names(resource, description, sides)
    heading, heading_lang = _heading(resource, names, labels)
    if heading_lang == "en":
        heading = await _distinct_heading(executor, resource, heading)
    return render(
        request,
        "resource.html",
        resource=resource,
        heading=heading,
        heading_lang=heading_lang,
        names=names,
        types=sorted(types, key=lambda s: (not s.text.startswith("nkkg:"), s.text)),
        properties=_sorted_groups(properties),
        incoming=_sorted_groups(incoming),
        elsewhere=sorted(elsewhere),
        kind=kind,
        claims=claims,
        groups=groups,
        charts=chart_groups(groups, "figures", resource.value),
        at_place=at_place,
        at_place_charts=chart_groups(at_place, "here"),
        located=located,
        place_map=place_map,
        made=made,
        chart=chart,
    )


def _sorted_groups(groups: dict[str, list[Shown]]) -> list[PropertyValues]:
    result = []
    for predicate in sorted(groups, key=lambda p: (not p.startswith(str(NKKG)), p)):
        values = sorted(set(groups[predicate]), key=lambda s: (s.text, s.iri or ""))
        result.append(
            PropertyValues(predicate, values[:INCOMING_SHOWN], max(0, len(values) - INCOMING_SHOWN))
        )
    return result
