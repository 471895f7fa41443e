"""/article: the annotated reader. The article's whole text, line by line and section by
section, with every claim's words marked where they stand (its value, claimant, sources and
the graph's verdict in a note beside the paragraph), every curated name linked to what it names
(where the curation anchors it, and its other occurrences found by spelling), and every
citation marker linked to the reference it cites. A claim's page links here ("read in
context") to `/article#claim-KEY`, which lands on its words.

It reads without JavaScript: the notes follow each paragraph, and links are links.
static/reader.js adds a card on a marked passage and lights up the claim a link lands on.

The page depends on the store version only, so each app renders it once per version.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from html import escape

from pyoxigraph import Literal, NamedNode
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from graph_builder.namespaces import BASE
from server.pages import figures, lookups
from server.pages.figure_charts import verdict_words
from server.pages.templating import href
from server.pages.terms import ANY_METHOD, validators


@dataclass(frozen=True)
class Span:
    """A stretch of the article that a claim, a name or a citation marker covers."""

    start: int
    end: int
    kind: str  # claim, mention, cite
    key: str  # the claim's key, the entity's IRI, the source's IRI
    label: str = ""  # what a link says it goes to


@dataclass
class ClaimNote:
    """The note beside a paragraph for one claim whose words stand in it."""

    number: int
    key: str
    claim: figures.ClaimView | None
    start: int
    verdict: str | None = None


@dataclass
class Block:
    """A paragraph (one line of the article), a heading, or the infobox's lines together."""

    kind: str  # heading, prose, infobox
    html: list[str] = field(default_factory=list)  # one entry per line
    level: int = 0
    anchor: str | None = None
    label_en: str | None = None
    notes: list[ClaimNote] = field(default_factory=list)


def claim_key(iri: str) -> str:
    """Gives the key a claim is found by in the reader: its IRI's last segment."""
    return iri.rsplit("/", 1)[-1]


def _mentions(rows: list[dict[str, object]], text: str, breaks: list[int]) -> list[Span]:
    """Gives the names' mentions: where the curation anchors a name (inside its quoted words),
    and, as an encyclopedia links a name once per section, the first other occurrence in each
    section (sections start at `breaks`) of a name that only one entity has."""
    anchored: list[Span] = []
    owners: dict[str, set[str]] = {}
    english: dict[str, str] = {}
    for row in rows:
        entity, name = row["entity"].value, row["name"].value
        owners.setdefault(name, set()).add(entity)
        if isinstance(row.get("labelEn"), Literal):
            english[entity] = row["labelEn"].value
        exact, start = row.get("exact"), row.get("start")
        if isinstance(exact, Literal) and isinstance(start, Literal):
            at = exact.value.find(name)
            if at >= 0:
                begin = int(start.value) + at
                anchored.append(Span(begin, begin + len(name), "mention", entity))
    taken = sorted((s.start, s.end) for s in anchored)
    unique = sorted(
        (n for n, who in owners.items() if len(who) == 1 and len(n) >= 2), key=len, reverse=True
    )
    found: list[Span] = []
    linked: set[tuple[int, str]] = set()
    if unique:
        pattern = re.compile("|".join(re.escape(n) for n in unique))
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            (entity,) = owners[match.group(0)]
            section = bisect.bisect_right(breaks, match.start())
            if (section, entity) in linked:
                continue
            linked.add((section, entity))
            found.append(Span(match.start(), match.end(), "mention", entity))
    spans = sorted(set(anchored), key=lambda s: (s.start, s.end)) + found
    return [
        Span(s.start, s.end, s.kind, s.key, english.get(s.key, s.key.rsplit("/", 1)[-1]))
        for s in spans
    ]


def annotate(text: str, start: int, end: int, spans: list[Span]) -> tuple[str, list[str]]:
    """Gives the HTML of text[start:end] with the spans marked (claims as <mark>, names and
    citation markers as links), and the keys of the claims that begin in it, in order."""
    inside = [s for s in spans if s.start < end and s.end > start]
    cuts = sorted(
        {start, end}
        | {min(max(s.start, start), end) for s in inside}
        | {min(max(s.end, start), end) for s in inside}
    )
    out: list[str] = []
    begun: list[str] = []
    open_claims: tuple[str, ...] = ()
    for a, b in zip(cuts, cuts[1:], strict=False):
        claims = tuple(s.key for s in inside if s.kind == "claim" and s.start <= a and s.end >= b)
        starting = [s.key for s in inside if s.kind == "claim" and s.start == a]
        if claims != open_claims or starting:
            if open_claims:
                out.append("</mark>")
            for key in starting:
                out.append(f'<span class="anchor" id="claim-{escape(key)}"></span>')
                begun.append(key)
            if claims:
                out.append(f'<mark class="claim" data-claims="{escape(" ".join(claims))}">')
            open_claims = claims
        piece = escape(text[a:b])
        link = next(
            (s for s in inside if s.kind in ("cite", "mention") and s.start <= a and s.end >= b),
            None,
        )
        if link is not None:
            piece = (
                f'<a class="{link.kind}" href="{escape(href(link.key))}" '
                f'title="{escape(link.label)}">{piece}</a>'
            )
        out.append(piece)
        ending = [s for s in inside if s.kind == "claim" and s.end == b and s.start < b]
        if ending and open_claims:
            out.append("</mark>")
            open_claims = ()
        for span in ending:
            out.append(
                f'<a class="claim-ref" href="#note-{escape(span.key)}" '
                f'data-claim="{escape(span.key)}" aria-label="note on {escape(span.label)}">'
                f"{escape(span.label)}</a>"
            )
    if open_claims:
        out.append("</mark>")
    return "".join(out), begun


