"""The claims on the real graph: every version of a figure with claimant, reference, bound, scope,
words and gloss; the figures' verdicts as the canned queries give them; labels that say what is
claimed, in each language; names by side; no bare figure."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Literal, NamedNode, Store, Variable

from graph_builder import iris
from graph_builder.claims import coverage
from graph_builder.claims.claim import build_claims
from graph_builder.curation.loader import load_curation
from graph_builder.document.records import Document

QUERIES = Path(__file__).resolve().parent.parent / "queries"
CLAIMS_COLUMNS = [
    "claim",
    "variable",
    "subject",
    "subjectLabel",
    "quantityKind",
    "value",
    "min",
    "max",
    "bound",
    "unit",
    "scope",
    "claimant",
    "claimantLabel",
    "refNumber",
    "page",
    "asWritten",
    "quote",
]
DISPUTED_COLUMNS = [
    "variable",
    "variableLabel",
    "reason",
    "claim",
    "asWritten",
    "value",
    "min",
    "max",
    "bound",
    "claimantLabel",
    "refs",
]
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
PREFIXES = """PREFIX nkkg: <https://w3id.org/nkkg/ontology/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX id: <https://w3id.org/nkkg/id/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def run(store: Store, name: str, **params: NamedNode | Literal) -> tuple[list[str], list[dict]]:
    query = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    solutions = store.query(
        query,
        use_default_graph_as_union=True,
        substitutions={Variable(k): v for k, v in params.items()},
    )
    names = [v.value for v in solutions.variables]
    rows = [{n: row[n].value for n in names if row[n] is not None} for row in solutions]
    return names, rows


def ask(store: Store, query: str) -> list[tuple[str | None, ...]]:
    rows = store.query(PREFIXES + query, use_default_graph_as_union=True)
    return [tuple(None if term is None else term.value for term in row) for row in rows]


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def pref(store: Store, thing: str, lang: str) -> list[str]:
    """Gives the preferred labels of `thing` (a prefixed id like event/x) in a language."""
    rows = ask(
        store,
        f"SELECT ?l WHERE {{ <https://w3id.org/nkkg/id/{thing}> skos:prefLabel ?l "
        f'FILTER(LANG(?l) = "{lang}") }}',
    )
    return [row[0] for row in rows]


def test_every_version_of_the_khojaly_deaths(store: Store) -> None:
    names, rows = run(store, "claims", about=iris.entity("event", "khojaly-massacre"))
    assert names[: len(CLAIMS_COLUMNS)] == CLAIMS_COLUMNS  # stable for CSV users
    assert names[len(CLAIMS_COLUMNS) :][:5] == [
        "gloss",
        "verdict",
        "period",
        "citationRule",
        "weighing",
    ]
    deaths = {
        (r.get("asWritten"), r["scope"], r["claimantLabel"], r.get("refNumber"), r["verdict"])
        for r in rows
        if local(r.get("quantityKind", "")) == "deaths"
    }
    assert deaths == {
        ("485", "total", "unattributed", "33", "disputed"),
        ("613", "civilians", "Azerbaijani authorities", "67", "disputed"),
        ("106", "women", "Azerbaijani authorities", "67", "disputed"),
        ("83", "children", "Azerbaijani authorities", "67", "disputed"),
        ("幾百", "civilians", "Azerbaijani side", None, "disputed"),
        ("幾百", "civilians", "other sources", None, "disputed"),
    }  # never the Boston Globe's four years of conflict: that figure is the war's
    by_claim = {local(r["claim"]): r for r in rows}
    conservative = by_claim["khojaly-deaths-conservative-estimate"]
    assert conservative["value"] == "485" and conservative["bound"] == "approximate"
    assert conservative["weighing"] == "保守估計" and conservative["citationRule"] == "sentence"
    assert conservative["gloss"].startswith("The exact death toll was never verified")
    keys = [(r["claim"], r.get("claimant"), r.get("refNumber")) for r in rows]
    assert len(keys) == len(set(keys))  # one row per claim, claimant and reference


def test_the_article_weighs_485_and_the_weighing_is_the_articles(store: Store) -> None:
    rows = ask(
        store,
        """SELECT ?words ?by WHERE { id:claim\\/khojaly-deaths-conservative-estimate
          nkkg:weighing/oa:hasSelector/oa:exact ?words ; nkkg:weighedBy ?by }""",
    )
    assert rows == [("保守估計", iris.document().value)]


