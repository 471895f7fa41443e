"""Claims: figures read from the article's words (the number only: the bound comes from the
words around it), the curated fields a claim needs, and the number coverage that holds every
quantity to a claim or a reasoned exclusion."""

from __future__ import annotations

import shutil
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from graph_builder.claims.claim import Claims, build_claims
from graph_builder.claims.coverage import coverage
from graph_builder.curation.loader import entity_files, load_curation
from graph_builder.document.mentions import quantity_mentions
from graph_builder.document.records import Document
from graph_builder.errors import CurationError

CLAIMS = """\
claims:
  - id: stepanakert-residents
    about: stepanakert
    kind: population
    number: 5 0000
    unit: people
    quote: 炮擊已經迫使斯捷潘納科特的5 0000名居民中的大部逃至地下堡壘
    gloss: the shelling had forced most of Stepanakert's 50,000 residents into underground shelters
    claimant: unattributed
  - id: azerbaijani-national-army-strength
    about: azerbaijan
    kind: personnel
    number: "30000"
    unit: people
    quote: 亞塞拜然國民軍有大約30000人
    gloss: the Azerbaijani National Army had about 30,000 men
    claimant: unattributed
  - id: war-deaths-azerbaijani-side
    about: azerbaijani-side
    kind: deaths
    number: 20,000–30,000
    unit: people
    quote: "死亡:\\n20,000–30,000人[21][23][20]"
    gloss: "Killed: 20,000–30,000"
    claimant: unattributed
  - id: war-deaths-armenian-side-20
    about: armenian-side
    kind: deaths
    number: 5,856
    unit: people
    quote: "5,856[20]–6,000人[21]"
    gloss: "5,856–6,000"
    claimant: unattributed
  - id: ethnic-cleansing-charge
    about: azerbaijani-side
    polarity: accuses
    proposition: the Azerbaijani side carried out ethnic cleansing
    proposition_zh: 亞塞拜然方進行了種族清洗
    quote: 雙方互相指責對方進行種族清洗
    gloss: the two sides accused each other of ethnic cleansing
    claimant: armenian-side
"""


def _claims(doc: Document, folder: Path) -> Claims:
    return build_claims(doc, load_curation(doc, folder))


