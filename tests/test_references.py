"""The reference list of the real corpus, parsed into Source records."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from graph_builder.document.records import Line, ShortCitation, Source
from graph_builder.document.references import parse_references, unresolved_short_citations

CORPUS = Path(__file__).parent.parent / "graph_builder" / "corpus" / "article.txt"
HEADING = "參考資料"


@pytest.fixture(scope="module")
def text() -> str:
    return CORPUS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lines(text: str) -> list[Line]:
    result, start = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        result.append(Line(number, start, line))
        start += len(line) + 1
    return result


@pytest.fixture(scope="module")
def heading(lines: list[Line]) -> Line:
    return next(line for line in lines if line.text.strip() == HEADING)


@pytest.fixture(scope="module")
def sources(lines: list[Line], heading: Line) -> dict[int, Source]:
    parsed = parse_references(lines[heading.number :])
    return {source.number: source for source in parsed}


@pytest.fixture(scope="module")
def expected(text: str, lines: list[Line], heading: Line):
    """Builds the Source an entry should give, finding its line and offsets independently."""

    def build(number: int, raw: str, backref_count: int = 1, **fields: object) -> Source:
        line = next(
            line
            for line in lines[heading.number :]
            if line.text.lstrip().startswith(f"{number}. ^")
        )
        start = text.index(raw, line.start)
        return Source(number, raw, line.number, start, start + len(raw), backref_count, **fields)

    return build


def test_ninety_entries_numbered_in_order(sources: dict[int, Source]) -> None:
    assert list(sources) == list(range(1, 91))


def test_offsets_cover_the_raw_text(text: str, lines: list[Line], sources) -> None:
    for source in sources.values():
        assert text[source.start : source.end] == source.raw
        line = lines[source.line - 1]
        assert line.start <= source.start < source.end <= line.end
        assert source.raw == source.raw.strip()


@pytest.mark.parametrize(("number", "count"), [(29, 12), (33, 13), (20, 4), (51, 10), (1, 1)])
def test_backref_counts(sources: dict[int, Source], number: int, count: int) -> None:
    assert sources[number].backref_count == count


def test_backref_counts_agree_with_the_markers_in_the_article(
    text: str, heading: Line, sources: dict[int, Source]
) -> None:
    markers = Counter(int(n) for n in re.findall(r"\[(\d+)\]", text[: heading.start]))
    disagreements = {
        number: markers[number]
        for number, source in sources.items()
        if markers[number] != source.backref_count
    }
    # The infobox's supporters lost their markers with their flag icons: the lines `裝備保障:`
    # (supplied by) and `外國傭兵:` (mercenaries) are empty in the plain text. On the Armenian
    # side Russia [5] and Greece [6]; on the Azerbaijani side Israel [11][12], Ukraine [13] and
    # Russia [14], and the mercenaries: mujahideen [8], Chechens [9] and the Grey Wolves [10],
    # whose other citations (a commander, the strength field) survive. The quotes these entries
    # carry say as much: 5 "Russia … supporting the Armenian position", 6 "Greece supported
    # Armenia", 11 "Israel supported the Azeri side", 13 "Ukraine … supplied Azerbaijan".
    assert disagreements == {5: 0, 6: 0, 11: 0, 12: 0, 13: 0, 14: 0, 8: 1, 9: 1, 10: 1}


def test_book_with_isbn_pages_and_excerpt(sources, expected) -> None:
    assert sources[2] == expected(
        2,
        "Hoge, James F. The Clash of Civilizations: The Debate. Council on Foreign Relations. "
        "2010: 17. ISBN\xa09780876094365. In the last years of its existence, the Soviet "
        "government supported Azerbaijan because its government was dominated by former "
        "communists.",
        authors=("Hoge, James F.",),
        title="The Clash of Civilizations: The Debate",
        container_type="book",
        publisher="Council on Foreign Relations",
        date="2010",
        year="2010",
        pages="17",
        isbn="9780876094365",
        excerpt="In the last years of its existence, the Soviet government supported Azerbaijan "
        "because its government was dominated by former communists.",
    )


def test_book_with_place_and_page_range(sources, expected) -> None:
    assert sources[9] == expected(
        9,
        "Griffin, Nicholas. Caucasus: A Journey to the Land Between Christianity and Islam. "
        "Chicago: University of Chicago Press. 2004: 185–186. ISBN\xa00-226-30859-6.",
        backref_count=2,
        authors=("Griffin, Nicholas",),
        title="Caucasus: A Journey to the Land Between Christianity and Islam",
        container_type="book",
        publisher="University of Chicago Press",
        place="Chicago",
        date="2004",
        year="2004",
        pages="185–186",
        isbn="0-226-30859-6",
    )


def test_black_garden(sources, expected) -> None:
    assert sources[33] == expected(
        33,
        "de Waal, Thomas. Black Garden: Armenia and Azerbaijan Through Peace and War. "
        "New York: New York University Press. 2003. ISBN\xa00-8147-1945-7.",
        backref_count=13,
        authors=("de Waal, Thomas",),
        title="Black Garden: Armenia and Azerbaijan Through Peace and War",
        container_type="book",
        publisher="New York University Press",
        place="New York",
        date="2003",
        year="2003",
        isbn="0-8147-1945-7",
    )


def test_editors_and_an_interlanguage_link_in_the_publisher(sources, expected) -> None:
    assert sources[10] == expected(
        10,
        "Brzezinski, Zbigniew; Sullivan, Paige (編). Russia and the Commonwealth of Independent "
        "States: Documents, Data, and Analysis. Washington, D.C.: M. E. Sharpe英語M. E. Sharpe. "
        "1997: 616. ISBN\xa09781563246371. It is also revealed that a new force of 200 armed "
        "members of the Grey Wolves organization has been dispatched from Turkey in preparation "
        "for a new Azeri offensive and to train units of the Azeri army.",
        backref_count=2,
        editors=("Brzezinski, Zbigniew", "Sullivan, Paige"),
        title="Russia and the Commonwealth of Independent States: Documents, Data, and Analysis",
        container_type="book",
        publisher="M. E. Sharpe",
        place="Washington, D.C.",
        date="1997",
        year="1997",
        pages="616",
        isbn="9781563246371",
        excerpt="It is also revealed that a new force of 200 armed members of the Grey Wolves "
        "organization has been dispatched from Turkey in preparation for a new Azeri offensive "
        "and to train units of the Azeri army.",
    )


def test_chapter_in_an_edited_book_written_with_commas(sources, expected) -> None:
    assert sources[39] == expected(
        39,
        "Nadein-Raevski, V. The Azerbaijani Armenian Conflict; Rupesinghe, K., King, P., "
        "Vorkunova, O eds. Ethnicity and Conflict in a Post-Communist World, St. Martin's Press, "
        "1992, p. 118.",
        authors=("Nadein-Raevski, V.",),
        editors=("Rupesinghe, K.", "King, P.", "Vorkunova, O"),
        title="The Azerbaijani Armenian Conflict",
        container="Ethnicity and Conflict in a Post-Communist World",
        container_type="book",
        publisher="St. Martin's Press",
        date="1992",
        year="1992",
        pages="118",
    )


def test_short_citation_resolved_to_the_2003_book_not_the_2010_one(sources, expected) -> None:
    assert sources[21] == expected(
        21,
        "de Waal 2003,第285頁.",
        backref_count=3,
        short_citation=ShortCitation("de Waal", "2003", "285", resolved_number=33),
    )
    assert sources[87].authors == ("de Waal, Thomas",) and sources[87].year == "2010"


def test_short_citation_with_a_quote(sources, expected) -> None:
    quote = (
        "Yet it is not entirely clear how this support for the Armenians was translated on to "
        "the battlefield; to complicate things further, the Russians also gave some assistance "
        "to Azerbaijan."
    )
    assert sources[14] == expected(
        14,
        f'de Waal 2003,第200頁: "{quote}"',
        excerpt=quote,
        short_citation=ShortCitation("de Waal", "2003", "200", resolved_number=33),
    )


def test_unresolved_short_citation(sources, expected) -> None:
    assert sources[8] == expected(
        8,
        "Taarnby 2008,第6頁.",
        backref_count=2,
        short_citation=ShortCitation("Taarnby", "2008", "6", resolved_number=None),
    )
    unresolved = unresolved_short_citations(tuple(sources.values()))
    assert [s.number for s in unresolved] == [8, 16, 17, 18]
    assert {s.short_citation.author for s in unresolved} == {"Taarnby", "Charalampidis"}


@pytest.mark.parametrize(
    ("number", "container", "kind"),
    [
        (23, "Euronews", "newspaper"),
        (26, "Wiener Zeitung", "newspaper"),
        (50, "TIME Magazine", "magazine"),
        (53, "時代周刊", "magazine"),
        (62, "西雅圖時報", "newspaper"),
        (68, "波士頓環球報", "newspaper"),
        (77, "洛杉磯時報", "newspaper"),
        (78, "Chicago Sun-Times", "newspaper"),
        (80, "San Francisco Chronicle", "newspaper"),
        (82, "The Los Angeles Times", "newspaper"),
        (89, "New York Times", "newspaper"),
    ],
)
def test_periodicals(sources, number: int, container: str, kind: str) -> None:
    assert (sources[number].container, sources[number].container_type) == (container, kind)


def test_newspaper_article(sources, expected) -> None:
    assert sources[68] == expected(
        68,
        "Quinn-Judge, Paul. Armenians killed 1000, Azeris charge.. 波士頓環球報. "
        "1992-03-03 [2007-03-02]. (原始內容存檔於2007-02-08).",
        authors=("Quinn-Judge, Paul",),
        title="Armenians killed 1000, Azeris charge.",  # the headline's own period
        container="波士頓環球報",
        container_type="newspaper",
        date="1992-03-03",
        year="1992",
        access_date="2007-03-02",
        archive_note="原始內容存檔於2007-02-08",
    )
    assert sources[89] == expected(
        89,
        "Specter, Michael. Armenians Suffer Painfully in War, But With Pride and Determination. "
        "New York Times. 15 July 1994 [7 January 2007]. (原始內容存檔於4 February 2009).",
        authors=("Specter, Michael",),
        title="Armenians Suffer Painfully in War, But With Pride and Determination",
        container="New York Times",
        container_type="newspaper",
        date="15 July 1994",
        year="1994",
        access_date="7 January 2007",
        archive_note="原始內容存檔於4 February 2009",
    )


def test_web_page_with_archive_note(sources, expected) -> None:
    assert sources[1] == expected(
        1,
        "Armenian Revolutionary Federation –Dashnaktsutyun (PDF). commonspace.eu. "
        "[25 July 2013]. (原始內容存檔 (PDF)於2016-03-04).",
        title="Armenian Revolutionary Federation –Dashnaktsutyun",
        container="commonspace.eu",
        container_type="website",
        access_date="25 July 2013",
        archive_note="原始內容存檔 (PDF)於2016-03-04",
        file_format="PDF",
    )
    assert sources[23] == expected(
        23,
        '"Winds of Change in Nagorno Karabakh 網際網路檔案館存檔,存檔日期2011-12-06.." '
        "Euronews. 28 November 2009.",
        title="Winds of Change in Nagorno Karabakh",
        container="Euronews",
        container_type="newspaper",
        date="28 November 2009",
        year="2009",
        archive_note="網際網路檔案館存檔,存檔日期2011-12-06",
    )


def test_russian_sources_with_language_notes(sources, expected) -> None:
    assert sources[20] == expected(
        20,
        "(俄文) Melik-Shahnazarov, Arsen. Нагорный Карабах: факты против лжи"
        "頁面存檔備份,存於網際網路檔案館.",
        backref_count=4,
        authors=("Melik-Shahnazarov, Arsen",),
        title="Нагорный Карабах: факты против лжи",
        container_type="website",
        language_note="俄文",
        archive_note="頁面存檔備份,存於網際網路檔案館",
    )
    assert sources[42] == expected(
        42,
        '(俄文) Regnum News Agency. "Кто на стыке интересов? США, Россия и новая реальность на '
        'границе с Ираном" (誰在利益的轉折點上?美國、俄羅斯和與伊朗邊界上的新現實 '
        "網際網路檔案館存檔,存檔日期2012-11-24.) April 4, 2006.",
        title="Кто на стыке интересов? США, Россия и новая реальность на границе с Ираном",
        translated_title="誰在利益的轉折點上?美國、俄羅斯和與伊朗邊界上的新現實",
        container="Regnum News Agency",
        container_type="newspaper",
        date="April 4, 2006",
        year="2006",
        language_note="俄文",
        archive_note="網際網路檔案館存檔,存檔日期2012-11-24",
    )


def test_journal_article(sources) -> None:
    yamskov = sources[37]
    assert (yamskov.authors, yamskov.container, yamskov.volume, yamskov.issue) == (
        ("Yamskov, A. N.",),
        "Theory and Society",
        "20",
        "5",
    )
    assert (yamskov.container_type, yamskov.date, yamskov.pages) == (
        "journal",
        "October 1991",
        "659",
    )
    assert yamskov.access_date == "2007年2月13日"


def test_note_entry_has_no_bibliographic_fields(sources, expected) -> None:
    assert sources[66] == expected(
        66,
        "亞美尼亞政府否認在霍賈雷有意地屠殺平民,堅稱大多數平民死於亞美尼亞和亞塞拜然部隊的交火。",
    )
    for number in (30, 31, 61):
        source = sources[number]
        assert source == expected(number, source.raw), number
    assert "[1]" in sources[61].raw and "[2]" in sources[61].raw  # links, not citation markers


def test_a_malformed_entry_names_its_line() -> None:
    lines = [Line(339, 0, "  1. ^ Hoge, James F. The Clash."), Line(340, 40, "  2. Croissant")]
    with pytest.raises(ValueError, match=r"line 340: not a reference entry: '  2\. Croissant'"):
        parse_references(lines)


def test_blank_lines_are_skipped_and_numbers_must_follow_on() -> None:
    blank = Line(2, 10, "")
    assert len(parse_references([Line(1, 0, "1. ^ A."), blank, Line(3, 11, "2. ^ B.")])) == 2
    with pytest.raises(ValueError, match="line 3: expected entry 2, not 3"):
        parse_references([Line(1, 0, "1. ^ A."), blank, Line(3, 11, "3. ^ B.")])
