"""Figures: versions grouped by subject, quantity kind and period; every pair compared at
comparable scope (each rule on small texts); the verdicts; and the known answers of the article's
own contested figures."""

from __future__ import annotations

import re

import pytest

from graph_builder.build import kind_labels
from graph_builder.claims import figures
from graph_builder.claims.bounds import derive
from graph_builder.claims.citations import CitedRef
from graph_builder.claims.claim import Claim, build_claims
from graph_builder.claims.figures import Figure
from graph_builder.claims.labels import Names
from graph_builder.curation.loader import load_curation
from graph_builder.curation.records import Curation, Evidence
from graph_builder.document.numbers import parse_number
from graph_builder.document.records import Document
from graph_builder.rdf import ontology

TEXT = (
    "保守估計死亡人數有485人。當局稱平民死亡人數是613名,其中有106名婦女。"
    "另有幾百名平民被打死。報告稱有40輛坦克。Later that number was raised to 59. "
    "部隊有300人。一方稱有幾百名志願者。有120名士兵和9名警察喪生。共有3個月。"
)


def claim(
    key: str,
    number: str,
    *,
    nth: int = 0,
    scope: str = "total",
    claimants: tuple[str, ...] = (),
    refs: tuple[int, ...] = (),
    unit: str = "people",
    words: str | None = None,
) -> Claim:
    """Gives a figure claim on TEXT: the nth occurrence of `number`, its words the sentence."""
    at = -1
    for _ in range(nth + 1):
        at = TEXT.index(number, at + 1)
    start = TEXT.rfind("。", 0, at) + 1
    end = TEXT.find("。", at) if words is None else TEXT.index(words) + len(words)
    evidence = Evidence(TEXT[start:end], start, end, "", "", "part", "test", 1)
    found = Evidence(number, at, at + len(number), "", "", "part", "test", 1)
    reading = parse_number(number)
    return Claim(
        id=key,
        about="subject",
        claimants=claimants,
        evidence=evidence,
        refs=tuple(CitedRef(n, None) for n in refs),
        file="test",
        line=1,
        kind="deaths",
        scope=scope,
        scope_zh=scope,
        unit=unit,
        reading=reading,
        number=found,
        bound=derive(TEXT, at, at + len(number), reading, end),
        as_written=number,
    )


@pytest.fixture(scope="module")
def names() -> Names:
    return Names(Curation(entities=(), contradictions=()), kind_labels(ontology.load_ontology()))


def figure_of(names: Names, *claims: Claim) -> Figure:
    (figure,) = figures.figures(claims, names, TEXT)
    return figure


def result(figure: Figure, first: str, second: str) -> str:
    pair = {first, second}
    return next(c.result for c in figure.comparisons if {c.first.id, c.second.id} == pair)


def test_a_part_exceeding_its_whole_conflicts(names: Names) -> None:
    estimate = claim("estimate", "485")  # 保守估計: about 485, ±10%
    civilians = claim("civilians", "613", scope="civilians", claimants=("authorities",))
    figure = figure_of(names, estimate, civilians)
    assert result(figure, "estimate", "civilians") == "conflicts"
    assert figure.verdict == "disputed"
    assert "yet exceeds it: 613 against 436.5–533.5" in figure.reason


def test_a_part_within_its_whole_is_a_narrower_scope(names: Names) -> None:
    civilians = claim("civilians", "613", scope="civilians", claimants=("authorities",))
    women = claim("women", "106", scope="women", claimants=("authorities",))
    figure = figure_of(names, civilians, women)
    assert figure.parts == {"women": "civilians"}  # 其中: among them
    assert result(figure, "civilians", "women") == "narrower scope"
    assert figure.verdict == "consistent"


def test_agreeing_versions_from_different_origins_corroborate(names: Names) -> None:
    official = claim("official", "613", scope="civilians", claimants=("authorities",), refs=(67,))
    vague = claim("vague", "幾百", scope="civilians", claimants=("side",))
    figure = figure_of(names, official, vague)
    assert result(figure, "official", "vague") == "agrees"
    assert figure.verdict == "corroborated"


