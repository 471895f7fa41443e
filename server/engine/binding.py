"""Parameters bound into a query's text for an engine that cannot take them apart from it.

The local workers bind a canned query's parameters with pyoxigraph's `substitutions`; a remote
engine takes one query text. So the query is split into the grammar's terminals
(server/lexer.py) and each variable token that names a parameter is replaced by the parameter's
term, written by pyoxigraph in N-Triples form (an IRI checked by pyoxigraph, a literal with every
quote and backslash escaped), which is one terminal of SPARQL's own: whatever a value holds, it
stays one term, and the query's shape is the text's. Where a lone variable cannot become a term
the token is rewritten so that the variable still answers with its value, as substitution does:

- in a SELECT's projection, `?v` becomes `(TERM AS ?v)`;
- in GROUP BY and ORDER BY, `?v` becomes `(TERM)`.

A query that assigns a parameter itself (`AS ?v`, `VALUES ?v`) cannot take it: BindingError.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from server.lexer import tokens

CLAUSE_ENDS = frozenset(
    {"WHERE", "FROM", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES", "SELECT"}
)


class BindingError(ValueError):
    """A parameter cannot be bound into the query: the query gives the variable its own value."""


def bind(query: str, bindings: dict[str, NamedNode | Literal]) -> str:
    """Gives the query text with each variable named in `bindings` bound to its term."""
    if not bindings:
        return query
    out: list[str] = []
    zone: str | None = None  # select, group, order or values while inside that clause
    depth = 0  # parentheses opened within the zone
    previous = ""  # the last token that is not white space or a comment, upper-cased
    for token in tokens(query):
        text, kind = token.text, token.kind
        upper = text.upper() if kind == "word" else text
        if kind == "word" and upper in CLAUSE_ENDS | {"BY"}:
            zone, depth = _zone(upper, previous), 0
        elif kind == "other" and text == "{":
            zone = None
        elif kind == "other" and text in "()":
            depth += 1 if text == "(" else -1
        if kind == "variable" and text[1:] in bindings:
            out.append(_bound(text, bindings[text[1:]], zone, depth, previous))
        else:
            out.append(text)
        if kind not in ("space", "comment"):
            previous = upper
    return "".join(out)


def _zone(keyword: str, previous: str) -> str | None:
    if keyword in ("SELECT", "VALUES"):
        return keyword.lower()
    if keyword == "BY" and previous in ("GROUP", "ORDER"):
        return previous.lower()
    return None


def _bound(
    variable: str, term: NamedNode | Literal, zone: str | None, depth: int, previous: str
) -> str:
    if previous == "AS" or zone == "values":
        raise BindingError(
            f"the query gives {variable} a value of its own (by AS or VALUES); it cannot also "
            "be a parameter"
        )
    written = str(term)
    if zone == "select" and depth == 0:
        return f"({written} AS {variable})"
    if zone in ("group", "order") and depth == 0:
        return f"({written})"
    return written
