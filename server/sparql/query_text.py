"""What the endpoint needs to know about a query before it runs it, read from its tokens.

pyoxigraph has no public syntax tree, so the text is split into the SPARQL 1.1 grammar's own
terminals (§19.8, server/lexer.py): IRIREF, prefixed names with PN_LOCAL_ESC (`ex:a\\#` is one
name, no comment), strings with ECHAR and UCHAR escapes, comments, variables, language tags,
numbers. A `SERVICE` inside a literal, an IRI, a comment, a variable or a name's local part is
no keyword. What this gives:

- the query form (SELECT, CONSTRUCT, DESCRIBE, ASK), to negotiate the result format up front;
- whether the text is a SPARQL Update rather than a query;
- whether it names its own dataset (FROM / FROM NAMED), which the union default graph must not
  override;
- whether it calls a `SERVICE`, which this endpoint refuses with a 403 that says so;
- how deeply its groups nest, which the endpoint caps before any worker parses it.

Two things follow Oxigraph's parser (pyoxigraph 0.5), which is what runs the query, rather than
the letter of the grammar; tests/test_query_text.py holds the two to agreement with generated
queries. Keywords need no word boundary (`SERVICEs:x {}` calls the service `s:x`; so does
`trueSERVICE<x>{}` after an object, and a prefixed name whose prefix is not declared may be
read as a keyword and what follows), so a `SERVICE` is looked for wherever a keyword could
begin, and counts when the rest of the production follows it: optional SILENT, an IRI, a
prefixed name or a variable, then `{`. And `\\uXXXX` escapes count only inside strings and
IRIs: the parser does not read them elsewhere (`SERV\\u0049CE` is a syntax error to it).

This check gives the honest 403. It is not what keeps queries off the network: the query workers
cannot open a socket at all (server/engine/confinement.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph_builder.namespaces import PREFIXES
from server.lexer import IRIREF, PNAME, VAR, WS, Token, kept_for_short_texts, tokens

_SERVICE = re.compile(f"(?i:SERVICE){WS}(?:(?i:SILENT){WS})?(?:{VAR}|{IRIREF}|{PNAME}){WS}\\{{")
_SERVICE_WORD = re.compile("service", re.IGNORECASE)
_PARSER_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)
_TOKEN_BREAK = re.compile(r"[\s{}()\[\];,^|/!<>=*+]")

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_OPERATIONS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
NON_DETERMINISTIC = ("RAND", "NOW", "UUID", "STRUUID", "BNODE")
OPENERS, CLOSERS = "{([", "})]"
# Where a keyword may begin inside a token: anywhere in a bare word, and in a prefixed name's
# prefix (the parser may give up a name whose prefix is undeclared and read a keyword there).
_KEYWORD_HOSTS = frozenset({"word", "pname"})


@dataclass(frozen=True)
class Nesting:
    """How deeply groups ({ ( [) nest: the depth, and where the first group of each depth opens."""

    depth: int
    openings: tuple[tuple[int, int], ...]  # (line, column) of the first group at depth 1, 2, …

    def first_deeper_than(self, limit: int) -> tuple[int, int] | None:
        """Gives the line and column of the first group nested deeper than `limit`, if any."""
        return self.openings[limit] if self.depth > limit else None


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
    """The query has a SERVICE clause, as Oxigraph's parser would read one."""
    deterministic: bool
    """No call to RAND, NOW, UUID, STRUUID or BNODE: the same store gives the same answer."""
    nesting: Nesting
    """How deeply groups nest, and where the deepest one opens."""


def _keyword_may_begin(token: Token, at: int) -> bool:
    if at == token.start:
        return token.kind not in ("string", "iri", "comment", "variable", "langtag", "blank")
    if token.kind == "word":
        return True
    return token.kind == "pname" and at < token.start + token.text.index(":")


def _calls_service(query: str, found: list[Token]) -> bool:
    """Says whether some `SERVICE` stands where a keyword may begin, followed by the rest of its
    production."""
    starts = [token.start for token in found]
    index = 0
    for match in _SERVICE_WORD.finditer(query):
        at = match.start()
        while index + 1 < len(found) and starts[index + 1] <= at:
            index += 1
        if _keyword_may_begin(found[index], at) and _SERVICE.match(query, at):
            return True
    return False


def _nesting(query: str, found: list[Token]) -> Nesting:
    depth, openings = 0, []
    for token in found:
        if token.kind != "other":
            continue
        if token.text in OPENERS:
            depth += 1
            if depth > len(openings):
                at = token.start
                openings.append((query.count("\n", 0, at) + 1, at - query.rfind("\n", 0, at)))
        elif token.text in CLOSERS:
            depth = max(0, depth - 1)
    return Nesting(len(openings), tuple(openings))


@kept_for_short_texts
def scan(query: str) -> QueryText:
    """Gives what the tokens of `query` say about its form, dataset, updates, SERVICE and
    nesting."""
    found = tokens(query)
    words = [t.text.upper() for t in found if t.kind == "word"]
    hosts = [t.text.upper() for t in found if t.kind in _KEYWORD_HOSTS]
    first = next((w for w in words if w in QUERY_FORMS or w in UPDATE_OPERATIONS), None)
    return QueryText(
        form=first if first in QUERY_FORMS else None,
        is_update=first in UPDATE_OPERATIONS,
        names_dataset="FROM" in words,
        calls_service=_calls_service(query, found),
        deterministic=not any(name in host for host in hosts for name in NON_DETERMINISTIC),
        nesting=_nesting(query, found),
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
