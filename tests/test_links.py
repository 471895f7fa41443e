"""Links out to DBpedia: the article's interlanguage marks found by code, the curated links from
general knowledge checked with file and line, the `links` graph reified with each link's
evidence or basis and kept out of the OWL 2 RL closure, VoID's linksets, the page's Elsewhere."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import NamedNode, RdfFormat, Store, parse

from graph_builder import iris
from graph_builder.curation.links import FROM_KNOWLEDGE, FROM_MARK, Links, load_links
from graph_builder.curation.loader import load_curation, part_index
from graph_builder.curation.records import Curation
from graph_builder.document.interlanguage import interlanguage_marks
from graph_builder.document.records import Document
from graph_builder.errors import CurationError
from graph_builder.namespaces import DBR, ID, NKKG, OWL, RDF, SKOS, VOID

LINKS = iris.graph("links")
GURGEN = iris.entity("actor", "gurgen-dalibaltayan")


@pytest.fixture(scope="module")
def curation(doc: Document) -> Curation:
    return load_curation(doc)


@pytest.fixture(scope="module")
def links(doc: Document, curation: Curation) -> Links:
    return load_links(doc, curation)


# --- the marks, on the article's own examples --------------------------------------------------


@pytest.mark.parametrize(
    ("words", "title"),
    [
        ("古爾根·達里波利塔揚英語Gurgen Dalibaltayan\n", "Gurgen Dalibaltayan"),
        (
            "雅庫伯·馬馬多夫英語Yagub Mammadov (politician)和亞美尼亞總統",
            "Yagub Mammadov (politician)",
        ),
        # a comma inside a title stays; the article's `,` for `，` after one does not
        ("阿赫布拉克英語Ağbulaq, Khojaly等多個居民點", "Ağbulaq, Khojaly"),
        ("安納托利·茲涅維奇英語Anatoly Zinevich,他留在", "Anatoly Zinevich"),
        (
            "民族人民委員會英語People's Commissariat for Nationalities監督下",
            "People's Commissariat for Nationalities",
        ),
    ],
)
def test_a_mark_gives_its_title(words: str, title: str) -> None:
    (mark,) = interlanguage_marks(words)
    assert mark.title == title
    assert words[mark.start : mark.end] == "英語" + title


def test_language_notes_are_no_marks() -> None:
    assert interlanguage_marks("存檔(英語) 網際網路檔案館,(俄語及英語). Turkey") == []


def test_the_article_marks_its_entities(doc: Document, links: Links) -> None:
    marked = {link.entity: link for link in links.links if link.origin == FROM_MARK}
    assert len(marked) >= 20
    gurgen = marked["gurgen-dalibaltayan"]
    assert gurgen.title == "Gurgen Dalibaltayan" and gurgen.exact
    evidence = gurgen.support.evidence
    assert evidence is not None and evidence.exact == "古爾根·達里波利塔揚英語Gurgen Dalibaltayan"
    assert doc.text[evidence.start : evidence.end] == evidence.exact
    for link in marked.values():
        words = link.support.evidence
        assert words is not None and words.exact.endswith("英語" + link.title)
    # The longest name before the mark decides: 亞塞拜然地面部隊, not a role called 部隊.
    assert marked["azerbaijani-land-forces"].title == "Azerbaijani Land Forces"
    # The reference list's marks run on into the entry's English text: not used.
    assert len(links.in_references) == 5
    part = part_index(doc)
    assert all(part(m.start).startswith(ID["source/"].value) for m in links.in_references)


def test_general_knowledge_says_its_basis(links: Links) -> None:
    known = [link for link in links.links if link.origin == FROM_KNOWLEDGE]
    assert len(known) > 100
    assert all(
        link.support.basis and link.support.basis.startswith("general knowledge: ")
        for link in known
    )
    closes = {link.entity for link in known if not link.exact}
    assert "afghan-mujahideen" in closes  # the mujahideen Azerbaijan recruited: a part of them
    summary = links.summary()
    assert summary.startswith(f"{len(links.links)} to DBpedia: ")
    assert f"{len(known)} from general knowledge" in summary and "skos:closeMatch" in summary


# --- the curated file's errors name the file and line -------------------------------------------


def _links_error(doc: Document, curation: Curation, tmp_path: Path, text: str) -> CurationError:
    path = tmp_path / "dbpedia.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(CurationError) as caught:
        load_links(doc, curation, path)
    return caught.value


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "links:\n  - {entity: no-such-actor, wikipedia: X, match: exact, basis: b}\n",
            2,
            "no curated actor, place or event",
        ),
        (
            "links:\n  - {entity: gurgen-dalibaltayan, wikipedia: Gurgen Dalibaltayan, "
            "match: exact, basis: b}\n",
            2,
            "already linked by the article's own mark",
        ),
        (
            "links:\n  - {entity: baku, wikipedia: Baku, match: same, basis: b}\n",
            2,
            "match",
        ),
        ("links:\n  - {entity: baku, wikipedia: Baku, match: exact}\n", 2, "basis"),
        ("links:\n  - {entity: baku, wikipedia: ' Baku', match: exact, basis: b}\n", 2, "spaces"),
    ],
)
def test_a_bad_link_is_named_with_file_and_line(
    doc: Document, curation: Curation, tmp_path: Path, text: str, line: int, words: str
) -> None:
    error = _links_error(doc, curation, tmp_path, text)
    assert error.line == line and words in error.message
    assert str(error).startswith(f"{tmp_path / 'dbpedia.yaml'}:{line}: ")


# --- the graph --------------------------------------------------------------------------------


def test_each_link_is_reified_with_its_evidence_or_basis(store: Store, links: Links) -> None:
    quads = list(store.quads_for_pattern(None, None, None, LINKS))
    stated = [q for q in quads if q.predicate in (OWL.sameAs, SKOS.closeMatch)]
    assert len(stated) == len(links.links)
    assert all(q.object.value.startswith(str(DBR)) for q in stated)
    assert any(
        q.subject == GURGEN and q.object == NamedNode(f"{DBR}Gurgen_Dalibaltayan") for q in stated
    )
    for link in stated:
        statement = iris.statement(str(link.subject), str(link.predicate), str(link.object))
        support = {q.predicate for q in store.quads_for_pattern(statement, None, None, LINKS)} & {
            NKKG.hasEvidence,
            NKKG.basis,
        }
        assert len(support) == 1, statement
    assert next(store.quads_for_pattern(None, RDF.type, RDF.Statement, LINKS), None) is not None


def test_the_links_stay_out_of_the_closure(store: Store) -> None:
    inferred = iris.graph("inferred")
    assert not any(
        str(q.subject.value).startswith(str(DBR)) or q.object.value.startswith(str(DBR))
        for q in store.quads_for_pattern(None, None, None, inferred)
    )


def test_void_describes_the_linksets(client: TestClient, store: Store) -> None:
    response = client.get("/.well-known/void", headers={"accept": "application/n-triples"})
    void = {q.triple for q in parse(response.content, format=RdfFormat.N_TRIPLES)}
    linksets = {t.subject for t in void if t.predicate == RDF.type and t.object == VOID.Linkset}
    assert linksets
    for linkset in linksets:
        (predicate,) = {
            t.object for t in void if t.subject == linkset and t.predicate == VOID.linkPredicate
        }
        (count,) = {
            t.object.value for t in void if t.subject == linkset and t.predicate == VOID.triples
        }
        assert int(count) == len(list(store.quads_for_pattern(None, predicate, None, LINKS))) > 0
        (target,) = {
            t.object for t in void if t.subject == linkset and t.predicate == VOID.objectsTarget
        }
        assert any(t.subject == target and t.predicate == VOID.uriSpace for t in void)
        subjects = {
            t.object for t in void if t.subject == linkset and t.predicate == VOID.subjectsTarget
        }
        assert subjects == {iris.void_dataset()}


def test_a_page_shows_where_else_it_is_described(client: TestClient) -> None:
    page = client.get(iris.served_path(GURGEN.value), headers={"accept": "text/html"}).text
    assert 'id="elsewhere"' in page
    assert f'href="{DBR}Gurgen_Dalibaltayan"' in page
    assert 'href="https://en.wikipedia.org/wiki/Gurgen_Dalibaltayan"' in page
