"""The schema of the curated YAML files, and a loader that keeps every mapping's line.

pydantic models with no extra fields allowed: a wrong field, a missing id or a value of the
wrong shape is reported with the file, the line and the offending value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from graph_builder.errors import CurationError

_LINE = "__line__"

Lang = Literal["zh-Hant", "zh-Hans", "en", "hy", "az", "ru", "fr", "de", "tr"]
Side = Literal["armenian", "azerbaijani"]
Polarity = Literal["accuses", "denies", "affirms", "refuted"]
Unit = Literal[
    "people",
    "tanks",
    "vehicles",
    "guns",
    "aircraft",
    "helicopters",
    "rockets",
    "wagons",
    "tonnes",
    "km",
    "km2",
    "percent",
    "fraction",
    "usd",
    "roubles",
    "ecu",
    "items",
    "units",
    "days",
    "villages",
    "settlements",
    "districts",
    "households",
    "divisions",
    "brigades",
    "battalions",
    "airfields",
    "votes",
    "years",
    "months",
    "weeks",
    "hours",
    "duration",
]
PLACE_CLASSES = (
    "Place",
    "Settlement",
    "AdministrativeRegion",
    "Country",
    "Corridor",
    "Facility",
    "GeographicRegion",
)
ACTOR_CLASSES = ("Actor", "Person", "Organization", "State", "ArmedForce")
EVENT_CLASSES: tuple[str, ...] = (
    "Event",
    "War",
    "Campaign",
    "Engagement",
    "Battle",
    "Offensive",
    "Massacre",
    "Agreement",
    "Resolution",
    "Referendum",
    "Declaration",
    "Mediation",
    "Coup",
    "NaturalDisaster",
    "PoliticalChange",
)
CLASSES = {"place": PLACE_CLASSES, "actor": ACTOR_CLASSES, "event": EVENT_CLASSES}
Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
# A quantity kind: the local name of a concept of the ontology's nkkg:QuantityKinds.
KindName = Annotated[str, Field(pattern=r"^[a-z][A-Za-z]*$")]
# YAML reads 1992 as an int and 1992-05-08 as a date; a curated date is kept as its text.
DateText = Annotated[str, BeforeValidator(str)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Quoted(_Spec):
    """The exact words a fact rests on, or the general knowledge it comes from instead."""

    quote: str | None = None
    offset: int | None = None
    general: str | None = None


class NameSpec(Quoted):
    name: str
    lang: Lang
    used_by: Side | None = None


class RefSpec(Quoted):
    ref: Id = Field(alias="to")
    side: Side | None = None


class DateSpec(Quoted):
    date: DateText
    as_written: str


class SideSpec(Quoted):
    side: Side
    start: DateText | None = None
    end: DateText | None = None


class RoleSpec(Quoted):
    names: list[NameSpec] = Field(min_length=1)
    of: Id | None = None
    start: DateText | None = None
    end: DateText | None = None


class EntitySpec(Quoted):
    id: Id
    kind: str = Field(alias="class")
    also: list[str] = []  # further classes, e.g. a State that is also a Country (a place)
    names: list[NameSpec] = Field(min_length=1)
    # The article's own phrases for it that are not names (地震, 該地區唯一的機場): anchored, kept
    # as mentions, never as labels.
    mentions: list[Quoted] = []


class PlaceSpec(EntitySpec):
    located_in: list[RefSpec] = []


class ActorSpec(EntitySpec):
    sides: list[SideSpec] = []
    roles: list[RoleSpec] = []
    member_of: list[RefSpec] = []


class EventSpec(EntitySpec):
    start: list[DateSpec] = []
    end: list[DateSpec] = []
    undated: bool = False
    places: list[RefSpec] = []
    participants: list[RefSpec] = []
    commanders: list[RefSpec] = []
    outcome: Quoted | None = None
    part_of: list[RefSpec] = []

    @field_validator("start", "end", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value


class ContradictionSpec(_Spec):
    id: Id
    about: Id
    note: str
    between: list[Quoted] = Field(min_length=2)


class ClaimSpec(Quoted):
    """One attributed version of a figure, or an accusation or denial, with the article's words.

    A figure gives `number` (the number only, as written: `485`, `23萬`, `幾百`; the build reads
    its bound from the words around it), `unit` and `kind`, its `scope` (what it counts: `total`,
    `civilians`…, with `scope_zh`) and, where the article gives one, its `period` (with
    `period_zh`); a statement gives `polarity`, `proposition` and `proposition_zh` instead.
    `claimant` is an actor id, a side (`armenian-side`, `azerbaijani-side`), a list of them, or
    `unattributed`. `gloss` is the curators' English translation of the quote. The references are
    found by the build where the article places them; `refs` may only narrow them.
    `reported_with` names what the article reports a figure with when it is not about it.
    """

    id: Id
    about: Id
    claimant: str | list[str]
    gloss: str | None = None
    kind: KindName | None = None
    scope: str = "total"
    scope_zh: str | None = None
    period: str | None = None
    period_zh: str | None = None
    number: str | None = None
    unit: Unit | None = None
    polarity: Polarity | None = None
    proposition: str | None = None
    proposition_zh: str | None = None
    refs: list[int] | None = None
    pages: dict[int, str] = {}
    weighing: str | None = None
    reported_with: Id | None = None
    note: str | None = None

    @field_validator("number", mode="before")
    @classmethod
    def _number_text(cls, value: Any) -> Any:
        return None if value is None else str(value)

    @property
    def claimants(self) -> tuple[str, ...]:
        return (self.claimant,) if isinstance(self.claimant, str) else tuple(self.claimant)


class ExclusionSpec(Quoted):
    """A number in the article that is not a quantity claim, with the reason."""

    number: str
    reason: str


class CurationFile(_Spec):
    places: list[PlaceSpec] = []
    actors: list[ActorSpec] = []
    events: list[EventSpec] = []
    contradictions: list[ContradictionSpec] = []
    claims: list[ClaimSpec] = []
    exclusions: list[ExclusionSpec] = []


# libyaml's parser (PyYAML's wheels carry it) reads the curation five times faster than the
# pure-Python one, with the same nodes and marks; the pure-Python one stands in where it is missing.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """A YAML loader that records the line of each mapping, and of each of its keys, under the
    key `__line__` as (mapping line, {key: line})."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=True)
        keys = {self.construct_object(k): k.start_mark.line + 1 for k, _ in node.value}
        mapping[_LINE] = (node.start_mark.line + 1, keys)
        return mapping


