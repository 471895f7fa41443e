"""/search in process: Chinese typed either way finds the other spelling, other languages find
the entities they name, entities come before the records about them, and the text is bound as
a term, never read as SPARQL."""

from __future__ import annotations

import pytest
from html_tree import has_class, parse, text
from starlette.testclient import TestClient

from server.pages.search import MAX_QUERY_CHARS, ChineseConverter


def hits(client: TestClient, q: str) -> list[tuple[str, str]]:
    """Gives (link, row text) for each resource found, in the page's order."""
    response = client.get("/search", params={"q": q})
    assert response.status_code == 200
    rows = [tr for tr in parse(response.text).iter("tr") if has_class(tr, "hit")]
    return [(row.find(".//a").get("href"), text(row)) for row in rows]


def test_the_query_is_converted_both_ways() -> None:
    spellings = ChineseConverter().spellings("霍贾雷")
    assert (spellings.traditional, spellings.simplified) == ("霍賈雷", "霍贾雷")
    spellings = ChineseConverter().spellings("舒沙戰役")
    assert spellings.simplified == "舒沙战役"


def test_simplified_finds_traditional_labels_and_the_reverse(client: TestClient) -> None:
    simplified = hits(client, "霍贾雷大屠杀")
    traditional = hits(client, "霍賈雷大屠殺")
    assert simplified[0][0] == traditional[0][0] == "/id/event/khojaly-massacre"
    assert "霍賈雷大屠殺" in simplified[0][1] and "霍贾雷大屠杀" in traditional[0][1]
    # Reference titles are labelled once, as written: only the conversion finds these.
    assert "/id/source/66" in {link for link, _ in hits(client, "亚美尼亚政府否认")}
    assert "/id/source/88" in {link for link, _ in hits(client, "納卡衝突的歷史經緯")}


def test_other_languages_find_the_entities_they_name(client: TestClient) -> None:
    khojaly = hits(client, "khojaly")  # case does not matter
    assert khojaly[0][0] in {"/id/place/khojaly", "/id/event/khojaly-massacre"}
    assert "霍賈雷" in dict(khojaly)["/id/place/khojaly"]
    assert "/id/place/nagorno-karabakh" in {link for link, _ in hits(client, "Нагорный")}
    assert "/id/place/stepanakert" in {link for link, _ in hits(client, "Xankandi")}


def test_entities_come_before_the_records_about_them(client: TestClient) -> None:
    found = [link for link, _ in hits(client, "霍賈雷")]
    entities = [i for i, link in enumerate(found) if link.startswith(("/id/place/", "/id/event/"))]
    records = [
        i for i, link in enumerate(found) if link.startswith(("/id/claim/", "/id/variable/"))
    ]
    assert entities and records and max(entities) < min(records)


@pytest.mark.parametrize("q", ['") } SELECT * WHERE { ?s ?p ?o } #', "' || true || '", "?q", "\\"])
def test_the_text_is_a_term_not_sparql(client: TestClient, q: str) -> None:
    assert hits(client, q) == []


def test_no_text_gives_the_form_and_too_much_text_a_400(client: TestClient) -> None:
    empty = client.get("/search")
    assert empty.status_code == 200
    form = parse(empty.text).find(".//form")
    assert form.get("action") == "/search" and form.get("method") == "get"
    long = client.get("/search", params={"q": "x" * (MAX_QUERY_CHARS + 1)})
    assert long.status_code == 400 and "at most" in long.text
