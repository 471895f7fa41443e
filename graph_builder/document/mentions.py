"""Every number in the article that may be a quantity, found by code.

Years, dates, durations, ages, pages, reference markers, the indefinite article (一個) and
unit designations (第366旅, 822號決議) are told apart by the words around them; every other
number must be covered by a claim or listed, with a reason, among the curated exclusions
(graph_builder/claims/coverage.py counts them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph_builder.document.records import Document

_NUMBER = re.compile(
    r"[一二兩三四五六七八九十\d]+分之[一二兩三四五六七八九十\d]+"
    r"|(?:\d{1,3}(?:,\d{3})+|\d+(?: \d{4})+|\d+)(?:\.\d+)?(?:萬|億)?"
    r"|(?:成千上萬|千上萬|數十萬|幾十萬|數萬|幾萬|數千|幾千|上千|數百|幾百|上百|數十|幾十)"
    r"|[一二兩三四五六七八九十百千]+(?=[名人輛門架個萬千百枚])"
)
# What follows a number that is a date, a duration, an age or a designation, not a quantity.
_CALENDAR_AFTER = re.compile(
    r"^(?:年|月|日|號|世紀|世纪|年代|[–-]\d+日|[–-]\d+月|個月|周|天|時|分|小時|歲|[–-]\d+歲|頁|[–-]\d+頁)"
)
_DESIGNATION_BEFORE = re.compile(r"(?:第|T-|BM-|M-|Su-|MiG-|Mi-|S-|R-)$")
_DESIGNATION_AFTER = re.compile(r"^(?:旅|師|團|營|集團軍|號|條|次|屆|型)")


@dataclass(frozen=True)
class Mention:
    """A number as written at a position in the article."""

    text: str
    start: int
    end: int


def _is_quantity(text: str, start: int, end: int, written: str) -> bool:
    before, after = text[max(0, start - 4) : start], text[end : end + 4]
    if before.endswith("[") and after.startswith("]"):
        return False  # a citation marker
    if _CALENDAR_AFTER.match(after) or _DESIGNATION_AFTER.match(after):
        return False
    if _DESIGNATION_BEFORE.search(before):
        return False
    if written == "一" and after[:1] in "個名":
        return False  # 一個, 一名: the indefinite article, not a count
    if re.fullmatch(r"(?:19|20)\d\d", written) and not re.match(r"^\s*[名人輛噸%]", after):
        return False  # a year standing alone (1988–1991, 1992-1997, 1997年的…)
    return not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text[start : start + 10])


def quantity_mentions(doc: Document) -> list[Mention]:
    """Gives every number in the body, the infobox, the table, the notes and the quoted
    excerpts of the references that may be a quantity (in text order)."""
    spans = [(0, doc.sources[0].start)]  # everything before the reference list
    spans += [
        (s.start + s.raw.find(s.excerpt), s.start + s.raw.find(s.excerpt) + len(s.excerpt))
        for s in doc.sources
        if s.excerpt and s.excerpt in s.raw
    ]
    mentions = []
    for low, high in spans:
        for match in _NUMBER.finditer(doc.text, low, high):
            if _is_quantity(doc.text, match.start(), match.end(), match[0]):
                mentions.append(Mention(match[0], match.start(), match.end()))
    return mentions
