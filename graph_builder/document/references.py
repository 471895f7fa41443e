"""The numbered reference list (參考資料) -> `Source` records.

An entry has one of three shapes:
- a short citation, `Taarnby 2008,第6頁.`, resolved to the full work when the list has it;
- a citation as zh Wikipedia's citation templates print it, parts separated by `. `:
  `Authors. Title. Container. Place: Publisher. Date: pages [access date]. ISBN …. (archive note).`
  then any excerpt; or the same parts written by hand with commas (`Publisher, 2010, p. 123`).
  The date part anchors it: the parts before it are title, container and publisher, by position;
- a note in Chinese prose (no date part), kept whole in `raw`, with no bibliographic fields.

Fields are as written, except: an archive note or language note loses its parentheses, an
excerpt its enclosing quotes, a title its `(PDF)` and translation (kept apart), and any field the
interlanguage-link echo `M. E. Sharpe英語M. E. Sharpe`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from graph_builder.document.records import Line, ShortCitation, Source
from graph_builder.errors import TextShapeError

Fields = dict[str, Any]  # keyword arguments for Source

_ENTRY = re.compile(r"\s*(?P<number>\d+)\. \^ (?P<backrefs>(?:\d+\.\d+ )*)(?P<raw>\S.*?)\s*")
_SHORT = re.compile(
    r"(?P<author>[^\d,\"]+?) (?P<year>\d{4}),第(?P<page>[^頁]+)頁[.:]?\s*(?P<excerpt>.*)"
)

_MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = (
    r"(?:\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{4}-\d{2}(?:-\d{2})?"
    rf"|{_MONTH} \d{{1,2}}, \d{{4}}|(?:\d{{1,2}} )?{_MONTH} \d{{4}}|\d{{4}})"
)
# The part of a template citation that anchors it: `2010: 17`, `2010 [2015-02-20]`, `[2 July 2017]`.
_DATE_PART = re.compile(
    rf"(?P<date>{_DATE})?(?:: (?P<pages>[A-Z]?\d[\d.,–\- ]*?))?(?: ?\[(?P<access_date>[^\]]+)\])?"
)
# The same written by hand: `Oxford: Oxford University Press, 2010, p. 123`.
_COMMA_DATE_PART = re.compile(
    rf"(?P<before>.+?),? (?P<date>{_DATE}), (?:pp?\. )?(?P<pages>[\w–-]+)"
)
_VIEWED_PART = re.compile(rf"(?P<publisher>[^,]+), (?P<title>.+), viewed (?P<access_date>{_DATE})")
_ACCESS_PART = re.compile(rf"(?P<access_date>{_DATE})查閱?")
_TAIL = re.compile(
    r"\s*(?:ISBN\s(?P<isbn>[\dXx-]+)\.?)?\s*(?:\((?P<language_note>[^()\s]{1,8}[語文])\)\.?)?"
    rf"\s*(?:(?P<access_date>{_DATE})查閱?。?)?\s*(?P<excerpt>.*)",
    re.S,
)

_ARCHIVE = re.compile(
    r"\s*\((?P<original>原始內容(?:[^()]|\(PDF\))*)\)\.?"
    r"|\s*(?P<wayback>網際網路檔案館存檔,存檔日期[\d-]+)\.?"
    r"|(?P<backup>頁面存檔備份,存於網際網路檔案館)\)?\s*"
)
_LEADING_LANGUAGE = re.compile(r"\((?P<language_note>[^()\s]{1,8}[語文])\)\s*")
_QUOTED_IN = re.compile(r"(?:Quoted|Cited) in ")

_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
_WORD = rf"[{_UPPER}][\w'’-]+"
# A given name's parts; a run of initials is atomic so `A. N.` is never cut after `A.`.
_GIVEN = rf"(?:[A-Z]\.[A-Z][a-z]+|[A-Z]\.(?: [A-Z]\.)*+|{_WORD}|[A-Z]\b)"
_COMMA_NAME = rf"(?:(?:de|van|von|der|al) )?{_WORD}(?: {_WORD})?, {_GIVEN}(?: {_GIVEN})*?"
_PLAIN_NAME = rf"(?:Dr\. )?{_WORD}(?: (?:[A-Z]\.|{_WORD}))*? {_WORD}"
_NAME = rf"(?:{_COMMA_NAME}|{_PLAIN_NAME})"
# The names end where the template's `. ` does; after an initial its period is that `.`.
_AUTHORS = re.compile(
    rf"(?P<names>{_NAME}(?:(?:; | and |, ){_NAME})*)(?P<editors> \((?:編|ed\.)\))?(?:(?<=\.) |\. )"
)
_EDITED_IN = re.compile(r"(?P<title>.+?); (?P<editors>.+) eds")

# `. ` ends a part unless the period closes an initial (a lone capital) or an abbreviation.
_SEPARATOR = re.compile(
    r"(?<![^A-Za-z][A-Z])(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bVol)(?<!\bp)\.(?=\s|$)\s*|。\s*"
)
_QUOTED = re.compile(r'(?P<part>"(?:[^"]|"(?!\.?(?:\s|$)))*"(?:\s*\([^()]*\))?)\.?\s*')
_KEEPS_PERIOD = re.compile(r"\b(?:Ltd|Publ|Inc|Co)$")
_PDF = re.compile(r"\s*\(PDF\)$")
_TRANSLATION = re.compile(r"\s*(?:\[(?P<b>[^\]]+)\]|\((?P<p>[^()]*[\u3400-\u9fff][^()]*)\))$")
_LANGUAGE = re.compile(r"\s*\((?P<language_note>[^()\s]{1,6}[語文])\)$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_PLACE = re.compile(
    r"(?P<place>[A-Z][\w.]*(?:,? [A-Z\u3400-\u9fff][\w.]*)?): (?P<publisher>.+?)"
    r"(?:: (?P<pages>[\d–-]+))?"
)
_PERIODICAL = (
    re.compile(r"(?P<name>[^,]+), Vol\. (?P<volume>\d+)(?:, No\. (?P<issue>\d+))?.*"),
    re.compile(r"(?P<name>.+?) v(?P<volume>\d+), n(?P<issue>\d+)(?: \d{4})?"),
    re.compile(r"(?P<name>.+?) \((?P<issue>\d+)\)"),
)
_INTERLANGUAGE_LINK = re.compile(r"(\S.*?)英語\1")  # `M. E. Sharpe英語M. E. Sharpe`
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+|.+網")

# Periodicals known by name, the article's own spelling; `The` is ignored.
_KNOWN_PERIODICALS: dict[str, str] = {
    "TIME Magazine": "magazine",
    "時代周刊": "magazine",
    **dict.fromkeys(
        (
            "New York Times", "Los Angeles Times", "洛杉磯時報", "Boston Globe", "波士頓環球報",
            "Seattle Times", "西雅圖時報", "Wiener Zeitung", "Chicago Sun-Times",
            "San Francisco Chronicle", "Euronews", "亞美尼亞周刊", "Noyan Tapan Highlights",
            "Regnum News Agency", "Социалистическая индустрия",
        ),
        "newspaper",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class _Part:
    """One `. `-separated part of a citation, with the marks the template or editors add."""

    text: str
    translation: str | None = None
    language_note: str | None = None
    file_format: str | None = None


def parse_references(lines: Sequence[Line]) -> tuple[Source, ...]:
    """Gives one Source per numbered entry of the reference section's lines, in order."""
    sources: list[Source] = []
    for line in lines:
        if not line.text.strip():
            continue
        match = _ENTRY.fullmatch(line.text)
        if match is None:
            raise TextShapeError(line.number, f"not a reference entry: {line.text!r}")
        number = int(match["number"])
        if number != len(sources) + 1:
            raise TextShapeError(line.number, f"expected entry {len(sources) + 1}, not {number}")
        backrefs = match["backrefs"].split()
        if any(not backref.startswith(f"{number}.") for backref in backrefs):
            raise TextShapeError(line.number, f"back-references of another entry: {backrefs}")
        start = line.start + match.start("raw")
        source = Source(number, match["raw"], line.number, start, start + len(match["raw"]),
                        backref_count=len(backrefs) or 1)  # fmt: skip
        sources.append(replace(source, **_fields(match["raw"])))
    return tuple(_resolve(source, sources) for source in sources)


