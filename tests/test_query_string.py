"""The fast query-string decoder agrees with `urllib.parse.parse_qsl` on every input: the same
pairs, or the same error."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.http.query_string import parse_pairs

MAX = 20


def _stdlib(raw: bytes) -> list[tuple[str, str]] | str:
    try:
        return parse_qsl(
            raw.decode("utf-8"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX,
        )
    except UnicodeDecodeError:
        return "not utf-8"
    except ValueError:
        return "too many"


def _ours(raw: bytes) -> list[tuple[str, str]] | str:
    try:
        return parse_pairs(raw, MAX)
    except UnicodeDecodeError:
        return "not utf-8"
    except ValueError:
        return "too many"


CASES = [
    b"",
    b"query=SELECT+*+%7B%7D",
    b"a=1&&b=2&",
    b"a",
    b"a=&=b&=",
    b"a=%zz&b=%4&c=%&d=%%41&e=%41%",
    b"a=\\x41&b=%5C&c=\\",
    b"q=%E6%B2%99%E8%90%8A",
    b"q=%C3",
    b"q=%C3%28",
    "q=\u6c99".encode(),
    b"q=\xff",
    b"a=1;b=2",
    b"&" * (MAX - 1),
    b"&" * MAX,
    (
        "query=" + quote("SELECT ?p ?o { <https://w3id.org/nkkg/id/source/33> ?p ?o }", safe="")
    ).encode(),
]


@pytest.mark.parametrize("raw", CASES)
def test_the_cases_decode_as_parse_qsl_decodes_them(raw: bytes) -> None:
    assert _ours(raw) == _stdlib(raw)


PIECES = st.sampled_from(
    [
        b"&",
        b"=",
        b"+",
        b"%",
        b"%2",
        b"%20",
        b"%zz",
        b"%C3",
        b"%A9",
        b"%E6%B2%99",
        b"\\",
        b"\\x41",
        b"a",
        b"query",
        b";",
        b"\xc3",
        b"\xa9",
        b"\xff",
        "\u6c99".encode(),
        b"%5C",
        b"%25",
        b"%26",
    ]
)


@settings(max_examples=500, deadline=None)
@given(raw=st.one_of(st.binary(max_size=40), st.lists(PIECES, max_size=14).map(b"".join)))
def test_any_input_decodes_as_parse_qsl_decodes_it(raw: bytes) -> None:
    assert _ours(raw) == _stdlib(raw)
