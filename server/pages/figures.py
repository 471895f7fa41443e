"""The claims a page shows, as plain records: each version of a figure with its claimant, its
cited references in full, and the article's words inside their sentence.

`gather` asks three queries (server/pages/lookups.py) through the executor and joins their rows
by claim; `group_by_variable` puts the versions of one disputed figure together. Nothing here
ranks or judges the versions: they come in the order of their values.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from pyoxigraph import Literal, NamedNode

from server.engine.executor import Executor
from server.pages import lookups
from server.pages.charts import Version
from server.pages.terms import bcp47

# How many characters of a long sentence to keep either side of the quote.
CONTEXT_CHARS = 120


@dataclass(frozen=True)
class Context:
    """The article's words of a claim: the quote and the text either side of it."""

    before: str
    quote: str
    after: str
    whole_sentence: bool  # True when before/after are the sentence's own text


@dataclass(frozen=True)
class Citation:
    """One reference the article cites for a claim, with its full entry when it resolves."""

    number: int
    page: str | None
    source: str  # the IRI of the reference-list entry cited
    short: str | None  # "de Waal 2003" for a short citation
    full_number: int | None  # the entry a short citation resolves to
    full_source: str | None  # and its IRI
    authors: str | None
    editors: str | None
    title: str | None
    container: str | None
    publisher: str | None
    place: str | None
    year: str | None
    pages: str | None
    isbn: str | None
    access_date: str | None
    raw: str | None  # the entry as the reference list writes it


@dataclass
class ClaimView:
    """One claim as a page shows it."""

    iri: str
    subject: str
    subject_en: str | None
    subject_zh: str | None
    variable: str | None
    variable_label: str | None
    disputed: bool
    dispute_reason: str | None
    verdict: str | None  # the graph's verdict on the figure: disputed, corroborated, one version…
    kind: str | None
    scope: str | None
    as_written: str | None
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    bound: str | None
    unit: str | None
    polarity: str | None
    proposition: str | None
    proposition_lang: str | None
    claimant: str | None
    claimant_en: str | None
    claimant_zh: str | None
    weighing: str | None
    gloss: str | None = None  # the curators' English translation of the article's words
    part_of: str | None = None  # the version this one counts a part of (106 women of the 613)
    part_of_words: str | None = None  # that version as a reader knows it: "613 (civilians)"
    context: Context | None = None
    citations: list[Citation] = field(default_factory=list)

    @property
    def figure(self) -> str | None:
        """Gives the value or range as digits ("485", "20,000–30,000"), or None for a
        proposition."""
        if self.value is not None:
            return _number(self.value)
        if self.low is not None and self.high is not None:
            return f"{_number(self.low)}–{_number(self.high)}"
        return None

    def version(self) -> Version:
        """Gives this claim's row of the disputed-figure chart."""
        claimant = self.claimant_en or self.claimant_zh or "unattributed"
        low = self.value if self.value is not None else self.low
        if self.value is not None:
            high = None if self.bound == "lower" else self.value
            if self.bound == "upper":
                low = None  # at most the value: from 0 up to it
        else:
            high = self.high
        return Version(
            claimant, self.as_written or self.figure or "", low, high, self.bound or "", self.scope
        )


@dataclass(frozen=True)
class FigureGroup:
    """The versions of one figure (a disputed variable), or the claims with no figure."""

    variable: str | None
    label: str
    disputed: bool
    reason: str | None
    claims: list[ClaimView]
    verdict: str | None = None


def _number(value: Decimal) -> str:
    return format(value.normalize(), ",f")


def _str(row: dict[str, object], name: str) -> str | None:
    term = row.get(name)
    return term.value if isinstance(term, Literal | NamedNode) else None


def _decimal(row: dict[str, object], name: str) -> Decimal | None:
    term = row.get(name)
    return Decimal(term.value) if isinstance(term, Literal) else None


def _int(row: dict[str, object], name: str) -> int | None:
    term = row.get(name)
    return int(term.value) if isinstance(term, Literal) else None


def in_sentence(
    exact: str,
    start: int,
    prefix: str | None,
    suffix: str | None,
    part_text: str | None,
    part_start: int | None,
) -> Context:
    """Gives the quote inside its sentence when the sentence's text holds it at its offset,
    else inside the selector's prefix and suffix."""
    if part_text is not None and part_start is not None:
        at = start - part_start
        if at >= 0 and part_text[at : at + len(exact)] == exact:
            before = part_text[:at]
            after = part_text[at + len(exact) :]
            if len(before) > CONTEXT_CHARS:
                before = "…" + before[-CONTEXT_CHARS:]
            if len(after) > CONTEXT_CHARS:
                after = after[:CONTEXT_CHARS] + "…"
            return Context(before, exact, after, whole_sentence=True)
    return Context(prefix or "", exact, suffix or "", whole_sentence=False)


