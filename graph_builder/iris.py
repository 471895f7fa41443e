"""Every IRI the graph mints, derived from stable keys (a reference number, a section ordinal in
the pinned document, a curated id), never from build-time counters."""

from __future__ import annotations

from urllib.parse import quote

from pyoxigraph import NamedNode

from graph_builder.namespaces import GRAPH, ID

DOCUMENT_KEY = "zhwiki-first-nagorno-karabakh-war"

# The named graphs, and what each holds (docs/graphs.md says the same for users).
GRAPHS: dict[str, str] = {
    "ontology": "the OWL ontology and the SKOS concept schemes",
    "sources": "the reference list: one Source node per numbered entry",
    "document": "the article's structure: sections, paragraphs, sentences, citation markers, "
    "infobox, table and notes",
}


def _key(key: str) -> str:
    # Keys are ASCII in practice; quoting keeps any other character IRI- and URL-safe.
    return quote(key, safe="-._~")


def graph(name: str) -> NamedNode:
    """Gives the IRI of one of the named graphs listed in GRAPHS."""
    if name not in GRAPHS:
        raise KeyError(f"unknown named graph {name!r}")
    return GRAPH[name]


def document() -> NamedNode:
    """Gives the IRI of the source article."""
    return ID[f"document/{DOCUMENT_KEY}"]


def source(number: int) -> NamedNode:
    """Gives the IRI of reference-list entry `number`."""
    return ID[f"source/{number}"]


def section(key: str) -> NamedNode:
    return ID[f"section/{_key(key)}"]


def paragraph(key: str) -> NamedNode:
    return ID[f"paragraph/{_key(key)}"]


def sentence(key: str) -> NamedNode:
    return ID[f"sentence/{_key(key)}"]


def citation(start: int) -> NamedNode:
    """Gives the IRI of the citation marker that starts at character offset `start`."""
    return ID[f"citation/{start}"]


def infobox() -> NamedNode:
    return ID["infobox"]


def infobox_field(key: str) -> NamedNode:
    return ID[f"infobox/{_key(key)}"]


def infobox_entry(field_key: str, ordinal: int) -> NamedNode:
    return ID[f"infobox/{_key(field_key)}/{ordinal}"]


def table(key: str) -> NamedNode:
    return ID[f"table/{_key(key)}"]


def table_row(table_key: str, row: int) -> NamedNode:
    return ID[f"table/{_key(table_key)}/row/{row}"]


def table_cell(table_key: str, row: int, column: int) -> NamedNode:
    return ID[f"table/{_key(table_key)}/row/{row}/cell/{column}"]


def note(key: str) -> NamedNode:
    return ID[f"note/{_key(key)}"]
