"""The references the article cites for a claim, found by code where the article places them, each
with the rule that found it and the page.

The rules, tried in order (docs/claims.md gives the article's own example of each):

- `reference entry`: the words stand inside a reference entry (a quoted excerpt, a note): that
  entry cites them.
- `table caption`: a cell of the military-balance table is cited by the markers closing the
  sentence that introduces the table (…估計數為:[15]).
- `sentence`: the first run of markers after the number (for a statement: those inside its
  words, else the run right after them) in the sentence holding it, or on its infobox line. A
  marker covers the words before it, so a marker earlier in the sentence is not the figure's
  ([48] closes the clause on the 2,000 refugees, not the Sumgait deaths that follow it).
- `reported item`: with no marker there, a reference entry that is the very report the sentence
  names (its publication names the claimant, its date is the sentence's date: the Boston Globe of
  3 March 1992 is [68]).
- `passage`: with no marker there either, the first markers of the next sentence of the same
  paragraph, which close the passage (a marker covers the words before it, back to the previous
  marker: 這些因素使…自治州[33] closes the passage on the Caucasian Bureau's 4 to 3 vote).

Pages: the curated page, else the short citation's (de Waal 2003,第285頁), else the entry's own
pages, else a page the entry's text gives (note 31: "p. 286").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph_builder.curation.records import Evidence
from graph_builder.document.records import CitationMarker, Document, Sentence, Source

SENTENCE, PASSAGE, TABLE, REPORTED, ENTRY = (
    "sentence",
    "passage",
    "table caption",
    "reported item",
    "reference entry",
)
RULES = (SENTENCE, TABLE, ENTRY, REPORTED, PASSAGE)
_PAGE_IN_TEXT = re.compile(r"\bpp?\.\s*(\d+(?:\s*[–-]\s*\d+)?)|第(\d+(?:[–-]\d+)?)頁")
_CHINESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass(frozen=True)
class CitedRef:
    number: int
    page: str | None
    rule: str = SENTENCE


def _runs(markers: list[CitationMarker], text: str) -> list[list[CitationMarker]]:
    """Gives the markers grouped into runs: markers with only spaces between them."""
    runs: list[list[CitationMarker]] = []
    for marker in sorted(markers, key=lambda m: m.start):
        if runs and not text[runs[-1][-1].end : marker.start].strip():
            runs[-1].append(marker)
        else:
            runs.append([marker])
    return runs


def _sentence_at(doc: Document, offset: int) -> Sentence | None:
    return next((s for s in doc.sentences if s.start <= offset < s.end), None)


def _unit(doc: Document, offset: int) -> tuple[int, int, Sentence | None]:
    """Gives the sentence holding `offset`, or else the line holding it (the infobox, a caption)."""
    sentence = _sentence_at(doc, offset)
    if sentence is not None:
        return sentence.start, sentence.end, sentence
    start = doc.text.rfind("\n", 0, offset) + 1
    end = doc.text.find("\n", offset)
    return start, len(doc.text) if end == -1 else end, None


def _first_run_after(doc: Document, low: int, high: int, at: int) -> list[CitationMarker]:
    runs = _runs([m for m in doc.markers if low <= m.start < high], doc.text)
    return next((run for run in runs if run[0].start >= at), [])


def _closing_markers(doc: Document, sentence: Sentence) -> list[CitationMarker]:
    """Gives the markers that close a sentence: its last run, when nothing but punctuation
    follows it."""
    runs = _runs([m for m in doc.markers if sentence.start <= m.start < sentence.end], doc.text)
    if not runs:
        return []
    tail = doc.text[runs[-1][-1].end : sentence.end]
    return runs[-1] if not re.sub(r"[\s。.,,]", "", tail) else []


def _next_sentence(doc: Document, sentence: Sentence) -> Sentence | None:
    paragraph = next(p for p in doc.paragraphs if p.key == sentence.paragraph_key)
    later = [s for s in paragraph.sentences if s.ordinal == sentence.ordinal + 1]
    return later[0] if later else None


def _table_caption(doc: Document) -> list[CitationMarker]:
    first = doc.table.rows[0][0].start
    before = [s for s in doc.sentences if s.end <= first]
    return _closing_markers(doc, before[-1]) if before else []


def _iso_date(text: str) -> set[str]:
    return {f"{y}-{int(m):02d}-{int(d):02d}" for y, m, d in _CHINESE_DATE.findall(text)}


def _reported_item(doc: Document, unit: str, claimant_names: tuple[str, ...]) -> Source | None:
    dates = _iso_date(unit)
    for source in doc.sources:
        publication = " ".join(filter(None, (source.container, source.publisher)))
        if (
            publication
            and source.date in dates
            and any(name and name in publication for name in claimant_names)
        ):
            return source
    return None


def page_of(doc: Document, number: int, curated: str | None = None) -> str | None:
    """Gives the page cited in reference `number`: curated, short citation's, the entry's pages,
    or a page its text gives."""
    if curated:
        return curated
    source = doc.source(number)
    if source.short_citation is not None and source.short_citation.page:
        return source.short_citation.page
    if source.pages:
        return source.pages
    found = _PAGE_IN_TEXT.search(source.raw)
    return next(g for g in found.groups() if g) if found else None


def find(
    doc: Document,
    evidence: Evidence,
    at: tuple[int, int] | None,
    claimant_names: tuple[str, ...] = (),
) -> tuple[list[int], str | None]:
    """Gives the reference numbers the article cites for a claim and the rule that found them
    (None when the article cites nothing): `at` is the number's span for a figure, None for a
    statement (then its words count)."""
    if "/source/" in evidence.part:
        return [int(evidence.part.rsplit("/", 1)[-1])], ENTRY
    if "/table/" in evidence.part:
        return [m.ref_number for m in _table_caption(doc)], TABLE
    low, high, sentence = _unit(doc, evidence.start if at is None else at[0])
    if at is None:  # a statement: the markers inside its words, else the run after them
        inside = [m for m in doc.markers if evidence.start <= m.start < evidence.end]
        run = inside or _first_run_after(doc, low, high, evidence.end)
    else:
        run = _first_run_after(doc, low, high, at[1])
    if run:
        return list(dict.fromkeys(m.ref_number for m in run)), SENTENCE
    if reported := _reported_item(doc, doc.text[low:high], claimant_names):
        return [reported.number], REPORTED
    following = _next_sentence(doc, sentence) if sentence is not None else None
    if following is not None and (run := _first_run_after(doc, following.start, following.end, 0)):
        return list(dict.fromkeys(m.ref_number for m in run)), PASSAGE
    return [], None