def unresolved_short_citations(sources: Sequence[Source]) -> tuple[Source, ...]:
    """Gives the sources whose short citation names a work the list does not have."""
    return tuple(
        s for s in sources if s.short_citation and s.short_citation.resolved_number is None
    )


def _fields(raw: str) -> Fields:
    """Gives the bibliographic fields of one entry's text, by its shape."""
    if short := _SHORT.fullmatch(raw):
        citation = ShortCitation(short["author"], short["year"], short["page"], None)
        return {"short_citation": citation, "excerpt": _unquote(short["excerpt"])}
    archive_notes = [next(g for g in m.groups() if g) for m in _ARCHIVE.finditer(raw)]
    text = _ARCHIVE.sub("", raw)
    fields: Fields = {"archive_note": next(iter(archive_notes), None)}
    if leading := _LEADING_LANGUAGE.match(text):
        fields["language_note"], text = leading["language_note"], text[leading.end() :]
    text = _QUOTED_IN.sub("", text, count=1)
    if (names := _AUTHORS.match(text)) and _consistent(names["names"]):
        fields["editors" if names["editors"] else "authors"] = _split_names(names["names"])
        text = text[names.end() :]
    parts = _parts(text)
    anchor = next((i for i, (part, _) in enumerate(parts) if _date_fields(part)), len(parts))
    head = [_marks(part) for part, _ in parts[:anchor]]
    if anchor < len(parts):
        fields.update(_date_fields(parts[anchor][0]))
        tail = _TAIL.fullmatch(text[parts[anchor][1] :])
        assert tail is not None  # every part of the pattern is optional
        fields.update({k: v for k, v in tail.groupdict().items() if v})
        fields["excerpt"] = _unquote(tail["excerpt"])
    elif "," in text:
        return {}  # no date part, and Chinese commas: a note in prose, not a citation
    elif len(head) == 2 and len(head[1].text.split()) >= 6:  # too long for a container's name
        fields["excerpt"] = head.pop().text + "."  # a sentence after the title
    fields.update(_head_fields(head, fields))
    fields = {k: _clean(v) if isinstance(v, str) and k != "excerpt" else v
              for k, v in fields.items()}  # fmt: skip
    return fields | {"container_type": _container_type(fields)}


