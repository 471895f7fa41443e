"""Parameters bound into a query's text for an engine that cannot take them apart from it.

The local workers bind a canned query's parameters with pyoxigraph's `substitutions`; a remote
engine takes one query text. So the query is split into the grammar's terminals
(server/lexer.py) and each variable token that names a parameter is replaced by the parameter's
term, written by pyoxigraph in N-Triples form (an IRI checked by pyoxigraph, a literal with every
quote and backslash escaped), which is one terminal of SPARQL's own: whatever a value holds, it
stays one term, and the query's shape is the text's.

Where a variable stands alone in a SELECT's projection, GROUP BY or ORDER BY it stays, and that
query (or sub-query) gets a trailing `VALUES ?v { TERM }`, which SPARQL joins after grouping and
before projection: the variable answers with its value, as substitution has it. A query that
gives a parameter a value of its own (`AS ?v`, `VALUES ?v`), or that already ends in a VALUES
clause where one must be added, cannot take it: BindingError.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from server.lexer import tokens

Term = NamedNode | Literal
ZONES = {"SELECT": "select", "VALUES": "values", "WHERE": None, "FROM": None, "HAVING": None}


class BindingError(ValueError):
    """A parameter cannot be bound into the query: the query gives the variable its own value."""


@dataclass
class _Query:
    """A query or sub-query being rewritten: the variables its clauses keep, to bind after."""

    braces: int  # how many `{` are open inside it; its own closing `}` makes this -1
    kept: list[str] = field(default_factory=list)
    ends_with_values: bool = False


def bind(query: str, bindings: dict[str, Term]) -> str:
    """Gives the query text with each variable named in `bindings` bound to its term."""
    if not bindings:
        return query
    found = tokens(query)
    meaningful = [i for i, t in enumerate(found) if t.kind not in ("space", "comment")]
    following = {
        i: (meaningful[n + 1] if n + 1 < len(meaningful) else None)
        for n, i in enumerate(meaningful)
    }
    out: list[str] = []
    queries = [_Query(braces=0)]
    zone: str | None = None
    depth, previous = 0, ""
    for index, token in enumerate(found):
        text, kind = token.text, token.kind
        upper = text.upper() if kind == "word" else text
        current = queries[-1]
        if kind == "word" and upper in ZONES:
            zone, depth = ZONES[upper], 0
        elif kind == "word" and upper == "BY" and previous in ("GROUP", "ORDER"):
            zone, depth = "modifier", 0
        elif kind == "other" and text == "{":
            zone = None
            nxt = following.get(index)
            if nxt is not None and found[nxt].text.upper() == "SELECT":
                queries.append(_Query(braces=0))
            else:
                current.braces += 1
        elif kind == "other" and text == "}":
            zone = None
            if current.braces == 0 and len(queries) > 1:  # the end of a sub-query
                out.append(_trailing(queries.pop(), bindings))
            else:
                current.braces -= 1
        elif kind == "other" and text in "()":
            depth += 1 if text == "(" else -1
        if kind == "variable" and text[1:] in bindings:
            out.append(_bound(text, bindings[text[1:]], zone, depth, previous, current))
        else:
            out.append(text)
        if kind not in ("space", "comment"):
            if upper == "VALUES" and current.braces == 0:  # after its WHERE: its own trailing one
                current.ends_with_values = True
            previous = upper
    out.append(_trailing(queries[0], bindings))
    return "".join(out)


def _bound(
    variable: str, term: Term, zone: str | None, depth: int, previous: str, query: _Query
) -> str:
    if previous == "AS" or zone == "values":
        raise BindingError(
            f"the query gives {variable} a value of its own (by AS or VALUES); it cannot also "
            "be a parameter"
        )
    if zone in ("select", "modifier") and depth == 0:
        if variable[1:] not in query.kept:
            query.kept.append(variable[1:])
        return variable
    return str(term)


def _trailing(query: _Query, bindings: dict[str, Term]) -> str:
    """Gives the VALUES clause that binds what a (sub-)query's clauses kept, or nothing."""
    if not query.kept:
        return ""
    if query.ends_with_values:
        raise BindingError(
            "the query ends in a VALUES clause of its own; its parameters cannot be bound there"
        )
    names = " ".join(f"?{name}" for name in query.kept)
    terms = " ".join(str(bindings[name]) for name in query.kept)
    return f"\nVALUES ({names}) {{ ({terms}) }}\n"
