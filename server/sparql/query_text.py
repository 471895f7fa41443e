"""What the endpoint needs to know about a query before it runs it, read from its tokens.

pyoxigraph has no public syntax tree, so the text is tokenized here, the way SPARQL's grammar
does: strings, IRIs, comments, variables and language tags are single tokens, so a `SERVICE`
inside a literal, an IRI or a comment is not a keyword. What this gives:

- the query form (SELECT, CONSTRUCT, DESCRIBE, ASK), to negotiate the result format up front;
- whether the text is a SPARQL Update rather than a query;
- whether it names its own dataset (FROM / FROM NAMED), which the union default graph must not
  override;
- whether it calls a `SERVICE`, which this endpoint refuses: pyoxigraph would send an HTTP request
  to any endpoint a query names.

The `SERVICE` check errs on the side of refusing. Oxigraph's parser matches keywords without a
word boundary (`SERVICEs:x {}` calls the service `s:x`), so any word that *begins* with
"service" counts; and `\\uXXXX` escapes, which SPARQL allows anywhere in a query, are looked
through as well as read as written.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from graph_builder.namespaces import PREFIXES

# SPARQL 1.1 grammar, §19.8: the characters of names (PN_CHARS_BASE, PN_CHARS_U, PN_CHARS).
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME = _BASE + "_0-9\u00b7\u0300-\u036f\u203f-\u2040"
_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<variable>[?$][NAME]*)
    | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<word>[NAME:\\%](?:[NAME\-:\\%.]*[NAME\-:\\%])?)
    | (?P<other>.)
    """.replace("NAME", _NAME),
    re.VERBOSE | re.DOTALL,
)
_PARSER_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)
_TOKEN_BREAK = re.compile(r"[\s{}()\[\];,^|/!<>=*+]")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_OPERATIONS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


@dataclass(frozen=True)
class QueryText:
    """What a query's tokens say: its form, and the features the endpoint treats specially."""

    form: str | None
    """SELECT, CONSTRUCT, DESCRIBE or ASK; None when no query form comes first (bad syntax)."""
    is_update: bool
    """The text begins like a SPARQL Update operation (INSERT, DELETE, LOAD, …)."""
    names_dataset: bool
    """The query has a FROM or FROM NAMED clause."""
    calls_service: bool
    """The query has a SERVICE clause (or something Oxigraph could take for one)."""
    deterministic: bool
    """No call to RAND, NOW, UUID, STRUUID or BNODE: the same store gives the same answer."""


def _unescape_codepoint(match: re.Match[str]) -> str:
    code = int(match[1] or match[2], 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match[0]


def _words(text: str) -> list[str]:
    return [m["word"].upper() for m in _TOKEN.finditer(text) if m.lastgroup == "word"]


NON_DETERMINISTIC = frozenset({"RAND", "NOW", "UUID", "STRUUID", "BNODE"})


def _calls_service(words: list[str]) -> bool:
    return any(word.startswith("SERVICE") for word in words)


@functools.lru_cache(maxsize=1024)  # the same queries come again and again (pages, tools)
def scan(query: str) -> QueryText:
    """Gives what the tokens of `query` say about its form, dataset, updates and SERVICE."""
    words = _words(query)
    unescaped = _CODEPOINT.sub(_unescape_codepoint, query)
    calls_service = _calls_service(words) or (
        unescaped != query and _calls_service(_words(unescaped))
    )
    first = next((w for w in words if w in QUERY_FORMS or w in UPDATE_OPERATIONS), None)
    return QueryText(
        form=first if first in QUERY_FORMS else None,
        is_update=first in UPDATE_OPERATIONS,
        names_dataset="FROM" in words,
        calls_service=calls_service,
        deterministic=NON_DETERMINISTIC.isdisjoint(words)
        and (unescaped == query or NON_DETERMINISTIC.isdisjoint(_words(unescaped))),
    )


@dataclass(frozen=True)
class ParseError:
    """Where a query fails to parse, and the parser's words, said plainly where they can be."""

    line: int | None
    column: int | None
    message: str


def parse_error(query: str, message: str) -> ParseError:
    """Gives the position and message of pyoxigraph's "error at LINE:COLUMN: …". Its message for a
    prefixed name whose prefix is not declared lists every character a name may hold; that one
    is replaced by the prefix's name and, for the graph's own prefixes, the line to add."""
    match = _PARSER_POSITION.match(message)
    if match is None:
        return ParseError(None, None, message)
    line, column, text = int(match[1]), int(match[2]), match[3]
    if "Prefix not found" in text:
        lines = query.splitlines()
        before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
        token = _TOKEN_BREAK.split(before)[-1]
        if ":" in token:
            prefix = token.split(":", 1)[0]
            known = PREFIXES.get(prefix)
            add = f"add PREFIX {prefix}: <{known or '…'}>"
            text = f"the prefix {prefix}: of {token} is not declared; {add}"
    return ParseError(line, column, text)
