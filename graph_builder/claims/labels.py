"""What a claim and a figure are called, in English and in Chinese, each in its own language.

A figure claim says subject, quantity, scope, period, value and claimant ("Khojaly massacre:
deaths (civilians), 613 — Azerbaijani authorities"); a statement says who, the verb of its
polarity and the proposition ("Armenia denies: a massacre took place at Khojaly"). The English
value is rendered from the reading and the bound words (about 9%, up to 230,000, several
hundred); the Chinese one is the number as the article writes it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from graph_builder.claims.claim import SIDE_SUBJECTS, Claim
from graph_builder.curation.records import Curation
from graph_builder.document.scripts import CJK

SIDES = {
    "armenian-side": {"en": "Armenian side", "zh-Hant": "亞美尼亞方"},
    "azerbaijani-side": {"en": "Azerbaijani side", "zh-Hant": "亞塞拜然方"},
}
UNATTRIBUTED = {"en": "unattributed", "zh-Hant": "未註明提出者"}
# What each bound word means, where it is more than its kind (nearly, at least, fewer than).
_WORD_SENSE = {
    **dict.fromkeys(("將近", "接近", "nearly", "almost"), "nearly"),
    **dict.fromkeys(("至少", "at least", "以上"), "at least"),
    **dict.fromkeys(("超過", "逾", "多於", "over", "more than"), "more than"),
    **dict.fromkeys(("不到", "少於", "fewer than", "less than"), "fewer"),
}
_VAGUE_EN = {
    "成千上萬": "thousands",
    "千上萬": "thousands",
    "數十萬": "several hundred thousand",
    "幾十萬": "several hundred thousand",
    "數萬": "tens of thousands",
    "幾萬": "tens of thousands",
    "數千": "several thousand",
    "幾千": "several thousand",
    "thousands": "thousands",
    "上千": "a thousand or more",
    "數百": "several hundred",
    "幾百": "several hundred",
    "hundreds": "hundreds",
    "上百": "a hundred or more",
    "數十": "several dozen",
    "幾十": "several dozen",
    "dozens": "dozens",
    "好幾": "several",
    "幾": "a few",
    "數": "a few",
}
_FRACTIONS_EN = {"三分之一": "one third", "一半": "half"}
_UNIT_EN = {
    "usd": "US dollars",
    "roubles": "roubles",
    "ecu": "ECU",
    "tonnes": "tonnes",
    "km": "km",
    "km2": "km²",
    "wagons": "wagons",
    "years": "years",
    "months": "months",
    "weeks": "weeks",
    "days": "days",
    "hours": "hours",
}
_UNIT_ZH = {
    "usd": "美元",
    "roubles": "盧布",
    "ecu": "歐洲貨幣單位",
    "tonnes": "噸",
    "km": "公里",
    "km2": "平方公里",
    "wagons": "節車廂",
    "years": "年",
    "months": "個月",
    "weeks": "周",
    "days": "天",
    "hours": "小時",
}
_VERBS = {  # polarity: (singular, plural, noun, zh verb, zh noun)
    "accuses": ("accuses", "accuse", "accusation", "指控", "指控"),
    "denies": ("denies", "deny", "denial", "否認", "否認"),
    "affirms": ("states", "state", "statement", "稱", "陳述"),
    "refuted": (
        "charges (refuted)",
        "charge (refuted)",
        "charge, refuted",
        "指控(已被證明不實)",
        "指控(已被證明不實)",
    ),
}
_DURATION = re.compile(r"^(\d+)年(\d+)個月(\d+)周又(\d+)天$")
# The words after a name's head noun: "pilots | of the Azerbaijani Air Force".
_HEAD_ENDS = re.compile(r"\s+(?:of|at|from|in|for)\s+")
# The measure word or unit that follows a number in the article (三個月, 五個師, 16歲, 25,000人).
_MEASURE = re.compile(r"^(?:個月|小時|[名人輛門架個所支批節噸枚位隻艘條項次座場歲年天周])")
_BOUND_ZH = {"approximate": "約", "lower": "超過", "upper": "多達"}


@dataclass(frozen=True)
class Names:
    """The preferred names of subjects and claimants, and the quantity kinds' labels."""

    curation: Curation
    kinds: Mapping[str, Mapping[str, str]]  # kind -> {"en": …, "zh-Hant": …}

    def of(self, key: str, lang: str) -> str:
        """Gives the preferred name of a curated id or a side in a language."""
        if key in SIDES:
            return SIDES[key][lang]
        entity = self.curation.by_id().get(key)
        if entity is None:  # not curated (a test's made-up claimant): its id
            return key
        names = [n for n in entity.names if n.preferred]
        return next((n.text for n in names if n.lang == lang), key)

    def claimants(self, claim: Claim, lang: str) -> str:
        """Gives who claims it, as the article names them: "Azerbaijani side and other
        sources", or "unattributed"."""
        if not claim.claimants:
            return UNATTRIBUTED[lang]
        joiner = " and " if lang == "en" else "和"
        return joiner.join(self.of(key, lang) for key in claim.claimants)

    def kind(self, kind: str, lang: str) -> str:
        return self.kinds.get(kind, {}).get(lang, kind)

    def plural(self, claim: Claim) -> bool:
        """Gives whether the claimants take a plural verb (Armenians accuse, transnational
        organisations accuse, Russian and Ukrainian pilots of the Azerbaijani Air Force accuse;
        Armenia denies, Europa Publications states)."""
        if len(claim.claimants) != 1:
            return len(claim.claimants) > 1
        key = claim.claimants[0]
        if key in SIDE_SUBJECTS:
            return False
        entity = self.curation.by_id()[key]
        # the head noun: the last word before what qualifies it
        head = _HEAD_ENDS.split(self.of(key, "en"), maxsplit=1)[0].split()[-1]
        if not head.endswith("s") or head.endswith("ss"):
            return False
        # a plural common noun describes a group (authorities, interns at the hospital); a
        # capitalised one is a proper name (Europa Publications), singular, unless the curated
        # thing is a bare group of people (Armenians)
        return head[0].islower() or entity.kind == "Actor"


