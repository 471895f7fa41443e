"""Plain records of the parsed article: no RDF here, only what the text says and where.

Offsets are character offsets (Unicode code points) into the corpus text, end exclusive, so they
are what a W3C TextPositionSelector means by `start` and `end`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One line of the corpus: its 1-based number, the offset of its first character, its text."""

    number: int
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class CitationMarker:
    """An inline marker like `[20]`; a run like `[21][23][20]` gives one marker per number."""

    ref_number: int
    start: int
    end: int
    line: int
    position_in_run: int  # 0 for the first marker of a run like [21][23][20]
    paragraph_key: str | None = None
    sentence_key: str | None = None
    infobox_field_key: str | None = None

    @property
    def as_written(self) -> str:
        return f"[{self.ref_number}]"


@dataclass(frozen=True)
class Sentence:
    key: str
    paragraph_key: str
    ordinal: int  # 1-based within its paragraph
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A block of text: `prose`, a figure `caption`, or the `hatnote` above the lead."""

    key: str
    section_key: str
    ordinal: int  # 1-based within its section
    kind: str
    line: int
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class OutlineEntry:
    """A heading of the article's outline with its level and this project's English rendering."""

    heading: str
    level: int
    english: str


@dataclass(frozen=True)
class Section:
    """A section of the article; the lead is the section with key `lead` and level 1."""

    key: str
    heading: str
    level: int
    ordinal: int  # 1-based in document order, the lead being 0
    line: int
    parent_key: str | None
    paragraphs: tuple[Paragraph, ...] = ()
    english: str = ""  # this project's English rendering of the heading


@dataclass(frozen=True)
class InfoboxEntry:
    """A labelled line inside an infobox field, e.g. `死亡:` followed by its value lines."""

    label: str
    value: str
    line: int
    start: int
    end: int
    column: int | None = None  # 1 or 2 where the text shows the side-by-side columns


@dataclass(frozen=True)
class InfoboxField:
    """A named infobox field (日期, 結果, 參戰方, 指揮官與領導者, 兵力, 傷亡與損失 …)."""

    key: str
    name: str
    raw: str  # the field's text as written, lines joined with "\n"
    line: int
    start: int
    end: int
    entries: tuple[InfoboxEntry, ...] = ()


@dataclass(frozen=True)
class Infobox:
    title: str
    caption: str
    fields: tuple[InfoboxField, ...]
    line: int
    end_line: int

    def field(self, name: str) -> InfoboxField:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)


@dataclass(frozen=True)
class TableCell:
    row: int  # 1-based data row (the header is row 0)
    column: int  # 1-based
    header: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    """The military-balance table: a header row and data rows, each a tuple of cells."""

    key: str
    headers: tuple[str, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    line: int
    end_line: int


@dataclass(frozen=True)
class Note:
    """An explanatory note from the 注釋 section, e.g. label `I`."""

    key: str
    label: str
    text: str
    line: int
    start: int
    end: int


@dataclass(frozen=True)
class ShortCitation:
    """A short citation like `de Waal 2003,第285頁`: the work named by author and year."""

    author: str
    year: str
    page: str | None
    resolved_number: int | None  # the reference number of the full work, when the list has it


@dataclass(frozen=True)
class Source:
    """One numbered entry of the reference list (參考資料)."""

    number: int
    raw: str  # the entry as written, after the `^` and the back-references
    line: int
    start: int
    end: int
    backref_count: int  # how many times the article cites it, per its back-references
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    title: str | None = None
    container: str | None = None  # book series, journal, newspaper, site
    container_type: str | None = None  # book, journal, newspaper, magazine, site, report, ...
    publisher: str | None = None
    place: str | None = None
    date: str | None = None  # as written
    year: str | None = None
    pages: str | None = None
    isbn: str | None = None
    language_note: str | None = None  # e.g. 俄文
    access_date: str | None = None
    archive_note: str | None = None
    excerpt: str | None = None  # the quoted words the entry carries, if any
    short_citation: ShortCitation | None = None
    translated_title: str | None = None  # a title's translation as the entry gives it
    volume: str | None = None  # of a journal
    issue: str | None = None  # of a journal
    file_format: str | None = None  # e.g. PDF, from a `(PDF)` after the title


@dataclass(frozen=True)
class Document:
    """The parsed article: structure, infobox, table, notes and reference list."""

    title: str
    description: str
    text: str
    sha256: str
    sections: tuple[Section, ...]
    markers: tuple[CitationMarker, ...]
    infobox: Infobox
    table: Table
    notes: tuple[Note, ...]
    sources: tuple[Source, ...]
    unresolved_short_citations: tuple[Source, ...] = field(default=())

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for p in self.paragraphs for s in p.sentences)

    def source(self, number: int) -> Source:
        for candidate in self.sources:
            if candidate.number == number:
                return candidate
        raise KeyError(number)
