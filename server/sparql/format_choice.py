"""Which result format a query request gets: its `format=` parameter, else its Accept header,
for the kind of result its query form gives (SELECT/ASK results or graphs)."""

from __future__ import annotations

from server.engine import formats
from server.engine.formats import GRAPH_FORMATS, SOLUTION_FORMATS, Format
from server.errors import BadRequest, NotAcceptable
from server.http.negotiation import negotiate


def pick_format(kind: tuple[Format, ...], accept: str | None, param: str | None) -> Format:
    """Gives the format of `kind` (SOLUTION_FORMATS or GRAPH_FORMATS) a request should get: the
    one its `format=` parameter names, else the one its Accept header prefers (406 if none)."""
    other = GRAPH_FORMATS if kind is SOLUTION_FORMATS else SOLUTION_FORMATS
    what = "SELECT and ASK results" if kind is SOLUTION_FORMATS else "graphs"
    if param is not None:
        fmt = formats.by_parameter(kind, param)
        if fmt is not None:
            return fmt
        if formats.by_parameter(other, param) is None:
            raise BadRequest(f"unknown format={param}; formats for {what}: {formats.names(kind)}")
        raise NotAcceptable(f"format={param} cannot carry {what}; use {formats.names(kind)}")
    media = negotiate(accept, formats.offers(kind))
    if media is None:
        raise NotAcceptable(
            f"none of the media types you accept ({accept}) can carry {what}; this endpoint "
            f"offers {', '.join(formats.offers(kind))} (or say format=NAME)"
        )
    return formats.by_media_type(kind, media)


def choose_formats(
    form: str | None, accept: str | None, param: str | None
) -> tuple[Format, Format]:
    """Gives the formats for SELECT/ASK results and for graphs that a query request should get.

    Only the query form's kind is negotiated (a 406 or 400 when nothing fits); when the form is
    unknown (the query will not parse), any acceptable format or the default does."""
    defaults = (SOLUTION_FORMATS[0], GRAPH_FORMATS[0])
    if form in ("SELECT", "ASK"):
        return pick_format(SOLUTION_FORMATS, accept, param), defaults[1]
    if form in ("CONSTRUCT", "DESCRIBE"):
        return defaults[0], pick_format(GRAPH_FORMATS, accept, param)
    chosen = []
    for kind, default in zip((SOLUTION_FORMATS, GRAPH_FORMATS), defaults, strict=True):
        try:
            chosen.append(pick_format(kind, accept, param))
        except (NotAcceptable, BadRequest):
            chosen.append(default)
    return chosen[0], chosen[1]
