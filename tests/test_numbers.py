"""The number parser on every form the article writes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph_builder.document.numbers import parse_number, single

D = Decimal


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("5,856", 5856),  # thousands separators (infobox)
        ("724,000", 724000),
        ("5 0000", 50000),  # four-digit groups split by a space (斯捷潘納科特的5 0000名居民)
        ("1 0000", 10000),
        ("2000", 2000),
        ("13.4", D("13.4")),  # decimals (13.4%)
        ("23萬", 230000),  # 萬
        ("2150萬", 21500000),
        ("4億", 400000000),  # 億
        ("四十", 40),  # Chinese numerals
        ("七", 7),
        ("兩", 2),
        ("十", 10),
        ("三百五十", 350),
    ],
)
def test_single_numbers(written: str, value: int | Decimal) -> None:
    assert single(written) == D(value)


@pytest.mark.parametrize(
    ("written", "low", "high"),
    [
        ("20,000–30,000", 20000, 30000),  # en dash (infobox deaths)
        ("167-763", 167, 763),  # hyphen
        ("1,000至1,500", 1000, 1500),  # 至
        ("6000至1 0000", 6000, 10000),  # mixed forms (霍賈雷人口6000至1 0000)
        ("300,000–500,000", 300000, 500000),
        ("20到30萬", 200000, 300000),  # 到, the unit of the high end applying to both
        ("between 1500-3000", 1500, 3000),  # English, in the references' quoted excerpts
        ("from 1,000 to 3,000", 1000, 3000),
    ],
)
def test_ranges(written: str, low: int, high: int) -> None:
    reading = parse_number(written)
    assert (reading.value, reading.minimum, reading.maximum) == (None, D(low), D(high))
    assert reading.bound == "exact"


@pytest.mark.parametrize(
    ("written", "value", "bound"),
    [
        ("約30000", 30000, "approximate"),
        ("將近10000", 10000, "approximate"),
        ("將近330萬", 3300000, "approximate"),
        ("估計485", 485, "approximate"),
        ("超過100", 100, "lower"),
        ("超過1000", 1000, "lower"),
        ("至少90", 90, "lower"),
        ("上千", 1000, "lower"),  # a thousand and more, read like 超過1000
        ("多達23萬", 230000, "upper"),
        ("約60,000", 60000, "approximate"),
        ("約有40", 40, "approximate"),
        ("over 350", 350, "lower"),
        ("as high as 3,000", 3000, "upper"),
        ("about 60", 60, "approximate"),
    ],
)
def test_bound_words(written: str, value: int, bound: str) -> None:
    reading = parse_number(written)
    assert reading.value == D(value) and reading.bound == bound


@pytest.mark.parametrize(
    ("written", "low", "high", "bound"),
    [
        ("幾百", 100, 999, "vague"),
        ("數百", 100, 999, "vague"),
        ("數十", 10, 99, "vague"),
        ("幾十", 10, 99, "vague"),
        ("數千", 1000, 9999, "vague"),
        ("幾千", 1000, 9999, "vague"),
        ("千上萬", 1000, 99999, "vague"),
    ],
)
def test_vague_quantities_get_the_range_their_words_allow(
    written: str, low: int, high: int | None, bound: str
) -> None:
    reading = parse_number(written)
    assert reading.value is None  # never an invented point value
    assert reading.minimum == D(low) and reading.bound == bound
    assert reading.maximum == (None if high is None else D(high))


def test_percentages() -> None:
    reading = parse_number("約9%")
    assert reading.percent and reading.value == D(9) and reading.bound == "approximate"
    assert parse_number("94%").percent


@pytest.mark.parametrize("written", ["", "abc", "30,00", "5–", "30–20"])
def test_what_is_not_a_number_is_refused(written: str) -> None:
    with pytest.raises(ValueError):
        parse_number(written)


def test_fractions() -> None:
    reading = parse_number("三分之一")
    assert reading.value == Decimal("0.333333") and reading.bound == "exact"  # six places
    assert parse_number("約三分之一").bound == "approximate"
    assert parse_number("一半").value == Decimal("0.5")  # 將近一半: half


@pytest.mark.parametrize(
    ("written", "low", "high"),
    [
        ("幾", 2, 9),  # 幾個旅, 幾名: a few
        ("數", 2, 9),  # 數個步兵連
        ("thousands", 1000, 9999),  # "thousands of volunteers" (reference 19)
    ],
)
def test_a_few_and_thousands(written: str, low: int, high: int) -> None:
    reading = parse_number(written)
    assert (reading.value, reading.minimum, reading.maximum, reading.bound) == (
        None,
        D(low),
        D(high),
        "vague",
    )


def test_english_number_words_and_one_range() -> None:
    assert parse_number("four").value == D(4)  # "A total of four UNSC resolutions" (ref 83)
    reading = parse_number("1,000 to as high as 3,000")  # Taarnby: one range, not two points
    assert (reading.minimum, reading.maximum, reading.bound) == (D(1000), D(3000), "exact")


def test_a_compound_duration_is_an_xsd_duration() -> None:
    reading = parse_number("6年2個月3周又1天")  # the war: 20 February 1988 to 12 May 1994
    assert reading.duration == "P6Y2M22D" and reading.value is None