def test_agreeing_versions_resting_on_one_reference_do_not_corroborate(names: Names) -> None:
    body = claim("body", "300", refs=(84,))
    excerpt = claim("excerpt", "300", claimants=("authors",), refs=(84,))
    figure = figure_of(names, body, excerpt)
    assert result(figure, "body", "excerpt") == "agrees"
    assert figure.verdict == "consistent" and "both rest on reference [84]" in figure.reason


def test_versions_that_do_not_overlap_conflict(names: Names) -> None:
    figure = figure_of(names, claim("a", "300"), claim("b", "120"))
    assert result(figure, "a", "b") == "conflicts" and figure.disputed


def test_one_claimants_later_number_is_a_revision(names: Names) -> None:
    first = claim("first", "40", claimants=("azadian",), unit="tanks")
    later = claim("later", "59", claimants=("azadian",), unit="tanks", words="raised to 59.")
    figure = figure_of(names, first, later)
    assert result(figure, "first", "later") == "revised" and figure.verdict == "revised"
    assert not figure.disputed


def test_different_groups_and_units_are_not_compared(names: Names) -> None:
    soldiers = claim("soldiers", "120", scope="soldiers")
    police = claim("police", "9", scope="police")
    months = claim("months", "3", scope="soldiers", unit="months")
    figure = figure_of(names, soldiers, police, months)
    assert result(figure, "soldiers", "police") == "different scope"
    assert result(figure, "soldiers", "months") == "different unit"
    assert figure.verdict == "not compared"


def test_one_version(names: Names) -> None:
    figure = figure_of(names, claim("only", "300"))
    assert (figure.verdict, figure.reason, figure.comparisons) == ("one version", "one version", ())


# ------------------------------------------------------------------ the article's own figures


@pytest.fixture(scope="module")
def article_figures(doc: Document) -> dict[str, Figure]:
    curation = load_curation(doc)
    claims = build_claims(doc, curation)
    named = Names(curation, kind_labels(ontology.load_ontology()))
    return {f.key: f for f in figures.figures(claims.claims, named, doc.text)}


@pytest.mark.parametrize(
    ("key", "verdict"),
    [
        ("khojaly-massacre--deaths", "disputed"),  # 485 (保守估計) vs 613 civilians
        ("sumgait-pogrom--deaths", "disputed"),  # 32 vs the Armenians' "understated"
        ("surrounding-districts-of-nagorno-karabakh--territoryShare", "disputed"),  # by 13.4%
        ("armenian-side--displaced", "disputed"),  # 300,000–500,000 vs up to 230,000
        ("azerbaijani-side--displaced", "consistent"),  # 724,000 within up to 800,000
        ("popular-front-volunteer-battalions--militaryUnits--1993", "consistent"),  # 33 = 33, [84]
        ("chechen-fighters--fighters", "corroborated"),  # 300 within 幾百
        ("ukraine--tanks", "revised"),  # 40, later raised to 59
        ("armenian-side--deaths", "disputed"),  # 5,856 [20] vs 6,000 [21]
    ],
)
def test_the_articles_contested_figures(
    article_figures: dict[str, Figure], key: str, verdict: str
) -> None:
    assert article_figures[key].verdict == verdict


def pairs(figure: Figure) -> dict[frozenset[str], str]:
    return {frozenset((c.first.id, c.second.id)): c.result for c in figure.comparisons}


