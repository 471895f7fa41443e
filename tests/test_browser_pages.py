"""The pages in headless Chromium against a real `nkkg serve`: what a reader sees on an
entity's page, a disputed figure's chart, the map, the annotated reader (claim → context →
back), the timeline's filters and zoom, search's pages and spellings; axe-core on every kind of
page; a screenshot of each under test-artifacts/screenshots/. The `page` fixture fails a test
whose page asks for anything outside 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from accessibility import serious_violations
from browser import ARTIFACTS, screenshot
from live_server import LiveServer, running_server


@pytest.fixture(scope="module")
def server(built_store: Path) -> Iterator[LiveServer]:
    with running_server(built_store, "--query-workers", "2") as live:
        yield live


def test_an_entity_page_shows_each_version_with_its_claimant_and_marked_words(
    server: LiveServer, page: object
) -> None:
    page.goto(server.url + "id/event/khojaly-massacre")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Khojaly massacre"  # type: ignore[attr-defined]
    figures = page.locator("#figures")  # type: ignore[attr-defined]
    text = figures.inner_text()
    rows = figures.locator("tr.claim")
    values = [rows.nth(i).locator(".value").all_inner_texts() for i in range(rows.count())]
    assert ["485"] in values and ["613"] in values
    row_485 = figures.locator("tr.claim", has=page.locator(".value", has_text="485"))  # type: ignore[attr-defined]
    assert "unattributed" in row_485.inner_text()
    assert "Black Garden" in row_485.inner_text()  # the reference entry in full
    assert (
        row_485.locator("mark").inner_text()
        == "確切的死亡數字從未被證實,但是保守估計死亡人數有485人"
    )
    row_613 = figures.locator("tr.claim", has=page.locator(".value", has_text="613"))  # type: ignore[attr-defined]
    assert "Azerbaijani authorities" in row_613.locator(".claimant").inner_text()
    assert "613" in row_613.locator("mark").inner_text()
    assert "Khojaly massacre: deaths" in text
    assert "Curators' translation: The exact death toll was never verified" in (
        row_485.inner_text()
    )  # the English gloss beside the Chinese words
    names = page.locator("#names td.name")  # type: ignore[attr-defined]
    assert {names.nth(i).get_attribute("lang") for i in range(names.count())} == {
        "zh-Hant",
        "zh-Hans",
        "en",
    }
    screenshot(page, "entity-khojaly-massacre")


def test_a_disputed_figure_draws_one_row_per_version(server: LiveServer, page: object) -> None:
    page.goto(server.url + "id/variable/khojaly-massacre--deaths")  # type: ignore[attr-defined]
    chart = page.locator("figure.chart svg")  # type: ignore[attr-defined]
    assert chart.count() == 1 and chart.is_visible()
    rows = chart.locator("g.version")
    assert rows.count() == 5 == page.locator("table.claims tr.claim").count()  # type: ignore[attr-defined]
    labels = sorted(  # each row's first text names it; a second, at the left, its scope
        rows.nth(i).locator("text").first.text_content() for i in range(rows.count())
    )
    assert labels == [
        "Azerbaijani authorities: 106",
        "Azerbaijani authorities: 613",
        "Azerbaijani authorities: 83",
        "Azerbaijani side and other sources: 幾百",
        "unattributed: 485",
    ]
    screenshot(page, "disputed-khojaly-civilian-deaths")


def test_the_timeline_runs_from_the_earliest_event_to_the_latest(
    server: LiveServer, page: object
) -> None:
    page.goto(server.url + "timeline")  # type: ignore[attr-defined]
    events = page.locator("ol.timeline li.event")  # type: ignore[attr-defined]
    assert events.count() == 81
    orders = [int(o) for o in events.evaluate_all("els => els.map(e => e.dataset.order)")]
    assert orders == sorted(orders) == list(range(1, 82))
    first, last = events.first, events.last
    assert "October Revolution" in first.inner_text()
    assert first.locator("time").first.get_attribute("datetime") == "1917-11"
    assert "month" in first.locator(".precision").first.inner_text()
    assert "2023 Azerbaijani offensive in Nagorno-Karabakh" in last.inner_text()
    assert "year" in last.locator(".precision").first.inner_text()
    screenshot(page, "timeline")


def test_simplified_chinese_finds_the_traditional_label(server: LiveServer, page: object) -> None:
    page.goto(server.url)  # type: ignore[attr-defined]
    page.fill("#q", "霍贾雷")  # type: ignore[attr-defined]
    page.click("form.search button")  # type: ignore[attr-defined]
    page.wait_for_url("**/search?q=*")  # type: ignore[attr-defined]
    hits = page.locator("tr.hit")  # type: ignore[attr-defined]
    assert hits.count() > 0
    texts = hits.all_inner_texts()
    assert any("霍賈雷大屠殺" in t for t in texts)
    assert "Khojaly" in texts[0]  # an entity named by it comes first
    screenshot(page, "search-simplified")
    hits.first.locator("a").first.click()  # the town, 霍賈雷: the figures of what happened there
    page.wait_for_url("**/id/place/khojaly")  # type: ignore[attr-defined]
    here = page.locator("#figures-of-events-here")  # type: ignore[attr-defined]
    rows = here.locator("tr.claim", has=page.locator(".value"))  # type: ignore[attr-defined]
    by_value = {
        rows.nth(i).locator(".value").inner_text(): rows.nth(i) for i in range(rows.count())
    }
    assert "unattributed" in by_value["485"].inner_text()
    assert "Azerbaijani authorities" in by_value["613"].locator(".claimant").inner_text()
    assert "613" in by_value["613"].locator("mark").inner_text()
    screenshot(page, "place-khojaly")


# Every kind of page, once: axe-core finds no serious or critical violation on any.
PAGE_KINDS = {
    "home": "",
    "resource": "id/event/khojaly-massacre",
    "claim": "id/claim/khojaly-deaths-conservative-estimate",
    "figure": "id/variable/khojaly-massacre--deaths",
    "side": "ontology/side/azerbaijani",
    "map": "map",
    "reader": "article",
    "timeline": "timeline",
    "search": "search?q=Xocal%C4%B1",
    "query": "query?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%205",
    "canned-list": "queries",
}


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_axe_finds_no_serious_violation(server: LiveServer, page: object, kind: str) -> None:
    response = page.goto(server.url + PAGE_KINDS[kind])  # type: ignore[attr-defined]
    assert response.status == 200  # the page of its kind, not a 404 page
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    assert serious_violations(page, f"axe-{kind}") == []


def test_the_map_draws_outlines_and_places_and_narrows_to_years(
    server: LiveServer, page: object
) -> None:
    page.goto(server.url + "map")  # type: ignore[attr-defined]
    maps = page.locator("svg.map")  # type: ignore[attr-defined]
    assert maps.count() == 3
    theatre = page.locator("#theatre svg")  # type: ignore[attr-defined]
    assert theatre.locator("path.country").count() >= 5  # Natural Earth, served by the app
    khojaly = page.locator("#karabakh a.place[data-place$='/id/place/khojaly']")  # type: ignore[attr-defined]
    kalbajar = page.locator("#karabakh a.place[data-place$='/id/place/kalbajar']")  # type: ignore[attr-defined]
    assert khojaly.is_visible() and kalbajar.is_visible()
    assert "Khojaly: settlement" in khojaly.get_attribute("aria-label")
    page.select_option("#map-filters select[name=from]", "1993")  # type: ignore[attr-defined]
    page.select_option("#map-filters select[name=to]", "1993")  # type: ignore[attr-defined]
    assert not khojaly.is_visible()  # its events are of 1992 and 2023
    assert kalbajar.is_visible()  # the Battle of Kalbajar, 1993
    assert page.url.endswith("/map?from=1993&to=1993")  # type: ignore[attr-defined]
    row = page.locator("tr.place[data-place$='/id/place/khojaly']")  # type: ignore[attr-defined]
    assert not row.is_visible()
    screenshot(page, "map-1993")
    page.select_option("#map-filters select[name=from]", "")  # type: ignore[attr-defined]
    page.select_option("#map-filters select[name=to]", "")  # type: ignore[attr-defined]
    khojaly.click()
    page.wait_for_url("**/id/place/khojaly")  # type: ignore[attr-defined]
    small = page.locator("#where svg")  # type: ignore[attr-defined]
    assert small.is_visible() and small.locator("a.place").count() == 1
    assert "39.91° N, 46.79° E" in page.locator("#where figcaption").inner_text()  # type: ignore[attr-defined]


def test_a_claim_reads_in_context_and_comes_back(server: LiveServer, page: object) -> None:
    claim = server.url + "id/claim/khojaly-deaths-conservative-estimate"
    page.goto(claim)  # type: ignore[attr-defined]
    page.click("a.in-context")  # type: ignore[attr-defined]
    page.wait_for_url("**/article#claim-khojaly-deaths-conservative-estimate")  # type: ignore[attr-defined]
    lit = page.locator("mark.claim.lit")  # type: ignore[attr-defined]
    assert lit.count() >= 1 and "485" in "".join(lit.all_inner_texts())
    assert lit.first.is_visible()
    box = lit.first.bounding_box()
    # in view, not just on the page: its anchor scrolled to the top, the mark's own box may
    # start a fraction of a pixel above it (its font's ascent), still on screen
    assert -1 < box["y"] <= 900
    lit.first.click(position={"x": 2, "y": 2})
    card = page.locator(".claim-card")  # type: ignore[attr-defined]
    assert card.is_visible()
    words = card.inner_text()
    assert "485" in words and "unattributed" in words and "verdict" in words
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    assert not card.is_visible()
    page.screenshot(path=str(ARTIFACTS / "reader-khojaly.png"))  # type: ignore[attr-defined]
    page.go_back()  # type: ignore[attr-defined]
    page.wait_for_url(claim)  # type: ignore[attr-defined]
    assert "485" in page.locator("#version").inner_text()  # type: ignore[attr-defined]


def test_the_timeline_filters_and_zooms_in_place(server: LiveServer, page: object) -> None:
    page.goto(server.url + "timeline")  # type: ignore[attr-defined]
    axis = page.locator("#axis svg")  # type: ignore[attr-defined]
    assert axis.is_visible()
    events = page.locator("li.event")  # type: ignore[attr-defined]
    assert events.count() == 129
    undated = page.locator("#undated li.event")  # type: ignore[attr-defined]
    assert undated.count() == 48 and undated.first.is_visible()
    page.select_option("#timeline-filters select[name=side]", "azerbaijani")  # type: ignore[attr-defined]
    visible = page.locator("li.event:visible")  # type: ignore[attr-defined]
    sides = visible.evaluate_all("els => els.map(e => e.dataset.sides)")
    assert sides and all("azerbaijani" in s.split() for s in sides)
    assert f"Showing {len(sides)} of 129" in page.locator("#shown-count").inner_text()  # type: ignore[attr-defined]
    assert "side=azerbaijani" in page.url  # type: ignore[attr-defined]
    page.click("nav.periods a[data-from='1992'][data-to='1992']")  # type: ignore[attr-defined]
    dated = page.locator("#dated li.event:visible")  # type: ignore[attr-defined]
    spans = dated.evaluate_all("els => els.map(e => [+e.dataset.firstYear, +e.dataset.lastYear])")
    assert spans and all(first <= 1992 <= last for first, last in spans)
    assert axis.locator(".mark").count() == len(spans)
    years = axis.locator("text.year").evaluate_all("els => els.map(e => e.textContent)")
    assert years == ["1992"]
    page.select_option("#timeline-filters select[name=kind]", "Battle")  # type: ignore[attr-defined]
    kinds = page.locator("li.event:visible").evaluate_all("els => els.map(e => e.dataset.kind)")  # type: ignore[attr-defined]
    assert kinds and set(kinds) == {"Battle"}
    screenshot(page, "timeline-azerbaijani-1992-battles")
    page.goto(server.url + "timeline?place=https://w3id.org/nkkg/id/place/khojaly")  # type: ignore[attr-defined]
    at_khojaly = page.locator("li.event:visible a:first-of-type").all_inner_texts()  # type: ignore[attr-defined]
    assert "Khojaly massacre" in at_khojaly and "Capture of Shusha" not in at_khojaly


def test_search_folds_spellings_and_pages_through(server: LiveServer, page: object) -> None:
    for spelling in ("Xocalı", "Khodjaly", "Hocalı"):
        page.goto(server.url)  # type: ignore[attr-defined]
        page.fill("#q", spelling)  # type: ignore[attr-defined]
        page.click("form.search button")  # type: ignore[attr-defined]
        page.wait_for_url("**/search?q=*")  # type: ignore[attr-defined]
        first = page.locator("tr.hit a").first  # type: ignore[attr-defined]
        assert first.get_attribute("href") == "/id/place/khojaly", spelling
    page.goto(server.url + "search?q=%E4%BA%9E%E7%BE%8E%E5%B0%BC%E4%BA%9E")  # type: ignore[attr-defined]
    first_page = page.locator("tr.hit td:first-child a").evaluate_all("els => els.map(e => e.href)")  # type: ignore[attr-defined]
    page.click("a[rel=next]")  # type: ignore[attr-defined]
    page.wait_for_url("**&page=2")  # type: ignore[attr-defined]
    second_page = page.locator("tr.hit td:first-child a").evaluate_all(
        "els => els.map(e => e.href)"
    )  # type: ignore[attr-defined]
    assert second_page and not set(first_page) & set(second_page)
    assert "Page 2 of" in page.locator("nav.pagination").inner_text()  # type: ignore[attr-defined]
    page.click("a[rel=prev]")  # type: ignore[attr-defined]
    page.wait_for_url("**/search?q=*")  # type: ignore[attr-defined]
    assert (
        page.locator("tr.hit td:first-child a").evaluate_all("els => els.map(e => e.href)")
        == first_page
    )  # type: ignore[attr-defined]
    screenshot(page, "search-pages")


def test_wide_answers_scroll_in_their_box_and_links_show_labels(
    server: LiveServer, page: object
) -> None:
    page.goto(server.url + "queries/claims?format=html")  # type: ignore[attr-defined]
    page.wait_for_selector("table.answer a[data-labelled]")  # type: ignore[attr-defined]
    link = page.locator("table.answer a[data-iri$='/id/event/khojaly-massacre']").first  # type: ignore[attr-defined]
    assert link.inner_text() == "Khojaly massacre"
    assert link.get_attribute("title") == "https://w3id.org/nkkg/id/event/khojaly-massacre"
    box = page.locator("div.results")  # type: ignore[attr-defined]
    sizes = box.evaluate("b => [b.scrollWidth, b.clientWidth, getComputedStyle(b).overflowX]")
    assert sizes[0] > sizes[1] and sizes[2] in ("auto", "scroll")  # wider than its box: scrolls
    page_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")  # type: ignore[attr-defined]
    assert page_width[0] <= page_width[1]  # the page itself is not clipped nor widened
    screenshot(page, "canned-claims")
    settlements = "SELECT ?place WHERE { ?place a <https://w3id.org/nkkg/ontology/Settlement> }"
    page.goto(server.url + "query?" + urlencode({"query": settlements}))  # type: ignore[attr-defined]
    page.click("#run")  # type: ignore[attr-defined]
    page.wait_for_selector("#results table.answer a[data-labelled]")  # type: ignore[attr-defined]
    names = page.locator("#results a[data-labelled]").all_inner_texts()  # type: ignore[attr-defined]
    assert "Khojaly" in names and "Stepanakert" in names


def test_the_browser_reads_words_as_written_in_their_own_language(
    server: LiveServer, page: object
) -> None:
    # The language a browser (and a screen reader) gives each "as written" span: its own lang,
    # else the nearest ancestor's.
    page.goto(server.url + "id/actor/turkish-armed-forces")  # type: ignore[attr-defined]
    spans = page.locator("span.as-written").evaluate_all(  # type: ignore[attr-defined]
        "els => els.map(e => [e.textContent, e.closest('[lang]').lang])"
    )
    assert ["over 350", "en"] in spans
    assert any(lang == "zh-Hant" for _, lang in spans)
