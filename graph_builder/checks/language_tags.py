"""Language tags that say what the words are written in: a label tagged English holds no Chinese
character, a label tagged Chinese (zh-Hant, zh-Hans) holds at least one, so a Latin-script name
is never a Chinese label; and words in Russian (more Cyrillic letters than Latin ones, no Chinese),
wherever they stand, are tagged ru.

A client asking for zh-Hant labels gets Chinese, one asking for English gets English: the check
runs in the build, as a gate, and in `nkkg check`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pyoxigraph import Literal, Quad

from graph_builder.namespaces import RDFS, SKOS

LABELS = {RDFS.label, SKOS.prefLabel, SKOS.altLabel}
# Its own reading of the scripts, apart from the one that writes the tags
# (graph_builder/document/scripts.py): a check sharing the code it checks would prove nothing.
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")


def findings(quads: Iterable[Quad]) -> list[str]:
    """Gives, sorted, each literal whose language tag its words belie, as 'subject predicate
    "text"@tag: what is wrong'."""
    found = []
    for quad in quads:
        literal = quad.object
        if not isinstance(literal, Literal) or not literal.language:
            continue
        tag, text = literal.language.lower(), literal.value
        wrong = None
        russian = len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text))
        if russian and not _CJK.search(text) and tag != "ru":
            wrong = "Russian words not tagged ru"
        elif quad.predicate in LABELS and tag == "en" and _CJK.search(text):
            wrong = "an English label with Chinese characters"
        elif quad.predicate in LABELS and tag.startswith("zh") and not _CJK.search(text):
            wrong = "a Chinese label without a Chinese character"
        if wrong:
            found.append(f"{quad.subject} {quad.predicate} {literal}: {wrong}")
    return sorted(set(found))
