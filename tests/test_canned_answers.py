"""Every canned query runs on the real graph with its declared defaults, and a test holds one
known answer for each (the claim, narrative and parameter tests hold more)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pyoxigraph import Store

from server.canned.queries import load_all

Rows = list[dict[str, str]]
ID = "https://w3id.org/nkkg/id/"


def _has(rows: Rows, **expected: str) -> bool:
    return any(all(r.get(k) == v for k, v in expected.items()) for r in rows)


KNOWN: dict[str, Callable[[Rows], bool]] = {
    "actors-by-side": lambda rows: _has(
        rows, actor=ID + "actor/armenia", sideOf="https://w3id.org/nkkg/ontology/side/armenian"
    ),
    "by-claimant": lambda rows: _has(
        rows, claim=ID + "claim/azerbaijan-denies-recruiting-mujahideen", polarity="denies"
    ),
    "by-source": lambda rows: _has(rows, claim=ID + "claim/khojaly-deaths-conservative-estimate"),
    "casualties-by-side": lambda rows: _has(
        rows, subject=ID + "event/1988-armenian-earthquake", asWritten="估計有25,000"
    ),
    "citations-backing-no-claim": lambda rows: _has(rows, ref="1", markers="1"),
    "claims": lambda rows: _has(
        rows, asWritten="613", claimantLabel="Azerbaijani authorities", refNumber="67"
    ),
    "claims-by-label": lambda rows: _has(rows, asWritten="485", refNumber="33"),
    "commanders": lambda rows: (
        len(rows) >= 23 and _has(rows, commander=ID + "actor/robert-kocharyan")
    ),
    "contradictions": lambda rows: _has(
        rows, contradiction=ID + "contradiction/stepanakert-spelling"
    ),
    "disputed": lambda rows: _has(
        rows, variable=ID + "variable/khojaly-massacre--deaths", asWritten="613", scope="civilians"
    ),
    "engagements": lambda rows: _has(
        rows,
        event=ID + "event/capture-of-shusha",
        role="participant",
        sideOf="https://w3id.org/nkkg/ontology/side/armenian",
    ),
    "equipment-balance": lambda rows: _has(
        rows, subjectLabel="Azerbaijan", kindLabel="tanks", asWritten="280"
    ),
    "events-in-range": lambda rows: _has(
        rows, event=ID + "event/capture-of-shusha", start="1992-05-08"
    ),
    # the default place is Stepanakert; Khojaly lies 10 km to its north
    "events-near": lambda rows: (
        _has(rows, event=ID + "event/khojaly-massacre", at=ID + "place/khojaly", distance="10.3")
        and not _has(rows, at=ID + "place/baku")
    ),
    "fact-check": lambda rows: _has(
        rows,
        object="https://w3id.org/nkkg/ontology/Settlement",
        words="亞塞拜然指揮部堅守舒沙這座該地區唯一的軍事據點",
    ),
    "figures-by-kind": lambda rows: _has(rows, asWritten="450萬", value="4500000"),
    "foreign-involvement": lambda rows: _has(
        rows, subject=ID + "actor/chechen-fighters", asWritten="300"
    ),
    "label-search": lambda rows: _has(rows, resource=ID + "place/shusha", label="舒沙"),
    "most-cited-sources": lambda rows: rows[0]["ref"] == "33" and rows[0]["backrefs"] == "13",
    "offices": lambda rows: _has(
        rows, actor=ID + "actor/abulfaz-elchibey", roleLabel="President of Azerbaijan"
    ),
    "places": lambda rows: _has(
        rows, place=ID + "place/stepanakert", **{"in": ID + "place/nagorno-karabakh"}
    ),
    "places-fought-over": lambda rows: _has(
        rows, place=ID + "place/shusha", event=ID + "event/capture-of-shusha"
    ),
    "short-citations": lambda rows: (
        _has(rows, ref="21", fullRef="33", page="285") and _has(rows, ref="8", author="Taarnby")
    ),
    "timeline": lambda rows: rows[0]["event"] == ID + "event/october-revolution",
    "uncited-claims": lambda rows: _has(
        rows, claim=ID + "claim/khojaly-civilian-deaths-azerbaijani-side"
    ),
}


def test_every_canned_query_has_a_known_answer() -> None:
    assert set(KNOWN) == set(load_all())


@pytest.mark.parametrize("name", sorted(load_all()))
def test_canned_query_gives_its_known_answer(store: Store, name: str) -> None:
    query = load_all()[name]
    solutions = store.query(
        query.text, use_default_graph_as_union=True, substitutions=query.substitutions({})
    )
    names = [v.value for v in solutions.variables]
    rows = [{n: row[n].value for n in names if row[n] is not None} for row in solutions]
    assert rows, f"{name} answers nothing"
    assert KNOWN[name](rows), f"{name}: the known answer is missing"
