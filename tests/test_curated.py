"""Curated files: schema, ids, references and quotes are enforced with file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from graph_builder.curation.loader import load_curation
from graph_builder.curator import locate
from graph_builder.document.records import Document
from graph_builder.errors import CurationError

PLACE = """\
places:
  - id: shusha
    class: Settlement
    quote: 亞塞拜然指揮部堅守舒沙這座該地區唯一的軍事據點
    names:
      - {name: 舒沙, lang: zh-Hant, quote: 亞塞拜然指揮部堅守舒沙}
      - {name: Shusha, lang: en, general: English Wikipedia article title}
"""


def _folder(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def _error(doc: Document, tmp_path: Path, **files: str) -> CurationError:
    with pytest.raises(CurationError) as caught:
        load_curation(doc, _folder(tmp_path, **files))
    return caught.value


def test_the_real_curation_loads_and_anchors(doc: Document) -> None:
    curation = load_curation(doc)
    assert curation.entities
    for entity in curation.entities:
        evidence = entity.support.evidence
        assert evidence is not None, entity.id
        assert doc.text[evidence.start : evidence.end] == evidence.exact


def test_a_valid_file_anchors_each_fact(doc: Document, tmp_path: Path) -> None:
    (shusha,) = load_curation(doc, _folder(tmp_path, places=PLACE)).entities
    zh, en = shusha.names
    assert zh.support.evidence and zh.support.evidence.part.endswith("/sentence/s14-p1-1")
    assert doc.text[zh.support.evidence.start : zh.support.evidence.end] == "亞塞拜然指揮部堅守舒沙"
    assert en.support.evidence is None and en.support.basis == (
        "general knowledge: English Wikipedia article title"
    )
    assert zh.preferred and en.preferred


def test_an_unknown_field_names_file_and_line(doc: Document, tmp_path: Path) -> None:
    error = _error(doc, tmp_path, places=PLACE.replace("    class:", "    colour: red\n    class:"))
    assert error.file and error.file.endswith("places.yaml") and error.line == 3  # `colour:`
    assert "colour" in str(error) and "Extra inputs are not permitted" in str(error)


def test_a_missing_id_names_file_and_line(doc: Document, tmp_path: Path) -> None:
    error = _error(doc, tmp_path, places=PLACE.replace("  - id: shusha\n    class", "  - class"))
    assert error.line == 2 and "places.0.id" in str(error) and "Field required" in str(error)


def test_a_dangling_reference_names_file_line_and_value(doc: Document, tmp_path: Path) -> None:
    text = PLACE + "    located_in:\n      - {to: atlantis, quote: 亞塞拜然指揮部堅守舒沙}\n"
    error = _error(doc, tmp_path, places=text)
    assert error.line == 9 and error.value == "atlantis"
    assert "refers to an id no curated file defines" in str(error)


def test_a_reference_to_the_wrong_kind_is_refused(doc: Document, tmp_path: Path) -> None:
    events = """\
        events:
          - id: siege
            class: Battle
            quote: 亞塞拜然指揮部堅守舒沙這座該地區唯一的軍事據點
            names: [{name: 舒沙, lang: zh-Hant, quote: 亞塞拜然指揮部堅守舒沙}]
            part_of: [{to: shusha, quote: 亞塞拜然指揮部堅守舒沙}]
        """
    error = _error(doc, tmp_path, places=PLACE, events=events)
    assert "refers to a place, expected an event" in str(error) and error.value == "shusha"


def test_a_quote_not_in_the_article_fails(doc: Document, tmp_path: Path) -> None:
    error = _error(doc, tmp_path, places=PLACE.replace("堅守舒沙}", "放棄舒沙}"))
    assert error.line == 6 and "quote not found in the article" in str(error)


def test_an_ambiguous_quote_needs_an_offset(doc: Document, tmp_path: Path) -> None:
    text = PLACE.replace(
        "{name: 舒沙, lang: zh-Hant, quote: 亞塞拜然指揮部堅守舒沙}", "{name: 舒沙, lang: zh-Hant}"
    )
    error = _error(doc, tmp_path, places=text)
    assert error.line == 6 and "occurs 10 times" in str(error) and "give `offset`" in str(error)
    first = int(locate(doc.text, "舒沙")[0].split(":")[0])
    fixed = text.replace(
        "{name: 舒沙, lang: zh-Hant}", f"{{name: 舒沙, lang: zh-Hant, offset: {first}}}"
    )
    (shusha,) = load_curation(doc, _folder(tmp_path, places=fixed)).entities
    assert shusha.names[0].support.evidence.start == first  # type: ignore[union-attr]


def test_a_name_must_stand_in_its_quote(doc: Document, tmp_path: Path) -> None:
    error = _error(doc, tmp_path, places=PLACE.replace("name: 舒沙,", "name: 舒希,"))
    assert "the quote does not contain '舒希'" in str(error) and error.line == 6


def test_a_date_at_the_precision_written(doc: Document, tmp_path: Path) -> None:
    events = """\
        events:
          - id: capture
            class: Battle
            quote: 一支由幾百名亞美尼亞士兵組成的部隊在坦克和直升機協助下向舒沙城發起攻擊
            names: [{name: 攻克舒沙, lang: zh-Hant}]
            start:
              - {date: 1992-05-08, as_written: 5月8日, quote: "5月8日,一支由幾百名"}
              - {date: 1992-05, as_written: 5月, quote: "5月8日,一支由幾百名"}
        """
    (capture,) = load_curation(doc, _folder(tmp_path, events=events)).entities
    assert [(d.value.datatype, d.value.lexical) for d in capture.starts] == [
        ("date", "1992-05-08"),
        ("gYearMonth", "1992-05"),
    ]
    bad = events.replace("date: 1992-05,", "date: 1992-13,")
    error = _error(doc, tmp_path, events=bad)
    assert "not a calendar date" in str(error) and error.line == 8


def test_one_entity_curated_in_two_files_is_merged(doc: Document, tmp_path: Path) -> None:
    more = """\
        places:
          - id: shusha
            class: Settlement
            quote: 亞塞拜然指揮部堅守舒沙這座該地區唯一的軍事據點
            names:
              - {name: 舒沙, lang: zh-Hant, quote: 亞塞拜然指揮部堅守舒沙}
              - {name: Shushi, lang: en, used_by: armenian, general: the Armenian name}
        """
    (shusha,) = load_curation(doc, _folder(tmp_path, a=PLACE, b=more)).entities
    assert [(n.text, n.preferred) for n in shusha.names] == [
        ("舒沙", True),
        ("Shusha", True),
        ("Shushi", False),
    ]


def test_one_id_with_two_classes_is_refused(doc: Document, tmp_path: Path) -> None:
    error = _error(doc, tmp_path, a=PLACE, b=PLACE.replace("Settlement", "Facility"))
    assert "duplicate id, first defined as Settlement at" in str(error) and error.value == "shusha"


def test_one_id_twice_in_one_file_is_refused(doc: Document, tmp_path: Path) -> None:
    twice = PLACE + PLACE.split("places:\n", 1)[1]
    error = _error(doc, tmp_path, a=twice)
    assert "duplicate id, first defined in the same file" in str(error) and error.line == 8


def test_malformed_yaml_names_file_and_line(doc: Document, tmp_path: Path) -> None:
    error = _error(doc, tmp_path, places=PLACE.replace("    quote: 亞塞", "    quote: [亞塞"))
    assert error.file and error.file.endswith("places.yaml")
    # the parser gives up at line 5, the next key, and its message points at the `[` of line 4
    assert error.line == 5 and "not valid YAML" in str(error) and "line 4" in str(error)
