"""Citations as the article places them, each rule on the article's own example, with pages from
short citations and from notes, and the build's count of cited claims by rule."""

from __future__ import annotations

import pytest

from graph_builder.build import citation_summary
from graph_builder.claims.citations import page_of
from graph_builder.claims.claim import Claims, build_claims
from graph_builder.curation.loader import load_curation
from graph_builder.document.records import Document


@pytest.fixture(scope="module")
def claims(doc: Document) -> Claims:
    return build_claims(doc, load_curation(doc))


def cited(claims: Claims, key: str) -> list[tuple[int, str | None, str]]:
    claim = next(c for c in claims.claims if c.id == key)
    return [(r.number, r.page, r.rule) for r in claim.refs]


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        # sentence: the run of markers after the number in its sentence
        ("khojaly-deaths-conservative-estimate", [(33, None, "sentence")]),
        ("khojaly-civilian-deaths-azerbaijani-authorities", [(67, None, "sentence")]),
        # the marker right after each number of an infobox line is that number's
        ("armenian-side-deaths-5856", [(20, None, "sentence")]),
        ("armenian-side-deaths-6000", [(21, "285", "sentence")]),  # de Waal 2003,第285頁
        # a marker earlier in the sentence covers the words before it, not the figure after it
        ("sumgait-pogrom-deaths-soviet-statistics", []),
        # passage: no marker in its sentence, the next sentence's first markers close it
        ("azerbaijani-national-army-strength-1992", [(33, None, "passage")]),
        ("kavburo-vote-in-favour", [(33, None, "passage")]),  # 自治州[33] closes the passage
        # no marker in its sentence nor in the next: uncited
        ("khojaly-civilian-deaths-azerbaijani-side", []),
        ("azerbaijani-side-personnel-total-infobox", []),
        # table caption: every cell of the table is cited by …估計數為:[15]
        ("azerbaijan-combat-aircraft-table", [(15, "13–18", "table caption")]),
        ("nkr-personnel-table", [(15, "13–18", "table caption")]),
        # reported item: the sentence names the Boston Globe of 3 March 1992; [68] is that report
        ("khojaly-deaths-boston-globe-four-years", [(68, None, "reported item")]),
        # reference entry: words quoted in an entry, a note with its page (note 31: p. 286)
        (
            "azerbaijani-territory-held-outside-enclave-de-waal-share",
            [(31, "286", "reference entry")],
        ),
        ("afghan-mujahideen-fighters-taarnby", [(17, "7", "reference entry")]),
        # a note's page applies wherever the note is cited (the lead's 約9%)
        ("azerbaijani-territory-held-outside-enclave-lead", [(31, "286", "sentence")]),
    ],
)
def test_each_citation_rule(claims: Claims, claim: str, expected: list) -> None:
    assert cited(claims, claim) == expected


def test_pages_come_from_short_citations_entries_and_notes(doc: Document) -> None:
    assert page_of(doc, 21) == "285"  # de Waal 2003,第285頁 (a short citation)
    assert page_of(doc, 31) == "286"  # "…: de Waal. Black Garden, p. 286." (a note)
    assert page_of(doc, 15) == "13–18"  # the entry's own pages
    assert page_of(doc, 33) is None  # the whole book
    assert page_of(doc, 33, "200") == "200"  # a curated page wins


def test_the_build_counts_the_cited_claims_by_rule(claims: Claims) -> None:
    line = citation_summary(claims)
    uncited = sum(1 for c in claims.claims if not c.refs)
    assert f"{len(claims.claims) - uncited} claims cited (" in line
    for rule in ("sentence", "table caption", "reference entry", "reported item", "passage"):
        assert f" by {rule}" in line
    assert "15 by table caption" in line  # the 15 cells of the military-balance table
    assert line.endswith(f"{uncited} uncited in the article")
