"""The bound of a figure, read by code from the words around its number in the article, and the
interval of values those words allow.

A curator writes the number only (`485`, `23萬`); the bound comes from the article, by these
rules, tried in order (docs/claims.md gives them with the article's own examples):

1. `number`: the number is itself a vague word (幾百, 數十, 幾, thousands: `vague`, the range the
   word allows) or 上千 (a thousand or more: `lower`).
2. `adjacent`: a bound word right before the number (有, 了 or 為 may stand between: 約有40,
   估計有25,000) or right after it and its measure word (四十五歲以下): 約, 大約, 將近, 估計,
   about, nearly → `approximate`; 超過, 至少, 逾, over, more than, at least → `lower`; 多達, 最多,
   不到, up to, as high as → `upper`.
3. `governs`: a bound word before an earlier number of the same clause governs the later ones
   coordinated with it (和, 及, 與, 、, and) that count in the same measure: 多達23萬…和80萬 reads
   both as `upper`, 至少90輛坦克和70輛步兵戰車 both as `lower`; 超過8000人…和四個加強 does not
   reach 四個 (people, then units).
4. `understated`: the claim's own words, after the number, say it is understated (低估,
   understated): the claimant holds the true number higher → `lower`, and strictly so
   (而很多亞美尼亞人感覺數字被蘇聯媒體低估了: more than 32).
5. `estimate`: 估計 or "estimated" earlier in the clause (保守估計死亡人數有485人) → `approximate`.
6. otherwise `exact`.

Intervals: exact is the value (or the written range); approximate is the value ±10%, and words
that put the value at the top (將近, nearly) give [value − 10%, value]; lower is [value, ∞);
upper is [0, value]; vague is the range of the word. An understated number excludes itself:
(value, ∞), for the claimant holds the true number higher than the one given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from graph_builder.document.numbers import APPROXIMATE, FROM_BELOW, LOWER, UPPER, Reading

TOLERANCE = Decimal("0.10")  # an approximate value allows ±10%
_FILLERS = "有了為"
_CLAUSE_BREAK = re.compile(r"[,,。;;::!?!?\n()()「」]|——|\. |\.$")
_COORDINATOR = re.compile(r"和|及|與|、|以及|\band\b")
_UNDERSTATED = re.compile(r"低估|understated|underestimated")
_ESTIMATE = re.compile(r"保守估計|另估計|估計|\bestimated?\b")
_AFTER = (("以下", "upper"), ("以上", "lower"), ("左右", "approximate"))
_MEASURE = re.compile(r"[名人輛門架個所支批節噸枚位隻艘條項次座場歲%]")
# Numbers in the words around a figure, to find the one whose bound word governs it.
_NUMBERS = re.compile(
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?: \d{4})+|\d+)(?:\.\d+)?(?:萬|億)?|[一二兩三四五六七八九十百千]+"
)
_WORDS = sorted(
    [(w, "approximate") for w in APPROXIMATE]
    + [(w, "lower") for w in LOWER if w not in ("以上", "上千")]
    + [(w, "upper") for w in UPPER if w not in ("以下",)],
    key=lambda pair: -len(pair[0]),
)


@dataclass(frozen=True)
class Bound:
    """What the words say about a figure's number: the kind of bound, the words that say it (a
    span of the article), the rule that found them, and the number they govern from (rule 3)."""

    kind: str  # exact, approximate, lower, upper, vague
    rule: str  # number, adjacent, governs, estimate, none
    words: tuple[int, int] | None = None
    governor: tuple[int, int] | None = None

    def word(self, text: str) -> str | None:
        return None if self.words is None else text[self.words[0] : self.words[1]]


def _clause_start(text: str, start: int) -> int:
    floor = max(0, start - 200)
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, floor, start)]
    return breaks[-1] if breaks else floor


def _word_before(text: str, start: int, floor: int) -> tuple[int, int, str] | None:
    """Gives (start, end, kind) of a bound word standing right before `start`."""
    end = start
    while end > floor and text[end - 1] in _FILLERS:
        end -= 1
    for word, kind in _WORDS:
        if end - len(word) >= floor and text.startswith(word, end - len(word)):
            return end - len(word), end, kind
    return None


def _word_after(text: str, end: int) -> tuple[int, int, str] | None:
    at = end
    while at < len(text) and _MEASURE.match(text, at):
        at += 1
    for word, kind in _AFTER:
        if text.startswith(word, at):
            return at, at + len(word), kind
    return None


def _measure(text: str, end: int) -> str:
    """Gives the measure word right after a number (輛, 人, 個…), or "" where a noun follows."""
    return text[end] if end < len(text) and _MEASURE.match(text, end) else ""


def _adjacent(text: str, start: int, end: int, floor: int) -> tuple[int, int, str] | None:
    return _word_before(text, start, floor) or _word_after(text, end)


@dataclass(frozen=True)
class Interval:
    """The values a figure's words allow: [low, high], an end open where the words exclude it
    (more than 32 does not allow 32), high None where there is no upper limit."""

    low: Decimal
    high: Decimal | None
    low_open: bool = False
    high_open: bool = False

    def overlaps(self, other: Interval) -> bool:
        return _before(self, other) and _before(other, self)

    def exceeds(self, whole: Interval) -> bool:
        """Gives whether every value this allows is above every value `whole` allows."""
        if whole.high is None:
            return False
        return self.low > whole.high or (
            self.low == whole.high and (self.low_open or whole.high_open)
        )


def _before(a: Interval, b: Interval) -> bool:
    """Gives whether a's low end reaches no higher than b's high end (they can meet)."""
    if b.high is None:
        return True
    return a.low < b.high or (a.low == b.high and not (a.low_open or b.high_open))


def derive(
    text: str, start: int, end: int, reading: Reading, words_end: int | None = None
) -> Bound:
    """Gives the bound the article's words state for the number written at start..end; the
    claim's own words end at `words_end` (for rule 4)."""
    if reading.bound in ("vague", "lower"):  # 幾百, or 上千: the number is itself the word
        return Bound(reading.bound, "number", (start, end))
    floor = _clause_start(text, start)
    if found := _adjacent(text, start, end, floor):
        return Bound(found[2], "adjacent", found[:2])
    measure = _measure(text, end)
    later_start = start
    for previous in reversed(list(_NUMBERS.finditer(text, floor, start))):
        between = text[previous.end() : later_start]
        if not _COORDINATOR.search(between) or _measure(text, previous.end()) != measure:
            break
        if found := _word_before(text, previous.start(), floor):
            return Bound(found[2], "governs", found[:2], (previous.start(), previous.end()))
        later_start = previous.start()
    if words_end is not None and (found_low := _UNDERSTATED.search(text, end, words_end)):
        return Bound("lower", "understated", found_low.span())
    clause = text[floor:start]
    if estimate := list(_ESTIMATE.finditer(clause)):
        at = floor + estimate[-1].start()
        return Bound("approximate", "estimate", (at, floor + estimate[-1].end()))
    return Bound("exact", "none")


def interval(reading: Reading, bound: Bound, text: str) -> Interval:
    """Gives the values the words allow (see the module's docstring)."""
    low = reading.value if reading.value is not None else reading.minimum
    high = reading.value if reading.value is not None else reading.maximum
    if low is None or high is None:  # a duration: compared as written, not as a number
        raise ValueError(f"no interval for {reading.as_written!r}")
    word = (bound.word(text) or "").strip()
    if bound.kind == "lower":
        return Interval(low, None, low_open=bound.rule == "understated")
    if bound.kind == "upper":
        return Interval(Decimal(0), high)
    if bound.kind == "approximate":
        below = word in {w.strip() for w in FROM_BELOW}
        return Interval(low * (1 - TOLERANCE), high if below else high * (1 + TOLERANCE))
    return Interval(low, high)
