"""Curated dates -> XSD values at the precision the article gives.

A curated date is written `1992`, `1992-05` or `1992-05-08`; it becomes `xsd:gYear`,
`xsd:gYearMonth` or `xsd:date`. The words the article uses ("1992年5月8日", "5月8日",
"1992年冬末") are kept beside it as written.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_FORMS = (
    (re.compile(r"^\d{4}$"), "gYear", "year"),
    (re.compile(r"^\d{4}-\d{2}$"), "gYearMonth", "month"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "date", "day"),
)


@dataclass(frozen=True)
class DateValue:
    """A date with the XSD datatype that matches its precision."""

    lexical: str
    datatype: str  # gYear, gYearMonth or date (local names in the XSD namespace)
    precision: str  # year, month or day

    def sort_key(self) -> str:
        """Gives a string that orders dates of mixed precision by their first possible day."""
        return {"year": self.lexical + "-01-01", "month": self.lexical + "-01"}.get(
            self.precision, self.lexical
        )


def parse_date(value: str) -> DateValue:
    """Gives the XSD value of a curated date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""
    text = str(value).strip()
    for pattern, datatype, precision in _FORMS:
        if pattern.match(text):
            year, month, day = (text.split("-") + ["01", "01"])[:3]
            try:
                datetime.date(int(year), int(month), int(day))
            except ValueError as error:
                raise ValueError(f"not a calendar date: {text!r} ({error})") from None
            return DateValue(lexical=text, datatype=datatype, precision=precision)
    raise ValueError(f"a date is written YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}")