def _number(value: Decimal) -> str:
    if value >= 1_000_000_000 and value % 100_000_000 == 0:
        return f"{format((value / 1_000_000_000).normalize(), 'f')} billion"
    if value >= 1_000_000 and value % 100_000 == 0:
        return f"{format((value / 1_000_000).normalize(), 'f')} million"
    return format(value.normalize(), ",f")


def value_en(claim: Claim) -> str:
    """Gives the figure in English words: 613 · about 9% · up to 230,000 · several hundred ·
    300,000–500,000 · one third · 6 years, 2 months, 3 weeks and 1 day."""
    reading, bound = claim.reading, claim.bound
    assert reading is not None and bound is not None and claim.number is not None
    written = claim.number.exact
    if match := _DURATION.match(written):
        y, m, w, d = (int(g) for g in match.groups())
        return f"{y} years, {m} months, {w} weeks and {d} day{'s' if d != 1 else ''}"
    if written in _VAGUE_EN:
        unit = _UNIT_EN.get(claim.unit or "", "")
        return f"{_VAGUE_EN[written]} {unit}".strip()
    if written in _FRACTIONS_EN:
        figure = _FRACTIONS_EN[written]
    elif reading.value is not None:
        figure = _number(reading.value)
    else:
        assert reading.minimum is not None and reading.maximum is not None
        figure = f"{_number(reading.minimum)}–{_number(reading.maximum)}"
    if reading.percent:
        figure += "%"
    elif claim.unit in _UNIT_EN:
        figure += f" {_UNIT_EN[claim.unit]}"
    if bound.kind == "exact":
        return figure
    sense = _WORD_SENSE.get(claim.bound_words.exact.strip() if claim.bound_words else "")
    prefix = {
        "nearly": "nearly",
        "at least": "at least",
        "more than": "more than",
        "fewer": "fewer than",
    }.get(sense or "") or {"approximate": "about", "lower": "more than", "upper": "up to"}[
        bound.kind
    ]
    return f"{prefix} {figure}"


