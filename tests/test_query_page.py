"""The /query page: its HTML in process, and the editor at work in headless Chromium against a
real `nkkg serve` on 127.0.0.1 (every request leaving 127.0.0.1 fails the test)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from browser import screenshot
from live_server import LiveServer, running_server
from starlette.testclient import TestClient

from graph_builder.namespaces import PREFIXES
from server.app import create_app
from server.canned.queries import load_all
from server.pages import query_page
from server.pages.query_page import CODEMIRROR_DIR, CODEMIRROR_FILES
from server.settings import Settings

SKOS = PREFIXES["skos"]
EDITOR = "document.querySelector('.CodeMirror').CodeMirror"


@pytest.fixture(scope="module")
def server(built_store: Path) -> Iterator[LiveServer]:
    with running_server(built_store, "--query-workers", "2") as live:
        yield live


def test_the_editor_is_installed() -> None:
    # `npm ci` (package.json pins CodeMirror) puts these in node_modules/.
    missing = [name for name in CODEMIRROR_FILES if not (CODEMIRROR_DIR / name).is_file()]
    assert not missing, f"run `npm ci`: node_modules/codemirror lacks {missing}"


def test_the_page_loads_only_the_apps_own_assets(client: TestClient) -> None:
    page = client.get("/query")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page.text)
    assert "/vendor/codemirror/lib/codemirror.js" in assets
    assert "/vendor/codemirror/mode/sparql/sparql.js" in assets
    assert "/static/query.js" in assets
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by the app"
        assert client.get(asset).status_code == 200, asset
    assert "npm ci" not in page.text
    assert client.head("/query").status_code == 200


def test_a_shared_link_fills_the_editor(client: TestClient) -> None:
    text = 'SELECT * WHERE { ?s ?p "</textarea><script>alert(1)</script>" }'
    page = client.get("/query", params={"query": text})
    assert "&lt;/textarea&gt;&lt;script&gt;" in page.text  # escaped, in the text area
    assert "<script>alert(1)" not in page.text


def test_without_node_modules_the_app_starts_and_says_to_run_npm_ci(
    built_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on a clone where nobody ran `npm ci`: no node_modules/codemirror.
    monkeypatch.setattr(query_page, "CODEMIRROR_DIR", tmp_path / "node_modules" / "codemirror")
    with TestClient(create_app(Settings(store=built_store, query_workers=2))) as bare:
        page = bare.get("/query")
        assert page.status_code == 200
        assert "editor's assets are not installed" in page.text
        assert "<code>npm ci</code>" in page.text
        assert "/vendor/codemirror/" not in page.text
        assert 'id="query"' in page.text and "/static/query.js" in page.text  # a text area
        missing = bare.get("/vendor/codemirror/lib/codemirror.js")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        ran = bare.post("/sparql", data={"query": "ASK {}"})  # what the page's Run sends
        assert ran.status_code == 200


# ---- in the browser --------------------------------------------------------------------


def open_page(page: object, server: LiveServer, path: str = "query") -> None:
    page.goto(server.url + path)  # type: ignore[attr-defined]
    page.wait_for_selector(".CodeMirror")  # type: ignore[attr-defined]


def editor_text(page: object) -> str:
    return page.evaluate(f"{EDITOR}.getValue()")  # type: ignore[attr-defined]


def set_editor(page: object, text: str) -> None:
    page.evaluate(  # type: ignore[attr-defined]
        f"text => {{ const cm = {EDITOR}; cm.setValue(text); cm.focus();"
        " cm.setCursor(cm.lineCount(), 0); }",
        text,
    )


def column(page: object, name: str) -> list[str]:
    index = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#results thead th", f"ths => ths.findIndex(th => th.dataset.column === {name!r})"
    )
    assert index >= 0, f"no column {name}"
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#results tbody tr",
        # A cell's first node is its term; a language tag may follow it. A link shown by its
        # label (static/labels.js) keeps the compact IRI the table drew in data-compact.
        f"rows => rows.map(r => {{ const t = r.cells[{index}].firstChild; "
        "return t?.dataset?.compact ?? t?.textContent ?? ''; })",
    )


def test_a_canned_example_runs_sorts_downloads_and_shares(page: object, server: LiveServer) -> None:
    timeline = load_all()["timeline"]
    expected = httpx.get(server.url + "queries/timeline").json()["results"]["bindings"]
    open_page(page, server)
    page.select_option("#examples", "timeline")  # type: ignore[attr-defined]
    assert editor_text(page) == timeline.text
    page.click("#run")  # type: ignore[attr-defined]
    page.wait_for_selector("#results tbody tr")  # type: ignore[attr-defined]

    rows = page.locator("#results tbody tr")  # type: ignore[attr-defined]
    assert rows.count() == len(expected)
    first = rows.nth(0).locator("a").first
    assert first.get_attribute("href") == "/id/event/october-revolution"
    assert f"{len(expected)} rows" in page.inner_text("#status")  # type: ignore[attr-defined]

    order = page.locator('#results th[data-column="order"]')  # type: ignore[attr-defined]
    order.click()
    order.click()
    assert order.get_attribute("aria-sort") == "descending"
    numbers = [int(value) for value in column(page, "order")]
    assert numbers == sorted(numbers, reverse=True) and numbers[0] > numbers[-1]
    page.click('#results th[data-column="start"]')  # type: ignore[attr-defined]
    starts = column(page, "start")
    assert starts == sorted(starts) and starts[0] < starts[-1]
    end = page.locator('#results th[data-column="end"]')  # type: ignore[attr-defined]
    end.click()
    end.click()
    ends = column(page, "end")
    dated = [value for value in ends if value]
    assert dated and ends[: len(dated)] == dated == sorted(dated, reverse=True)  # unbound last

    csv_link = page.locator('#downloads a[data-format="csv"]')  # type: ignore[attr-defined]
    formats = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#downloads a", "links => links.map(a => a.dataset.format)"
    )
    assert formats == ["json", "xml", "csv", "tsv"]
    download = httpx.get(server.url.rstrip("/") + csv_link.get_attribute("href"))
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(download.text)))
    assert table[0][:2] == ["order", "event"] and len(table) - 1 == len(expected)

    shared = urlsplit(page.url)  # type: ignore[attr-defined]
    assert shared.path == "/query"
    assert parse_qs(shared.query)["query"] == [timeline.text]
    screenshot(page, "query-page-timeline")
    page.goto(page.url)  # type: ignore[attr-defined]
    page.wait_for_selector(".CodeMirror")  # type: ignore[attr-defined]
    assert editor_text(page) == timeline.text


def test_the_disputed_figures_show_their_versions(page: object, server: LiveServer) -> None:
    open_page(page, server)
    page.select_option("#examples", "disputed")  # type: ignore[attr-defined]
    page.click("#run")  # type: ignore[attr-defined]
    page.wait_for_selector("#results tbody tr")  # type: ignore[attr-defined]
    assert "5,856" in column(page, "asWritten")
    variables = column(page, "variable")
    assert "variable:armenian-side--deaths" in variables
    header = page.locator('#results th[data-column="claimantLabel"]')  # type: ignore[attr-defined]
    header.focus()
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert header.get_attribute("aria-sort") == "ascending"  # sortable from the keyboard too
    claimants = column(page, "claimantLabel")
    assert claimants[0] < claimants[-1]


def test_the_editor_highlights_sparql(page: object, server: LiveServer) -> None:
    open_page(page, server)
    keywords = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".CodeMirror .cm-keyword", "spans => spans.map(s => s.textContent.toUpperCase())"
    )
    assert {"PREFIX", "SELECT", "WHERE"} <= set(keywords)
    variables = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".CodeMirror .cm-variable-2", "spans => spans.map(s => s.textContent)"
    )
    assert "?event" in variables


def test_prefix_completion_offers_skos(page: object, server: LiveServer) -> None:
    open_page(page, server)
    set_editor(page, "")
    page.keyboard.type("PREFIX sk")  # type: ignore[attr-defined]
    hint = page.wait_for_selector(".CodeMirror-hints li")  # type: ignore[attr-defined]
    offered = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".CodeMirror-hints li", "items => items.map(li => li.textContent)"
    )
    assert offered == [f"skos: <{SKOS}>"], offered
    assert hint is not None
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert editor_text(page) == f"PREFIX skos: <{SKOS}>"


def test_an_undeclared_prefix_gets_its_prefix_line(page: object, server: LiveServer) -> None:
    open_page(page, server)
    set_editor(page, "SELECT ?label WHERE {\n  ?s ")
    page.keyboard.type("skos:prefLabel ?label }")  # type: ignore[attr-defined]
    assert editor_text(page) == (
        f"PREFIX skos: <{SKOS}>\nSELECT ?label WHERE {{\n  ?s skos:prefLabel ?label }}"
    )
    assert "Added PREFIX skos:" in page.inner_text("#status")  # type: ignore[attr-defined]
    page.keyboard.type(" # see also rdfs:")  # type: ignore[attr-defined]
    assert "PREFIX rdfs:" not in editor_text(page)  # not in a comment


def test_a_malformed_query_shows_the_line_and_column(page: object, server: LiveServer) -> None:
    open_page(page, server)
    set_editor(page, "SELECT * WHERE {\n  ?s ?p\n}")
    page.click("#run")  # type: ignore[attr-defined]
    problem = page.wait_for_selector("#problem:not([hidden])")  # type: ignore[attr-defined]
    text = problem.inner_text()
    assert re.search(r"Line 3, column \d+: 400 Bad Request: the query does not parse", text), text
    assert page.locator(".query-error-line").count() == 1  # type: ignore[attr-defined]
    screenshot(page, "query-page-error")


def test_a_construct_query_gives_triples_and_graph_downloads(
    page: object, server: LiveServer
) -> None:
    open_page(page, server)
    set_editor(
        page,
        "CONSTRUCT { <https://w3id.org/nkkg/id/place/shusha> ?p ?o } "
        "WHERE { <https://w3id.org/nkkg/id/place/shusha> ?p ?o }",
    )
    page.click("#run")  # type: ignore[attr-defined]
    page.wait_for_selector("#results tbody tr")  # type: ignore[attr-defined]
    assert set(column(page, "subject")) == {"place:shusha"}
    assert "舒沙" in column(page, "object")
    formats = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#downloads a", "links => links.map(a => a.dataset.format)"
    )
    assert formats == ["turtle", "ntriples", "rdfxml", "jsonld"]


def test_a_canned_querys_page_takes_its_arguments(page: object, server: LiveServer) -> None:
    page.goto(server.url + "queries/by-source")  # type: ignore[attr-defined]
    assert page.inner_text("h1") == "What one reference supports"  # type: ignore[attr-defined]
    page.fill('input[name="ref"]', "20")  # type: ignore[attr-defined]
    page.click(".canned-form button")  # type: ignore[attr-defined]
    page.wait_for_url("**/queries/by-source?ref=20&format=html")  # type: ignore[attr-defined]
    refs = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "table.answer tbody tr", "rows => rows.map(r => r.lastElementChild.textContent.trim())"
    )
    assert refs and set(refs) == {"20"}
    screenshot(page, "canned-query-by-source")
    page.click("text=open in the query editor")  # type: ignore[attr-defined]
    page.wait_for_selector(".CodeMirror")  # type: ignore[attr-defined]
    assert editor_text(page) == load_all()["by-source"].text


def test_a_javascript_iri_in_a_result_is_inert(page: object, server: LiveServer) -> None:
    violations: list[str] = []
    page.on(  # type: ignore[attr-defined]
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    # Every page kind loads under the policy without breaking it (CodeMirror included).
    for path in ("", "timeline", "search?q=Shusha", "id/event/khojaly-massacre", "queries"):
        page.goto(server.url + path)  # type: ignore[attr-defined]
    open_page(page, server)
    assert not violations, violations

    set_editor(
        page,
        "SELECT ?iri WHERE { VALUES ?iri { <javascript:window.pwned=1> "
        "<https://example.org/elsewhere> <urn:isbn:0814719457> } }",
    )
    page.click("#run")  # type: ignore[attr-defined]
    page.wait_for_selector("#results tbody tr")  # type: ignore[attr-defined]
    cells = page.locator("#results tbody td")  # type: ignore[attr-defined]
    shown = {cells.nth(n).inner_text(): cells.nth(n) for n in range(cells.count())}
    script = shown["<javascript:window.pwned=1>"]
    assert script.locator("a").count() == 0  # text, not a link
    script.click()
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    assert page.evaluate("window.pwned") is None  # type: ignore[attr-defined]
    assert urlsplit(page.url).path == "/query"  # type: ignore[attr-defined]
    assert shown["<urn:isbn:0814719457>"].locator("a").count() == 0
    web = shown["<https://example.org/elsewhere>"].locator("a")
    assert web.get_attribute("href") == "https://example.org/elsewhere"

    # The policy is the second wall: a javascript: link or an inline handler that got into the
    # page some other way runs nothing either, and the browser says why.
    page.evaluate(  # type: ignore[attr-defined]
        """() => {
          const planted = document.createElement("a");
          planted.id = "planted";
          planted.href = "javascript:window.pwned=2";
          planted.textContent = "planted";
          document.body.append(planted);
          const handler = '<img src="/none" onerror="window.pwned=3">';
          document.body.insertAdjacentHTML("beforeend", handler);
        }"""
    )
    page.click("#planted")  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    assert page.evaluate("window.pwned") is None  # type: ignore[attr-defined]
    assert violations
