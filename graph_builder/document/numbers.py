"""Numbers as the article writes them -> values, ranges and the kind of bound the words state.

Handles every form in the article: thousands separators (5,856), four-digit groups split by a
space (5 0000), decimals (13.4), Chinese units (23萬, 4億, 2150萬), Chinese numerals (四十, 七),
ranges (20,000–30,000, 167-763, 1,000至1,500, 6000至1 0000, 1,000 to as high as 3,000),
percentages (94%), fractions (三分之一, 一半), a compound duration (6年2個月3周又1天), English
number words (four) and vague quantities (幾百, 數十, 數千, 成千上萬, 幾, 數, thousands), which get
the range their words allow and never an invented point value.

The bound words (約, 將近, 估計, 超過, 至少, 多達 …) are listed here once: a number written with
them (`約9%`) reads with its bound, and graph_builder/claims/bounds.py finds them in the words
around a number in the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

APPROXIMATE = (
    "保守估計",
    "另估計",
    "大約有",
    "大約",
    "估計",
    "將近",
    "接近",
    "約有",
    "約",
    "左右",
    "approximately ",
    "about ",
    "around ",
    "nearly ",
    "roughly ",
)
# Approximate words that put the value at the top of its tolerance: nearly 10,000 is not 10,500.
FROM_BELOW = ("將近", "接近", "nearly ", "almost ")
LOWER = ("超過", "至少", "逾", "以上", "多於", "上千", "more than ", "over ", "at least ")
UPPER = (
    "多達",
    "最多",
    "不到",
    "少於",
    "以下",
    "up to ",
    "as high as ",
    "as many as ",
    "fewer than ",
    "less than ",
)

_DIGITS = "0123456789"
_CHINESE_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"萬": 10_000, "億": 100_000_000}
# Vague words: the range of values the words allow, by order of magnitude. 幾 and 數 before a
# measure word (幾個旅, 數個步兵連, 幾名) mean a few: two to nine.
_VAGUE = (
    ("成千上萬", 1_000, 99_999),
    ("千上萬", 1_000, 99_999),
    ("數十萬", 100_000, 999_999),
    ("幾十萬", 100_000, 999_999),
    ("數萬", 10_000, 99_999),
    ("幾萬", 10_000, 99_999),
    ("數千", 1_000, 9_999),
    ("幾千", 1_000, 9_999),
    ("上千", 1_000, None),
    ("數百", 100, 999),
    ("幾百", 100, 999),
    ("上百", 100, None),
    ("數十", 10, 99),
    ("幾十", 10, 99),
    ("好幾", 2, 9),
    ("幾", 2, 9),
    ("數", 2, 9),
    ("thousands", 1_000, 9_999),
    ("hundreds", 100, 999),
    ("dozens", 24, 99),
)
_ENGLISH = {
    word: n
    for n, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_DURATION = re.compile(r"^(?P<y>\d+)年(?P<m>\d+)個月(?P<w>\d+)周又(?P<d>\d+)天$")
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?: \d{4})+|\d+(?:\.\d+)?"
# English ranges in the quoted excerpts of references: "between 1500-3000", "from 1,000 to 3,000".
_CHINESE = r"[零一二兩三四五六七八九十百千]+"
_SINGLE = rf"(?:{_ARABIC}|{_CHINESE})[萬億]?"
_FRACTION = re.compile(rf"^(?P<whole>{_CHINESE}|\d+)分之(?P<part>{_CHINESE}|\d+)$")
_RANGE = re.compile(
    rf"^(?:between |from )?(?P<low>{_SINGLE})\s*"
    rf"(?:[–\-~至到]|—| to (?:as high as )?| and )\s*(?P<high>{_SINGLE})$"
)
_ONE = re.compile(rf"^(?P<value>{_SINGLE})$")


@dataclass(frozen=True)
class Reading:
    """What a written number says: a value, or a range, and the kind of bound."""

    as_written: str
    value: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    bound: str  # exact, approximate, lower, upper, vague
    percent: bool = False
    duration: str | None = None  # an xsd:duration, for a compound duration (P6Y2M22D)

    @property
    def low(self) -> Decimal | None:
        return self.value if self.value is not None else self.minimum

    @property
    def high(self) -> Decimal | None:
        return self.value if self.value is not None else self.maximum


def _chinese(text: str) -> int:
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[ch]
            digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + digit


def single(text: str) -> Decimal:
    """Gives the value of one written number: 5,856 · 5 0000 · 13.4 · 23萬 · 四十 · 1.5萬."""
    text = text.strip()
    multiplier = 1
    if text and text[-1] in _LARGE_UNITS:
        multiplier, text = _LARGE_UNITS[text[-1]], text[:-1]
    if text and text[0] in _DIGITS:
        if not re.fullmatch(_ARABIC, text):
            raise ValueError(f"not a number: {text!r}")
        base = Decimal(text.replace(",", "").replace(" ", ""))
    else:
        base = Decimal(_chinese(text))
    return base * multiplier


def _strip_words(text: str, words: tuple[str, ...], at_start: bool) -> tuple[str, bool]:
    for word in words:
        if at_start and text.startswith(word):
            return text[len(word) :].strip(), True
        if not at_start and text.endswith(word):
            return text[: -len(word)].strip(), True
    return text, False


def parse_number(written: str) -> Reading:
    """Gives the reading of a number as written, bound words and all: `約9%`, `超過100`,
    `20,000–30,000`, `幾百`. Units (人, 名, 輛 …) are not part of it."""
    text = written.strip()
    percent = text.endswith("%")
    text = text.rstrip("%").strip()
    if match := _DURATION.match(text):  # 6年2個月3周又1天: years, months, weeks and days
        days = int(match["w"]) * 7 + int(match["d"])
        iso = f"P{int(match['y'])}Y{int(match['m'])}M{days}D"
        return Reading(written, None, None, None, "exact", duration=iso)
    if text == "一半":
        return Reading(written, Decimal("0.5"), None, None, "exact")
    if text.lower() in _ENGLISH:
        return Reading(written, Decimal(_ENGLISH[text.lower()]), None, None, "exact")
    for words, lower, upper in _VAGUE:
        if text == words:
            if upper is None:  # 上千, a thousand and more: a lower bound, like 超過1000
                return Reading(written, Decimal(lower), None, None, "lower", percent)
            return Reading(written, None, Decimal(lower), Decimal(upper), "vague", percent)
    bound = "exact"
    for words, kind, at_start in (
        (APPROXIMATE, "approximate", True),
        (LOWER, "lower", True),
        (UPPER, "upper", True),
        (APPROXIMATE, "approximate", False),
        (LOWER, "lower", False),
        (UPPER, "upper", False),
    ):
        text, found = _strip_words(text, words, at_start)
        if found:
            bound = kind
    if match := _FRACTION.match(text):  # 三分之一: one part of three, to six decimal places
        value = single(match["part"]) / single(match["whole"])
        return Reading(written, value.quantize(Decimal("0.000001")), None, None, bound, percent)
    if match := _RANGE.match(text):
        low, high = single(match["low"]), single(match["high"])
        if match["high"][-1] in _LARGE_UNITS and match["low"][-1] not in _LARGE_UNITS:
            low = single(match["low"] + match["high"][-1])  # 20至30萬 means 200,000–300,000
        if low > high:
            raise ValueError(f"a range from {low} down to {high}: {written!r}")
        return Reading(written, None, low, high, "exact" if bound == "exact" else bound, percent)
    if _ONE.match(text):
        return Reading(written, single(text), None, None, bound, percent)
    raise ValueError(f"not a number the parser knows: {written!r}")
