"""The HTML pages in process, read by their structure and held to the graph's own answers:
names with their languages and sides, links to this server, an entity's figures grouped by
disputed variable, a source's claims, a disputed figure's chart, the class index's counts, the
timeline's order, the home page and its counts beside the README's."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from html_tree import has_class, parse, text
from pyoxigraph import NamedNode, Store, Variable
from starlette.testclient import TestClient

from graph_builder import iris
from graph_builder.namespaces import BASE, NKKG, sparql_prologue

KHOJALY_MASSACRE = iris.entity("event", "khojaly-massacre")
HTML = {"Accept": "text/html"}


def select(store: Store, query: str, **bound: NamedNode) -> list[dict[str, object]]:
    solutions = store.query(
        sparql_prologue() + query,
        use_default_graph_as_union=True,
        substitutions={Variable(name): term for name, term in bound.items()},
    )
    names = [v.value for v in solutions.variables]
    return [{n: row[n] for n in names if row[n] is not None} for row in solutions]


def property_row(root: ET.Element, section: str, name: str) -> ET.Element:
    """Gives the row of property `name` (e.g. nkkg:place) in the page's `section`."""
    rows = root.findall(f".//section[@id='{section}']//tr")
    matches = [r for r in rows if r.find("th") is not None and text(r.find("th")) == name]
    assert len(matches) == 1, (section, name)
    return matches[0]


def page(client: TestClient, path: str, status: int = 200):
    response = client.get(path, headers=HTML)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return parse(response.text)


def path_of(iri: NamedNode) -> str:
    served = iris.served_path(iri.value)
    assert served is not None
    return served


def test_names_carry_their_language_and_the_side_that_uses_them(
    client: TestClient, store: Store
) -> None:
    shusha = iris.entity("place", "shusha")
    root = page(client, path_of(shusha))
    [preferred] = select(
        store,
        "SELECT ?name ?resource WHERE { ?resource skos:prefLabel ?name "
        'FILTER(LANG(?name) = "en") }',
        resource=shusha,
    )
    assert text(root.find(".//h1")) == preferred["name"].value  # the curated one, not a side's
    rows = [
        [cell for cell in row.findall("td")]
        for row in root.findall(".//section[@id='names']//tbody/tr")
    ]
    names = {(text(cells[1]), cells[1].get("lang"), text(cells[3])) for cells in rows}
    assert ("Shushi", "en", "Armenian side") in names
    assert ("Shusha", "en", "Azerbaijani side") in names
    assert {lang for _, lang, _ in names} == {"zh-Hant", "zh-Hans", "en"}
    langs = {e.get("lang") for e in root.iter() if e.get("lang")}
    assert not {lang for lang in langs if lang != lang.lower() and "-" not in lang}
    assert "zh-hant" not in langs and "zh-hans" not in langs  # the registered case, not the store's


def test_links_go_to_this_servers_pages_and_answer(client: TestClient) -> None:
    root = page(client, path_of(KHOJALY_MASSACRE))
    hrefs = {a.get("href") for a in root.iter("a")}
    assert not [h for h in hrefs if h.startswith(BASE)]  # graph IRIs link to this server
    places = property_row(root, "properties", "nkkg:place")
    assert {(a.get("href"), text(a)) for a in places.iter("a")} >= {
        ("/id/place/khojaly", "Khojaly")
    }
    graph_links = sorted(h for h in hrefs if h.startswith(("/id/", "/ontology/")))
    assert len(graph_links) > 20
    for href in graph_links:
        assert client.get(href.split("#")[0], headers=HTML).status_code == 200, href
    incoming = page(client, "/id/place/khojaly").find(".//section[@id='incoming']")
    assert incoming is not None
    assert "/id/event/khojaly-massacre" in {a.get("href") for a in incoming.iter("a")}


