"""The scripts the article's words are written in: Chinese characters (the CJK unified and
compatibility ideographs), Cyrillic letters (a Russian source's excerpt), else Latin, and the
language tag each gives the words as written."""

from __future__ import annotations

import re

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def script_tag(text: str) -> str:
    """Gives the language tag of the article's words by their script: Chinese (zh-Hant), Russian
    (ru, in a reference's excerpt), else English (the other excerpts)."""
    if CJK.search(text):
        return "zh-Hant"
    return "ru" if CYRILLIC.search(text) else "en"
