"""Curated actors, places and events, and every fact about them, as plain records.

Each fact carries its `Evidence`: the exact words of the article it rests on, anchored to a
position; or, for general knowledge the article does not give (an English name, say), a `basis`
saying where it comes from instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from graph_builder.curation.schema import ClaimSpec, ExclusionSpec
from graph_builder.document.dates import DateValue

Spec = TypeVar("Spec", ClaimSpec, ExclusionSpec)


@dataclass(frozen=True)
class Evidence:
    """Exact words of the article with their position and the part of the article holding them."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str
    part: str  # IRI of the sentence, infobox field, table cell, note or source that holds them
    file: str  # where it was curated, for error messages and the coverage report
    line: int


@dataclass(frozen=True)
class Support:
    """What a fact rests on: the article's words, or general knowledge with its origin; and
    where the fact is curated, for error messages (not part of what the fact is)."""

    evidence: Evidence | None = None
    basis: str | None = None  # e.g. "general knowledge: English Wikipedia article title"
    file: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    def where(self) -> tuple[str, int] | None:
        """Gives the curated file and line of the fact, where known."""
        if self.file is not None and self.line is not None:
            return self.file, self.line
        if self.evidence is not None:
            return self.evidence.file, self.evidence.line
        return None


@dataclass(frozen=True)
class Name:
    text: str
    lang: str  # BCP 47: zh-Hant, zh-Hans, en, hy, az, ru
    support: Support
    used_by: str | None = None  # the side that uses this name, where the names differ by side
    preferred: bool = False  # the article's own usual form (zh-Hant) or the usual English name


@dataclass(frozen=True)
class Reference:
    """A link to another curated entity (a place, an actor, an event), with its support."""

    target: str  # the curated id
    support: Support
    side: str | None = None


@dataclass(frozen=True)
class DatedFact:
    value: DateValue
    as_written: str
    support: Support


@dataclass(frozen=True)
class SideSpan:
    """The side an actor was on, for the span the article gives."""

    side: str
    start: DateValue | None
    end: DateValue | None
    support: Support


@dataclass(frozen=True)
class Role:
    """An office or command an actor held, with the organisation and dates where stated."""

    names: tuple[Name, ...]
    of: str | None
    start: DateValue | None
    end: DateValue | None
    support: Support


@dataclass(frozen=True)
class Entity:
    """A curated actor, place or event; `kind` is its ontology class's local name."""

    id: str
    category: str  # actor, place or event
    kind: str
    names: tuple[Name, ...]
    support: Support  # the words that show what it is (the evidence of its type)
    file: str
    line: int
    also: tuple[str, ...] = ()  # further classes (a State that is also a Country)
    categories: frozenset[str] = frozenset()  # actor, place, event: every category it is in
    located_in: tuple[Reference, ...] = ()
    sides: tuple[SideSpan, ...] = ()
    roles: tuple[Role, ...] = ()
    member_of: tuple[Reference, ...] = ()
    starts: tuple[DatedFact, ...] = ()
    ends: tuple[DatedFact, ...] = ()
    undated: bool = False
    places: tuple[Reference, ...] = ()
    participants: tuple[Reference, ...] = ()
    commanders: tuple[Reference, ...] = ()
    outcome: Support | None = None
    part_of: tuple[Reference, ...] = ()
    mentions: tuple[Support, ...] = ()  # the article's phrases for it that are not names


@dataclass(frozen=True)
class Contradiction:
    """Places where the article disagrees with itself about one thing; both are kept."""

    id: str
    about: str
    note: str
    between: tuple[Evidence, ...]
    file: str = ""
    line: int = 0  # the line of its `about`


@dataclass(frozen=True)
class Curated(Generic[Spec]):
    """A curated claim or excluded number as its file states it, its quote already anchored: the
    claims stage turns it into a record (graph_builder/claims/)."""

    spec: Spec
    support: Support
    file: str
    lines: dict[tuple[Any, ...], int]  # the file's line of every field, for error messages
    loc: tuple[Any, ...]  # where in the file: ("claims", 3)


@dataclass(frozen=True)
class Curation:
    entities: tuple[Entity, ...]
    contradictions: tuple[Contradiction, ...]
    claims: tuple[Curated[ClaimSpec], ...] = ()
    exclusions: tuple[Curated[ExclusionSpec], ...] = ()

    def by_id(self) -> dict[str, Entity]:
        return {entity.id: entity for entity in self.entities}