def test_an_entitys_figures_are_grouped_by_disputed_variable(
    client: TestClient, store: Store
) -> None:
    root = page(client, path_of(KHOJALY_MASSACRE))
    expected = Counter(
        iris.served_path(row["variable"].value) if "variable" in row else None
        for row in select(
            store,
            "SELECT ?claim ?variable ?resource WHERE { ?claim a nkkg:Claim "
            # and the figures the article reports with it, about something else
            "{ ?claim nkkg:about ?resource } UNION { ?claim nkkg:reportedWith ?resource } "
            "OPTIONAL { ?claim nkkg:variable ?variable } }",
            resource=KHOJALY_MASSACRE,
        )
    )
    shown: Counter[str | None] = Counter()
    groups = [s for s in root.find(".//section[@id='figures']").iter("section")]
    for group in [g for g in groups if has_class(g, "figure-group")]:
        link = group.find("h4/a")
        shown[link.get("href") if link is not None else None] += len(
            group.findall(".//tr[@class='claim']")
        )
    assert shown == expected


def test_a_figure_shows_claimant_full_citation_and_the_marked_words_in_their_sentence(
    client: TestClient, store: Store
) -> None:
    root = page(client, path_of(KHOJALY_MASSACRE))
    rows = {
        text(r.find(".//span[@class='value']")): r
        for r in root.iter("tr")
        if has_class(r, "claim") and r.find(".//span[@class='value']") is not None
    }
    conservative, official = rows["485"], rows["613"]
    assert text(conservative.find(".//span[@class='claimant unattributed']")) == "unattributed"
    citation = text(conservative.find(".//span[@class='citation']"))
    for part in ("[33]", "de Waal, Thomas", "Black Garden", "New York University Press", "2003"):
        assert part in citation
    assert "Azerbaijani authorities" in text(official.find(".//a[@class='claimant']"))
    [sentence] = select(
        store,
        "SELECT ?text ?resource WHERE { ?resource nkkg:hasEvidence/nkkg:inPart/nkkg:text ?text }",
        resource=iris.claim("khojaly-deaths-conservative-estimate"),
    )
    words = conservative.find(".//blockquote[@class='words']")
    assert text(words.find("mark")) == "確切的死亡數字從未被證實,但是保守估計死亡人數有485人"
    assert text(words) == sentence["text"].value  # the quote inside its whole sentence
    assert words.get("lang") == "zh-Hant"


def test_a_source_page_lists_every_claim_that_cites_it(client: TestClient, store: Store) -> None:
    for number in (33, 21, 67):
        source = iris.source(number)
        expected = {
            iris.served_path(row["claim"].value)
            for row in select(
                store,
                "SELECT DISTINCT ?claim ?resource WHERE "
                "{ { ?claim nkkg:citation/nkkg:source ?resource }"
                " UNION { ?claim nkkg:citation/nkkg:source/nkkg:resolvesTo ?resource } }",
                resource=source,
            )
        }
        root = page(client, path_of(source))
        shown = {
            r.get("id") for r in root.findall(".//section[@id='citing-claims']//tr[@class='claim']")
        }
        assert shown == expected and expected, number
    short = page(client, path_of(iris.source(21)))
    citations = [text(c) for c in short.iter("span") if has_class(c, "citation")]
    assert any("Cited page: 285" in c and "Black Garden" in c for c in citations)


def test_a_disputed_variable_draws_each_version_on_one_axis(
    client: TestClient, store: Store
) -> None:
    variable = iris.variable("khojaly-massacre--deaths")
    root = page(client, path_of(variable))
    svg = root.find(".//figure[@class='chart']/svg")
    assert svg is not None
    rows = [g for g in svg.iter("g") if has_class(g, "version")]
    claims = select(
        store,
        "SELECT ?claim ?resource WHERE { ?claim nkkg:variable ?resource }",
        resource=variable,
    )
    assert len(rows) == len(claims) == len(root.findall(".//tr[@class='claim']")) == 5
    assert sorted(text(g.find("text")) for g in rows) == [
        "Azerbaijani authorities: 106",
        "Azerbaijani authorities: 613",
        "Azerbaijani authorities: 83",
        "Azerbaijani side and other sources: 幾百",
        "unattributed: 485",
    ]


