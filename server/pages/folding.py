"""Spellings folded to one key, so a search finds a name however it is written.

The places of this war are written many ways in Latin letters: Azerbaijani spelling (Xocalı,
Ağdam, Laçın), Turkish (Hocalı), Russian-style transliteration (Khodjaly) and English (Khojaly,
Aghdam, Lachin). Folding a text drops accents (ğ → g, ı → i, ə → e), lower-cases it, and
writes each sound the spellings disagree on one way: x, kh and h as h; c, ç, j, ch, dj, dzh and
zh as j; gh as g; sh as s; y as i; doubled letters once. Hyphens, spaces and punctuation go. So
Xocalı, Khodjaly, Hocalı and Khojaly all fold to `hojali`, and Ağdam and Aghdam to `agdam`.
The key is only ever compared with other keys; it is never shown.

Chinese and Cyrillic pass through with case and accents folded only.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({"ı": "i", "ə": "e", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae"})
# Longest first: dzh before zh and dj, kh before h.
_SOUNDS = (
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("ch", "j"),
    ("c", "j"),
    ("kh", "h"),
    ("x", "h"),
    ("gh", "g"),
    ("sh", "s"),
    ("y", "i"),
)
_SOUND = re.compile("|".join(sound for sound, _ in _SOUNDS))
_REPLACE = dict(_SOUNDS)
_DOUBLED = re.compile(r"([a-z])\1+")
_PUNCTUATION = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Gives the search key of `text`: accents dropped, case folded, and the sounds the Latin
    spellings of the region's names write differently written one way."""
    lowered = text.casefold().translate(_LETTERS)
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c)
    )
    sounds = _SOUND.sub(lambda m: _REPLACE[m.group(0)], bare)
    return _PUNCTUATION.sub("", _DOUBLED.sub(r"\1", sounds))