def _folder(tmp_path: Path, text: str, entities: bool = True) -> Path:
    """Gives a curation folder holding `text` as its claims file, with the entity files unless
    the test fails a claim before its subject is looked up (which saves loading them)."""
    for path in entity_files() if entities else ():
        shutil.copy(path, tmp_path)
    (tmp_path / "claims.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def fixture_claims(doc: Document, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = _folder(tmp_path_factory.mktemp("claims"), CLAIMS)
    return {c.id: c for c in _claims(doc, folder).claims}


def test_figures_are_read_from_their_words(doc: Document, fixture_claims: dict) -> None:
    residents = fixture_claims["stepanakert-residents"]
    assert residents.reading and residents.reading.value == Decimal(50000)
    assert residents.number and doc.text[residents.number.start : residents.number.end] == "5 0000"
    assert [r.number for r in residents.refs] == [59]  # the marker closing its sentence
    army = fixture_claims["azerbaijani-national-army-strength"]
    assert army.bound and army.bound.kind == "approximate"  # 大約, read from the article
    assert army.as_written == "大約30000"
    assert [(r.number, r.rule) for r in army.refs] == [(33, "passage")]  # the next sentence's
    deaths = fixture_claims["war-deaths-azerbaijani-side"]
    assert deaths.reading and (deaths.reading.minimum, deaths.reading.maximum) == (20000, 30000)
    assert [r.number for r in deaths.refs] == [21, 23, 20]  # the run after the number
    assert [(r.number, r.page) for r in deaths.refs][0] == (21, "285")  # de Waal 2003, p. 285
    # 5,856[20]–6,000人[21]: the marker right after 5,856 is its own, without curating it
    assert [r.number for r in fixture_claims["war-deaths-armenian-side-20"].refs] == [20]


def test_a_side_can_be_the_claimant(fixture_claims: dict) -> None:
    assert fixture_claims["ethnic-cleansing-charge"].claimants == ("armenian-side",)


def test_a_number_written_with_its_bound_words_is_refused(doc: Document, tmp_path: Path) -> None:
    bad = CLAIMS.replace('number: "30000"', "number: 大約30000")
    with pytest.raises(CurationError, match="write the number only"):
        _claims(doc, _folder(tmp_path, bad, entities=False))


def test_a_reference_the_article_does_not_place_there_is_refused(
    doc: Document, tmp_path: Path
) -> None:
    bad = CLAIMS.replace('    gloss: "5,856–6,000"', '    gloss: "5,856–6,000"\n    refs: [21]')
    with pytest.raises(CurationError, match=r"reference \[21\] is not cited where the article"):
        _claims(doc, _folder(tmp_path, bad, entities=False))


def test_a_number_outside_its_quote_is_refused(doc: Document, tmp_path: Path) -> None:
    bad = CLAIMS.replace("number: 5 0000", "number: 6 0000")
    with pytest.raises(CurationError, match="the number '6 0000' does not stand in the quote"):
        _claims(doc, _folder(tmp_path, bad, entities=False))


def test_an_unknown_claimant_is_refused(doc: Document, tmp_path: Path) -> None:
    bad = CLAIMS.replace("claimant: unattributed", "claimant: nobody-we-know", 1)
    with pytest.raises(CurationError, match="claimant is not a curated actor") as caught:
        _claims(doc, _folder(tmp_path, bad))
    assert caught.value.line == 2  # the claim that names it


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    gloss: the Azerbaijani National Army had about 30,000 men\n",
            "",
            "give `gloss`, the curators' English translation",
        ),
        ("    proposition_zh: 亞塞拜然方進行了種族清洗\n", "", "proposition_zh"),
        (
            "    kind: deaths\n    number: 5,856",
            "    kind: deaths\n    scope: civilians\n    number: 5,856",
            "scope_zh",
        ),
    ],
)
def test_what_a_claim_must_say_in_each_language(
    doc: Document, tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(CurationError, match=message):
        _claims(doc, _folder(tmp_path, CLAIMS.replace(old, new), entities=False))


@pytest.mark.parametrize(
    "form",
    [
        "兩所",  # 兩所軍官學校: a count before a measure word
        "幾個旅",  # 幾個旅被亞美尼亞包圍: a vague count
        "數個步兵連",
        "一半",  # 將近一半
        "6年",  # the war's duration, 6年2個月3周又1天
        "16歲",  # an age
        "25公里",  # a distance
        "11人委員會",  # the size of a named body
        "three",  # never in the article: English words are found in the excerpts only
    ],
)
def test_quantity_mentions_find_every_form(doc: Document, form: str) -> None:
    texts = {doc.text[m.start : m.start + len(form)] for m in quantity_mentions(doc)}
    assert (form in texts) == (form != "three")


def test_quantity_mentions_find_english_words_in_the_excerpts(doc: Document) -> None:
    found = {m.text for m in quantity_mentions(doc) if m.start > doc.sources[0].start}
    assert {"four", "thousands", "75"} <= found  # ref 83, ref 19, note 31's exclaves


@pytest.mark.parametrize(
    ("before", "number"),
    [
        ("1994年5月", "12"),  # a date
        ("至", "1994"),  # a year
        ("第", "366"),  # a designation
        ("亞塞拜然軍隊", "709"),  # 709旅
        ("米-", "24"),  # a model number
        ("BMP-", "2"),
        ("Black Garden, p. ", "286"),  # a page
        ("戰爭的頭", "一"),  # an ordinal
        ("卡拉巴赫大多", "數"),  # 大多數: most, not a count
        ("存檔日期2007-", "08"),  # an ISO date
        ("下午", "2"),  # a time of day
    ],
)
def test_quantity_mentions_skip_what_is_not_a_quantity(
    doc: Document, before: str, number: str
) -> None:
    at = doc.text.index(before + number) + len(before)
    assert at not in {m.start for m in quantity_mentions(doc)}


def test_coverage_counts_claimed_numbers(doc: Document, fixture_claims: dict) -> None:
    report = coverage(doc, tuple(fixture_claims.values()), ())
    covered = {m.text for m in report.covered}
    assert {"5 0000", "20,000", "30,000", "5,856"} <= covered
    assert len(report.covered) + len(report.uncovered) + len(report.excluded) == len(
        quantity_mentions(doc)
    )


def test_every_unit_the_article_counts_in_is_accepted() -> None:
    from typing import get_args

    from graph_builder.curation.schema import Unit

    assert {"ecu", "fraction", "usd", "roubles", "tonnes", "wagons", "months", "duration"} <= set(
        get_args(Unit)
    )