def _line_ranges(text: str) -> list[tuple[int, int]]:
    ranges, at = [], 0
    for line in text.split("\n"):
        ranges.append((at, at + len(line)))
        at += len(line) + 1
    return ranges


async def article_blocks(request: Request) -> tuple[list[Block], dict[str, str], int]:
    """Gives the reader's blocks, the article's URL and licence, and how many claims it marks."""
    executor = request.app.state.executor
    [document] = await executor.select(lookups.ARTICLE)
    text = document["text"].value
    sections = await executor.select(lookups.ARTICLE_SECTIONS)
    paragraphs = await executor.select(lookups.ARTICLE_PARAGRAPHS)
    claim_rows = await executor.select(lookups.ARTICLE_CLAIMS)
    markers = await executor.select(lookups.ARTICLE_MARKERS)
    names = await executor.select(lookups.ARTICLE_NAMES)
    views = {c.iri: c for c in await figures.gather(executor, "all", NamedNode(BASE + "nothing"))}

    positions: dict[str, tuple[int, int]] = {}
    for row in claim_rows:
        iri, a, b = row["claim"].value, int(row["start"].value), int(row["end"].value)
        if iri not in positions or a < positions[iri][0]:
            positions[iri] = (a, b)
    order = sorted(positions, key=lambda iri: positions[iri])
    notes = {
        claim_key(iri): ClaimNote(
            number, claim_key(iri), views.get(iri), positions[iri][0], _verdict(views.get(iri))
        )
        for number, iri in enumerate(order, start=1)
    }
    spans = [
        Span(a, b, "claim", claim_key(iri), f"c{notes[claim_key(iri)].number}")
        for iri, (a, b) in positions.items()
    ]
    spans += [
        Span(
            int(m["start"].value),
            int(m["end"].value),
            "cite",
            m["source"].value,
            f"reference {m['number'].value}",
        )
        for m in markers
    ]
    lines = _line_ranges(text)
    headings = {int(s["line"].value): s for s in sections}
    spans += _mentions(names, text, sorted(lines[n - 1][0] for n in headings if n <= len(lines)))

    prose = [(int(p["start"].value), int(p["end"].value)) for p in paragraphs]
    first_section = min(headings) if headings else 0
    blocks: list[Block] = []
    for number, (a, b) in enumerate(lines, start=1):
        if a == b:
            continue
        html, begun = annotate(text, a, b, spans)
        if number in headings:
            row = headings[number]
            blocks.append(
                Block(
                    "heading",
                    [html],
                    level=int(row["level"].value),
                    anchor=claim_key(row["section"].value),
                    label_en=_text(row.get("labelEn")),
                )
            )
            continue
        in_prose = any(p <= a and b <= q for p, q in prose)
        kind = "prose" if in_prose or number >= first_section else "infobox"
        if kind == "infobox" and blocks and blocks[-1].kind == "infobox":
            block = blocks[-1]
            block.html.append(html)
        else:
            block = Block(kind, [html])
            blocks.append(block)
        block.notes += [notes[key] for key in begun]
    about = {"url": _text(document.get("url")) or "", "license": _text(document.get("license"))}
    return blocks, {k: v for k, v in about.items() if v}, len(notes)


def _verdict(claim: figures.ClaimView | None) -> str | None:
    if claim is None or claim.variable is None:
        return None
    return verdict_words(claim.verdict, claim.dispute_reason)


def _text(term: object) -> str | None:
    return term.value if isinstance(term, Literal | NamedNode) else None


async def reader(request: Request) -> Response:
    """/article: the page, rendered once per store version."""
    headers, early = validators(request)
    if early is not None:
        return early
    version = request.app.state.executor.version
    kept: tuple[object, str] | None = request.app.state.reader_page
    if kept is None or kept[0] != version:
        blocks, about, claims = await article_blocks(request)
        template = request.app.state.templates.get_template("article.html")
        body = template.render(request=request, blocks=blocks, about=about, claims=claims)
        request.app.state.reader_page = kept = (version, body)
    return HTMLResponse(kept[1], headers=headers)


def add_routes(app: Starlette) -> None:
    app.state.reader_page = None
    app.add_route("/article", reader, methods=ANY_METHOD, name="article")
