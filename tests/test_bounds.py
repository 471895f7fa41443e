"""Bounds read by code from the words around a number: a test per word on small texts, the rules
of a governing word and of an understated number, the intervals the words allow, and the
article's own examples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph_builder.claims.bounds import Interval, derive, interval
from graph_builder.document.numbers import parse_number
from graph_builder.document.records import Document

D = Decimal


def read(text: str, number: str, nth: int = 0) -> tuple[str, str | None, str]:
    """Gives (kind, the words, the rule) of the bound the text gives `number` (its nth
    occurrence)."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(number, at + 1)
    bound = derive(text, at, at + len(number), parse_number(number), len(text))
    return bound.kind, bound.word(text), bound.rule


@pytest.mark.parametrize(
    ("text", "number", "kind", "words"),
    [
        ("人口約60,000", "60,000", "approximate", "約"),
        ("將近10000人", "10000", "approximate", "將近"),
        ("有大約30000人", "30000", "approximate", "大約"),
        ("估計有25,000人喪生", "25,000", "approximate", "估計"),  # 有 may stand between
        ("每隊約有40人", "40", "approximate", "約"),  # 有 may stand between
        ("about 60 people", "60", "approximate", "about "),
        ("超過8000人", "8000", "lower", "超過"),
        ("至少90輛坦克", "90", "lower", "至少"),
        ("over 350 officers", "350", "lower", "over "),
        ("more than 1,000 people", "1,000", "lower", "more than "),
        ("多達23萬人", "23萬", "upper", "多達"),
        ("as high as 3,000 fighters", "3,000", "upper", "as high as "),
        ("up to 500 men", "500", "upper", "up to "),
        ("四十五歲以下的男子", "四十五", "upper", "以下"),  # a bound word after the number
        ("32人死亡", "32", "exact", None),
    ],
)
def test_each_bound_word(text: str, number: str, kind: str, words: str | None) -> None:
    assert read(text, number)[:2] == (kind, words)


@pytest.mark.parametrize(
    ("text", "number", "kind", "rule"),
    [
        ("上千的志願者", "上千", "lower", "number"),  # a thousand or more
        ("幾百名平民", "幾百", "vague", "number"),
        ("thousands of volunteers", "thousands", "vague", "number"),
    ],
)
def test_a_number_that_is_its_own_bound_word(text: str, number: str, kind: str, rule: str) -> None:
    kind_found, _, rule_found = read(text, number)
    assert (kind_found, rule_found) == (kind, rule)


def test_a_bound_word_governs_the_numbers_it_introduces() -> None:
    text = "多達23萬亞塞拜然的亞美尼亞人和80萬亞美尼亞和卡拉巴赫的亞塞拜然人由於衝突流離失所。"
    assert read(text, "80萬") == ("upper", "多達", "governs")
    text = "至少90輛坦克和70輛步兵戰車,以及米-24武裝直升機"
    assert read(text, "70") == ("lower", "至少", "governs")


def test_a_bound_word_does_not_reach_another_measure_or_clause() -> None:
    assert read("超過8000人的亞塞拜然部隊和四個加強", "四")[0] == "exact"  # 人, then 個
    assert read("超過100人喪生,另有50人受傷", "50")[0] == "exact"  # another clause


def test_an_estimate_earlier_in_the_clause() -> None:
    text = "確切的死亡數字從未被證實,但是保守估計死亡人數有485人"
    assert read(text, "485") == ("approximate", "保守估計", "estimate")


def test_an_understated_number_is_a_strict_lower_bound() -> None:
    text = "根據蘇聯統計,慘案造成32人死亡,而很多亞美尼亞人感覺數字被蘇聯媒體低估了"
    assert read(text, "32") == ("lower", "低估", "understated")
    bound = derive(text, text.index("32"), text.index("32") + 2, parse_number("32"), len(text))
    allowed = interval(parse_number("32"), bound, text)
    assert allowed == Interval(D(32), None, low_open=True)
    assert not allowed.overlaps(Interval(D(32), D(32)))  # more than 32 excludes 32


@pytest.mark.parametrize(
    ("text", "number", "low", "high"),
    [
        ("約9%", "9%", D("8.1"), D("9.9")),  # ±10%
        ("將近10000", "10000", D(9000), D(10000)),  # nearly: up to the value
        ("超過1000", "1000", D(1000), None),
        ("多達23萬", "23萬", D(0), D(230000)),
        ("幾百", "幾百", D(100), D(999)),
        ("1,000–3,000", "1,000–3,000", D(1000), D(3000)),
    ],
)
def test_the_interval_the_words_allow(text: str, number: str, low: Decimal, high: Decimal) -> None:
    at = text.index(number)
    reading = parse_number(number)
    allowed = interval(reading, derive(text, at, at + len(number), reading), text)
    assert (allowed.low, allowed.high) == (low, high)


@pytest.mark.parametrize(
    ("words", "number", "kind"),
    [
        ("保守估計死亡人數有485人", "485", "approximate"),
        ("估計有25,000人喪生", "25,000", "approximate"),
        ("每隊約有40人", "40", "approximate"),
        ("over 350 high-ranking officers", "350", "lower"),
        ("和80萬亞美尼亞和卡拉巴赫的亞塞拜然人", "80萬", "upper"),
        ("和70輛步兵戰車", "70", "lower"),
        ("估計有超過100人", "100", "lower"),
    ],
)
def test_the_articles_own_examples(doc: Document, words: str, number: str, kind: str) -> None:
    at = doc.text.index(words) + words.index(number)
    bound = derive(doc.text, at, at + len(number), parse_number(number))
    assert bound.kind == kind
