"""/search?q=: resources whose labels contain the text, in any language and any spelling,
grouped by kind, a page at a time.

Chinese is written two ways, and the graph labels each name in both (zh-Hant as the article
writes it, zh-Hans made by OpenCC): the text is looked for as typed and converted each way, so
霍贾雷 finds 霍賈雷 and the reverse. Latin spellings fold to one key (server/pages/folding.py),
so Xocalı, Khodjaly and Hocalı find Khojaly, and Ağdam finds Aghdam. The labels come from one
query (server/pages/lookups.py's LABELS) and are matched here: the text never enters SPARQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import opencc
from pyoxigraph import Literal, NamedNode
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response

from graph_builder.namespaces import NKKG, OWL, SKOS
from server.pages import lookups
from server.pages.folding import fold
from server.pages.templating import render
from server.pages.terms import ANY_METHOD, bcp47, class_words, distinct_titles, validators

MAX_QUERY_CHARS = 200
PER_PAGE = 20
# A folded text shorter than this is matched as typed only: one letter would find everything.
MIN_FOLDED = 2
# The kinds results are grouped in, by the class that makes a resource one; a resource of
# several kinds (a state is an actor and a place) goes to the first.
KINDS: tuple[tuple[str, str], ...] = (
    (NKKG.Event.value, "Events"),
    (NKKG.Actor.value, "Actors"),
    (NKKG.Place.value, "Places"),
    (NKKG.DisputedVariable.value, "Figures"),
    (NKKG.Claim.value, "Claims"),
    (NKKG.Source.value, "Sources"),
    (NKKG.DocumentPart.value, "Parts of the article"),
    (OWL.Class.value, "Ontology terms"),
    (OWL.ObjectProperty.value, "Ontology terms"),
    (OWL.DatatypeProperty.value, "Ontology terms"),
    (SKOS.Concept.value, "Ontology terms"),
)
OTHER = "Other records"
KIND_NAMES = tuple(dict.fromkeys([name for _, name in KINDS] + [OTHER]))


@dataclass(frozen=True)
class Spellings:
    """The text as typed, in traditional and in simplified Chinese."""

    typed: str
    traditional: str
    simplified: str

    def needles(self) -> tuple[set[str], set[str]]:
        """Gives the texts to look for as written (case folded) and as folded keys."""
        written = {s.casefold() for s in (self.typed, self.traditional, self.simplified)}
        folded = {key for key in map(fold, written) if len(key) >= MIN_FOLDED}
        return written, folded


class ChineseConverter:
    """OpenCC's simplified-to-traditional and traditional-to-simplified converters."""

    def __init__(self) -> None:
        self._s2t = opencc.OpenCC("s2t")
        self._t2s = opencc.OpenCC("t2s")

    def spellings(self, text: str) -> Spellings:
        return Spellings(text, self._s2t.convert(text), self._t2s.convert(text))


@dataclass
class Hit:
    """One resource found: its labels, its kind and the labels that matched."""

    iri: str
    label_en: str | None
    label_zh: str | None
    type: str | None
    kind: str
    matched: list[tuple[str, str]] = field(default_factory=list)  # (label, language)
    title: str = ""

    def rank(self, written: set[str], folded: set[str]) -> tuple[int, int, str]:
        """Gives the sort key within a kind: a label equal to the text (as written or
        folded), then one starting with it; then shorter labels first."""
        texts = [label.casefold() for label, _ in self.matched]
        keys = [fold(t) for t in texts]
        if any(t in written for t in texts) or any(k in folded for k in keys):
            closeness = 0
        elif any(t.startswith(n) for t in texts for n in written) or any(
            k.startswith(n) for k in keys for n in folded
        ):
            closeness = 1
        else:
            closeness = 2
        return (closeness, min(len(t) for t in texts), self.iri)


@dataclass(frozen=True)
class KindGroup:
    """The hits of one kind on the page shown, and how many the search found of that kind."""

    name: str
    total: int
    hits: list[Hit]


