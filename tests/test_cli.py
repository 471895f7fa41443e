"""The `nkkg` command as a user runs it: a real process on the real store."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import Store
from test_canned_routes import TYPED

from server import claims_report
from server.canned import queries
from server.cli import main

SOURCES_QUERY = """PREFIX nkkg: <https://w3id.org/nkkg/ontology/>
SELECT ?n ?title WHERE { ?s nkkg:referenceNumber ?n ; nkkg:title ?title }
ORDER BY ?n LIMIT 3"""


def nkkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_query_prints_a_table(built_store: Path) -> None:
    done = nkkg("query", "--store", str(built_store), SOURCES_QUERY)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split(" | ")[0].strip() == "n"
    assert lines[2].startswith("1 ")
    assert lines[-1] == "(3 rows)"


def test_query_csv_and_json(built_store: Path) -> None:
    done = nkkg("query", "--store", str(built_store), "--format", "csv", SOURCES_QUERY)
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == ["n", "title"] and [r[0] for r in rows[1:]] == ["1", "2", "3"]
    done = nkkg("query", "--store", str(built_store), "--format", "json", SOURCES_QUERY)
    bindings = json.loads(done.stdout)["results"]["bindings"]
    assert [b["n"]["value"] for b in bindings] == ["1", "2", "3"]


def test_query_from_an_rq_file(built_store: Path, tmp_path: Path) -> None:
    query = tmp_path / "count.rq"
    query.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    done = nkkg("query", "--store", str(built_store), str(query))
    assert done.returncode == 0 and done.stdout.strip() == "true"


def test_malformed_query_names_line_and_column(built_store: Path, tmp_path: Path) -> None:
    query = tmp_path / "bad.rq"
    query.write_text("SELECT ?s\nWHERE {\n  ?s ?p \n}\n", encoding="utf-8")
    done = nkkg("query", "--store", str(built_store), str(query))
    assert done.returncode == 2
    # The parser's own message and position (line 4, where the triple pattern breaks off).
    assert re.match(rf"nkkg query: {re.escape(str(query))}:4:\d+: expected ", done.stderr)


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    done = nkkg("query", "--store", str(tmp_path / "nowhere"), "ASK {}")
    assert done.returncode == 1
    assert "no store here; run `nkkg build` first" in done.stderr


def test_build_and_dump_show_progress(tmp_path: Path) -> None:
    store = tmp_path / "store"
    done = nkkg("build", "--store", str(store), "--dump", str(tmp_path / "all.nq.gz"))
    assert done.returncode == 0, done.stderr
    stages = [line.split()[0] for line in done.stderr.splitlines() if not line.startswith(" ")]
    assert stages == [
        "corpus",
        "document",
        "sources",
        "ontology",
        "curated",
        "links",
        "geometry",
        "claims",
        "citations",
        "coverage",
        "rdf",
        "terms",
        "languages",
        "shacl",
        "inference",
        "reasoner",
        "round-trip",
        "store",
        "dump",
    ]
    assert (tmp_path / "all.nq.gz").stat().st_size > 10_000


def test_claims_finds_every_version_from_a_name_in_any_language(
    built_store: Path, store: Store
) -> None:
    def by_command(term: str) -> list[dict[str, str]]:
        done = nkkg("claims", "--store", str(built_store), "--format", "csv", term)
        assert done.returncode == 0, done.stderr
        return list(csv.DictReader(io.StringIO(done.stdout)))

    def in_process(term: str) -> list[dict[str, str]]:  # the same query and report, no process
        named = queries.load_all()["claims-by-label"]
        solutions = store.query(
            named.text,
            use_default_graph_as_union=True,
            substitutions=named.substitutions({"term": term}),
        )
        names = [v.value for v in solutions.variables]
        found = claims_report.versions({n: row[n] for n in names} for row in solutions)
        return list(csv.DictReader(io.StringIO(claims_report.as_csv(found))))

    outputs = []
    for term, run in (
        ("霍賈雷", by_command),
        ("Xocalı", by_command),  # the Azerbaijani spelling
        ("霍贾雷", in_process),
        ("Khojaly", in_process),
        ("Khodjaly", in_process),
        ("Hocalı", in_process),  # the Turkish spelling
    ):
        rows = run(term)
        outputs.append({r["claim"] for r in rows})
        written = {r["asWritten"] for r in rows}
        assert {"485", "613", "106", "83", "超過1000"} <= written, term
        globe = next(r for r in rows if r["asWritten"] == "超過1000")
        assert globe["subjectLabel"] == "First Nagorno-Karabakh War"  # not a Khojaly count
        assert globe["reportedWith"] == "Khojaly massacre"
    assert all(found == outputs[0] for found in outputs)


def test_claims_prints_every_version_whole(built_store: Path) -> None:
    done = nkkg("claims", "--store", str(built_store), "--width", "72", "霍賈雷")
    assert done.returncode == 0, done.stderr
    assert all(len(line) <= 72 for line in done.stdout.splitlines() if line.isascii())  # wrapped
    text = " ".join(done.stdout.split())  # whole, wherever the lines break
    assert "Khojaly massacre: deaths — disputed" in text
    assert "613 (civilians, Azerbaijani authorities) counts a part of what about 485" in text
    # Khojaly's own figures first, then the war's count the article reports with it
    war = text.index("First Nagorno-Karabakh War: deaths, four years of conflict")
    assert text.index("Khojaly massacre: deaths — disputed") < war
    assert (
        "about: First Nagorno-Karabakh War (the article reports it with Khojaly massacre)"
        in (text[war:])
    )
    khojaly = text[text.index("Khojaly massacre: deaths — disputed") :]
    for whole in (  # each version's fields, never cut
        "· 485",
        "bound: approximate, read from the words 保守估計",
        "the article weighs it: 保守估計",
        "reference: [33] de Waal, Thomas. Black Garden: Armenia and Azerbaijan",
        "words: 確切的死亡數字從未被證實,但是保守估計死亡人數有485人",
        "claimant: Azerbaijani side and other sources",
        "a part of: 613 (civilians)",
    ):
        assert whole in khojaly, whole
    assert "gloss: The exact death toll was never verified, but a conservative" in khojaly
    # in the article's order, each part right after its whole: 幾百, 485, 613 with its 106 and 83
    order = [khojaly.index(f"· {v} ") for v in ("幾百", "485", "613", "106", "83")]
    assert order == sorted(order)


def test_claims_csv_and_json_carry_the_same_fields(built_store: Path) -> None:
    from server.claims_report import FIELDS

    as_csv = nkkg("claims", "--store", str(built_store), "--format", "csv", "阿富汗")
    as_json = nkkg("claims", "--store", str(built_store), "--format", "json", "阿富汗")
    assert as_csv.returncode == as_json.returncode == 0
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    records = json.loads(as_json.stdout)
    assert list(rows[0]) == list(records[0]) == list(FIELDS)
    assert [r["claim"] for r in rows] == [r["claim"] for r in records]
    # 阿富汗 (Afghanistan) has no claims of its own: the Afghan fighters' figure is found
    afghan = [r for r in records if r["figureLabel"] == "Afghan mujahideen: fighters"]
    assert {r["asWritten"] for r in afghan} == {
        "1,000–3,000",
        "1,000至1,500",
        "1500-3000",
        "1,000 to as high as 3,000",
    }
    taarnby = next(r for r in afghan if r["claimants"] == ["Michael Taarnby"])
    assert taarnby["references"] == [
        {"number": 17, "author": "Taarnby", "title": None, "page": "7", "rule": "reference entry"}
    ]
    assert next(r for r in rows if r["claim"] == taarnby["claim"])["references"] == (
        "[17] Taarnby, p. 7 (cited by reference entry)"
    )


def test_each_sides_name_for_a_place_finds_the_same_claims(built_store: Path) -> None:
    def claims(term: str) -> set[str]:
        done = nkkg("claims", "--store", str(built_store), "--format", "csv", term)
        assert done.returncode == 0, done.stderr
        return {row["claim"] for row in csv.DictReader(io.StringIO(done.stdout))}

    # Shushi is the Armenian side's name, Shusha the Azerbaijani side's; Khankendi the
    # Azerbaijani side's name for Stepanakert. The claims are about the events at the town.
    shusha = claims("Shusha")
    assert shusha and claims("Shushi") == shusha == claims("舒沙")
    stepanakert = claims("Stepanakert")
    assert stepanakert and claims("Khankendi") == stepanakert == claims("斯捷潘纳克特")


def test_a_canned_query_by_name_with_parameters(built_store: Path) -> None:
    done = nkkg(
        "query", "--store", str(built_store), "--format", "json", "by-source", "--param", "ref=21"
    )
    assert done.returncode == 0, done.stderr
    bindings = json.loads(done.stdout)["results"]["bindings"]
    assert bindings and {b["page"]["value"] for b in bindings} == {"285"}
    refused = nkkg("query", "--store", str(built_store), "by-source", "--param", "ref=21 } UNION {")
    assert refused.returncode == 2
    assert "parameter 'ref' must be an xsd:integer" in refused.stderr
    # The date the timeline once took as an ill-typed literal, silently losing rows.
    refused = nkkg("query", "--store", str(built_store), "timeline", "--param", "from=19920101")
    assert refused.returncode == 2
    assert "timeline: parameter 'from' must be an xsd:date written YYYY-MM-DD" in refused.stderr


@pytest.mark.parametrize(
    ("name", "parameter", "good", "bad", "expected"),
    [next(row for row in TYPED if row[1] == parameter) for parameter in ("from", "ref", "about")],
)
def test_each_type_takes_its_lexical_form_on_the_command_line(
    built_store: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    parameter: str,
    good: str,
    bad: str,
    expected: str,
) -> None:
    # In process: main() is what the `nkkg` script runs (a real process is tested above).
    command = ["query", "--store", str(built_store), "--format", "csv", name, "--param"]
    assert main([*command, f"{parameter}={good}"]) == 0
    capsys.readouterr()
    assert main([*command, f"{parameter}={bad}"]) == 2
    refused = capsys.readouterr().err
    assert f"nkkg query: {name}: parameter '{parameter}'" in refused and expected in refused


def test_queries_lists_every_canned_query() -> None:
    done = nkkg("queries")
    names = [line.split()[0] for line in done.stdout.splitlines() if not line.startswith(" ")]
    assert len(names) >= 20 and "claims" in names and "timeline" in names


def test_coverage_reports_each_part() -> None:
    done = nkkg("coverage")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("74/74 narrative paragraphs")
    assert "lead-p1" in done.stdout and "infobox/casualties" in done.stdout
