"""/search?q=: resources whose labels contain the text, in any language.

Chinese is written two ways, and the graph labels each name in both (zh-Hant as the article
writes it, zh-Hans made by OpenCC): the query is looked for as typed and converted each way, so
霍贾雷 finds 霍賈雷 and the reverse. English finds Chinese-labelled entities by their English
labels. The three spellings are bound as substitutions, never written into the query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import opencc
from pyoxigraph import Literal
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response

from server.http.methods import READ_METHODS, check_method
from server.pages import lookups
from server.pages.templating import render
from server.pages.terms import ANY_METHOD, bcp47, validators

MAX_QUERY_CHARS = 200
SHOWN = 100
# Classes of records about the curated actors, places and events (claims, roles, parts of the
# article…): a search lists the entities themselves first.
RECORD_TYPES = {
    "Claim",
    "DisputedVariable",
    "Role",
    "SideSpan",
    "Participation",
    "Contradiction",
    "CitedReference",
    "Source",
    "Section",
    "Paragraph",
    "Sentence",
    "Citation",
    "Evidence",
    "InfoboxField",
    "InfoboxEntry",
    "TableRow",
    "TableCell",
    "Note",
    "QuantityKind",
}


@dataclass(frozen=True)
class Spellings:
    """The text as typed, in traditional and in simplified Chinese."""

    typed: str
    traditional: str
    simplified: str


class ChineseConverter:
    """OpenCC's simplified-to-traditional and traditional-to-simplified converters."""

    def __init__(self) -> None:
        self._s2t = opencc.OpenCC("s2t")
        self._t2s = opencc.OpenCC("t2s")

    def spellings(self, text: str) -> Spellings:
        return Spellings(text, self._s2t.convert(text), self._t2s.convert(text))


@dataclass
class Hit:
    """One resource found: its labels and the labels that matched."""

    iri: str
    label_en: str | None
    label_zh: str | None
    type: str | None
    matched: list[tuple[str, str]] = field(default_factory=list)  # (label, language)

    def rank(self, needles: set[str]) -> tuple[bool, int, int, str]:
        """Gives the sort key: curated entities before the records about them (claims, parts
        of the article…); then a label equal to the text, then one starting with it; then
        shorter labels first."""
        texts = [label.casefold() for label, _ in self.matched]
        if any(t in needles for t in texts):
            closeness = 0
        elif any(t.startswith(n) for t in texts for n in needles):
            closeness = 1
        else:
            closeness = 2
        record = (self.type or "").rsplit("/", 1)[-1] in RECORD_TYPES
        return (record, closeness, min(len(t) for t in texts), self.iri)


async def find(request: Request, spellings: Spellings) -> list[Hit]:
    """Gives the resources with a label containing any of the spellings, best matches first."""
    rows = await request.app.state.executor.select(
        lookups.SEARCH,
        substitutions={
            "typed": Literal(spellings.typed),
            "traditional": Literal(spellings.traditional),
            "simplified": Literal(spellings.simplified),
        },
    )
    hits: dict[str, Hit] = {}
    for row in rows:
        iri = row["resource"].value
        hit = hits.setdefault(
            iri,
            Hit(
                iri,
                row["labelEn"].value if "labelEn" in row else None,
                row["labelZh"].value if "labelZh" in row else None,
                row["type"].value if "type" in row else None,
            ),
        )
        label = row["label"]
        matched = (label.value, bcp47(label.language or ""))
        if matched not in hit.matched:
            hit.matched.append(matched)
    needles = {s.casefold() for s in (spellings.typed, spellings.traditional, spellings.simplified)}
    return sorted(hits.values(), key=lambda h: h.rank(needles))


async def search(request: Request) -> Response:
    """/search?q=TEXT: the form, and what it finds."""
    if (early := check_method(request, READ_METHODS)) is not None:
        return early
    headers, cached = validators(request)
    if cached is not None:
        return cached
    text = (request.query_params.get("q") or "").strip()
    if not text:
        return render(request, "search.html", headers=headers, q="", hits=None)
    if len(text) > MAX_QUERY_CHARS:
        return render(
            request,
            "search.html",
            status=400,
            q=text[:MAX_QUERY_CHARS],
            hits=None,
            error=f"The text is {len(text)} characters long; search for at most {MAX_QUERY_CHARS}.",
        )
    spellings = request.app.state.chinese.spellings(text)
    hits = await find(request, spellings)
    return render(
        request,
        "search.html",
        headers=headers,
        q=text,
        spellings=spellings,
        hits=hits[:SHOWN],
        total=len(hits),
    )


def add_routes(app: Starlette) -> None:
    app.state.chinese = ChineseConverter()
    app.add_route("/search", search, methods=ANY_METHOD, name="search")
