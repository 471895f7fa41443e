"""The article as text -> sections, paragraphs, sentences, citation markers, with offsets.

The corpus is Wikipedia's rendered text: a title, a one-line description, the lead (its first
paragraph printed before the infobox), the infobox, the body, 注釋 (notes) and 參考資料 (the
numbered reference list). Headings are recognised by their shape; their levels, which plain text
cannot show, come from `corpus/outline.toml`, and the parser checks that outline against the
headings it finds.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from graph_builder.document import infobox, manifest, references
from graph_builder.document.records import (
    CitationMarker,
    Document,
    Line,
    Note,
    OutlineEntry,
    Paragraph,
    Section,
    Sentence,
)
from graph_builder.errors import CorpusError, TextShapeError

NOTES_HEADING = "注釋"
REFERENCES_HEADING = "參考資料"
TABLE_KEY = "military-balance"

_MARKER = re.compile(r"\[(\d{1,3})\]")
# A sentence ends at 。！？ (or their ASCII forms), takes any closing quotes or brackets after
# them, and then any citation markers that follow, which cite that sentence.
_SENTENCE_END = re.compile(r"[。！？!?…]+[」』”’）)\"']*(?:\s*\[\d{1,3}\]|\s*。)*")
_SENTENCE_PUNCTUATION = re.compile(r"[。！？!?]")
_NOTE = re.compile(r"^\^\s*註解\((?P<label>[^)]+)\)[:：]\s*")
_MAX_HEADING = 24


def split_lines(text: str) -> list[Line]:
    """Gives every line of `text` with its 1-based number and the offset of its first character."""
    lines: list[Line] = []
    offset = 0
    for number, line_text in enumerate(text.split("\n"), start=1):
        lines.append(Line(number=number, start=offset, text=line_text))
        offset += len(line_text) + 1
    return lines


def _blank(line: Line) -> bool:
    return not line.text.strip()


def _is_heading(lines: Sequence[Line], index: int) -> bool:
    text = lines[index].text
    before = lines[index - 1] if index > 0 else None
    after = lines[index + 1] if index + 1 < len(lines) else None
    return (
        bool(text.strip())
        and text == text.strip()
        and len(text) <= _MAX_HEADING
        and not _SENTENCE_PUNCTUATION.search(text)
        and not _MARKER.search(text)
        and (before is None or before.text == "")
        and (after is None or after.text == "")
    )


def split_sentences(paragraph_key: str, text: str, start: int) -> tuple[Sentence, ...]:
    """Gives the sentences of a paragraph whose text begins at corpus offset `start`."""
    sentences: list[Sentence] = []
    position = 0
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    if not ends or ends[-1] < len(text):
        ends.append(len(text))
    for end in ends:
        chunk = text[position:end]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            begin = start + position + lead
            sentences.append(
                Sentence(
                    key=f"{paragraph_key}-{len(sentences) + 1}",
                    paragraph_key=paragraph_key,
                    ordinal=len(sentences) + 1,
                    start=begin,
                    end=begin + len(body),
                    text=body,
                )
            )
        position = end
    return tuple(sentences)


def _paragraph(section_key: str, ordinal: int, kind: str, line: Line) -> Paragraph:
    text = line.text.replace("\xa0", " ")
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    key = f"{section_key}-p{ordinal}"
    start = line.start + lead
    return Paragraph(
        key=key,
        section_key=section_key,
        ordinal=ordinal,
        kind=kind,
        line=line.number,
        start=start,
        end=start + len(body),
        text=body,
        sentences=split_sentences(key, body, start),
    )


def load_outline(path: Path) -> list[OutlineEntry]:
    """Gives the outline's headings with their levels and English renderings."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        return [
            OutlineEntry(heading=entry["heading"], level=int(entry["level"]), english=entry["en"])
            for entry in data["sections"]
        ]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise CorpusError(f"cannot read the outline: {error!r}", file=path) from error


def _check_outline(found: list[Line], outline: list[OutlineEntry], path: Path) -> None:
    headings = [line.text for line in found]
    expected = [entry.heading for entry in outline]
    if headings != expected:
        missing = [h for h in headings if h not in expected]
        extra = [h for h in expected if h not in headings]
        raise CorpusError(
            "the outline's headings differ from the headings found in the corpus: "
            f"found but not in the outline {missing}, in the outline but not found {extra}",
            file=path,
        )