def test_disputed_lists_the_disputed_figures_with_scope_and_verdict(store: Store) -> None:
    names, rows = run(store, "disputed")
    assert names == [*DISPUTED_COLUMNS, "scope", "verdict"]
    assert {r["verdict"] for r in rows} == {"disputed"}
    figures = {local(r["variable"]) for r in rows}
    assert {
        "khojaly-massacre--deaths",
        "sumgait-pogrom--deaths",
        "surrounding-districts-of-nagorno-karabakh--territoryShare",
        "armenian-side--displaced",
    } <= figures
    assert (
        not {
            "azerbaijani-side--displaced",
            "chechen-fighters--fighters",
            "popular-front-volunteer-battalions--militaryUnits--1993",
            "ukraine--tanks",
        }
        & figures
    )
    khojaly = [r for r in rows if local(r["variable"]) == "khojaly-massacre--deaths"]
    assert {(r["asWritten"], r["scope"]) for r in khojaly} >= {
        ("485", "total"),
        ("613", "civilians"),
    }
    assert "613 (civilians, Azerbaijani authorities)" in khojaly[0]["reason"]
    vague = next(r for r in khojaly if r["asWritten"] == "幾百")
    assert set(vague["claimantLabel"].split(" and ")) == {"Azerbaijani side", "other sources"}
    sumgait = {
        (r["asWritten"], r["bound"], r["claimantLabel"])
        for r in rows
        if local(r["variable"]) == "sumgait-pogrom--deaths"
    }
    assert sumgait == {("32", "exact", "Soviet Union"), ("32", "lower", "Armenians")}
    armenian = {
        r["asWritten"]: r["refs"] for r in rows if local(r["variable"]) == "armenian-side--deaths"
    }
    assert armenian == {"5,856": "20", "6,000": "21", "1,264": "20"}  # two sources; civilians


def test_each_pair_is_published_with_its_result(store: Store) -> None:
    rows = ask(
        store,
        """SELECT ?result (COUNT(*) AS ?n) WHERE {
          ?pair nkkg:comparisonOf id:variable\\/khojaly-massacre--deaths ;
                nkkg:comparisonResult ?result } GROUP BY ?result""",
    )
    found = dict(rows)
    assert found["conflicts"] == "1" and found["agrees"] == "1" and found["narrower scope"] == "7"


def test_parts_and_what_a_figure_is_reported_with(store: Store) -> None:
    parts = ask(
        store,
        """SELECT ?part ?whole WHERE { ?part nkkg:partOfVersion ?whole ;
          nkkg:about id:event\\/khojaly-massacre }""",
    )
    assert {(local(p), local(w)) for p, w in parts} == {
        (
            "khojaly-women-deaths-azerbaijani-authorities",
            "khojaly-civilian-deaths-azerbaijani-authorities",
        ),
        (
            "khojaly-children-deaths-azerbaijani-authorities",
            "khojaly-civilian-deaths-azerbaijani-authorities",
        ),
    }
    globe = ask(
        store,
        """SELECT ?about ?with ?bound ?ref WHERE {
          id:claim\\/khojaly-deaths-boston-globe-four-years nkkg:about ?about ;
            nkkg:reportedWith ?with ; nkkg:bound ?bound ;
            nkkg:citation [ nkkg:source/nkkg:referenceNumber ?ref ;
                            nkkg:citationRule "reported item" ] }""",
    )
    assert [(local(a), local(w), b, r) for a, w, b, r in globe] == [
        ("first-nagorno-karabakh-war", "khojaly-massacre", "lower", "68")
    ]


