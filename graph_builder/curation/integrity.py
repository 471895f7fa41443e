"""One id, one entity; every reference resolves.

Curators work region by region, so one entity's facts may stand in several files: they are
merged in file order (the first file's names stay preferred). The same id twice in one file,
one id with two classes, and a reference to an id nobody defines or of the wrong kind all
fail with the file, the line and the value.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from graph_builder.curation.records import Curation, Entity, Name, Support
from graph_builder.errors import CurationError

_MERGED = (
    "names",
    "located_in",
    "sides",
    "roles",
    "member_of",
    "starts",
    "ends",
    "places",
    "participants",
    "commanders",
    "part_of",
    "mentions",
)


def merge_entities(entities: list[Entity]) -> tuple[Entity, ...]:
    """Gives one entity per id. Facts about one entity may be curated in several files (each
    region of the article adds what it says); they are merged in file order, so the first
    file's names stay preferred. The same id twice in one file, or with two classes, fails."""
    merged: dict[str, Entity] = {}
    for entity in entities:
        first = merged.get(entity.id)
        if first is None:
            merged[entity.id] = entity
            continue
        if first.file == entity.file or first.kind != entity.kind:
            why = "in the same file" if first.file == entity.file else f"as {first.kind}"
            raise CurationError(
                f"duplicate id, first defined {why} at {first.file}:{first.line}",
                file=entity.file,
                line=entity.line,
                value=entity.id,
            )
        fields = {name: _union(getattr(first, name), getattr(entity, name)) for name in _MERGED}
        names = fields["names"]
        fields["names"] = tuple(
            replace(n, preferred=not any(m.lang == n.lang for m in names[:i]))
            for i, n in enumerate(names)
        )
        merged[entity.id] = replace(
            first,
            also=_union(first.also, entity.also),
            categories=first.categories | entity.categories,
            undated=first.undated and entity.undated,
            outcome=first.outcome or entity.outcome,
            **fields,
        )
    return tuple(merged.values())


def _union(first: tuple[Any, ...], more: tuple[Any, ...]) -> tuple[Any, ...]:
    seen = {_fact_key(item) for item in first}
    return first + tuple(item for item in more if _fact_key(item) not in seen)


def _fact_key(item: Any) -> Any:
    if isinstance(item, Name):
        return ("name", item.text, item.lang)
    return item


def check_references(curation: Curation) -> None:
    """Fails on a reference to an id no curated file defines (or of the wrong category),
    naming the file and line."""
    seen = curation.by_id()
    expected = {
        "located_in": "place",
        "places": "place",
        "member_of": "actor",
        "participants": "actor",
        "commanders": "actor",
        "part_of": "event",
    }
    for entity in curation.entities:
        for attribute, category in expected.items():
            for ref in getattr(entity, attribute):
                _check_target(seen, ref.target, category, ref.support, entity)
        for role in entity.roles:
            if role.of is not None:
                _check_target(seen, role.of, "actor", role.support, entity)
    for contradiction in curation.contradictions:
        if contradiction.about not in seen:
            raise CurationError(
                "contradiction about an id no curated file defines",
                file=contradiction.file,
                line=contradiction.line,
                value=contradiction.about,
            )


def _check_target(
    seen: dict[str, Entity], target: str, category: str, support: Support, entity: Entity
) -> None:
    # the reference's own file and line: an entity's facts may be curated in several files
    file, line = support.where() or (entity.file, entity.line)
    if target not in seen:
        raise CurationError(
            f"refers to an id no curated file defines (expected {_a(category)})",
            file=file,
            line=line,
            value=target,
        )
    if category not in seen[target].categories:
        raise CurationError(
            f"refers to {_a(seen[target].category)}, expected {_a(category)}",
            file=file,
            line=line,
            value=target,
        )


def _a(category: str) -> str:
    return f"an {category}" if category[0] in "aeiou" else f"a {category}"