class _Body:
    """Walks the body lines, collecting sections with their paragraphs."""

    def __init__(self, outline: list[OutlineEntry], path: Path) -> None:
        self.outline = outline
        self.path = path
        self.sections: list[Section] = []
        self.paragraphs: list[Paragraph] = []
        self.current = Section(key="lead", heading="", level=1, ordinal=0, line=1, parent_key=None)
        self.parents: dict[int, str] = {}

    def open_section(self, line: Line) -> None:
        self.close_section()
        ordinal = len(self.sections)
        if ordinal > len(self.outline) or self.outline[ordinal - 1].heading != line.text:
            raise CorpusError(
                "heading not in the outline at this position",
                file=self.path,
                line=line.number,
                value=line.text,
            )
        entry = self.outline[ordinal - 1]
        parent = self.parents.get(entry.level - 1) if entry.level > 1 else None
        key = f"s{ordinal:02d}"
        self.parents[entry.level] = key
        self.current = Section(
            key=key,
            heading=entry.heading,
            english=entry.english,
            level=entry.level,
            ordinal=ordinal,
            line=line.number,
            parent_key=parent,
        )

    def add(self, kind: str, line: Line) -> None:
        self.paragraphs.append(_paragraph(self.current.key, len(self.paragraphs) + 1, kind, line))

    def close_section(self) -> None:
        self.sections.append(replace(self.current, paragraphs=tuple(self.paragraphs)))
        self.paragraphs = []


def _markers(
    text: str, end: int, paragraphs: Sequence[Paragraph], fields: Sequence[tuple[str, int, int]]
) -> tuple[CitationMarker, ...]:
    markers: list[CitationMarker] = []
    run_end = -1
    position = 0
    for match in _MARKER.finditer(text, 0, end):
        position = position + 1 if match.start() == run_end else 0
        run_end = match.end()
        marker = CitationMarker(
            ref_number=int(match[1]),
            start=match.start(),
            end=match.end(),
            line=text.count("\n", 0, match.start()) + 1,
            position_in_run=position,
        )
        for paragraph in paragraphs:
            if paragraph.start <= marker.start < paragraph.end:
                sentence = next(s for s in paragraph.sentences if s.start <= marker.start < s.end)
                marker = replace(marker, paragraph_key=paragraph.key, sentence_key=sentence.key)
                break
        else:
            for key, start, stop in fields:
                if start <= marker.start < stop:
                    marker = replace(marker, infobox_field_key=key)
                    break
        markers.append(marker)
    return tuple(markers)


def parse_document(
    text: str, sha256: str, outline_path: Path, path: Path = manifest.ARTICLE
) -> Document:
    """Gives the document model of the article `text` (whose checksum the caller verified);
    errors name `path`, the file the text was read from."""
    lines = split_lines(text)
    content = [i for i, line in enumerate(lines) if not _blank(line)]
    if len(content) < 4:
        raise CorpusError("too short to be the article", file=path, value=len(content))
    title_i, description_i, lead_i = content[0], content[1], content[2]
    title = lines[title_i].text.strip()
    box_start = next((i for i in content[3:] if lines[i].text.strip() == title), None)
    if box_start is None:
        raise CorpusError(
            "no infobox: the title is not printed a second time",
            file=path,
            line=lines[lead_i].number,
        )
    try:
        box_end = infobox.find_infobox_end(lines, box_start)
        box = infobox.parse_infobox(lines[box_start:box_end])
    except TextShapeError as error:
        raise CorpusError(f"infobox: {error.message}", file=path, line=error.line) from error

    outline = load_outline(outline_path)
    body = _Body(outline, path)
    body.add("prose", lines[lead_i])
    headings: list[Line] = []
    table = None
    notes: list[Note] = []
    references_at = None
    index = box_end
    caption_next = False
    while index < len(lines):
        line = lines[index]
        if not line.text.strip():
            caption_next = caption_next or "\xa0" in line.text
            index += 1
            continue
        if _is_heading(lines, index) and not caption_next:
            headings.append(line)
            body.open_section(line)
            if line.text == REFERENCES_HEADING:
                references_at = index + 1
                break
        elif infobox.is_table_header(lines, index):
            table = infobox.parse_table(lines[index:], TABLE_KEY)
            index += len(table.rows)
        elif body.current.heading == NOTES_HEADING and (note := _NOTE.match(line.text)):
            notes.append(
                Note(
                    key=note["label"],
                    label=note["label"],
                    text=line.text[note.end() :],
                    line=line.number,
                    start=line.start + note.end(),
                    end=line.end,
                )
            )
        else:
            body.add("caption" if caption_next else "prose", line)
        caption_next = False
        index += 1
    body.close_section()
    _check_outline(headings, outline, outline_path)
    if references_at is None or table is None:
        raise CorpusError(
            f"no {REFERENCES_HEADING} heading"
            if references_at is None
            else "no military-balance table",
            file=path,
        )
    try:
        sources = references.parse_references(lines[references_at:])
    except TextShapeError as error:
        raise CorpusError(f"reference list: {error.message}", file=path, line=error.line) from error

    sections = tuple(body.sections)
    paragraphs = [p for s in sections for p in s.paragraphs]
    fields = [(f.key, f.start, f.end) for f in box.fields]
    markers = _markers(text, lines[references_at].start, paragraphs, fields)
    return Document(
        title=title,
        description=lines[description_i].text.strip(),
        text=text,
        sha256=sha256,
        sections=sections,
        markers=markers,
        infobox=box,
        table=table,
        notes=tuple(notes),
        sources=sources,
        unresolved_short_citations=references.unresolved_short_citations(sources),
    )
