"""SPARQL text split into the SPARQL 1.1 grammar's own terminals (§19.8): IRIREF, prefixed
names with PN_LOCAL_ESC (`ex:a\\#` is one name, no comment), strings with ECHAR and UCHAR
escapes, comments, variables, language tags, blank node labels, numbers, bare words (keywords),
and single characters. White space and comments are tokens too, so the text can be put back
together exactly.

The endpoint reads what a query does from these tokens (server/sparql/query_text.py), and a
remote engine binds parameters by replacing variable tokens (server/engine/binding.py); one
lexer for both, held to Oxigraph's parser by the tests of the first. What is read from a short
text is kept (`kept_for_short_texts`), for the scan and the inline lane's shape alike.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

# SPARQL 1.1 grammar, §19.8: the characters of names.
PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
PN_CHARS_U = PN_CHARS_BASE + "_"
PN_CHARS = PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
ECHAR = r"""\\[tbnrf"'\\]"""
PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
PN_PREFIX = f"[{PN_CHARS_BASE}](?:[{PN_CHARS}.]*[{PN_CHARS}])?"
PN_LOCAL = f"(?:[{PN_CHARS_U}:0-9]|{PLX})(?:(?:[{PN_CHARS}.:]|{PLX})*(?:[{PN_CHARS}:]|{PLX}))?"
PNAME = f"(?:{PN_PREFIX})?:(?:{PN_LOCAL})?"
IRIREF = f'<(?:[^<>"{{}}|^`\\\\\\x00-\\x20]|{UCHAR})*>'
VAR = f"[?$][{PN_CHARS_U}0-9][{PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
WS = r"(?:[ \t\r\n]|\#[^\r\n]*)*"  # white space and comments, as the parser skips them

TOKEN = re.compile(
    "|".join(
        f"(?P<{kind}>{pattern})"
        for kind, pattern in (
            ("space", r"[ \t\r\n]+"),
            ("comment", r"\#[^\r\n]*"),
            (
                "string",
                "|".join(
                    (
                        f"'''(?:(?:'|'')?(?:[^'\\\\]|{ECHAR}|{UCHAR}))*'''",
                        f'"""(?:(?:"|"")?(?:[^"\\\\]|{ECHAR}|{UCHAR}))*"""',
                        f"'(?:[^'\\\\\\n\\r]|{ECHAR}|{UCHAR})*'",
                        f'"(?:[^"\\\\\\n\\r]|{ECHAR}|{UCHAR})*"',
                    )
                ),
            ),
            ("iri", IRIREF),
            ("variable", VAR),
            ("langtag", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
            ("blank", f"_:[{PN_CHARS_U}0-9](?:[{PN_CHARS}.]*[{PN_CHARS}])?"),
            ("pname", PNAME),
            ("number", r"[0-9]+\.?[0-9]*[eE][+-]?[0-9]+|\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+"),
            ("word", "[A-Za-z_]+"),
            ("other", r"(?s:.)"),
        )
    ),
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def tokens(query: str) -> list[Token]:
    """Gives the query's tokens, white space and comments included, in order."""
    return [Token(str(m.lastgroup), m[0], m.start()) for m in TOKEN.finditer(query)]


SHORT_TEXT_MAX_CHARS = 4096
"""Texts up to this long have what a reader reads from them kept (the 256 latest: about 1 MB);
longer ones are read each time, so that large distinct queries cannot grow the server."""
Read = TypeVar("Read")


def kept_for_short_texts(read: Callable[[str], Read]) -> Callable[[str], Read]:
    """Gives `read` with its answers kept for the latest 256 short texts: the same queries come
    again and again (pages, tools, a client's loop). `cache_info` tells what is kept."""
    kept = functools.lru_cache(maxsize=256)(read)

    @functools.wraps(read)
    def reading(text: str) -> Read:
        return kept(text) if len(text) <= SHORT_TEXT_MAX_CHARS else read(text)

    reading.cache_info = kept.cache_info  # type: ignore[attr-defined]
    return reading
