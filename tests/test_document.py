"""The document model of the real article: structure, sentences, markers, infobox, table, notes."""

from __future__ import annotations

import re
from collections import Counter

from graph_builder.document.article import split_sentences
from graph_builder.document.records import Document

BODY_MARKER = re.compile(r"\[(\d{1,3})\]")


def test_title_description_and_lead(doc: Document) -> None:
    assert doc.title == "第一次納戈爾諾-卡拉巴赫戰爭"
    assert doc.description == "20世纪末一场战争"
    lead = doc.sections[0]
    assert lead.key == "lead" and lead.level == 1
    assert lead.paragraphs[0].text.startswith("第一次納戈爾諾-卡拉巴赫戰爭亞塞拜然語")
    assert lead.paragraphs[-1].text.startswith("衝突在1992年冬末全面爆發")
    assert len(lead.paragraphs) == 5


def test_sections_and_their_nesting(doc: Document) -> None:
    by_heading = {s.heading: s for s in doc.sections}
    assert len(doc.sections) == 29  # the lead and 28 headed sections
    assert by_heading["背景"].level == 1 and by_heading["背景"].parent_key is None
    assert by_heading["蘇姆蓋特"].parent_key == by_heading["卡拉巴赫問題重現"].key
    assert by_heading["霍賈雷"].parent_key == by_heading["亞美尼亞的初期勝利"].key
    assert by_heading["比斯凱克協議"].parent_key == by_heading["最後的衝突到停火"].key
    assert [s.heading for s in doc.sections[-3:]] == ["參見", "注釋", "參考資料"]
    # A heading followed directly by another heading is its parent.
    assert by_heading["衝突升級"].paragraphs == ()
    assert by_heading["戈蘭博伊行動"].parent_key == by_heading["衝突升級"].key


def test_captions_are_not_prose(doc: Document) -> None:
    captions = [p.text for p in doc.paragraphs if p.kind == "caption"]
    assert "蘇軍坦克進入巴庫" in captions
    assert "戰死的亞塞拜然士兵之墓" in captions
    assert len(captions) == 10  # one per image the rendered text marks with a no-break space


def test_every_offset_points_at_its_text(doc: Document) -> None:
    for paragraph in doc.paragraphs:
        assert doc.text[paragraph.start : paragraph.end] == paragraph.text
        for sentence in paragraph.sentences:
            assert doc.text[sentence.start : sentence.end] == sentence.text
    for marker in doc.markers:
        assert doc.text[marker.start : marker.end] == marker.as_written


def test_sentences_cover_their_paragraph(doc: Document) -> None:
    for paragraph in doc.paragraphs:
        position = paragraph.start
        for sentence in paragraph.sentences:
            assert doc.text[position : sentence.start].strip() == "", sentence.key
            position = sentence.end
        assert position == paragraph.end, paragraph.key


def test_sentence_spot_checks(doc: Document) -> None:
    texts = [s.text for s in doc.sentences]
    # Markers after the full stop belong to the sentence they close.
    assert any(t.endswith("這一地區宣布從亞塞拜然分離。[29]") for t in texts)
    assert any(t.endswith("雙方互相指責對方進行種族清洗[27][28]") for t in texts)
    # A full stop after a marker run stays with its sentence, never a sentence of its own.
    assert all(t.strip("。 ") for t in texts)
    assert any(t.endswith("挑唆的坐探。[47]。") for t in texts)
    # Quoted speech ending in 。」 closes the sentence with its quote and marker.
    assert any(t.endswith("對手。」[59]") for t in texts)


def test_split_sentences_handles_each_ending() -> None:
    text = "甲說:「好。」[1] 乙[2]。丙![3][4]丁"
    got = [s.text for s in split_sentences("p", text, 100)]
    assert got == ["甲說:「好。」[1]", "乙[2]。", "丙![3][4]", "丁"]
    assert split_sentences("p", text, 100)[1].start == 100 + text.index("乙")


