"""/article in process, held to the graph: the article's whole text, every claim's words
marked with a note (value, claimant, sources, verdict) that reads without JavaScript, every
citation marker linked to its reference, names linked where the curation anchors them, and a
claim's page reading it in context."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from html_tree import has_class, parse, text
from pyoxigraph import Store
from starlette.testclient import TestClient

from graph_builder import iris
from graph_builder.namespaces import sparql_prologue


@pytest.fixture(scope="module")
def reader(client: TestClient) -> ET.Element:
    response = client.get("/article")
    assert response.status_code == 200
    return parse(response.text).find(".//article[@class='reader']")


def rows(store: Store, query: str) -> list[dict[str, str]]:
    answer = store.query(sparql_prologue() + query, use_default_graph_as_union=True)
    names = [v.value for v in answer.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in answer]


def article_words(element: ET.Element) -> str:
    """Gives the article's words inside `element`: not the claim numbers (c1) nor the English
    names the reader adds to headings, which are ours."""
    parts = [element.text or ""]
    for child in element:
        ours = has_class(child, "claim-ref") or (child.tag == "span" and child.get("lang") == "en")
        if not ours:
            parts.append(article_words(child))
        parts.append(child.tail or "")
    return "".join(parts)


def test_the_whole_text_is_there_line_by_line(reader: ET.Element, store: Store) -> None:
    [document] = rows(store, "SELECT ?text WHERE { ?d a nkkg:Document ; nkkg:text ?text }")
    lines = [line for line in document["text"].split("\n") if line]
    shown = []
    for element in reader:
        if element.tag in ("p", "h2", "h3"):
            shown.append(article_words(element))
        elif has_class(element, "infobox"):
            shown += [article_words(p) for p in element.findall("p")]
    assert shown == lines


def test_every_claim_is_marked_at_its_words_with_a_note(reader: ET.Element, store: Store) -> None:
    claims = {
        row["claim"].rsplit("/", 1)[-1]
        for row in rows(
            store,
            "SELECT DISTINCT ?claim WHERE { ?claim a nkkg:Claim ; "
            "nkkg:hasEvidence/oa:hasSelector/oa:start ?start }",
        )
    }
    anchors = [e.get("id") for e in reader.iter("span") if has_class(e, "anchor")]
    notes = {e.get("id"): e for e in reader.iter("li") if has_class(e, "claim-note")}
    assert sorted(anchors) == sorted(f"claim-{key}" for key in claims)  # each once
    assert set(notes) == {f"note-{key}" for key in claims}
    marked = {k for m in reader.iter("mark") for k in m.get("data-claims", "").split()}
    assert marked == claims
    note = text(notes["note-khojaly-deaths-conservative-estimate"])
    assert "485 people" in note and "unattributed" in note and "[33]" in note
    assert "verdict: disputed: 613 (civilians, Azerbaijani authorities) counts a part" in note
    note = text(notes["note-khojaly-civilian-deaths-azerbaijani-authorities"])
    assert "Azerbaijani authorities" in note and "disputed" in note
    note = text(notes["note-chechen-fighters-infobox"])  # two claimants agree: not disputed
    assert "verdict: corroborated" in note


def test_the_marked_words_are_the_claims_quote(reader: ET.Element) -> None:
    words = "".join(
        "".join(m.itertext())
        for m in reader.iter("mark")
        if "khojaly-deaths-conservative-estimate" in m.get("data-claims", "").split()
    )
    assert words == "確切的死亡數字從未被證實,但是保守估計死亡人數有485人"


def test_every_citation_marker_links_its_reference(reader: ET.Element, store: Store) -> None:
    cited = {
        iris.served_path(row["source"])
        for row in rows(
            store, "SELECT DISTINCT ?source WHERE { ?m a nkkg:Citation ; nkkg:cites ?source }"
        )
    }
    linked = {a.get("href") for a in reader.iter("a") if has_class(a, "cite")}
    assert linked == cited
    marker = next(
        a for a in reader.iter("a") if has_class(a, "cite") and a.get("href") == "/id/source/33"
    )
    assert text(marker) == "[33]"


def test_names_link_to_what_they_name(reader: ET.Element) -> None:
    mentions = {(text(a), a.get("href")) for a in reader.iter("a") if has_class(a, "mention")}
    assert ("霍賈雷", "/id/place/khojaly") in mentions
    assert (
        "阿爾察赫",
        "/id/place/nagorno-karabakh",
    ) in mentions  # anchored: 它被亞美尼亞人稱為阿爾察赫
    assert ("舒沙", "/id/place/shusha") in mentions
    assert len(mentions) > 100


def test_a_claims_page_reads_it_in_context(client: TestClient) -> None:
    page = parse(
        client.get(
            "/id/claim/khojaly-deaths-conservative-estimate", headers={"Accept": "text/html"}
        ).text
    )
    link = next(a for a in page.iter("a") if has_class(a, "in-context"))
    assert link.get("href") == "/article#claim-khojaly-deaths-conservative-estimate"


def test_the_page_is_sent_once_per_store_version(client: TestClient) -> None:
    first = client.get("/article")
    again = client.get("/article", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert client.get("/article").text == first.text