def _strip_lines(data: Any, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> Any:
    if isinstance(data, dict):
        line, keys = data.pop(_LINE, (lines.get(path[:-1], 1), {}))
        lines[path] = line
        for key, key_line in keys.items():
            lines.setdefault((*path, key), key_line)
        return {k: _strip_lines(v, (*path, k), lines) for k, v in data.items()}
    if isinstance(data, list):
        return [_strip_lines(v, (*path, i), lines) for i, v in enumerate(data)]
    return data


def line_of(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return 1


Model = TypeVar("Model", bound=BaseModel)


def read_yaml(path: Path, model: type[Model]) -> tuple[Model, dict[tuple[Any, ...], int]]:
    """Gives one curated YAML file checked against `model`, with the line of every mapping."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise CurationError(
            f"not valid YAML: {error}", file=path, line=mark.line + 1 if mark else None
        ) from error
    lines: dict[tuple[Any, ...], int] = {}
    data = _strip_lines(raw, (), lines)
    try:
        return model.model_validate(data), lines
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise CurationError(
            f"{where}: {first['msg']}",
            file=path,
            line=line_of(tuple(first["loc"]), lines),
            value=first.get("input"),
        ) from error


def read_file(path: Path) -> tuple[CurationFile, dict[tuple[Any, ...], int]]:
    """Gives one curated file, schema-checked, with the line of every mapping in it."""
    return read_yaml(path, CurationFile)