def _kind(kinds: str) -> str:
    present = set(kinds.split())
    return next((name for iri, name in KINDS if iri in present), OTHER)


def _matches(label: str, written: set[str], folded: set[str]) -> bool:
    text = label.casefold()
    if any(needle in text for needle in written):
        return True
    return bool(folded) and any(needle in fold(label) for needle in folded)


async def find(request: Request, spellings: Spellings) -> list[Hit]:
    """Gives the resources with a label containing the text in any of its spellings, kind by
    kind (the kind of the best match first), best matches first within a kind."""
    written, folded = spellings.needles()
    hits: dict[str, Hit] = {}
    for row in await request.app.state.executor.select(lookups.LABELS):
        label = row["label"]
        if not isinstance(label, Literal) or not _matches(label.value, written, folded):
            continue
        iri = row["resource"].value
        hit = hits.get(iri)
        if hit is None:
            hit = hits[iri] = Hit(
                iri,
                _text(row.get("labelEn")),
                _text(row.get("labelZh")),
                _iri(row.get("type")),
                _kind(_text(row.get("kinds")) or ""),
            )
        matched = (label.value, bcp47(label.language or ""))
        if matched not in hit.matched:
            hit.matched.append(matched)
    ranked = sorted(hits.values(), key=lambda h: h.rank(written, folded))
    best: dict[str, int] = {}
    for position, hit in enumerate(ranked):
        best.setdefault(hit.kind, position)
    ranked.sort(key=lambda h: (best[h.kind], h.kind))  # stable: the rank holds within a kind
    titles = distinct_titles(
        [(h.iri, h.label_en or h.label_zh or h.matched[0][0], class_words(h.type)) for h in ranked]
    )
    for hit in ranked:
        hit.title = titles[hit.iri]
    return ranked


def _text(term: object) -> str | None:
    return term.value if isinstance(term, Literal) else None


def _iri(term: object) -> str | None:
    return term.value if isinstance(term, NamedNode) else None


def _page_number(request: Request) -> int:
    try:
        return max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        return 1


async def search(request: Request) -> Response:
    """/search?q=TEXT[&kind=K][&page=N]: the form, and what it finds, a page at a time."""
    headers, early = validators(request)
    if early is not None:
        return early
    text = (request.query_params.get("q") or "").strip()
    if not text:
        return render(request, "search.html", headers=headers, q="", groups=None)
    if len(text) > MAX_QUERY_CHARS:
        return render(
            request,
            "search.html",
            status=400,
            q=text[:MAX_QUERY_CHARS],
            groups=None,
            error=f"The text is {len(text)} characters long; search for at most {MAX_QUERY_CHARS}.",
        )
    spellings = request.app.state.chinese.spellings(text)
    found = await find(request, spellings)
    counts = {name: sum(1 for h in found if h.kind == name) for name in KIND_NAMES}
    kind = request.query_params.get("kind")
    shown = [h for h in found if h.kind == kind] if kind in counts else found
    pages = max(1, math.ceil(len(shown) / PER_PAGE))
    number = min(_page_number(request), pages)
    on_page = shown[(number - 1) * PER_PAGE : number * PER_PAGE]
    groups = [
        KindGroup(name, counts[name], [h for h in on_page if h.kind == name])
        for name in dict.fromkeys(h.kind for h in on_page)
    ]
    return render(
        request,
        "search.html",
        headers=headers,
        q=text,
        spellings=spellings,
        groups=groups,
        total=len(found),
        shown_total=len(shown),
        kind=kind if kind in counts else None,
        counts={name: n for name, n in counts.items() if n},
        page=number,
        pages=pages,
        first=(number - 1) * PER_PAGE + 1,
        last=(number - 1) * PER_PAGE + len(on_page),
    )


def add_routes(app: Starlette) -> None:
    app.state.chinese = ChineseConverter()
    app.add_route("/search", search, methods=ANY_METHOD, name="search")
