"""The languages check: a label's tag fits its script (no Chinese in an English label, no
Latin-only Chinese label), Russian is tagged ru; a failing and a passing example, the gate
stopping a build, and the real graph passing it."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from graph_builder import iris
from graph_builder.checks import gates, language_tags
from graph_builder.errors import ValidationError
from graph_builder.namespaces import NKKG, RDFS, SKOS

THING = NamedNode("https://w3id.org/nkkg/id/actor/example")
GRAPH = iris.graph("curated")


def quad(predicate: NamedNode, text: str, lang: str) -> Quad:
    return Quad(THING, predicate, Literal(text, language=lang), GRAPH)


@pytest.mark.parametrize(
    ("predicate", "text", "lang", "wrong"),
    [
        (RDFS.label, "Armenian side: 多達23萬", "en", "an English label with Chinese characters"),
        (SKOS.prefLabel, "Demoyan, Hayk", "zh-Hant", "a Chinese label without a Chinese character"),
        (SKOS.altLabel, "Rahim Gaziyev", "zh-Hans", "a Chinese label without a Chinese character"),
        (NKKG.startAsWritten, "1993 году", "zh-Hant", "Russian words not tagged ru"),
        (NKKG.outcome, "Это стало во многом причиной кризиса", "en", "Russian words not tagged ru"),
    ],
)
def test_a_tag_against_the_script_is_found(
    predicate: NamedNode, text: str, lang: str, wrong: str
) -> None:
    (finding,) = language_tags.findings([quad(predicate, text, lang)])
    assert finding.endswith(wrong) and text in finding


@pytest.mark.parametrize(
    ("predicate", "text", "lang"),
    [
        (RDFS.label, "Armenia denies: a massacre took place at Khojaly", "en"),
        (SKOS.prefLabel, "海克·德莫揚", "zh-Hant"),
        (SKOS.prefLabel, "MEGA OIL石油公司", "zh-Hant"),  # Chinese with a Latin name in it
        (NKKG.startAsWritten, "1993 году", "ru"),
        (NKKG.note, "the excerpt gives the same figure (в 1993 году)", "en"),  # mostly English
        (NKKG.asWritten, "485", "zh-Hant"),  # not a label: digits in a Chinese text
    ],
)
def test_a_tag_that_fits_passes(predicate: NamedNode, text: str, lang: str) -> None:
    assert language_tags.findings([quad(predicate, text, lang)]) == []


def test_the_gate_stops_on_a_wrong_tag() -> None:
    outcome = gates.languages([quad(RDFS.label, "Lachin:1,835", "zh-Hant")])
    assert not outcome.passed and "1 tagged against their script" in outcome.summary
    with pytest.raises(ValidationError, match="languages check failed"):
        outcome.raise_if_failed()


def test_the_graph_passes_the_languages_check(store: Store) -> None:
    assert language_tags.findings(list(store)) == []
