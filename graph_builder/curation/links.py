"""Links out: which curated actors, places and events are described in DBpedia, and how sure.

Two sources, in this order:
1. The article's own interlanguage marks (graph_builder/document/interlanguage.py): a mark whose
   words just before `英語` are a name of one curated actor, place or event (its longest such
   name) links that entity to the English Wikipedia article the mark names. The article's
   editors chose that article for the very name, so the identity is certain: owl:sameAs. The
   evidence is the article's words, the name and the mark (`古爾根·達里波利塔揚英語Gurgen
   Dalibaltayan`).
2. curation/links/dbpedia.yaml: links from general knowledge, each with the English Wikipedia
   title, `match: exact` (owl:sameAs: the article is about this very entity) or `match: close`
   (skos:closeMatch: about nearly the same, a broader or narrower thing), and its `basis` in
   words. Only titles known for certain go there; an entity the marks already link may not.

Marks in the reference list are not used: there the entry's English text runs on after the
title (`M. E. Sharpe英語M. E. Sharpe. 1997: 616. ISBN …`), so where the title ends cannot be told
from the words. Those, and marks that name no curated entity, are counted, not linked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from graph_builder.curation.anchors import CONTEXT
from graph_builder.curation.loader import CURATION_DIR, part_index
from graph_builder.curation.records import Curation, Evidence, Support
from graph_builder.curation.schema import line_of, read_yaml
from graph_builder.document.interlanguage import ENGLISH, InterlanguageMark, interlanguage_marks
from graph_builder.document.records import Document
from graph_builder.errors import CurationError
from graph_builder.namespaces import ID

LINKS_FILE = CURATION_DIR / "links" / "dbpedia.yaml"
FROM_MARK = "the article's interlanguage mark"
FROM_KNOWLEDGE = "general knowledge"


class LinkSpec(BaseModel):
    """One link from general knowledge, as curated."""

    model_config = ConfigDict(extra="forbid")

    entity: str  # the curated id of an actor, place or event
    wikipedia: str  # the English Wikipedia article's title, as Wikipedia writes it
    match: Literal["exact", "close"]
    basis: str  # why this article is about this entity: the general knowledge, named


class LinksFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    links: list[LinkSpec] = []


@dataclass(frozen=True)
class Link:
    """One entity's link to the DBpedia resource of an English Wikipedia article."""

    entity: str  # the curated id
    title: str  # the English Wikipedia title
    exact: bool  # owl:sameAs; else skos:closeMatch
    support: Support  # the mark's words, or the basis
    origin: str  # FROM_MARK or FROM_KNOWLEDGE


@dataclass(frozen=True)
class Links:
    links: tuple[Link, ...]
    in_references: tuple[InterlanguageMark, ...]  # marks in the reference list, not used
    unnamed: tuple[InterlanguageMark, ...]  # marks after no name of a curated entity

    def summary(self) -> str:
        """Gives the build's line: how many links, by origin and by match."""
        origins = Counter(link.origin for link in self.links)
        exact = sum(1 for link in self.links if link.exact)
        return (
            f"{len(self.links)} to DBpedia: {origins[FROM_MARK]} from the article's "
            f"interlanguage marks, {origins[FROM_KNOWLEDGE]} from general knowledge "
            f"({exact} owl:sameAs, {len(self.links) - exact} skos:closeMatch); marks not used: "
            f"{len(self.in_references)} in the reference list, {len(self.unnamed)} after no "
            "curated name"
        )


def _mark_links(
    doc: Document, curation: Curation
) -> tuple[list[Link], list[InterlanguageMark], list[InterlanguageMark]]:
    """Gives the links the article's marks make, the marks in the reference list, and those
    after no name of a curated entity."""
    names: dict[str, set[str]] = {}
    for entity in curation.entities:
        for name in entity.names:
            names.setdefault(name.text, set()).add(entity.id)
    part = part_index(doc)
    references = ID["source/"].value
    links, in_references, unnamed = [], [], []
    for mark in interlanguage_marks(doc.text):
        if part(mark.start).startswith(references):
            in_references.append(mark)
            continue
        before = doc.text[: mark.start]
        named = sorted(
            ((text, ids) for text, ids in names.items() if before.endswith(text)),
            key=lambda pair: -len(pair[0]),
        )
        if not named or len(named[0][1]) != 1:
            unnamed.append(mark)
            continue
        text, (entity,) = named[0]
        start = mark.start - len(text)
        evidence = Evidence(
            exact=doc.text[start : mark.end],
            start=start,
            end=mark.end,
            prefix=doc.text[max(0, start - CONTEXT) : start],
            suffix=doc.text[mark.end : mark.end + CONTEXT],
            part=part(start),
            file="graph_builder/corpus/article.txt",
            line=doc.text.count("\n", 0, start) + 1,
        )
        links.append(Link(entity, mark.title, True, Support(evidence=evidence), FROM_MARK))
    return links, in_references, unnamed


def load_links(doc: Document, curation: Curation, path: Path = LINKS_FILE) -> Links:
    """Gives every link out: the article's marks first, then the curated file's."""
    marked, in_references, unnamed = _mark_links(doc, curation)
    by_entity: dict[str, Link] = {}
    for link in marked:
        # One entity marked twice (蘇拉特·海珊諾夫英語Suret Huseynov, twice) is one link.
        by_entity.setdefault(link.entity, link)
    known = {entity.id for entity in curation.entities}
    data, lines = read_yaml(path, LinksFile)
    for i, spec in enumerate(data.links):
        line = line_of(("links", i), lines)
        if spec.entity not in known:
            raise CurationError(
                "no curated actor, place or event has this id",
                file=path,
                line=line,
                value=spec.entity,
            )
        if spec.entity in by_entity:
            marked_as = f"{ENGLISH}{by_entity[spec.entity].title}"
            raise CurationError(
                f"already linked by the article's own mark ({marked_as})",
                file=path,
                line=line,
                value=spec.entity,
            )
        if not spec.wikipedia or spec.wikipedia != spec.wikipedia.strip():
            raise CurationError(
                "a Wikipedia title is needed, without spaces around it",
                file=path,
                line=line,
                value=spec.wikipedia,
            )
        by_entity[spec.entity] = Link(
            spec.entity,
            spec.wikipedia,
            spec.match == "exact",
            Support(basis=f"general knowledge: {spec.basis}"),
            FROM_KNOWLEDGE,
        )
    return Links(tuple(by_entity.values()), tuple(in_references), tuple(unnamed))
