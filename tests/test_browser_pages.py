"""The pages in headless Chromium against a real `nkkg serve`: what a reader sees on an
entity's page, a disputed figure's chart, the timeline and the search, with a screenshot of
each under test-artifacts/screenshots/. The `page` fixture fails a test whose page asks for
anything outside 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import screenshot
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
    assert "deaths — Khojaly massacre (civilians)" in text
    names = page.locator("#names td.name")  # type: ignore[attr-defined]
    assert {names.nth(i).get_attribute("lang") for i in range(names.count())} == {
        "zh-Hant",
        "zh-Hans",
        "en",
    }
    screenshot(page, "entity-khojaly-massacre")


def test_a_disputed_figure_draws_one_row_per_version(server: LiveServer, page: object) -> None:
    page.goto(server.url + "id/variable/khojaly-massacre--deaths--civilians")  # type: ignore[attr-defined]
    chart = page.locator("figure.chart svg")  # type: ignore[attr-defined]
    assert chart.count() == 1 and chart.is_visible()
    rows = chart.locator("g.version")
    assert rows.count() == 2 == page.locator("table.claims tr.claim").count()  # type: ignore[attr-defined]
    labels = sorted(rows.nth(i).locator("text").text_content() for i in range(rows.count()))
    assert labels == ["Azerbaijan: 幾百", "Azerbaijani authorities: 613"]
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
