"""/search in process: Chinese typed either way finds the other spelling, Latin spellings and
accents fold (Xocalı, Khodjaly, Hocalı find Khojaly), other languages find the entities they
name, results come grouped by kind and a page at a time, distinct resources carry distinct
titles, and the text is matched as text, never read as SPARQL."""

from __future__ import annotations

import pytest
from html_tree import has_class, parse, text
from starlette.testclient import TestClient

from server.pages.folding import fold
from server.pages.search import MAX_QUERY_CHARS, PER_PAGE, ChineseConverter
from server.pages.terms import distinct_titles


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


@pytest.mark.parametrize(
    ("spelling", "name"),
    [
        ("Xocalı", "Khojaly"),  # Azerbaijani
        ("Khodjaly", "Khojaly"),  # Russian-style
        ("Hocalı", "Khojaly"),  # Turkish
        ("Ağdam", "Aghdam"),
        ("Laçın", "Lachin"),
        ("Şuşa", "Shusha"),
        ("Xankəndi", "Khankendi"),
        ("Nagorno Karabakh", "Nagorno-Karabakh"),
    ],
)
def test_spellings_and_accents_fold_to_one_key(spelling: str, name: str) -> None:
    assert fold(spelling) == fold(name)


def test_folding_keeps_distinct_names_apart() -> None:
    assert fold("Shusha") != fold("Shushi")  # each side's name is its own
    assert fold("霍賈雷") == "霍賈雷" and fold("Шуша") == "шуша"


@pytest.mark.parametrize("spelling", ["Xocalı", "Khodjaly", "Hocalı"])
def test_every_spelling_finds_khojaly_first(client: TestClient, spelling: str) -> None:
    found = hits(client, spelling)
    assert found[0][0] == "/id/place/khojaly"
    assert "/id/event/khojaly-massacre" in {link for link, _ in found}


def test_agdam_with_a_breve_finds_the_town_and_the_district_under_distinct_titles(
    client: TestClient,
) -> None:
    found = dict(hits(client, "Ağdam"))
    town, district = found["/id/place/aghdam"], found["/id/place/aghdam-district"]
    # distinct things have distinct preferred names (the district is "Aghdam District"), so
    # their names alone tell them apart
    assert town.startswith("Aghdam ") and not town.startswith("Aghdam District")
    assert district.startswith("Aghdam District ")


def test_results_are_grouped_by_kind_with_counts(client: TestClient) -> None:
    root = parse(client.get("/search", params={"q": "Khojaly"}).text)
    groups = [s for s in root.iter("section") if has_class(s, "kind-group")]
    names = [text(s.find("h3")).rsplit(" (", 1)[0] for s in groups]
    assert names[0] == "Places" and {"Events", "Claims"} <= set(names)
    assert len(names) == len(set(names))
    for group in groups:
        kinds = {tr.get("data-kind") for tr in group.iter("tr") if has_class(tr, "hit")}
        assert kinds == {text(group.find("h3")).rsplit(" (", 1)[0]}
    narrowed = parse(client.get("/search", params={"q": "Khojaly", "kind": "Events"}).text)
    kinds = {tr.get("data-kind") for tr in narrowed.iter("tr") if has_class(tr, "hit")}
    assert kinds == {"Events"}


def test_results_come_a_page_at_a_time(client: TestClient) -> None:
    first = parse(client.get("/search", params={"q": "亞美尼亞"}).text)
    total = int(text(first.find(".//h2")).split()[0])
    assert total > 2 * PER_PAGE
    rows = [tr for tr in first.iter("tr") if has_class(tr, "hit")]
    assert len(rows) == PER_PAGE
    links = {a.get("rel"): a.get("href") for a in first.iter("a") if a.get("rel")}
    assert "prev" not in links and links["next"].endswith("&page=2")
    seen = {row.find(".//a").get("href") for row in rows}
    last_page = (total + PER_PAGE - 1) // PER_PAGE
    for number in range(2, last_page + 1):
        root = parse(client.get("/search", params={"q": "亞美尼亞", "page": number}).text)
        page_rows = [tr for tr in root.iter("tr") if has_class(tr, "hit")]
        assert page_rows, number
        hrefs = {row.find(".//a").get("href") for row in page_rows}
        assert not hrefs & seen  # no resource twice
        seen |= hrefs
    assert len(seen) == total
    past = parse(client.get("/search", params={"q": "亞美尼亞", "page": 999}).text)
    assert f"Page {last_page} of {last_page}" in text(past.find(".//nav[@class='pagination']"))


def test_a_page_title_names_which_of_two_places_of_one_name_it_is(client: TestClient) -> None:
    town = parse(client.get("/id/place/lachin", headers={"Accept": "text/html"}).text)
    district = parse(client.get("/id/place/lachin-district", headers={"Accept": "text/html"}).text)
    assert text(town.find(".//h1")) == "Lachin"
    assert text(district.find(".//h1")) == "Lachin District"  # its own preferred name
    alone = parse(client.get("/id/place/shusha", headers={"Accept": "text/html"}).text)
    assert text(alone.find(".//h1")) == "Shusha"


def test_two_things_sharing_a_title_are_told_apart_by_their_class_then_their_key() -> None:
    town, district = "https://w3id.org/nkkg/id/place/lachin", "https://w3id.org/nkkg/id/place/x"
    titles = distinct_titles(
        [(town, "Lachin", "settlement"), (district, "Lachin", "administrative region")]
    )
    assert titles == {town: "Lachin (settlement)", district: "Lachin (administrative region)"}
    same_kind = distinct_titles(
        [(town, "Lachin", "settlement"), (district, "Lachin", "settlement")]
    )
    assert same_kind == {town: "Lachin (lachin)", district: "Lachin (x)"}
    assert distinct_titles([(town, "Lachin", "settlement")]) == {town: "Lachin"}
