"""The article's interlanguage marks: where Chinese Wikipedia links a name to the English
Wikipedia article on it, because the Chinese one does not exist yet.

The {{link-en}} template renders as the Chinese name followed by `英語` and the English
article's title; the text of the article keeps that as `古爾根·達里波利塔揚英語Gurgen
Dalibaltayan`. A mark is `英語` followed by a Latin letter; its title runs up to the next CJK
character, CJK punctuation or line end, less trailing spaces and ASCII punctuation (the article
writes `,` for `，`: `英語Anatoly Zinevich,他留在…`). A comma inside stays: `英語Ağbulaq,
Khojaly等` names the article "Ağbulaq, Khojaly". Which curated entity a mark names is decided
where the curation is known (graph_builder/curation/links.py): the name just before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ENGLISH = "英語"
# After `英語`, a Latin letter starts a title (`英語)` and `英語.` are the reference list's
# language notes, not links).
_MARK = re.compile(ENGLISH + r"(?=[A-Za-z])")
# What ends a title: a CJK ideograph, CJK or full-width punctuation, or a line end.
_TITLE_END = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\n]")
_TRAILING = " \u00a0,.;:"


@dataclass(frozen=True)
class InterlanguageMark:
    """One mark: the English Wikipedia title it gives, and where `英語TITLE` stands."""

    title: str
    start: int  # the offset of 英語
    end: int  # the offset just past the title


def interlanguage_marks(text: str) -> list[InterlanguageMark]:
    """Gives every English interlanguage mark of the article's text, in order."""
    marks = []
    for found in _MARK.finditer(text):
        rest = text[found.end() :]
        stop = _TITLE_END.search(rest)
        title = rest[: stop.start() if stop else len(rest)].rstrip(_TRAILING)
        if title:
            marks.append(InterlanguageMark(title, found.start(), found.end() + len(title)))
    return marks