def _head_fields(head: list[_Part], known: Fields) -> Fields:
    """Gives title, container, publisher and place from the parts before the date."""
    fields: Fields = {}
    for part in head:
        for key in ("language_note", "file_format"):
            if getattr(part, key) and not known.get(key):
                fields[key] = getattr(part, key)
    authors = list(known.get("authors", ()))
    # Editors add a Chinese translation to a title: parts before a translated one are the author's.
    if marked := next((i for i, p in enumerate(head) if _is_translated(p)), 0):
        authors = authors or [p.text for p in head[:marked]]
        head = head[marked:]
    if head and {"place", "publisher", "container"} & known.keys():  # given with the date
        fields["title"] = ". ".join(p.text for p in head)  # `The Caucasus. An Introduction`
        if edited := _EDITED_IN.fullmatch(str(fields["title"])):
            fields["title"], fields["editors"] = edited["title"], _split_names(edited["editors"])
    elif head:
        title, rest = head[0], head[1:]
        if len(rest) == 1 and not known.get("isbn") and not _PLACE.fullmatch(rest[0].text):
            if ": " in rest[0].text and ": " not in title.text and not authors:
                authors, title = [title.text], rest[0]  # `Author. Title: Subtitle.`
            else:
                fields["container"] = rest[0].text
            rest = []
        fields["title"], fields["translated_title"] = title.text, title.translation
        if len(rest) > 1:
            fields["container"] = ". ".join(p.text for p in rest[:-1])
        if rest:
            fields.update(_publisher(rest[-1].text))
    for name in [a for a in authors if _periodical_kind(a)]:  # a news agency named as author
        authors.remove(name)
        fields["container"] = fields.get("container") or name
    if _periodical_kind(str(fields.get("title"))) and not fields.get("container"):
        fields |= {"container": fields["title"], "title": None, "translated_title": None}
    if periodical := _periodical(str(fields.get("container"))):
        fields.update(periodical)
    elif not fields.get("container") and (periodical := _periodical(str(fields.get("title")))):
        fields.update(periodical, title=None)  # `Strategic impact (4).`: a journal's issue
    return fields | {"authors": tuple(authors)}


def _periodical(text: str) -> Fields | None:
    """Gives container, volume and issue of `Foreign Affairs v76, n2 1997` and the like."""
    match = next((m for pattern in _PERIODICAL if (m := pattern.fullmatch(text))), None)
    if match is None:
        return None
    return {"container": match["name"]} | {
        k: v for k, v in match.groupdict().items() if v and k != "name"
    }


def _date_fields(part: str) -> Fields:
    """Gives date, year, pages and access date when the part is a citation's date part."""
    for pattern in (_DATE_PART, _COMMA_DATE_PART, _VIEWED_PART, _ACCESS_PART):
        match = pattern.fullmatch(part)
        if match and any(match.groups()):
            fields = match.groupdict()
            if before := fields.pop("before", None):
                fields.update(_publisher(before, comma=True))
            if date := fields.get("date"):
                fields["year"] = re.findall(r"\d{4}", date)[0]
            return {k: v.strip() for k, v in fields.items() if v}
    return {}


def _publisher(text: str, comma: bool = False) -> Fields:
    """Gives place and publisher from `London: Routledge`, or the container of a `Vol.` part."""
    if comma and (periodical := _periodical(text)):
        return periodical
    if place := _PLACE.fullmatch(text):
        return {k: v for k, v in place.groupdict().items() if v}
    if comma and ", " in text:
        container, publisher = text.rsplit(", ", 1)
        return {"container": container, "publisher": publisher}  # `Book, Publisher`
    return {"publisher": text}


def _container_type(fields: Fields) -> str | None:
    """Gives the kind of work cited, from the entry's shape."""
    container = str(fields.get("container") or "")
    if kind := _periodical_kind(container):
        return kind
    if fields.get("isbn"):
        return "book"
    if fields.get("volume") or fields.get("issue"):
        return "journal"
    if _DOMAIN.fullmatch(container):
        return "website"
    if fields.get("file_format") == "PDF":
        return "document"
    if fields.get("publisher") and not (fields.get("access_date") or fields.get("archive_note")):
        return "book"
    if fields.get("access_date") or fields.get("archive_note"):
        return "website"
    return None


def _parts(text: str) -> list[tuple[str, int]]:
    """Gives the citation's parts, each with the offset just after its separator."""
    parts: list[tuple[str, int]] = []
    position = 0
    while position < len(text):
        if quoted := _QUOTED.match(text, position):
            parts.append((quoted["part"], quoted.end()))
            position = quoted.end()
            continue
        separator = _SEPARATOR.search(text, position)
        stop, after = (separator.start(), separator.end()) if separator else (len(text),) * 2
        part = text[position:stop].strip()
        if part:
            parts.append((part + "." if _KEEPS_PERIOD.search(part) else part, after))
        position = after
    return parts


def _marks(part: str) -> _Part:
    """Gives a part without its quotes, `(PDF)`, language note and translation."""
    if part.startswith('"'):
        closing = part.rindex('"')
        return _marks(part[1:closing].strip().removesuffix(".") + part[closing + 1 :])
    marks: dict[str, str] = {}
    while True:
        if language := _LANGUAGE.search(part):
            marks["language_note"], part = language["language_note"], part[: language.start()]
        elif pdf := _PDF.search(part):
            marks["file_format"], part = "PDF", part[: pdf.start()]
        elif (translation := _TRANSLATION.search(part)) and "translation" not in marks:
            marks["translation"] = _bare(translation["p"] or translation["b"])
            part = part[: translation.start()]
        else:
            return _Part(part.strip(), **marks)


def _is_translated(part: _Part) -> bool:
    """Tells whether zh editors marked the part as a title: a Chinese translation or language."""
    return part.language_note is not None or bool(_CJK.search(part.translation or ""))


def _consistent(names: str) -> bool:
    """Tells whether names joined by ` and ` are written alike (`Kulish, O. and Melikov, D.`)."""
    sides = [", " in side for side in re.split(r"; | and ", names)]
    return " and " not in names or len(set(sides)) == 1


def _split_names(names: str) -> tuple[str, ...]:
    """Gives each name of a list joined by `;`, ` and `, or commas between full names."""
    result: list[str] = []
    for name in re.split(r"; | and ", names):
        pieces = name.split(", ")
        if len(pieces) > 2:  # `Rupesinghe, K., King, P.`: family, given, family, given
            result += [", ".join(pieces[i : i + 2]) for i in range(0, len(pieces), 2)]
        elif len(pieces) == 2 and all(len(p.split()) > 1 for p in pieces):
            result += pieces  # `Patrick Donabedian, Claude Mutafian`
        else:
            result.append(name)
    return tuple(result)


def _resolve(source: Source, sources: Sequence[Source]) -> Source:
    """Gives the source with its short citation resolved by family name and year."""
    short = source.short_citation
    if short is None:
        return source
    for work in sources:
        names = work.authors + work.editors
        if work.year == short.year and any(_family(n) == short.author for n in names):
            return replace(source, short_citation=replace(short, resolved_number=work.number))
    return source


def _family(name: str) -> str:
    return name.split(", ")[0] if ", " in name else name.split()[-1]


def _periodical_kind(name: str) -> str | None:
    return _KNOWN_PERIODICALS.get(name.removeprefix("The "))


def _unquote(text: str | None) -> str | None:
    text = (text or "").strip()
    if len(text) > 1 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return text or None


def _bare(text: str) -> str:
    return text.strip().strip("「」《》")


def _clean(text: str) -> str:
    """Gives a field without the interlanguage-link echo `M. E. Sharpe英語M. E. Sharpe`."""
    return _INTERLANGUAGE_LINK.sub(r"\1", text).strip()
