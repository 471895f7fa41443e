"""Claims: figures parsed from the article's words, cited references found, variables grouped,
and the number coverage that holds every quantity to a claim or a reasoned exclusion."""

from __future__ import annotations

import shutil
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from graph_builder.claims.claim import Claims, build_claims
from graph_builder.claims.coverage import coverage
from graph_builder.claims.variables import variables
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
    claimant: unattributed
  - id: azerbaijani-national-army-strength
    about: azerbaijan
    kind: personnel
    number: 約30000
    unit: people
    quote: 亞塞拜然國民軍有大約30000人
    claimant: unattributed
  - id: war-deaths-azerbaijani-side
    about: azerbaijani-side
    kind: deaths
    number: 20,000–30,000
    unit: people
    quote: "死亡:\\n20,000–30,000人[21][23][20]"
    claimant: unattributed
  - id: war-deaths-armenian-side-20
    about: armenian-side
    kind: deaths
    number: 5,856
    unit: people
    quote: "5,856[20]–6,000人[21]"
    refs: [20]
    claimant: unattributed
  - id: war-deaths-armenian-side-21
    about: armenian-side
    kind: deaths
    number: 6,000
    unit: people
    quote: "5,856[20]–6,000人[21]"
    refs: [21]
    claimant: unattributed
"""


def _claims(doc: Document, folder: Path) -> Claims:
    return build_claims(doc, load_curation(doc, folder))


def _folder(tmp_path: Path, text: str) -> Path:
    for entities in entity_files():
        shutil.copy(entities, tmp_path)
    (tmp_path / "claims.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_figures_are_read_from_their_words(doc: Document, tmp_path: Path) -> None:
    claims = {c.id: c for c in _claims(doc, _folder(tmp_path, CLAIMS)).claims}
    residents = claims["stepanakert-residents"]
    assert residents.reading and residents.reading.value == Decimal(50000)
    assert residents.number and doc.text[residents.number.start : residents.number.end] == "5 0000"
    assert [r.number for r in residents.refs] == [59]  # the marker closing its sentence
    army = claims["azerbaijani-national-army-strength"]
    assert army.refs == ()  # its sentence carries no marker: uncited in the article
    assert army.reading and army.reading.bound == "approximate"
    deaths = claims["war-deaths-azerbaijani-side"]
    assert deaths.reading and (deaths.reading.minimum, deaths.reading.maximum) == (20000, 30000)
    assert [r.number for r in deaths.refs] == [21, 23, 20]  # the markers where the quote stands
    assert [(r.number, r.page) for r in deaths.refs][0] == (21, "285")  # de Waal 2003, p. 285


def test_a_reference_not_cited_where_the_quote_stands_is_refused(
    doc: Document, tmp_path: Path
) -> None:
    bad = CLAIMS.replace("refs: [20]", "refs: [33]")
    with pytest.raises(CurationError, match=r"reference \[33\] is not cited where the quote"):
        _claims(doc, _folder(tmp_path, bad))


def test_a_number_outside_its_quote_is_refused(doc: Document, tmp_path: Path) -> None:
    bad = CLAIMS.replace("number: 5 0000", "number: 6 0000")
    with pytest.raises(CurationError, match="the number '6 0000' does not stand in the quote"):
        _claims(doc, _folder(tmp_path, bad))


def test_an_unknown_claimant_is_refused(doc: Document, tmp_path: Path) -> None:
    bad = CLAIMS.replace("claimant: unattributed", "claimant: nobody-we-know", 1)
    with pytest.raises(CurationError, match="claimant is not a curated actor") as caught:
        _claims(doc, _folder(tmp_path, bad))
    assert caught.value.line == 2  # the claim that names it


def test_variables_group_versions_and_derive_disputes(doc: Document, tmp_path: Path) -> None:
    by_key = {v.key: v for v in variables(_claims(doc, _folder(tmp_path, CLAIMS)).claims)}
    armenian = by_key["armenian-side--deaths--total"]
    assert {c.id for c in armenian.claims} == {
        "war-deaths-armenian-side-20",
        "war-deaths-armenian-side-21",
    }
    assert armenian.disputed and "do not overlap" in armenian.reason
    assert not by_key[
        "stepanakert-residents".replace("-residents", "") + "--population--total"
    ].disputed


def test_quantity_mentions_skip_dates_markers_and_designations(doc: Document) -> None:
    mentions = quantity_mentions(doc)
    texts = {m.text for m in mentions}
    assert {"5,856", "485", "613", "5 0000", "23萬", "幾百", "上千"} <= texts
    positions = {doc.text[m.start - 1 : m.end + 1] for m in mentions}
    assert not any(p.startswith("[") and p.endswith("]") for p in positions)
    assert all(doc.text[m.end : m.end + 1] not in "年月日" for m in mentions)
    assert not any(doc.text[m.start - 1 : m.start] == "第" for m in mentions)


def test_coverage_counts_claimed_numbers(doc: Document, tmp_path: Path) -> None:
    claims = _claims(doc, _folder(tmp_path, CLAIMS))
    report = coverage(doc, claims.claims, claims.exclusions)
    covered = {m.text for m in report.covered}
    assert {"5 0000", "20,000", "30,000", "5,856", "6,000"} <= covered
    assert len(report.covered) + len(report.uncovered) + len(report.excluded) == len(
        quantity_mentions(doc)
    )


def test_every_unit_the_article_counts_in_is_accepted() -> None:
    from typing import get_args

    from graph_builder.curation.schema import Unit

    assert {"ecu", "fraction", "usd", "roubles", "tonnes", "wagons", "divisions"} <= set(
        get_args(Unit)
    )
