"""A build error names the curated file and the line of the offending fact: for YAML syntax,
the schema, a quote that does not anchor, a reference to nothing, and a SHACL violation on a
curated fact alike. Each case breaks one line of a copy of the real curated files and checks the
line the error names against the line that was broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph_builder.checks import gates, validate
from graph_builder.claims.claim import build_claims
from graph_builder.curation.loader import CURATION_DIR, load_curation
from graph_builder.document.records import Document
from graph_builder.errors import CurationError, ValidationError
from graph_builder.rdf import curated_triples, ontology


def _break(tmp_path: Path, file: str, find: str, replace: str, everything: bool) -> int:
    """Copies the curated files (or only `file`), replaces the first `find` in `file`, and gives
    the line where the replacement begins."""
    for path in CURATION_DIR.glob("*.yaml") if everything else [CURATION_DIR / file]:
        shutil.copy(path, tmp_path)
    target = tmp_path / file
    text = target.read_text(encoding="utf-8")
    at = text.index(find)
    target.write_text(text[:at] + replace + text[at + len(find) :], encoding="utf-8")
    return text.count("\n", 0, at) + 1


CASES = [
    # (what, file, find, replace, all files needed)
    ("YAML syntax", "places.yaml", "{name: 斯捷潘內克", "{name: [斯捷潘內克", False),
    ("a field the schema does not have", "places.yaml", "lang: fr,", "lnag: fr,", False),
    (
        "a class the schema does not have",
        "places.yaml",
        "class: GeographicRegion",
        "class: X",
        False,
    ),
    (
        "a name's quote not in the article",
        "places.yaml",
        "quote: 斯捷潘內克醫院",
        "quote: 醫院X",
        False,
    ),
    (
        "a link's quote not in the article",
        "places.yaml",
        "{to: azerbaijan, quote: 發生",
        "{to: azerbaijan, quote: 不",
        False,
    ),
    ("a link to an id nobody defines", "places.yaml", "{to: azerbaijan,", "{to: atlantis,", True),
    (
        "a link with a general basis, to nothing",
        "places.yaml",
        "{to: azerbaijan, quote: 發生在亞塞拜然西南的納戈爾諾-卡拉巴赫}",
        "{to: atlantis, general: a test}",
        True,
    ),
    ("a contradiction about nothing", "places.yaml", "about: stepanakert", "about: atlantis", True),
]


@pytest.mark.parametrize(("what", "file", "find", "replace", "everything"), CASES)
def test_a_curation_error_names_the_file_and_line_of_the_fact(
    doc: Document, tmp_path: Path, what: str, file: str, find: str, replace: str, everything: bool
) -> None:
    line = _break(tmp_path, file, find, replace, everything)
    with pytest.raises(CurationError) as caught:
        build_claims(doc, load_curation(doc, tmp_path))
    assert (Path(caught.value.file or "").name, caught.value.line) == (file, line), what
    assert f"{file}:{line}:" in str(caught.value)


def test_a_shacl_violation_on_a_curated_fact_names_its_yaml_line(
    doc: Document, tmp_path: Path
) -> None:
    """Khojaly without its names in Latin script (its English spellings among them) passes the
    loader (general-knowledge names are optional to it) but breaks the shape that wants every
    resource labelled in zh-Hant and en: the violation names the line that curates Khojaly, not
    ontology/shapes.ttl."""
    text = (CURATION_DIR / "places.yaml").read_text(encoding="utf-8")
    start = text.index("      - {name: Khojaly, lang: en,")
    latin = text[start : text.index("    located_in:", start)]  # Khojaly, Xocalı, Khodjaly…
    _break(tmp_path, "places.yaml", latin, "", everything=True)
    line = text.count("\n", 0, text.index("  - id: khojaly\n")) + 1
    curation = load_curation(doc, tmp_path)
    build_claims(doc, curation)
    evidences = curated_triples.Evidences()
    quads = curated_triples.curated_quads(curation, evidences, evidences.origins)
    khojaly = next(q.subject for q in quads if q.subject.value.endswith("/place/khojaly"))
    # Khojaly's own triples and the ontology (for the shapes' targets): enough to meet the shape
    subset = [q for q in quads if q.subject == khojaly] + ontology.load_ontology()
    report = validate.shacl_report(subset, validate.load_shapes(), evidences.origins)
    about_labels = [v for v in report.violations if "labelled in both" in v.message]
    assert about_labels and all(v.origin.endswith(f"places.yaml:{line}") for v in about_labels)
    with pytest.raises(ValidationError) as caught:
        gates.shacl(subset, validate.SHAPES, evidences.origins).raise_if_failed(validate.SHAPES)
    assert (Path(caught.value.file or "").name, caught.value.line) == ("places.yaml", line)
    assert f"places.yaml:{line}: " in str(caught.value)
