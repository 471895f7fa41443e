"""The lexical forms a canned query's typed parameters accept, each with what a person is told
when an argument does not fit and the JSON Schema the OpenAPI document gives for it.

A typed literal is only as good as its lexical form: pyoxigraph stores `"19920101"^^xsd:date`
without a word, and a query comparing dates then silently drops it (the timeline answered 33
rows instead of 56). So each type accepts exactly its XSD lexical form, as XML Schema 1.1 Part 2
writes it, narrowed to what the store computes with (Oxigraph's xsd:integer is 64 bits, its
xsd:decimal 18 fractional digits in 128 bits), and xsd:date to the plain `YYYY-MM-DD` of the
years 0001–9999 (no time zone, no expanded year): every accepted form is a valid value for
pyoxigraph, which tests/test_canned_lexical.py holds it to with generated strings. An IRI is what
pyoxigraph's own IRI parser reads as an absolute IRI.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_MIN, INTEGER_MAX = -(2**63), 2**63 - 1
DECIMAL_DIGITS = 18  # Oxigraph's fixed-point xsd:decimal: an i128 counting 10^-18ths
DECIMAL_UNITS = 2**127
DECIMAL_WHOLE_DIGITS = len(str(DECIMAL_UNITS // 10**DECIMAL_DIGITS))
# XML Schema 1.1 Part 2's lexical spaces (ASCII digits only: `\d` would take any script's).
INTEGER = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class LexicalError(ValueError):
    """An argument is not in its type's lexical form; the message, if any, says more than the
    form's `expected` (a day the month lacks, the IRI parser's reason)."""


@dataclass(frozen=True)
class Form:
    """One parameter type: how an argument becomes a term, what is expected, its schema."""

    type: str
    expected: str
    """What a person is told to write, e.g. `an xsd:date written YYYY-MM-DD (1992-01-01)`."""
    schema: dict[str, object]
    read: Callable[[str], NamedNode | Literal]


def _integer(value: str) -> Literal:
    digits = value.lstrip("+-").lstrip("0")  # past 19 digits, too large (and int() is slow)
    if (
        not INTEGER.fullmatch(value)
        or len(digits) > 19
        or not INTEGER_MIN <= int(value) <= INTEGER_MAX
    ):
        raise LexicalError
    return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))


def _decimal(value: str) -> Literal:
    # Counted on the text itself: decimal.Decimal's arithmetic rounds past 28 digits.
    whole, _, fraction = value.lstrip("+-").partition(".")
    fraction = fraction.rstrip("0")
    if (
        not DECIMAL.fullmatch(value)
        or len(fraction) > DECIMAL_DIGITS
        or len(whole.lstrip("0")) > DECIMAL_WHOLE_DIGITS
    ):
        raise LexicalError
    units = int((whole or "0") + fraction.ljust(DECIMAL_DIGITS, "0"))
    if not -DECIMAL_UNITS <= (-units if value.startswith("-") else units) < DECIMAL_UNITS:
        raise LexicalError
    return Literal(value, datatype=NamedNode(XSD + "decimal"))


def _date(value: str) -> Literal:
    if not DATE.fullmatch(value):
        raise LexicalError
    try:
        datetime.date.fromisoformat(value)  # the shape is right; is it a day of the calendar?
    except ValueError as error:
        raise LexicalError(str(error)) from None
    return Literal(value, datatype=NamedNode(XSD + "date"))


def _iri(value: str) -> NamedNode:
    try:
        return NamedNode(value)
    except ValueError as error:
        raise LexicalError(str(error)) from None


def _string(value: str) -> Literal:
    return Literal(value)


FORMS: dict[str, Form] = {
    form.type: form
    for form in (
        Form(
            "iri",
            "an absolute IRI, such as https://w3id.org/nkkg/id/actor/armenia",
            {"type": "string", "format": "iri"},
            _iri,
        ),
        Form(
            "xsd:integer",
            "an xsd:integer: digits with an optional sign, such as 33 or -5, within ±2^63",
            {"type": "integer", "minimum": INTEGER_MIN, "maximum": INTEGER_MAX},
            _integer,
        ),
        Form(
            "xsd:decimal",
            "an xsd:decimal: digits with an optional sign and decimal point, such as 2.5 or "
            f"-.75 (no exponent), at most {DECIMAL_DIGITS} digits after the point",
            {"type": "string", "pattern": f"^{DECIMAL.pattern}$"},
            _decimal,
        ),
        Form(
            "xsd:date",
            "an xsd:date written YYYY-MM-DD, such as 1992-01-01",
            {"type": "string", "format": "date", "pattern": f"^{DATE.pattern}$"},
            _date,
        ),
        Form("xsd:string", "any text", {"type": "string"}, _string),
    )
}
TYPES = tuple(FORMS)


def term(kind: str, value: str) -> NamedNode | Literal:
    """Gives the RDF term `value` stands for as a `kind`; LexicalError if it is not in the
    type's lexical form."""
    return FORMS[kind].read(value)