def _citation(row: dict[str, object]) -> Citation:
    author, year = _str(row, "shortAuthor"), _str(row, "shortYear")
    return Citation(
        number=_int(row, "ref") or 0,
        page=_str(row, "page"),
        source=_str(row, "source") or "",
        short=" ".join(p for p in (author, year) if p) or None,
        full_number=_int(row, "fullRef"),
        full_source=_str(row, "full") if row.get("fullRef") is not None else None,
        authors=_str(row, "authors"),
        editors=_str(row, "editors"),
        title=_str(row, "title"),
        container=_str(row, "container"),
        publisher=_str(row, "publisher"),
        place=_str(row, "place"),
        year=_str(row, "date") or _str(row, "year"),
        pages=_str(row, "pages"),
        isbn=_str(row, "isbn"),
        access_date=_str(row, "accessDate"),
        raw=_str(row, "raw"),
    )


async def gather(executor: Executor, kind: str, resource: NamedNode) -> list[ClaimView]:
    """Gives the claims a page of `kind` (about, variable, source, claim) shows for
    `resource`, each with its evidence and citations, in the order of their values."""
    bound = {"resource": resource}
    rows = await executor.select(lookups.claims_query(kind), substitutions=bound)
    claims: dict[str, ClaimView] = {}
    for row in rows:
        iri = _str(row, "claim") or ""
        if iri in claims:  # another claimant of the same claim (the Azerbaijani side and …)
            _add_claimant(claims[iri], _str(row, "claimantEn"), _str(row, "claimantZh"))
            continue
        proposition = row.get("proposition")
        claims[iri] = ClaimView(
            iri=iri,
            subject=_str(row, "subject") or "",
            subject_en=_str(row, "subjectEn"),
            subject_zh=_str(row, "subjectZh"),
            variable=_str(row, "variable"),
            variable_label=_str(row, "variableLabel"),
            disputed=_str(row, "disputed") == "true",
            dispute_reason=_str(row, "reason"),
            verdict=_str(row, "verdict"),
            kind=_str(row, "kindLabel"),
            scope=_str(row, "scope"),
            as_written=_str(row, "asWritten"),
            value=_decimal(row, "value"),
            low=_decimal(row, "min"),
            high=_decimal(row, "max"),
            bound=_str(row, "bound"),
            unit=_str(row, "unit"),
            polarity=_str(row, "polarity"),
            proposition=proposition.value if isinstance(proposition, Literal) else None,
            proposition_lang=bcp47(proposition.language or "")
            if isinstance(proposition, Literal)
            else None,
            claimant=_str(row, "claimant"),
            claimant_en=_str(row, "claimantEn"),
            claimant_zh=_str(row, "claimantZh"),
            weighing=_str(row, "weighing"),
            gloss=_str(row, "gloss"),
            part_of=_str(row, "partOf"),
        )
    if not claims:
        return []
    for claim in claims.values():
        whole = claims.get(claim.part_of or "")
        if whole is not None:
            claim.part_of_words = f"{whole.as_written or whole.figure} ({whole.scope})"
    for row in await executor.select(lookups.evidence_query(kind), substitutions=bound):
        claim = claims.get(_str(row, "claim") or "")
        if claim is None or claim.context is not None:
            continue
        claim.context = in_sentence(
            _str(row, "exact") or "",
            _int(row, "start") or 0,
            _str(row, "prefix"),
            _str(row, "suffix"),
            _str(row, "partText"),
            _int(row, "partStart"),
        )
    seen: set[tuple[str, str]] = set()
    for row in await executor.select(lookups.citations_query(kind), substitutions=bound):
        claim = claims.get(_str(row, "claim") or "")
        source = _str(row, "source") or ""
        if claim is None or (claim.iri, source) in seen:
            continue
        seen.add((claim.iri, source))
        claim.citations.append(_citation(row))
    for claim in claims.values():
        claim.citations.sort(key=lambda c: c.number)
    return sorted(claims.values(), key=_order)


def _add_claimant(claim: ClaimView, en: str | None, zh: str | None) -> None:
    for attribute, name, joiner in (("claimant_en", en, " and "), ("claimant_zh", zh, "和")):
        names = [n for n in (getattr(claim, attribute) or "").split(joiner) if n]
        if name and name not in names:
            setattr(claim, attribute, joiner.join(sorted([*names, name])))


def _order(claim: ClaimView) -> tuple[str, Decimal, str]:
    level = claim.value if claim.value is not None else claim.low
    return (claim.variable_label or "~", level if level is not None else Decimal(0), claim.iri)


def group_by_variable(claims: list[ClaimView]) -> list[FigureGroup]:
    """Gives the claims grouped by disputed variable, figures first (by label), then the
    accusations and denials, which have no figure."""
    groups: dict[str | None, list[ClaimView]] = defaultdict(list)
    for claim in claims:
        groups[claim.variable].append(claim)
    result = [
        FigureGroup(
            variable=variable,
            label=members[0].variable_label or variable,
            disputed=members[0].disputed,
            reason=members[0].dispute_reason,
            claims=members,
            verdict=members[0].verdict,
        )
        for variable, members in groups.items()
        if variable is not None
    ]
    result.sort(key=lambda g: (not g.disputed, g.label))
    if None in groups:
        result.append(
            FigureGroup(
                None, "Accusations, denials and other statements", False, None, groups[None]
            )
        )
    return result
