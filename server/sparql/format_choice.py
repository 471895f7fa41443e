"""Which result format a query request gets: its `format=` parameter, else its Accept header,
for the kind of result its query form gives (SELECT/ASK results or graphs).

`format=` may be given more than once, and a value may list media types with commas, when every
value names the same format: SPARQLWrapper sends `format=rdf+xml&format=application/rdf+xml`, and
for JSON-LD `format=json-ld&format=application/ld+json,application/x-json+ld`. Values naming
different formats are a 400.

A graph query (CONSTRUCT, DESCRIBE) whose request names only SELECT/ASK result types gets the
closest RDF format rather than a 406 (rdflib's SPARQLStore asks every query with one result type
and turns a 406 into an error): SPARQL JSON -> JSON-LD, SPARQL XML -> RDF/XML, CSV and TSV ->
N-Triples, one triple a line. Likewise an ASK asked for in CSV or TSV, which have no form for a
boolean (SPARQL 1.1's CSV/TSV results cover SELECT only), gets SPARQL JSON: pyoxigraph's bare
`true` reads in rdflib as an empty table, that is, false. The response's Content-Type says which
it is.
"""

from __future__ import annotations

import functools

from server.engine import formats
from server.engine.formats import BY_NAME, GRAPH_FORMATS, SOLUTION_FORMATS, Format
from server.errors import BadRequest, NotAcceptable
from server.http.negotiation import negotiate

CLOSEST_GRAPH_FORMAT: dict[str, str] = {
    "json": "jsonld",
    "xml": "rdfxml",
    "csv": "ntriples",
    "tsv": "ntriples",
}
"""For a graph query asked for in a results format: the RDF format sent instead."""

CLOSEST_BOOLEAN_FORMAT: dict[str, str] = {"csv": "json", "tsv": "json"}
"""For an ASK asked for in a format with no boolean: the results format sent instead."""


def _by_parameter(kind: tuple[Format, ...], param: str) -> Format | None:
    """Gives the format of `kind` a `format=` value names, the closest one for a graph query
    named by a results format, or None."""
    found = formats.by_parameter(kind, param)
    if found is None and kind is GRAPH_FORMATS:
        results = formats.by_parameter(SOLUTION_FORMATS, param)
        if results is not None:
            return BY_NAME[CLOSEST_GRAPH_FORMAT[results.name]]
    return found


def _from_parameters(kind: tuple[Format, ...], params: tuple[str, ...], what: str) -> Format:
    chosen: dict[str, Format] = {}
    for param in (part for value in params for part in value.split(",")):
        fmt = _by_parameter(kind, param)
        if fmt is None:
            other = GRAPH_FORMATS if kind is SOLUTION_FORMATS else SOLUTION_FORMATS
            if formats.by_parameter(other, param) is None:
                raise BadRequest(
                    f"unknown format={param}; formats for {what}: {formats.names(kind)}"
                )
            raise NotAcceptable(f"format={param} cannot carry {what}; use {formats.names(kind)}")
        chosen[fmt.name] = fmt
    if len(chosen) > 1:
        given = ", ".join(f"format={p}" for p in params)
        raise BadRequest(
            f"the `format` parameter names {len(chosen)} different formats ({given}: "
            f"{', '.join(chosen)}); give one"
        )
    return next(iter(chosen.values()))


def pick_format(
    kind: tuple[Format, ...], accept: str | None, param: str | tuple[str, ...] | None
) -> Format:
    """Gives the format of `kind` (SOLUTION_FORMATS or GRAPH_FORMATS) a request should get: the
    one its `format=` values name, else the one its Accept header prefers (406 if none)."""
    what = "SELECT and ASK results" if kind is SOLUTION_FORMATS else "graphs"
    params = (param,) if isinstance(param, str) else tuple(param or ())
    if params:
        return _from_parameters(kind, params, what)
    media = negotiate(accept, formats.offers(kind))
    if media is not None:
        return formats.by_media_type(kind, media)
    if kind is GRAPH_FORMATS:
        results = negotiate(accept, formats.offers(SOLUTION_FORMATS))
        if results is not None:
            closest = formats.by_media_type(SOLUTION_FORMATS, results).name
            return BY_NAME[CLOSEST_GRAPH_FORMAT[closest]]
    raise NotAcceptable(
        f"none of the media types you accept ({accept}) can carry {what}; this endpoint "
        f"offers {', '.join(formats.offers(kind))} (or say format=NAME)"
    )


@functools.lru_cache(maxsize=256)  # a few clients, each sending the same Accept again and again
def choose_formats(
    form: str | None, accept: str | None, params: tuple[str, ...]
) -> tuple[Format, Format]:
    """Gives the formats for SELECT/ASK results and for graphs that a query request should get.

    Only the query form's kind is negotiated (a 406 or 400 when nothing fits); when the form is
    unknown (the query will not parse), any acceptable format or the default does."""
    defaults = (SOLUTION_FORMATS[0], GRAPH_FORMATS[0])
    if form in ("SELECT", "ASK"):
        solutions = pick_format(SOLUTION_FORMATS, accept, params)
        if form == "ASK" and solutions.name in CLOSEST_BOOLEAN_FORMAT:
            solutions = BY_NAME[CLOSEST_BOOLEAN_FORMAT[solutions.name]]
        return solutions, defaults[1]
    if form in ("CONSTRUCT", "DESCRIBE"):
        return defaults[0], pick_format(GRAPH_FORMATS, accept, params)
    chosen = []
    for kind, default in zip((SOLUTION_FORMATS, GRAPH_FORMATS), defaults, strict=True):
        try:
            chosen.append(pick_format(kind, accept, params))
        except (NotAcceptable, BadRequest):
            chosen.append(default)
    return chosen[0], chosen[1]
