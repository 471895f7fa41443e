"""Records -> RDF quads: the document's structure and its reference list, each in its own graph.

No blank nodes: every node has an IRI minted in `iris` from a stable key.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from graph_builder import iris
from graph_builder.document.manifest import Corpus
from graph_builder.document.records import Document, Source
from graph_builder.namespaces import NKKG, RDF, RDFS, SCHEMA, XSD

ZH = "zh-Hant"
# English labels for the structure, this project's renderings: the article is in Chinese only.
ARTICLE_ENGLISH = "First Nagorno-Karabakh War"
FIELD_ENGLISH = {
    "date": "Date",
    "place": "Location",
    "result": "Result",
    "territorial-changes": "Territorial changes",
    "belligerents": "Belligerents",
    "commanders": "Commanders and leaders",
    "strength": "Strength",
    "casualties": "Casualties and losses",
}


def _int(value: int, datatype: str = "nonNegativeInteger") -> Literal:
    return Literal(str(value), datatype=XSD[datatype])


def _zh(text: str) -> Literal:
    return Literal(text, language=ZH)


def _en(text: str) -> Literal:
    return Literal(text, language="en")


class _Graph:
    """Collects quads for one named graph."""

    def __init__(self, name: str) -> None:
        self.graph = iris.graph(name)
        self.quads: list[Quad] = []

    def add(self, subject: NamedNode, predicate: NamedNode, obj: NamedNode | Literal) -> None:
        self.quads.append(Quad(subject, predicate, obj, self.graph))

    def add_optional(self, subject: NamedNode, predicate: NamedNode, value: str | None) -> None:
        if value:
            self.add(subject, predicate, Literal(value))

    def span(self, subject: NamedNode, start: int, end: int, line: int) -> None:
        self.add(subject, NKKG.startOffset, _int(start))
        self.add(subject, NKKG.endOffset, _int(end))
        self.add(subject, NKKG.lineNumber, _int(line, "positiveInteger"))

    def part(self, subject: NamedNode, kind: NamedNode, whole: NamedNode, ordinal: int) -> None:
        self.add(subject, RDF.type, kind)
        self.add(subject, NKKG.isPartOf, whole)
        self.add(subject, NKKG.inDocument, iris.document())
        self.add(subject, NKKG.ordinal, _int(ordinal, "positiveInteger"))


def document_quads(doc: Document, corpus: Corpus) -> list[Quad]:
    """Gives the `document` graph: the article, its sections down to sentences, markers,
    infobox, table and notes."""
    g = _Graph("document")
    article = iris.document()
    g.add(article, RDF.type, NKKG.Document)
    g.add(article, RDFS.label, _zh(doc.title))
    g.add(article, RDFS.label, _en(ARTICLE_ENGLISH))
    g.add(article, SCHEMA.name, _zh(doc.title))
    g.add(article, SCHEMA.description, Literal(doc.description, language="zh"))
    g.add(article, SCHEMA.url, NamedNode(corpus.url))
    g.add(article, SCHEMA.license, NamedNode(corpus.license))
    g.add(article, SCHEMA.inLanguage, Literal(corpus.language))
    g.add(article, NKKG.sha256, Literal(doc.sha256))
    g.add(article, NKKG.text, _zh(doc.text))

    for section in doc.sections:
        node = iris.section(section.key)
        whole = iris.section(section.parent_key) if section.parent_key else article
        g.part(node, NKKG.Section, whole, section.ordinal + 1)
        if section.key == "lead":
            g.add(node, RDFS.label, _zh("導言"))
            g.add(node, RDFS.label, _en("Lead"))
        else:
            g.add(node, RDFS.label, _zh(section.heading))
            g.add(node, RDFS.label, _en(section.english))
            g.add(node, NKKG.lineNumber, _int(section.line, "positiveInteger"))
        g.add(node, NKKG.level, _int(section.level, "positiveInteger"))
        for paragraph in section.paragraphs:
            p_node = iris.paragraph(paragraph.key)
            g.part(p_node, NKKG.Paragraph, node, paragraph.ordinal)
            g.add(p_node, NKKG.paragraphKind, Literal(paragraph.kind))
            g.add(p_node, NKKG.text, _zh(paragraph.text))
            g.span(p_node, paragraph.start, paragraph.end, paragraph.line)
            for sentence in paragraph.sentences:
                s_node = iris.sentence(sentence.key)
                g.part(s_node, NKKG.Sentence, p_node, sentence.ordinal)
                g.add(s_node, NKKG.text, _zh(sentence.text))
                g.span(s_node, sentence.start, sentence.end, paragraph.line)

    box = iris.infobox()
    g.add(box, RDF.type, NKKG.Infobox)
    g.add(box, NKKG.isPartOf, article)
    g.add(box, NKKG.inDocument, article)
    g.add(box, RDFS.label, _zh(doc.infobox.title))
    g.add(box, RDFS.label, _en(f"{ARTICLE_ENGLISH}: infobox"))
    g.add(box, NKKG.caption, _zh(doc.infobox.caption))
    g.add(box, NKKG.lineNumber, _int(doc.infobox.line, "positiveInteger"))
    for ordinal, field in enumerate(doc.infobox.fields, start=1):
        f_node = iris.infobox_field(field.key)
        g.part(f_node, NKKG.InfoboxField, box, ordinal)
        g.add(f_node, RDFS.label, _zh(field.name))
        g.add(f_node, RDFS.label, _en(FIELD_ENGLISH[field.key]))
        g.add(f_node, NKKG.fieldName, _zh(field.name))
        g.add(f_node, NKKG.rawText, _zh(field.raw))
        g.span(f_node, field.start, field.end, field.line)
        for n, entry in enumerate(field.entries, start=1):
            e_node = iris.infobox_entry(field.key, n)
            g.part(e_node, NKKG.InfoboxEntry, f_node, n)
            if entry.label:
                g.add(e_node, NKKG.entryLabel, _zh(entry.label))
            g.add(e_node, NKKG.text, _zh(entry.value))
            if entry.column is not None:
                g.add(e_node, NKKG.columnNumber, _int(entry.column, "positiveInteger"))
            g.span(e_node, entry.start, entry.end, entry.line)

    table = iris.table(doc.table.key)
    holder = [s for s in doc.sections if s.line < doc.table.line][-1]
    g.part(table, NKKG.Table, iris.section(holder.key), 1)
    g.add(table, RDFS.label, _en("Military balance"))
    g.add(table, RDFS.label, _zh("軍力對比"))
    g.add(table, NKKG.lineNumber, _int(doc.table.line, "positiveInteger"))
    for row in doc.table.rows:
        r_node = iris.table_row(doc.table.key, row[0].row)
        g.part(r_node, NKKG.TableRow, table, row[0].row)
        g.add(r_node, NKKG.rowNumber, _int(row[0].row, "positiveInteger"))
        for cell in row:
            c_node = iris.table_cell(doc.table.key, cell.row, cell.column)
            g.part(c_node, NKKG.TableCell, r_node, cell.column)
            g.add(c_node, NKKG.rowNumber, _int(cell.row, "positiveInteger"))
            g.add(c_node, NKKG.columnNumber, _int(cell.column, "positiveInteger"))
            g.add(c_node, NKKG.header, _zh(cell.header))
            g.add(c_node, NKKG.text, _zh(cell.text))
            g.span(c_node, cell.start, cell.end, doc.table.line + cell.row)

    notes_section = next(s for s in doc.sections if s.heading == "注釋")
    for ordinal, note in enumerate(doc.notes, start=1):
        n_node = iris.note(note.key)
        g.part(n_node, NKKG.Note, iris.section(notes_section.key), ordinal)
        g.add(n_node, NKKG.noteLabel, Literal(note.label))
        g.add(n_node, NKKG.text, _zh(note.text))
        g.span(n_node, note.start, note.end, note.line)

    for marker in doc.markers:
        m_node = iris.citation(marker.start)
        if marker.sentence_key:
            whole = iris.sentence(marker.sentence_key)
        elif marker.infobox_field_key:
            whole = iris.infobox_field(marker.infobox_field_key)
        else:
            whole = article
        g.add(m_node, RDF.type, NKKG.Citation)
        g.add(m_node, NKKG.isPartOf, whole)
        g.add(m_node, NKKG.inDocument, article)
        g.add(m_node, NKKG.cites, iris.source(marker.ref_number))
        g.add(m_node, NKKG.asWritten, Literal(marker.as_written))
        g.add(m_node, NKKG.positionInRun, _int(marker.position_in_run))
        g.span(m_node, marker.start, marker.end, marker.line)
    return g.quads


def _source_quads(g: _Graph, source: Source) -> None:
    node = iris.source(source.number)
    g.add(node, RDF.type, NKKG.Source)
    g.add(node, NKKG.inDocument, iris.document())
    g.add(node, NKKG.referenceNumber, _int(source.number, "positiveInteger"))
    label = source.title or source.raw
    g.add(node, RDFS.label, Literal(f"[{source.number}] {label}"))
    g.add(node, NKKG.rawText, Literal(source.raw))
    g.add(node, NKKG.backReferenceCount, _int(source.backref_count))
    g.span(node, source.start, source.end, source.line)
    for author in source.authors:
        g.add(node, NKKG.authorName, Literal(author))
    for editor in source.editors:
        g.add(node, NKKG.editorName, Literal(editor))
    g.add_optional(node, NKKG.title, source.title)
    g.add_optional(node, NKKG.containerTitle, source.container)
    g.add_optional(node, NKKG.containerType, source.container_type)
    g.add_optional(node, NKKG.publisherName, source.publisher)
    g.add_optional(node, NKKG.publicationPlace, source.place)
    g.add_optional(node, NKKG.dateAsWritten, source.date)
    if source.year:
        g.add(node, NKKG.year, Literal(source.year, datatype=XSD.gYear))
    g.add_optional(node, NKKG.pages, source.pages)
    g.add_optional(node, NKKG.isbn, source.isbn)
    g.add_optional(node, NKKG.languageNote, source.language_note)
    g.add_optional(node, NKKG.accessDate, source.access_date)
    g.add_optional(node, NKKG.archiveNote, source.archive_note)
    g.add_optional(node, NKKG.excerpt, source.excerpt)
    short = source.short_citation
    if short is not None:
        g.add(node, NKKG.shortCitationAuthor, Literal(short.author))
        g.add(node, NKKG.shortCitationYear, Literal(short.year, datatype=XSD.gYear))
        g.add_optional(node, NKKG.citedPage, short.page)
        if short.resolved_number is not None:
            g.add(node, NKKG.resolvesTo, iris.source(short.resolved_number))
        else:
            g.add(node, NKKG.unresolved, Literal("true", datatype=XSD.boolean))


def source_quads(doc: Document) -> list[Quad]:
    """Gives the `sources` graph: one Source node per reference-list entry."""
    g = _Graph("sources")
    for source in doc.sources:
        _source_quads(g, source)
    return g.quads


def all_quads(doc: Document, corpus: Corpus, ontology: list[Quad]) -> Iterator[Quad]:
    """Gives every quad of the build, graph by graph."""
    yield from ontology
    yield from source_quads(doc)
    yield from document_quads(doc, corpus)