def test_khojaly_is_one_figure_whose_dispute_is_485_against_613(
    article_figures: dict[str, Figure],
) -> None:
    khojaly = article_figures["khojaly-massacre--deaths"]
    estimate, official = (
        "khojaly-deaths-conservative-estimate",
        ("khojaly-civilian-deaths-azerbaijani-authorities"),
    )
    vague = "khojaly-civilian-deaths-azerbaijani-side"
    ids = {c.id for c in khojaly.claims}
    assert ids == {
        "khojaly-deaths-conservative-estimate",
        "khojaly-civilian-deaths-azerbaijani-authorities",
        "khojaly-civilian-deaths-azerbaijani-side",
        "khojaly-women-deaths-azerbaijani-authorities",
        "khojaly-children-deaths-azerbaijani-authorities",
    }  # the Boston Globe's four years of conflict are the war's, not Khojaly's
    found = pairs(khojaly)
    conflicts = [pair for pair, outcome in found.items() if outcome == "conflicts"]
    assert conflicts == [frozenset((estimate, official))]
    assert found[frozenset((official, vague))] == "agrees"  # 613 lies within 幾百: no dispute
    assert khojaly.parts == {
        "khojaly-women-deaths-azerbaijani-authorities": official,
        "khojaly-children-deaths-azerbaijani-authorities": official,
    }
    assert "Azerbaijani authorities" in khojaly.reason and "about 485" in khojaly.reason


def test_the_territory_share_is_disputed_by_13_4_only(article_figures: dict[str, Figure]) -> None:
    share = article_figures["surrounding-districts-of-nagorno-karabakh--territoryShare"]
    lead, de_waal = (
        "azerbaijani-territory-held-outside-enclave-lead",
        ("azerbaijani-territory-held-outside-enclave-de-waal-share"),
    )
    bishkek = "surrounding-districts-share-bishkek-section"
    found = pairs(share)
    assert found[frozenset((lead, de_waal))] == "agrees"  # 約9% allows 8.9%
    assert found[frozenset((lead, bishkek))] == found[frozenset((de_waal, bishkek))] == "conflicts"


def test_the_boston_globe_figure_is_the_wars_reported_with_khojaly(
    article_figures: dict[str, Figure],
) -> None:
    war = article_figures[
        "first-nagorno-karabakh-war--deaths--four-years-of-conflict-to-3-march-1992"
    ]
    (globe,) = war.claims
    assert globe.reported_with == "khojaly-massacre" and globe.claimants == ("boston-globe",)
    assert globe.bound is not None and globe.bound.kind == "lower"


def test_the_displaced_azerbaijanis_reasoning_is_shown(article_figures: dict[str, Figure]) -> None:
    reason = article_figures["azerbaijani-side--displaced"].reason
    assert "724,000" in reason and "up to 800,000" in reason and "agree" in reason


def test_agreeing_versions_are_not_disputed(article_figures: dict[str, Figure]) -> None:
    for key in (
        "popular-front-volunteer-battalions--militaryUnits--1993",
        "chechen-fighters--fighters",
        "azerbaijani-side--displaced",
    ):
        assert not article_figures[key].disputed, key


def test_no_reason_names_an_internal_id(article_figures: dict[str, Figure]) -> None:
    for figure in article_figures.values():
        for claim_ in figure.claims:
            assert claim_.id not in figure.reason


def test_figure_keys_are_stable_paths(article_figures: dict[str, Figure]) -> None:
    for key in article_figures:  # ASCII, so SPARQL writes it as a prefixed name: variable:key
        assert re.fullmatch(r"[A-Za-z0-9]+(-+[A-Za-z0-9]+)*", key), key
    assert "azerbaijan--personnel--1993-1994" in article_figures


def test_the_wars_duration_holds_only_lengths_of_the_war(
    article_figures: dict[str, Figure],
) -> None:
    # 雙方都提前幾個月尋找木材 is a few months of preparing for the winter of 1993–1994
    war = article_figures["first-nagorno-karabakh-war--duration"]
    assert {c.id for c in war.claims} == {
        "first-nagorno-karabakh-war-duration-infobox",
        "war-duration-goranboy-sentence",
        "war-duration-boston-globe",
    }
    (winter,) = article_figures["first-nagorno-karabakh-war--duration--winter-of-1993-1994"].claims
    assert winter.id == "winter-preparations-months-ahead-1993"