def test_every_body_marker_is_found_and_placed(doc: Document) -> None:
    body = doc.text[: doc.sources[0].start]
    written = Counter(int(m) for m in BODY_MARKER.findall(body))
    parsed = Counter(m.ref_number for m in doc.markers)
    assert parsed == written
    assert len(doc.markers) == 143
    for marker in doc.markers:
        assert marker.sentence_key or marker.infobox_field_key, marker


def test_every_marker_resolves_to_a_reference(doc: Document) -> None:
    numbers = {s.number for s in doc.sources}
    assert {m.ref_number for m in doc.markers} <= numbers


def test_marker_runs(doc: Document) -> None:
    run = [m for m in doc.markers if m.infobox_field_key == "casualties" and m.line == 80]
    assert [(m.ref_number, m.position_in_run) for m in run] == [(21, 0), (23, 1), (20, 2)]
    first = next(m for m in doc.markers if m.ref_number == 27)
    assert first.sentence_key == "lead-p1-4" and first.paragraph_key == "lead-p1"


def test_infobox_fields(doc: Document) -> None:
    box = doc.infobox
    assert box.title == doc.title
    assert [f.name for f in box.fields] == [
        "日期",
        "地點",
        "結果",
        "領土變更",
        "參戰方",
        "指揮官與領導者",
        "兵力",
        "傷亡與損失",
    ]
    assert box.field("日期").raw.startswith("1988年2月20日至1994年5月12日")
    assert "比斯凱克停火協定" in box.field("結果").raw
    commanders = [e.value for e in box.field("指揮官與領導者").entries]
    assert len(commanders) == 23
    assert commanders[0] == "列翁·特爾-彼得羅相" and commanders[-1] == "古勒卜丁·希克馬蒂亞爾[8]"
    for field in box.fields:
        for entry in field.entries:
            assert doc.text[entry.start : entry.end] == entry.value


def test_infobox_columns_follow_the_printed_labels(doc: Document) -> None:
    casualties = doc.infobox.field("傷亡與損失").entries
    deaths = [(e.column, e.value) for e in casualties if e.label == "死亡"]
    assert deaths == [(1, "5,856[20]–6,000人[21]"), (2, "20,000–30,000人[21][23][20]")]
    assert all(e.column is None for e in casualties if e.label.startswith(("平民", "流離")))
    belligerents = doc.infobox.field("參戰方").entries
    assert [(e.label, e.column) for e in belligerents if e.value.startswith("蘇聯")] == [
        ("1988–1991", 2)
    ]
    strength = {e.label: e.value for e in doc.infobox.field("兵力").entries if e.label}
    assert strength["車臣武裝分子"] == "300人[18]"


def test_military_balance_table(doc: Document) -> None:
    table = doc.table
    assert table.headers == (
        "政權",
        "軍事人員",
        "火炮",
        "坦克",
        "裝甲運兵車",
        "裝甲戰鬥車輛",
        "戰鬥機",
    )
    assert [row[0].text for row in table.rows] == ["阿爾察赫共和國", "亞美尼亞", "亞塞拜然"]
    azerbaijan = {cell.header: cell.text for cell in table.rows[2]}
    assert azerbaijan["坦克"] == "280" and azerbaijan["軍事人員"] == "42,000"
    for row in table.rows:
        for cell in row:
            assert doc.text[cell.start : cell.end] == cell.text


def test_notes(doc: Document) -> None:
    assert [n.label for n in doc.notes] == ["I"]
    note = doc.notes[0]
    assert note.text.startswith("該地區的名稱在各種語言當中有著大致相同的意義")
    assert doc.text[note.start : note.end] == note.text


def test_every_section_has_an_english_rendering(doc: Document) -> None:
    headed = [s for s in doc.sections if s.key != "lead"]
    assert all(s.english for s in headed)
    by_heading = {s.heading: s.english for s in headed}
    assert by_heading["霍賈雷"] == "Khojaly"
    # Where the sides name a place differently, both names stand.
    assert by_heading["攻克舒沙"] == "Capture of Shusha / Shushi"