def value_zh(claim: Claim) -> str:
    """Gives the figure as the article writes it, with the measure word that follows it (三個月,
    16歲, 25,000人) or its unit, and the bound where its words stand apart from the number
    (多達…80萬, 保守估計…485); in Chinese where it stands in an English or Russian excerpt
    (over 350 -> 超過350)."""
    assert claim.as_written is not None and claim.reading is not None and claim.bound is not None
    assert claim.number is not None
    bound, written = claim.bound, claim.as_written
    # an English or Russian excerpt, whose number may be digits alone ("1500-3000")
    if not CJK.search(claim.evidence.exact):
        if claim.number.exact == "thousands":
            return "數千"
        reading = claim.reading
        low, high = reading.low or Decimal(0), reading.high or Decimal(0)
        figure = f"{low:,f}" if low == high else f"{low:,f}–{high:,f}"
        unit = "%" if reading.percent else _UNIT_ZH.get(claim.unit or "", "")
        return _BOUND_ZH.get(bound.kind, "") + figure + unit
    if claim.bound_words is not None and bound.rule in ("governs", "estimate"):
        written = claim.bound_words.exact + "…" + written
    elif bound.rule == "understated":
        written = "超過" + written
    if claim.reading.percent:
        return written
    measure = _MEASURE.match(claim.number.suffix)
    after = ""
    if claim.bound_words is not None and claim.bound_words.start >= claim.number.end:
        after = claim.bound_words.exact  # 四十五歲以下: the bound word after the measure word
    if measure:
        return written + measure.group() + after
    if CJK.search(written[-1:]) and claim.unit not in _UNIT_ZH:
        return written + after
    return written + _UNIT_ZH.get(claim.unit or "", "") + after


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def figure_label(
    names: Names, about: str, kind: str, period: tuple[str, str] | None, lang: str
) -> str:
    """Gives the label of a figure: its subject, quantity kind and period."""
    if lang == "en":
        return _capital(f"{names.of(about, 'en')}: {names.kind(kind, 'en')}") + (
            f", {period[0]}" if period else ""
        )
    return f"{names.of(about, 'zh-Hant')}:{names.kind(kind, 'zh-Hant')}" + (
        f",{period[1]}" if period else ""
    )


def claim_label(names: Names, claim: Claim, lang: str) -> str:
    """Gives the label of a claim in English or Chinese (see the module's docstring)."""
    who = names.claimants(claim, lang)
    if claim.kind is None:  # a statement
        assert claim.polarity is not None
        singular, plural, noun, zh_verb, zh_noun = _VERBS[claim.polarity]
        if lang == "en":
            if not claim.claimants:
                return f"Unattributed {noun}: {claim.proposition}"
            verb = plural if names.plural(claim) else singular
            return _capital(f"{who} {verb}: {claim.proposition}")
        if not claim.claimants:
            return f"未註明提出者的{zh_noun}:{claim.proposition_zh}"
        return f"{who}{zh_verb}:{claim.proposition_zh}"
    if lang == "en":
        what = names.kind(claim.kind, "en")
        if claim.scope != "total":
            what += f" ({claim.scope})"
        if claim.period:
            what += f", {claim.period}"
        return _capital(f"{names.of(claim.about, 'en')}: {what}, {value_en(claim)} — {who}")
    what = names.kind(claim.kind, "zh-Hant")
    if claim.scope != "total":
        what += f"({claim.scope_zh})"
    if claim.period_zh:
        what += f",{claim.period_zh}"
    return f"{names.of(claim.about, 'zh-Hant')}:{what},{value_zh(claim)}——{who}"


def _where(claim: Claim, lang: str) -> str:
    """Gives where in the article a claim's words stand: the infobox, the table, a reference."""
    part = claim.evidence.part
    if "/source/" in part:
        number = part.rsplit("/", 1)[-1]
        return f"reference {number}" if lang == "en" else f"參考資料{number}"
    for marker, en, zh in (("/infobox", "infobox", "資訊框"), ("/table/", "table", "表格")):
        if marker in part:
            return en if lang == "en" else zh
    return "body" if lang == "en" else "正文"


def claim_labels(names: Names, claims: tuple[Claim, ...]) -> dict[str, dict[str, str]]:
    """Gives each claim's labels by language; where two claims would share a label (one figure
    given in the infobox, the table and a note), each says where its words stand."""
    labels = {
        c.id: {lang: claim_label(names, c, lang) for lang in ("en", "zh-Hant")} for c in claims
    }
    for lang in ("en", "zh-Hant"):
        seen: dict[str, int] = {}
        for claim in claims:
            seen[labels[claim.id][lang]] = seen.get(labels[claim.id][lang], 0) + 1
        for claim in claims:
            if seen[labels[claim.id][lang]] > 1:
                where = _where(claim, lang)
                labels[claim.id][lang] += f" ({where})" if lang == "en" else f"({where})"
    return labels