def test_the_class_index_counts_what_a_sparql_count_counts(
    client: TestClient, store: Store
) -> None:
    root = page(client, "/classes")
    shown = {c.get("data-class"): int(text(c)) for c in root.iter("td") if has_class(c, "count")}
    counts = {
        row["class"].value.removeprefix(str(NKKG)): int(row["n"].value)
        for row in select(
            store,
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class "
            "FILTER(STRSTARTS(STR(?class), STR(nkkg:))) } GROUP BY ?class",
        )
    }
    assert shown == counts
    assert shown["Event"] == 129 and shown["Source"] == 90
    massacres = page(client, "/classes/Massacre")
    links = {a.get("href") for a in massacres.findall(".//table[@class='members']//a")}
    assert len(links) == counts["Massacre"] and "/id/event/khojaly-massacre" in links
    page(client, "/classes/NoSuchClass", status=404)


def test_the_timeline_is_in_time_order_at_the_precision_given(
    client: TestClient, store: Store
) -> None:
    root = page(client, "/timeline")
    events = [li for li in root.iter("li") if has_class(li, "event") and li.get("data-start")]
    assert [int(li.get("data-order")) for li in events] == list(range(1, len(events) + 1))
    expected = {
        iris.served_path(row["event"].value): (row["start"].value, row["start"].datatype.value)
        for row in select(
            store,
            "SELECT ?event ?start WHERE { ?event nkkg:timelineOrder ?o ; nkkg:startDate ?start }",
        )
    }
    assert len(events) == len(expected) == 81
    precision = {"gYear": "year", "gYearMonth": "month", "date": "day"}
    for li in events:
        start = li.find("time[@class='start']").get("datetime")
        value, datatype = expected[li.find("a").get("href")]
        assert start == value
        assert text(li.find("span[@class='precision']")) == precision[datatype.rsplit("#")[-1]]
        assert li.get("data-precision") == precision[datatype.rsplit("#")[-1]]
    in_order = select(
        store, "SELECT ?event WHERE { ?event nkkg:timelineOrder ?order } ORDER BY ?order"
    )
    assert [li.find("a").get("href") for li in events] == [
        iris.served_path(row["event"].value) for row in in_order
    ]
    assert "1917年11月" in text(events[0])  # the words as written


def test_the_home_page_counts_and_points_everywhere(client: TestClient, store: Store) -> None:
    root = page(client, "/")
    hrefs = {a.get("href") for a in root.iter("a")}
    for entry in (
        "/search",
        "/classes",
        "/timeline",
        "/classes/DisputedVariable",
        "/queries/disputed",  # the figures whose versions disagree, not all 119
        "/query",
        "/queries",
        "/dumps/",
        "/ontology",
        "/sparql",
    ):
        assert entry in hrefs
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in hrefs
    # The default graph: every graph but the RDF 1.2 one.
    [total] = select(
        store,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER(?g != <https://w3id.org/nkkg/graph/claims-rdf12>) }",
    )
    stats = text(root.find(".//ul[@class='stats']"))
    assert f"{int(total['n'].value):,} triples" in stats
    assert "129 events" in stats.lower()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=Shusha",
        "/classes",
        "/timeline",
        "/map",
        "/article",
        "/ontology/side/armenian",
        "/id/place/khojaly",
        "/id/event/khojaly-massacre",
    ],
)
def test_pages_use_only_the_apps_own_assets_and_no_inline_script(
    client: TestClient, path: str
) -> None:
    """What a Content-Security-Policy of `script-src 'self'` lets run: script files of the
    app's own, no inline code, no on*= handlers; and nothing loaded from elsewhere."""
    root = page(client, path)
    for element in root.iter():
        for attribute in ("src", "href"):
            url = element.get(attribute)
            if url and element.tag in ("link", "script", "img", "iframe", "source"):
                assert url.startswith("/"), (path, url)
        assert not [a for a in element.attrib if a.lower().startswith("on")], (path, element.tag)
        if element.tag == "script":
            assert element.get("src", "").startswith("/static/") or (
                element.get("type") == "application/json"
            ), path
            assert element.get("src") is None or not "".join(element.itertext()).strip()
        assert "javascript:" not in (element.get("href") or "")


def test_literals_and_types_are_shown_with_their_datatype(client: TestClient) -> None:
    root = page(client, path_of(KHOJALY_MASSACRE))
    types = {text(a) for a in root.findall(".//p[@class='types']/a")}
    assert {"nkkg:Massacre", "nkkg:Event"} <= types
    start = property_row(root, "properties", "nkkg:startDate")
    assert "1992-02-25" in text(start) and "xsd:date" in text(start)


