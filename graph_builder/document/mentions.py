"""Every number in the article that states a quantity, found by code.

A number is a quantity when it counts or measures something: people, vehicles, money, shares,
durations (三個月, 6年2個月3周又1天), ages (16歲), distances (25公里), sizes of bodies (11人委員會)
and counts in any form: digits, Chinese numerals before a measure word (兩所, 五個), vague words
(幾百, 數十, 幾個, 數個), 一半, fractions, and English number words in the references' quoted
excerpts (four, thousands). What is not a quantity is told apart by the words around it: years,
dates and times of day, centuries, pages, reference markers and reference numbers, ordinals and
designations (第366旅, 709旅, 822號), model numbers (Mi-24, 米-24, BMP-2, T-72), ordinals
(頭一年, 上一年) and the indefinite article (一個, 一名); 多數 and 大多數 (most) are not counts.
Every quantity must be covered by a claim or listed, with a reason, among the curated exclusions
(graph_builder/claims/coverage.py counts them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph_builder.document.records import Document, Source

# Measure words (classifiers) and units after a Chinese numeral or 幾/數 that make it a count.
MEASURE_WORDS = "名人輛門架個所支批節噸枚位隻艘條項次座場"
_DURATION_UNITS = r"個月|年|周|天|小時|歲"
_CHINESE_NUMERAL = "一二兩三四五六七八九十百千"
_NUMBER = re.compile(
    rf"[{_CHINESE_NUMERAL}\d]+分之[{_CHINESE_NUMERAL}\d]+"
    r"|(?:\d{1,3}(?:,\d{3})+|\d+(?: \d{4})+|\d+)(?:\.\d+)?(?:萬|億)?"
    r"|(?:成千上萬|千上萬|數十萬|幾十萬|數萬|幾萬|數千|幾千|上千|數百|幾百|上百|數十|幾十)"
    r"|一半"
    rf"|[{_CHINESE_NUMERAL}]+(?=[{MEASURE_WORDS}萬千百]|{_DURATION_UNITS})"
    rf"|(?<![多少大無總])[幾數](?=[{MEASURE_WORDS}]|{_DURATION_UNITS})"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds"
    r"|thousands)\b"
)
# After a number: a date, a time of day, a century, a page: not a quantity.
_CALENDAR_AFTER = re.compile(
    r"^(?:月|日|號|世紀|世纪|年代|時(?!間)|分|頁|[–-]\d+日|[–-]\d+月|[–-]\d+頁|\.\s*\^)"
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_ENGLISH_DATE = re.compile(rf"^\s*(?:{_MONTHS})\b|^(?:st|nd|rd|th)\b")
_ENGLISH_DATE_BEFORE = re.compile(rf"(?:{_MONTHS})\s*$")
_DESIGNATION_BEFORE = re.compile(
    r"(?:第|T-|BM-|BMP-|M-|Su-|MiG-|Mig-|Mi-|米-|S-|R-|Resolution |No\.? |pp?\. "
    r"|\d{4}-(?:\d\d-)?)$"  # a page (p. 286), the month and day of an ISO date
)
# Before a Chinese numeral: an ordinal (頭一年, the first year; 上一年, the year before).
_ORDINAL_BEFORE = re.compile(r"[頭上同]$")
# After a number written in digits: a unit's or a document's designation (709旅, 822號決議).
_DESIGNATION_AFTER = re.compile(r"^(?:旅|師|團|營|集團軍|號|條|屆|型|和\d+號)")


@dataclass(frozen=True)
class Mention:
    """A number as written at a position in the article."""

    text: str
    start: int
    end: int


def _is_year(text: str, written: str, end: int) -> bool:
    """Gives whether digits followed by 年 (or standing alone) name a year, not a duration:
    four digits, or the two of an abbreviated year (93-94年初); 6年, 五年, 數百年 are durations."""
    after = text[end : end + 4]
    if re.fullmatch(r"(?:19|20)\d\d", written):
        return not re.match(r"^\s*[名人輛噸%]", after)
    two_digits = re.fullmatch(r"\d\d", written) is not None
    return two_digits and (after.startswith("年") or re.match(r"^-\d\d年", after) is not None)


def _is_quantity(text: str, start: int, end: int, written: str) -> bool:
    before, after = text[max(0, start - 11) : start], text[end : end + 6]
    if before.endswith("[") and after.startswith("]"):
        return False  # a citation marker
    if written[0].isdigit():
        if _is_year(text, written, end) or _DESIGNATION_AFTER.match(after):
            return False
        if _ENGLISH_DATE.match(after) or _ENGLISH_DATE_BEFORE.search(before):
            return False
    if _CALENDAR_AFTER.match(after) or _DESIGNATION_BEFORE.search(before):
        return False
    if written == "一" and after[:1] in MEASURE_WORDS:
        return False  # 一個, 一名, 一場: the indefinite article, not a count
    if written[0] in _CHINESE_NUMERAL and _ORDINAL_BEFORE.search(before):
        return False
    return not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text[start : start + 10])


def _is_note(source: Source) -> bool:
    """Gives whether a reference entry is an explanatory note rather than a work cited."""
    return not (source.title or source.authors or source.short_citation or source.excerpt)


def quantity_mentions(doc: Document) -> list[Mention]:
    """Gives every number in the body, the infobox, the table, the notes, the explanatory
    entries of the reference list and the quoted excerpts of the others that states a quantity
    (in text order)."""
    spans = [(0, doc.sources[0].start)]  # everything before the reference list
    for source in doc.sources:
        if source.excerpt and source.excerpt in source.raw:
            at = source.start + source.raw.find(source.excerpt)
            spans.append((at, at + len(source.excerpt)))
        elif _is_note(source):
            spans.append((source.start, source.end))
    mentions = []
    for low, high in spans:
        for match in _NUMBER.finditer(doc.text, low, high):
            if _is_quantity(doc.text, match.start(), match.end(), match[0]):
                mentions.append(Mention(match[0], match.start(), match.end()))
    return mentions
