"""What `nkkg claims TERM` prints: every version of every figure about what a name names, whole,
with the figure's verdict, as wrapped text, CSV or JSON (the same fields in each).

The rows come from the canned query claims-by-label (one per claim, claimant and cited
reference); here they are put back together, one record per claim, and grouped by figure.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

FIELDS = (
    "figure",
    "figureLabel",
    "verdict",
    "reason",
    "claim",
    "subject",
    "subjectLabel",
    "kind",
    "scope",
    "period",
    "asWritten",
    "value",
    "min",
    "max",
    "bound",
    "boundWords",
    "unit",
    "polarity",
    "proposition",
    "claimants",
    "references",
    "quote",
    "gloss",
    "weighing",
    "reportedWith",
    "partOf",
    "start",
)
_SINGLE = tuple(f for f in FIELDS if f not in ("claimants", "references"))


@dataclass
class Reference:
    number: int
    author: str | None
    title: str | None
    page: str | None
    rule: str | None

    def text(self) -> str:
        """Gives the reference as a reader cites it: [33] de Waal, Thomas. Black Garden, p. 286."""
        parts = [p.rstrip(".") for p in (self.author, self.title) if p]
        cited = f"[{self.number}] " + ". ".join(parts) if parts else f"[{self.number}]"
        if self.page:
            cited += f", p. {self.page}"
        return cited + (f" (cited by {self.rule})" if self.rule else "")


@dataclass
class Version:
    """One claim, whole: what the query gives of it across its rows."""

    values: dict[str, str | None]
    claimants: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)

    def record(self, for_json: bool) -> dict[str, object]:
        record: dict[str, object] = {name: self.values.get(name) for name in _SINGLE}
        if for_json:
            record["claimants"] = self.claimants
            record["references"] = [vars(r) for r in self.references]
        else:
            record["claimants"] = " and ".join(self.claimants)
            record["references"] = "; ".join(r.text() for r in self.references)
        return {name: record[name] for name in FIELDS}


def _text(term: object) -> str | None:
    return term.value if isinstance(term, Literal | NamedNode) else None


def versions(rows: Iterable[Mapping[str, object]]) -> list[Version]:
    """Gives one version per claim, in the order the query gives them."""
    found: dict[str, Version] = {}
    for row in rows:
        claim = _text(row.get("claim")) or ""
        version = found.get(claim)
        if version is None:
            values = {name: _text(row.get(name)) for name in _SINGLE}
            version = found[claim] = Version(values)
        claimant = _text(row.get("claimantLabel"))
        if claimant and claimant not in version.claimants:
            version.claimants.append(claimant)
        number = _text(row.get("refNumber"))
        if number and int(number) not in [r.number for r in version.references]:
            version.references.append(
                Reference(
                    int(number),
                    _text(row.get("refAuthor")),
                    _text(row.get("refTitle")),
                    _text(row.get("page")),
                    _text(row.get("citationRule")),
                )
            )
    for version in found.values():
        version.references.sort(key=lambda r: r.number)
    return list(found.values())


def as_csv(found: list[Version]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for version in found:
        writer.writerow(version.record(for_json=False))
    return out.getvalue()


def as_json(found: list[Version]) -> str:
    return json.dumps([v.record(for_json=True) for v in found], ensure_ascii=False, indent=2) + "\n"


def _figure_value(values: Mapping[str, str | None]) -> str:
    written = values.get("asWritten")
    if values.get("value") is not None:
        number = values["value"]
    elif values.get("min") is not None:
        number = f"{values['min']}–{values['max']}"
    else:
        number = None
    shown = written or number or ""
    return f"{shown} (= {number})" if number and written and number != written else shown


def _reading_order(version: Version, by_claim: Mapping[str | None, Version]) -> tuple[int, int]:
    """Orders a figure's versions as the article gives them, each part right after its whole."""

    def start(v: Version) -> int:
        return int(v.values.get("start") or 0)

    whole = by_claim.get(version.values.get("partOf"))
    return (start(whole), start(version)) if whole is not None else (start(version), 0)


def as_text(found: list[Version], width: int = 100) -> str:
    """Gives every version whole, grouped by figure, each line wrapped at `width` (never cut)."""

    def wrap(text: str, indent: str, label: str = "") -> list[str]:
        hanging = " " * len(indent) + " " * min(len(label), 24)
        return textwrap.wrap(
            label + text,
            width=width,
            initial_indent=indent,
            subsequent_indent=hanging,
            break_on_hyphens=False,
        ) or [indent + label]

    lines: list[str] = []
    by_claim = {v.values.get("claim"): v for v in found}
    groups: dict[str, list[Version]] = {}
    for version in found:
        key = version.values.get("figure") or "~statements:" + (version.values.get("subject") or "")
        groups.setdefault(key, []).append(version)

    def place(item: tuple[str, list[Version]]) -> tuple[bool, bool]:
        # the figures about what the name names, then those the article only reports with it
        # (the Boston Globe's count for the war, in the Khojaly passage), then the statements
        key, members = item
        return key.startswith("~"), all(v.values.get("reportedWith") for v in members)

    for _, members in sorted(groups.items(), key=place):
        members.sort(key=lambda version: _reading_order(version, by_claim))
        first = members[0].values
        if first.get("figure"):
            lines += wrap(f"{first.get('figureLabel')} — {first.get('verdict')}", "")
            lines += wrap(first.get("reason") or "", "  ", "why: ")
        else:
            subject = first.get("subjectLabel") or first.get("subject") or ""
            lines += wrap(f"{subject} — statements (accusations, denials, assertions)", "")
        for version in members:
            values = version.values
            lines.append("")
            if values.get("polarity"):
                lines += wrap(f"{values['polarity']}: {values.get('proposition')}", "  · ")
            else:
                lines += wrap(_figure_value(values), "  · ")
                bound = values.get("bound") or ""
                if values.get("boundWords"):
                    bound += f", read from the words {values['boundWords']}"
                lines += wrap(bound, "      ", "bound: ")
                lines += wrap(values.get("scope") or "", "      ", "scope: ")
                whole = by_claim.get(values.get("partOf"))
                if whole is not None:
                    part_of = f"{_figure_value(whole.values)} ({whole.values.get('scope')})"
                    lines += wrap(part_of, "      ", "a part of: ")
                if values.get("period"):
                    lines += wrap(values["period"] or "", "      ", "period: ")
            if values.get("reportedWith"):
                lines += wrap(
                    f"{values['subjectLabel']} (the article reports it with "
                    f"{values['reportedWith']})",
                    "      ",
                    "about: ",
                )
            claimants = " and ".join(version.claimants) or "unattributed"
            lines += wrap(claimants, "      ", "claimant: ")
            if values.get("weighing"):
                lines += wrap(values["weighing"] or "", "      ", "the article weighs it: ")
            for reference in version.references or [None]:
                text = reference.text() if reference else "none: uncited in the article"
                lines += wrap(text, "      ", "reference: ")
            lines += wrap(values.get("quote") or "", "      ", "words: ")
            gloss = values.get("gloss") or "(the words are English)"
            lines += wrap(gloss, "      ", "gloss: ")
        lines.append("")
    return "\n".join(lines)