def test_a_place_shows_the_figures_of_the_events_there(client: TestClient, store: Store) -> None:
    khojaly = iris.entity("place", "khojaly")
    root = page(client, path_of(khojaly))
    expected = {
        iris.served_path(row["claim"].value)
        for row in select(
            store,
            "SELECT ?claim ?resource WHERE { ?event nkkg:place ?resource . "
            "?claim a nkkg:Claim ; nkkg:about ?event }",
            resource=khojaly,
        )
    }
    section = root.find(".//section[@id='figures-of-events-here']")
    shown = {tr.get("id") for tr in section.iter("tr") if has_class(tr, "claim")}
    assert shown == expected
    assert path_of(iris.claim("khojaly-deaths-conservative-estimate")) in shown


@pytest.mark.parametrize("path", ["/", "/search", "/classes", "/classes/Event", "/timeline"])
def test_the_pages_answer_reads_only(client: TestClient, path: str) -> None:
    assert client.head(path).status_code == 200
    refused = client.post(path)
    assert refused.status_code == 405
    assert set(refused.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_a_claimants_page_lists_the_claims_it_makes(client: TestClient, store: Store) -> None:
    authorities = iris.entity("actor", "azerbaijani-authorities")
    expected = {
        iris.served_path(row["claim"].value)
        for row in select(
            store,
            "SELECT ?claim ?resource WHERE { ?claim nkkg:claimant ?resource }",
            resource=authorities,
        )
    }
    section = page(client, path_of(authorities)).find(".//section[@id='claims-made']")
    assert {tr.get("id") for tr in section.iter("tr") if has_class(tr, "claim")} == expected
    assert path_of(iris.claim("khojaly-civilian-deaths-azerbaijani-authorities")) in expected


def test_a_page_is_not_sent_again_while_the_store_is_the_same(client: TestClient) -> None:
    first = client.get("/timeline")
    tag = first.headers["ETag"]
    again = client.get("/timeline", headers={"If-None-Match": tag})
    assert again.status_code == 304 and not again.content
    other = client.get("/search", params={"q": "Shusha"})
    assert other.headers["ETag"] != client.get("/search", params={"q": "Shushi"}).headers["ETag"]


def test_a_link_shows_the_preferred_name_not_a_sides_name(client: TestClient, store: Store) -> None:
    stepanakert = iris.entity("place", "stepanakert")
    names = select(
        store,
        'SELECT ?name ?resource WHERE { ?resource rdfs:label ?name FILTER(LANG(?name) = "en") }',
        resource=stepanakert,
    )
    [preferred] = select(
        store,
        "SELECT ?name ?resource WHERE { ?resource skos:prefLabel ?name "
        'FILTER(LANG(?name) = "en") }',
        resource=stepanakert,
    )
    assert len(names) > 1  # the city has a name per side: the link must not pick by spelling
    root = page(client, path_of(iris.entity("event", "shelling-of-stepanakert-from-khojaly")))
    links = {text(a) for a in property_row(root, "properties", "nkkg:place").iter("a")}
    assert preferred["name"].value in links
    assert not links & ({row["name"].value for row in names} - {preferred["name"].value})


def test_the_home_page_counts_what_the_readme_says_and_sparql_counts(
    client: TestClient, store: Store
) -> None:
    from pathlib import Path

    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text().split())
    [row] = select(
        store,
        """SELECT (COUNT(DISTINCT ?place) AS ?places) (COUNT(DISTINCT ?state) AS ?states)
                  (COUNT(DISTINCT ?figure) AS ?figures) (COUNT(DISTINCT ?disputed) AS ?contested)
           WHERE { { ?place a nkkg:Place OPTIONAL { ?place a nkkg:State BIND(?place AS ?state) } }
                   UNION { ?figure a nkkg:DisputedVariable
                           OPTIONAL { ?figure nkkg:disputed true
                                      BIND(?figure AS ?disputed) } } }""",
    )
    places, states = int(row["places"].value), int(row["states"].value)
    figures, disputed = int(row["figures"].value), int(row["contested"].value)
    assert (places, states, figures, disputed) == (94, 22, 149, 6)
    assert f"{places} places" in readme and f"{places - states} curated as places" in readme
    assert f"territories of {states} of the states" in readme
    assert f"{figures} figures, {disputed} of them disputed" in readme
    stats = text(page(client, "/").find(".//ul[@class='stats']"))
    assert (
        f"{places} places ({places - states} places and the territories of {states} states)"
        in stats
    )
    assert f"{figures} figures, {disputed} disputed" in stats
    assert "disputed variables" not in stats


