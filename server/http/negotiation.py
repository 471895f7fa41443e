"""HTTP content negotiation: an `Accept` header and the media types on offer -> the one to send.

One pure function, `negotiate`, following RFC 9110 §12.5.1: each offer takes the quality of the
most specific media range that matches it (`type/subtype` over `type/*` over `*/*`); the offer
with the highest quality above zero wins, ties going to the server's order of preference.

Of a range's parameters, only those in SIGNIFICANT take part in matching (RDF 1.2's `version`:
`text/turtle; version=1.2` asks for triple terms, plain `text/turtle` accepts either); others,
such as `charset`, change nothing, since every text this server sends is UTF-8.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

SIGNIFICANT = ("version",)
"""The media-type parameters a range must match on an offer (RFC 9110 §12.5.1)."""


def media_parameters(element: str) -> tuple[str, dict[str, str]]:
    """Gives a media type's `type/subtype` (lowercased) and its SIGNIFICANT parameters, of a
    text like `text/turtle; version=1.2`."""
    media, *params = (part.strip() for part in element.split(";"))
    significant = {}
    for param in params:
        name, _, value = param.partition("=")
        name = name.strip().lower()
        if name == "q":
            break  # parameters after q are accept-extensions
        if name in SIGNIFICANT:
            significant[name] = value.strip().strip('"')
    return media.lower(), significant


class MediaRange(NamedTuple):
    """One element of an `Accept` header: `type/subtype` (either may be `*`) and its quality."""

    type: str
    subtype: str
    quality: float
    parameters: tuple[tuple[str, str], ...] = ()
    """The SIGNIFICANT parameters the range names, sorted."""

    def specificity(self, media_type: str) -> int:
        """Gives how closely this range matches `media_type` (which may carry parameters): 3
        exact with the range's parameters, 2 exact, 1 `type/*`, 0 `*/*`, -1 not at all."""
        media, offered = media_parameters(media_type)
        kind, _, sub = media.partition("/")
        if self.type == "*":
            return 0 if self.subtype == "*" else -1
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        if self.subtype != sub:
            return -1
        if self.parameters:
            return 3 if dict(self.parameters) == offered else -1
        return 2


def _quality(text: str) -> float | None:
    # RFC 9110 qvalue: "0" ["." 0*3DIGIT] / "1" ["." 0*3("0")]
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0.0 <= value <= 1.0 and len(text) <= 5 else None


def parse_accept(header: str) -> list[MediaRange]:
    """Gives the media ranges of an `Accept` header; malformed elements are left out."""
    ranges = []
    for element in header.split(","):
        media, *params = (part.strip() for part in element.split(";"))
        significant = tuple(sorted(media_parameters(element)[1].items()))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        quality: float | None = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                quality = _quality(value.strip())
                break  # parameters after q are accept-extensions, which change nothing here
        if quality is not None:
            ranges.append(MediaRange(kind, sub, quality, significant))
    return ranges


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """Gives the offer (a `type/subtype`, server's preference first) the client finds most
    acceptable, or None when none is acceptable. No or an empty `Accept` accepts anything."""
    if not offers:
        return None
    if accept is None or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    if not ranges:
        # Nothing readable in the header: as if it were absent (RFC 9110 lets a server do so).
        return offers[0]
    best, best_quality = None, 0.0
    for offer in offers:
        matched = [(r.specificity(offer), r.quality) for r in ranges]
        matched = [m for m in matched if m[0] >= 0]
        if not matched:
            continue
        top = max(s for s, _ in matched)
        # Equally specific ranges for one type (`a/b;q=0.2, a/b`) — the highest quality wins.
        quality = max(q for s, q in matched if s == top)
        if quality > best_quality:
            best, best_quality = offer, quality
    return best