def test_labels_say_what_is_claimed_in_each_language(store: Store) -> None:
    def labels(key: str) -> dict[str, str]:
        rows = store.query(
            f"SELECT ?l WHERE {{ <{iris.claim(key).value}> "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?l }",
            use_default_graph_as_union=True,
        )
        return {row[0].language: row[0].value for row in rows}

    denial = labels("armenia-denies-khojaly-massacre")
    assert denial == {
        "en": "Armenia denies: a massacre took place at Khojaly",
        "zh-hant": "亞美尼亞否認:霍賈雷發生了屠殺",
    }
    # the verb agrees with who: a group described by a plural noun, or a proper name
    assert labels("khojaly-organised-killing-accusation")["en"].startswith(
        "Transnational organisations accuse: "
    )
    assert labels("pilots-testimony-raids-targeted-civilians")["en"].startswith(
        "Russian and Ukrainian pilots of the Azerbaijani Air Force accuse: "
    )
    assert labels("soviet-security-forces-supported-azerbaijan-europa")["en"].startswith(
        "Europa Publications states: "
    )
    # a number in an English excerpt is said in Chinese in the Chinese label, bound and all
    assert labels("afghan-mujahideen-fighters-charalampidis")["zh-hant"] == (
        "阿富汗聖戰士:戰鬥人員數,約1,500–3,000——約阿尼斯·哈拉蘭皮迪斯"
    )
    official = labels("khojaly-civilian-deaths-azerbaijani-authorities")
    assert official["en"] == "Khojaly massacre: deaths (civilians), 613 — Azerbaijani authorities"
    assert official["zh-hant"] == "霍賈雷大屠殺:死亡人數(平民),613名——亞塞拜然當局"
    assert labels("armenians-of-azerbaijan-displaced-lead")["en"] == (
        "Armenian side: displaced, up to 230,000 — unattributed"
    )
    shared = ask(
        store,
        """SELECT ?l WHERE { ?c a nkkg:Claim ; rdfs:label ?l } GROUP BY ?l
        HAVING (COUNT(DISTINCT ?c) > 1)""",
    )
    assert shared == []  # where one figure is given thrice, each label says where: "(table)"
    # no claim that denies the massacre is titled with its name
    titled = ask(
        store,
        """SELECT ?c WHERE { ?c nkkg:polarity "denies" ; rdfs:label ?l
          FILTER(CONTAINS(?l, "Khojaly massacre") || CONTAINS(?l, "霍賈雷大屠殺")) }""",
    )
    assert titled == []


def test_every_quote_not_in_english_has_a_gloss_of_its_own(store: Store) -> None:
    rows = ask(
        store,
        """SELECT ?c ?words ?gloss WHERE { ?c a nkkg:Claim ;
          nkkg:hasEvidence/oa:hasSelector/oa:exact ?words . OPTIONAL { ?c nkkg:gloss ?gloss } }""",
    )
    chinese = [(c, w, g) for c, w, g in rows if any("\u4e00" <= ch <= "\u9fff" for ch in w)]
    assert chinese and all(g for _, _, g in chinese)
    assert all(g != w for _, w, g in chinese)  # the curators' words, never the article's


def test_the_rdf12_form_keeps_the_bound_and_asserts_nothing(store: Store) -> None:
    def reified(key: str) -> set[tuple[str, str]]:
        rows = store.query(f"""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            SELECT ?p ?v WHERE {{ GRAPH <https://w3id.org/nkkg/graph/claims-rdf12> {{
              <{iris.claim(key).value}> rdf:reifies <<( ?s ?p ?v )>> }} }}""")
        return {(local(r[0].value.rsplit("/", 1)[0]), r[1].value) for r in rows}

    assert reified("khojaly-deaths-conservative-estimate") == {("figureApprox", "485")}
    assert reified("khojaly-deaths-boston-globe-four-years") == {("figureMin", "1000")}  # over 1000
    assert reified("armenians-of-azerbaijan-displaced-lead") == {("figureMax", "230000")}
    assert reified("khojaly-civilian-deaths-azerbaijani-authorities") == {("figure", "613")}
    bare = store.query(
        """ASK { <https://w3id.org/nkkg/id/event/khojaly-massacre>
        <https://w3id.org/nkkg/ontology/figure/deaths> ?v }""",
        use_default_graph_as_union=True,
    )
    assert not bool(bare)  # never a bare triple


def test_by_claimant_and_by_source(store: Store) -> None:
    _, rows = run(store, "by-claimant", claimant=iris.entity("actor", "azerbaijani-authorities"))
    assert {r["asWritten"] for r in rows} == {"613", "106", "83"}
    _, rows = run(store, "by-source", ref=Literal("33", datatype=XSD_INTEGER))
    assert "khojaly-deaths-conservative-estimate" in {local(r["claim"]) for r in rows}
    _, rows = run(store, "by-source", ref=Literal("21", datatype=XSD_INTEGER))
    pages = {r.get("page") for r in rows}
    assert pages == {"285"}  # [21] is de Waal 2003, p. 285


def test_denials_and_refuted_charges_are_attributed_claims(store: Store) -> None:
    _, rows = run(store, "by-claimant", claimant=iris.entity("actor", "armenia"))
    assert "denies" in {r.get("polarity") for r in rows}
    refuted = ask(
        store,
        """SELECT ?words WHERE { ?c nkkg:polarity "refuted" ;
          nkkg:weighing/oa:hasSelector/oa:exact ?words }""",
    )
    assert ("被證明是子虛烏有",) in refuted