def test_an_event_charts_every_version_of_a_kind_on_one_axis_with_the_verdict_in_words(
    client: TestClient,
) -> None:
    root = page(client, path_of(KHOJALY_MASSACRE))
    kinds = {
        text(s.find("h3")): s
        for s in root.find(".//section[@id='figures']").iter("section")
        if has_class(s, "figure-kind")
    }
    deaths = kinds["Deaths"]
    svg = deaths.find(".//svg")
    rows = [g for g in svg.iter() if g.get("class", "").startswith("version")]
    labels = {text(g.find("text")): text(g.findall("text")[1]) for g in rows}
    assert labels["unattributed: 485"] == "total"
    assert labels["Azerbaijani authorities: 613"] == "civilians"
    # 485, 613 and 幾百 on one axis, scope marked: 亞塞拜然方面和其他資料來源 names both
    assert labels["Azerbaijani side and other sources: 幾百"] == "civilians"
    assert labels["Azerbaijani authorities: 106"] == "women"  # a part of the 613, on the axis
    assert int(svg.get("width")) >= 800 and int(svg.get("font-size")) >= 12
    title, desc = svg.get("aria-labelledby").split()
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids.count(title) == ids.count(desc) == 1  # charts on one page keep their ids apart
    verdicts = {text(li) for li in deaths.iter("li") if has_class(li, "verdict")}
    # one figure, disputed because the civilians alone exceed the whole (docs/claims.md), not
    # because its claimants differ
    assert verdicts == {
        "Khojaly massacre: deaths: disputed: 613 (civilians, Azerbaijani authorities) counts a "
        "part of what about 485 (unattributed) counts, yet exceeds it: 613 against 436.5–533.5"
    }
    # the Boston Globe's count is the war's over four years, reported with Khojaly's, drawn apart
    war = kinds["Deaths — First Nagorno-Karabakh War (the article reports it here)"]
    assert [text(t) for t in war.find(".//svg").iter("text") if "Globe" in text(t)] == [
        "The Boston Globe: 超過1000"
    ]
    values = {text(v) for v in deaths.iter("span") if has_class(v, "value")}
    assert {"485", "613", "100–999", "106", "83"} <= values  # the numbers stay in the tables
    # each version says what it counts; the women and children are parts of the 613, linked
    rows = {
        text(tr.find(".//span[@class='value']")): tr
        for tr in deaths.iter("tr")
        if has_class(tr, "claim")
    }
    assert "counts: total" in text(rows["485"]) and "counts: civilians" in text(rows["613"])
    part = rows["106"].find(".//span[@class='part-of']")
    assert text(part) == "a part of 613 (civilians)"
    assert part.find("a").get("href") == rows["613"].find(".//a[@class='muted']").get("href")


def test_words_as_written_carry_the_language_they_are_written_in(client: TestClient) -> None:
    """An English excerpt's number ("over 350", Demoyan) is English on the page; the article's
    own words are zh-Hant; digits alone take the page's language."""
    spans = [
        (text(span), span.get("lang"))
        for span in page(client, path_of(iris.entity("actor", "turkish-armed-forces"))).iter("span")
        if has_class(span, "as-written")
    ]
    assert ("over 350", "en") in spans
    assert any(lang == "zh-Hant" for _, lang in spans)
    for words, lang in spans:
        cjk = any("\u3400" <= ch <= "\u9fff" for ch in words)
        latin = any(ch.isascii() and ch.isalpha() for ch in words)
        assert lang == ("zh-Hant" if cjk else "en" if latin else None), words
