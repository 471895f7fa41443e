"""SPARQL results -> text for a terminal: an aligned table, or a standard results format."""

from __future__ import annotations

import unicodedata

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
)

from graph_builder.namespaces import PREFIXES

SOLUTION_FORMATS = {
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
}
GRAPH_FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}
MAX_CELL = 60


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        used += _width(ch)
        if used > width - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def show_term(term: object) -> str:
    """Gives a term as a person reads it: a prefixed name where one fits, a literal's text."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        for prefix, iri in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if term.value.startswith(iri):
                return f"{prefix}:{term.value[len(iri) :]}"
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return term.value.replace("\n", " ")
    return str(term)


def table(solutions: QuerySolutions, full: bool = False) -> str:
    """Gives SELECT results as an aligned text table with a row count."""
    names = [v.value for v in solutions.variables]
    rows = [[show_term(row[name]) for name in names] for row in solutions]
    if not full:
        rows = [[_fit(cell, MAX_CELL) for cell in row] for row in rows]
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return " | ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))

    out = [line(names), "-+-".join("-" * w for w in widths)]
    out += [line(r).rstrip() for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def render(result: QuerySolutions | QueryBoolean | QueryTriples, fmt: str, full: bool) -> str:
    """Gives any query result as text in `fmt` (table, csv, tsv, json, xml, or an RDF format)."""
    if isinstance(result, QueryBoolean):
        if fmt in ("table",):
            return "true" if bool(result) else "false"
        return result.serialize(format=SOLUTION_FORMATS[fmt]).decode()
    if isinstance(result, QueryTriples):
        rdf = GRAPH_FORMATS.get(fmt, RdfFormat.TURTLE)
        return result.serialize(format=rdf).decode()
    if fmt == "table":
        return table(result, full)
    return result.serialize(format=SOLUTION_FORMATS[fmt]).decode()