def test_claimants_as_the_article_names_them(store: Store) -> None:
    rows = ask(
        store,
        """SELECT ?c ?who WHERE {
          VALUES ?c { id:claim\\/ethnic-cleansing-accusation-against-armenian-side
            id:claim\\/khojaly-organised-killing-accusation
            id:claim\\/popular-front-volunteer-battalions-disbanded }
          ?c nkkg:claimant ?who }""",
    )
    assert {(local(c), local(w)) for c, w in rows} == {
        ("ethnic-cleansing-accusation-against-armenian-side", "azerbaijani"),  # a side
        ("khojaly-organised-killing-accusation", "transnational-organisations"),
        ("popular-front-volunteer-battalions-disbanded", "laura-baghdasaryan"),  # the authors
        ("popular-front-volunteer-battalions-disbanded", "arif-yunusov"),
    }


def test_no_claim_is_marked_true_or_preferred_by_us(store: Store) -> None:
    predicates = {r[0] for r in ask(store, "SELECT DISTINCT ?p WHERE { ?c a nkkg:Claim ; ?p ?o }")}
    assert not {p for p in predicates if local(p).lower() in {"preferred", "true", "verified"}}


def test_distinct_resources_have_distinct_titles(store: Store) -> None:
    shared = ask(
        store,
        """SELECT ?label (COUNT(DISTINCT ?thing) AS ?n) WHERE {
          ?thing skos:prefLabel ?label FILTER(LANG(?label) = "en" || LANG(?label) = "zh-hant")
          FILTER NOT EXISTS { ?thing a skos:Concept }
          FILTER NOT EXISTS { ?thing a nkkg:Role } }  # an office several people hold
        GROUP BY ?label HAVING (COUNT(DISTINCT ?thing) > 1)""",
    )
    assert shared == []
    assert ask(
        store,
        'SELECT ?l WHERE { id:place\\/lachin-district skos:prefLabel ?l FILTER(LANG(?l) = "en") }',
    ) == [("Lachin District",)]


def test_names_by_side(store: Store) -> None:
    rows = ask(
        store,
        """SELECT ?thing ?name ?side WHERE { ?s a rdf:Statement ; rdf:subject ?thing ;
          rdf:predicate rdfs:label ; rdf:object ?name ; nkkg:usedBy ?side }""",
    )
    by_side = {(local(t), n, local(s)) for t, n, s in rows}
    assert {
        ("kalbajar", "Kalbajar", "azerbaijani"),
        ("kalbajar", "Karvachar", "armenian"),
        ("aghdam", "Aghdam", "azerbaijani"),
        ("aghdam", "Akna", "armenian"),
        ("lachin", "Lachin", "azerbaijani"),
        ("lachin", "Berdzor", "armenian"),
        ("khojaly", "Ivanyan", "armenian"),
        ("nagorno-karabakh-republic", "Republic of Artsakh", "armenian"),
    } <= by_side
    assert pref(store, "actor/nagorno-karabakh-republic", "en") == ["Nagorno-Karabakh Republic"]


def test_a_fragment_of_a_sentence_is_a_mention_not_a_name(store: Store) -> None:
    quake = "id:event\\/1988-armenian-earthquake"
    assert ask(
        store, f'SELECT ?l WHERE {{ {quake} skos:prefLabel ?l FILTER(LANG(?l) = "zh-hant") }}'
    ) == [("1988年亞美尼亞地震",)]
    assert ask(store, f'SELECT ?l WHERE {{ {quake} rdfs:label "地震"@zh-Hant }}') == []
    words = f"SELECT ?w WHERE {{ {quake} nkkg:mention/oa:hasSelector/oa:exact ?w }}"
    (mention,) = ask(store, words)
    assert "地震" in (mention[0] or "")  # the article's phrase, anchored


def test_every_quantity_number_is_claimed_or_excluded(doc: Document) -> None:
    curation = load_curation(doc)
    claims = build_claims(doc, curation)
    report = coverage.report(doc, curation, claims).numbers
    assert [(m.start, m.text) for m in report.uncovered] == []
    assert report.percent == 100.0 and len(report.covered) >= 200
    assert all(e.reason for e in claims.exclusions)
    assert [e.number.exact for e in claims.exclusions] == ["13"]  # a century, not a quantity
