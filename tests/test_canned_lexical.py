"""The lexical forms of the canned queries' typed parameters (server/canned/lexical.py), held to
pyoxigraph: what the validator accepts is exactly what the store reads as a valid value of the
type (for xsd:date, narrowed to plain YYYY-MM-DD), and every value pyoxigraph writes out is
accepted back."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Store, Variable

from server.canned.lexical import FORMS, XSD, LexicalError, term
from server.canned.queries import Parameter, ParameterError

CAST = "SELECT ?text (<{xsd}{type}>(?text) AS ?value) {{}}"
PLAIN_DATE = st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# XML Schema's own date form: expanded years, time zones; near misses of every kind around it.
XSD_DATE = st.from_regex(
    r"\A-?([1-9][0-9]{3,5}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])?\Z"
)
NEAR_DATES = st.text(alphabet="0123456789-+:TZW. ", max_size=14)
EDGES = [-(2**63), 2**63 - 1]
INTEGERS = (
    st.from_regex(r"\A[+-]?[0-9]{1,22}\Z")
    # Either side of the 64 bits the store computes in.
    | st.builds(lambda edge, step: str(edge + step), st.sampled_from(EDGES), st.integers(-2, 2))
    | st.text("0123456789+-.e ", max_size=22)
)
DECIMALS = st.from_regex(r"\A[+-]?([0-9]{1,24}(\.[0-9]{0,22})?|\.[0-9]{1,22})\Z") | st.text(
    "0123456789+-.eE ", max_size=24
)
FIXED = settings(max_examples=300, deadline=None)


@pytest.fixture(scope="module")
def engine() -> Store:
    return Store()


def read(engine: Store, xsd_type: str, text: str) -> Literal | None:
    """Gives the value pyoxigraph reads from `text` as an `xsd_type` (its cast from a string),
    or None when it is not a valid lexical form of the type."""
    query = CAST.format(xsd=XSD, type=xsd_type)
    solution = next(iter(engine.query(query, substitutions={Variable("text"): Literal(text)})))
    return solution["value"]  # type: ignore[return-value]


def accepted(kind: str, text: str) -> Literal | None:
    try:
        return term(kind, text)  # type: ignore[return-value]
    except LexicalError:
        return None


def agree(engine: Store, xsd_type: str, text: str) -> None:
    """Checks that the validator accepts `text` exactly when pyoxigraph reads it as a valid
    `xsd_type`, and then as the same value."""
    value = read(engine, xsd_type, text)
    made = accepted(f"xsd:{xsd_type}", text)
    assert (made is not None) == (value is not None), text
    assert made is None or read(engine, xsd_type, made.value) == value


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("xsd:date", ["1992-01-01", "1992-02-29", "0001-01-01", "9999-12-31"],
         ["19920101", "1992-W01-3", "1992-1-1", "1993-02-29", "1992-04-31", "1992-01-01Z",
          "1992-01-01+04:00", "-1992-01-01", "12345-01-01", "0000-01-01", " 1992-01-01",
          "1992-01-01T00:00:00", "١٩٩٢-٠١-٠١", "1992"]),
        ("xsd:integer", ["33", "-5", "+5", "007", "9223372036854775807", "-9223372036854775808"],
         ["2.5", "1e3", "9223372036854775808", " 5", "5 ", "", "+", "٣", "0x10"]),
        ("xsd:decimal", ["2.5", "-.75", "5.", "+0", "0.000000000000000001", "33"],
         ["1e5", ".", "+", "1,5", "0.0000000000000000001", "170141183460469231732", " 1.5"]),
        ("iri", ["https://w3id.org/nkkg/id/actor/armenia", "urn:isbn:0814719457", "http://[::1]/"],
         ["khojaly", "/id/actor/armenia", "//w3id.org/x", "http://x y", "http://x/%zz",
          "https://w3id.org/nkkg/id/x> <y"]),
    ],
)  # fmt: skip
def test_each_type_takes_its_lexical_form_and_nothing_else(
    engine: Store, kind: str, good: list[str], bad: list[str]
) -> None:
    for text in good:
        made = term(kind, text)
        if kind != "iri":  # the same value as pyoxigraph reads from the text
            xsd_type = kind.removeprefix("xsd:")
            assert read(engine, xsd_type, made.value) == read(engine, xsd_type, text) != None  # noqa: E711
    for text in bad:
        with pytest.raises(LexicalError):
            term(kind, text)


def test_a_refused_argument_names_its_parameter_and_the_form_expected() -> None:
    date = Parameter("from", "xsd:date", "1800-01-01", "1992-01-01", "events since")
    with pytest.raises(ParameterError) as refused:
        date.bind("1992-W01-3")
    assert refused.value.parameter == "from"
    assert "YYYY-MM-DD" in str(refused.value) and "'1992-W01-3'" in str(refused.value)
    with pytest.raises(ParameterError, match="day is out of range"):
        date.bind("1993-02-29")


@FIXED
@given(PLAIN_DATE | XSD_DATE | NEAR_DATES)
@example("19920101")
@example("1992-W01-3")
def test_a_date_is_accepted_exactly_when_pyoxigraph_reads_a_plain_one(
    engine: Store, text: str
) -> None:
    value = read(engine, "date", text)
    plain = len(text) == 10 and text[4] == "-" and not text.startswith("0000")
    assert (accepted("xsd:date", text) is not None) == (value is not None and plain), text


@FIXED
@given(st.dates())
def test_every_date_pyoxigraph_writes_is_accepted(engine: Store, day: datetime.date) -> None:
    # pyoxigraph writes the date it takes out of a dateTime: its own canonical form.
    query = f"SELECT ?t (STR(<{XSD}date>(<{XSD}dateTime>(?t))) AS ?day) {{}}"
    stamp = Literal(f"{day.isoformat()}T12:00:00")
    written = next(iter(engine.query(query, substitutions={Variable("t"): stamp})))["day"]
    assert written is not None and accepted("xsd:date", written.value) is not None


@FIXED
@given(INTEGERS)
def test_an_integer_is_accepted_exactly_when_pyoxigraph_reads_it(engine: Store, text: str) -> None:
    agree(engine, "integer", text)


@FIXED
@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_every_integer_pyoxigraph_writes_is_accepted(engine: Store, number: int) -> None:
    written = read(engine, "integer", str(number))
    assert written is not None and accepted("xsd:integer", written.value) == written


@FIXED
@given(DECIMALS)
@example("0.0000000000000000001")
@example("-170141183460469231731.687303715884105728")
def test_a_decimal_is_accepted_exactly_when_pyoxigraph_reads_it(engine: Store, text: str) -> None:
    agree(engine, "decimal", text)


@FIXED
@given(
    st.decimals(
        min_value=Decimal("-170141183460469231731.687303715884105728"),
        max_value=Decimal("170141183460469231731.687303715884105727"),
        places=18,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_every_decimal_pyoxigraph_writes_is_accepted(engine: Store, number: Decimal) -> None:
    written = read(engine, "decimal", format(number, "f"))
    assert written is not None and accepted("xsd:decimal", written.value) == written


def test_every_type_has_a_form_and_a_schema() -> None:
    for kind, form in FORMS.items():
        assert form.type == kind and form.expected and form.schema["type"]
    assert term("xsd:string", "舒沙") == Literal("舒沙")
    assert term("iri", "urn:x") == NamedNode("urn:x")
