"""Quotes -> positions: every curated fact rests on exact words of the article, found here.

A quote must occur in the article; where it occurs more than once, the curated `offset` says
which occurrence is meant. The position gives a W3C Web Annotation TextPositionSelector, and
the words around it the prefix and suffix of a TextQuoteSelector.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 32  # characters of prefix and suffix kept with each quote


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands in the article, with the words just before and after it."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str


class AnchorError(ValueError):
    """A quote that is not in the article, or that is ambiguous; the message says which."""


def occurrences(text: str, quote: str) -> list[int]:
    """Gives the start offset of every occurrence of `quote` in `text`, overlapping included."""
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def anchor(text: str, quote: str, offset: int | None = None) -> Anchor:
    """Gives the position of `quote` in `text`, disambiguated by `offset` where needed."""
    if not quote:
        raise AnchorError("empty quote")
    starts = occurrences(text, quote)
    if not starts:
        raise AnchorError(f"quote not found in the article: {quote!r}")
    if offset is not None:
        if offset not in starts:
            shown = ", ".join(map(str, starts[:10]))
            raise AnchorError(
                f"quote {quote!r} does not start at offset {offset}; it starts at {shown}"
            )
        start = offset
    elif len(starts) > 1:
        shown = ", ".join(map(str, starts[:10]))
        raise AnchorError(
            f"quote {quote!r} occurs {len(starts)} times (at {shown}); "
            "give `offset` or a longer quote"
        )
    else:
        start = starts[0]
    end = start + len(quote)
    return Anchor(
        exact=quote,
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )
