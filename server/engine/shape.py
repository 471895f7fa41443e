"""Which queries are one triple pattern: those whose work grows with their answer, never more.

A query of this shape may be answered in the server process itself (server/engine/inline.py)
instead of a query worker's turn, which costs more than the query. The shape, read from the
tokens of server/lexer.py without white space and comments:

    ( BASE <iri> | PREFIX p: <iri> )*
    ( SELECT ( ?var+ | * ) | ASK )  WHERE?  {  pattern  }  ( LIMIT integer )?

where the pattern is one triple, `term verb term`, with an optional `.`, and at most one
`VALUES ?var { constant* }` before or after it. A term is a variable, an IRI, a prefixed name,
a string (with its language tag or `^^` datatype written straight after it), an unsigned
integer, `true` or `false`; a verb is a variable, an IRI, a prefixed name or `a`. No property
path, no second triple (`;`, `,`), no FILTER, OPTIONAL, UNION, BIND, GRAPH, subquery, blank
node, DISTINCT, ORDER BY, GROUP BY, OFFSET, FROM: nothing that makes Oxigraph do work that yields
no answer, or all of it before the first answer. Every solution of such a query is written
out as it is found, so the bytes written bound the work done.

Anything else is not this shape, which is always safe: the query goes to a worker. What is
read as this shape must be what Oxigraph's parser reads; tests/test_shape.py holds the two to
agreement with generated queries, on generated stores.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.lexer import Token

_SKIPPED = frozenset({"space", "comment"})


@dataclass(frozen=True)
class OnePattern:
    """A query of one triple pattern, as its tokens read (each part the text as written)."""

    prologue: tuple[str, ...]
    form: str  # SELECT or ASK
    projection: tuple[str, ...] | None  # the variables of SELECT; None for `*` and ASK
    triple: tuple[str, str, str]
    values: tuple[str, tuple[str, ...]] | None  # VALUES' variable and constants
    limit: int | None

    def text(self) -> str:
        """Gives the query written out plainly from these parts (what the tests compare the
        original's answers with)."""
        head = "ASK" if self.form == "ASK" else "SELECT " + " ".join(self.projection or ("*",))
        values = f"VALUES {self.values[0]} {{ {' '.join(self.values[1])} }} " if self.values else ""
        limit = f" LIMIT {self.limit}" if self.limit is not None else ""
        return (
            f"{' '.join(self.prologue)} {head} WHERE {{ {values}{' '.join(self.triple)} }}{limit}"
        )


class _Reader:
    """The query's meaningful tokens, read from the front; each `take…` gives None (and reads
    nothing) when what comes next is not what it takes."""

    def __init__(self, found: list[Token]) -> None:
        self.found = found
        self.at = self._skip(0)

    def _skip(self, at: int) -> int:
        while at < len(self.found) and self.found[at].kind in _SKIPPED:
            at += 1
        return at

    def peek(self) -> Token | None:
        return self.found[self.at] if self.at < len(self.found) else None

    def _next(self) -> Token:
        token = self.found[self.at]
        self.at = self._skip(self.at + 1)
        return token

    def done(self) -> bool:
        return self.at >= len(self.found)

    def keyword(self, *words: str) -> str | None:
        token = self.peek()
        if token is not None and token.kind == "word" and token.text.upper() in words:
            return self._next().text.upper()
        return None

    def kind(self, *kinds: str) -> str | None:
        token = self.peek()
        if token is not None and token.kind in kinds:
            return self._next().text
        return None

    def char(self, text: str) -> bool:
        token = self.peek()
        if token is not None and token.kind == "other" and token.text == text:
            self._next()
            return True
        return False

    def integer(self) -> str | None:
        token = self.peek()
        if token is not None and token.kind == "number" and token.text.isdigit():
            return self._next().text
        return None

    def constant(self) -> str | None:
        """An IRI, a prefixed name, an unsigned integer, true or false, or a string with what
        is written straight after it (a language tag, or `^^` and a datatype)."""
        single = self.kind("iri", "pname") or self.integer() or self.keyword("TRUE", "FALSE")
        if single is not None:
            return single.lower() if single in ("TRUE", "FALSE") else single
        token = self.peek()
        if token is None or token.kind != "string":
            return None
        at = self.at
        rest = self.found[at + 1 : at + 4]
        if rest and rest[0].kind == "langtag":
            self.at = self._skip(at + 2)
            return token.text + rest[0].text
        datatype = len(rest) == 3 and rest[2].kind in ("iri", "pname")
        if datatype and [t.text for t in rest[:2]] == ["^", "^"]:
            self.at = self._skip(at + 4)
            return token.text + "^^" + rest[2].text
        if rest and rest[0].kind == "other" and rest[0].text in "^@":
            return None  # a datatype or tag apart from its string: not read here
        return self._next().text

    def term(self) -> str | None:
        return self.kind("variable") or self.constant()

    def verb(self) -> str | None:
        token = self.peek()
        if token is not None and token.kind == "word" and token.text == "a":
            return self._next().text
        return self.kind("variable", "iri", "pname")


def _values(reader: _Reader) -> tuple[str, tuple[str, ...]] | None | bool:
    """Reads `VALUES ?var { constant* }`: its parts, None when there is no VALUES, False when
    one begins but is not of that form."""
    if reader.keyword("VALUES") is None:
        return None
    variable = reader.kind("variable")
    if variable is None or not reader.char("{"):
        return False
    constants = []
    while not reader.char("}"):
        constant = reader.constant()
        if constant is None:
            return False
        constants.append(constant)
    return variable, tuple(constants)


def _prologue(reader: _Reader) -> list[str] | None:
    prologue = []
    while True:
        word = reader.keyword("BASE", "PREFIX")
        if word is None:
            return prologue
        name = reader.kind("pname") if word == "PREFIX" else None
        if word == "PREFIX" and (name is None or not name.endswith(":")):
            return None
        iri = reader.kind("iri")
        if iri is None:
            return None
        prologue.append(" ".join(part for part in (word, name, iri) if part))


def one_pattern(found: list[Token]) -> OnePattern | None:
    """Gives the query's parts when its tokens are of the one-pattern shape (see the module's
    docstring), else None."""
    reader = _Reader(found)
    prologue = _prologue(reader)
    form = reader.keyword("SELECT", "ASK")
    if prologue is None or form is None:
        return None
    projection: tuple[str, ...] | None = None
    if form == "SELECT" and not reader.char("*"):
        names = []
        while (name := reader.kind("variable")) is not None:
            names.append(name)
        if not names:
            return None
        projection = tuple(names)
    reader.keyword("WHERE")
    if not reader.char("{"):
        return None
    values = _values(reader)
    if values is False:
        return None
    subject = reader.term()
    verb = reader.verb() if subject is not None else None
    obj = reader.term() if verb is not None else None
    if obj is None:
        return None
    reader.char(".")
    if values is None:
        values = _values(reader)
        if values is False:
            return None
    if not reader.char("}"):
        return None
    limit = None
    if reader.keyword("LIMIT") is not None:
        count = reader.integer()
        if count is None:
            return None
        limit = int(count)
    if not reader.done():
        return None
    return OnePattern(tuple(prologue), form, projection, (subject, verb, obj), values, limit)  # type: ignore[arg-type]
