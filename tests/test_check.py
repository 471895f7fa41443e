"""`nkkg check` and the build's gates: every check passes on the built store, a damaged store fails
the checks it breaks, and a build that fails a check leaves the last good store live."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store

from graph_builder import iris, store
from graph_builder.build import BuildInputs, build
from graph_builder.checks import gates
from graph_builder.checks.validate import SHAPES
from graph_builder.errors import ValidationError
from graph_builder.namespaces import NKKG
from graph_builder.rdf import ontology

VALID = Path(__file__).parent / "data" / "shapes" / "valid.ttl"
CHECKS = [
    "owl-lite",
    "reasoner",
    "parsers",
    "terms",
    "languages",
    "shacl",
    "inference",
    "round-trip",
]


def nkkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_every_check_passes_on_the_built_store(built_store: Path) -> None:
    done = nkkg("check", "--store", str(built_store))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines] == CHECKS
    assert all(line.split()[1] == "ok" for line in lines)
    assert "0 violation(s)" in lines[CHECKS.index("shacl")]
    assert "0 missing, 0 not entailed" in lines[CHECKS.index("inference")]
    assert lines[CHECKS.index("round-trip")].endswith("isomorphic")


@pytest.fixture(scope="module")
def damaged(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built store with one inferred triple lost and one citation citing twice."""
    inferred = iris.graph("inferred")
    quads = list(Store.read_only(str(built_store)))
    lost = next(q for q in quads if q.graph_name == inferred)
    citation = NamedNode("https://w3id.org/nkkg/id/citation/1484")
    extra = Quad(citation, NKKG.cites, iris.source(2), iris.graph("document"))
    path = tmp_path_factory.mktemp("damaged") / "store"
    copy = Store(str(path))
    copy.bulk_extend([q for q in quads if q != lost] + [extra])
    copy.flush()
    del copy
    return path


def test_a_damaged_store_fails_the_checks_it_breaks(damaged: Path) -> None:
    outcomes: list[gates.Outcome] = []
    assert gates.check_store(damaged, outcomes.append) is False
    by_name = {o.check: o for o in outcomes}
    assert list(by_name) == CHECKS
    failed = [name for name, outcome in by_name.items() if not outcome.passed]
    assert failed == ["shacl", "inference"]
    assert any(
        f.startswith("id:citation/1484 nkkg:cites") and "exactly one nkkg:Source" in f
        for f in by_name["shacl"].findings
    )
    assert any(f.startswith("missing: ") for f in by_name["inference"].findings)
    assert by_name["inference"].line().startswith("inference  FAILED ")


@pytest.fixture(scope="module")
def small_broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small store: the ontology and tests/data/shapes/valid.ttl with its citation marker
    citing a second source, and no inferred graph."""
    path = tmp_path_factory.mktemp("small") / "store"
    small = Store(str(path))
    small.bulk_extend(ontology.load_ontology())
    small.load(path=str(VALID), format=RdfFormat.TURTLE, to_graph=iris.graph("document"))
    marker = NamedNode("https://w3id.org/nkkg/id/citation/20")
    small.add(Quad(marker, NKKG.cites, iris.source(2), iris.graph("document")))
    small.flush()
    del small
    return path


def test_the_command_exits_non_zero_and_lists_findings(small_broken: Path) -> None:
    done = nkkg("check", "--store", str(small_broken), "--findings", "1")
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines if not line.startswith(" ")] == CHECKS
    failed = [line.split()[0] for line in lines if line.split()[1:2] == ["FAILED"]]
    assert failed == ["shacl", "inference"]
    at = lines.index(next(line for line in lines if line.startswith("shacl ")))
    assert lines[at + 1].startswith("           id:citation/20 ")
    assert lines[at + 2].startswith("           … and ")


def test_the_round_trip_compares_graphs(built_store: Path) -> None:
    built = Store.read_only(str(built_store))
    assert gates.round_trip(built).passed
    quads = list(built)
    changed = quads[:-1] + [Quad(quads[-1].subject, quads[-1].predicate, Literal("changed"))]
    outcome = gates.round_trip(built, changed)
    assert not outcome.passed
    assert outcome.findings == ("the store does not hold the quads the build wrote",)


def test_a_build_failing_shacl_keeps_the_last_store(tmp_path: Path) -> None:
    live = tmp_path / "store"
    first = build(live, checks=False)
    strict = tmp_path / "strict.ttl"
    strict.write_text(
        SHAPES.read_text(encoding="utf-8")
        + """
shape:EverySourceHasAnIsbn a sh:NodeShape ;
    sh:targetClass nkkg:Source ;
    sh:property [ sh:path nkkg:isbn ; sh:minCount 1 ; sh:message "a source has an ISBN" ] .
""",
        encoding="utf-8",
    )
    lines: list[str] = []
    with pytest.raises(ValidationError) as caught:
        build(live, BuildInputs(shapes=strict), report=lines.append)
    message = str(caught.value).splitlines()
    assert message[0].startswith(f"{strict}: shacl check failed: ")
    assert message[1].startswith("  id:")
    finding = "id:source/1 nkkg:isbn: a source has an ISBN [shape:EverySourceHasAnIsbn]"
    assert finding in caught.value.findings
    assert lines[-1].startswith("shacl ")
    assert live.resolve() == first.version
    assert list(store.versions_dir(live).iterdir()) == [first.version]


def test_a_failed_verification_removes_the_new_version(tmp_path: Path) -> None:
    live = tmp_path / "store"
    first = build(live, checks=False)
    quads = list(Store.read_only(str(live)))

    def refuse(written: Store, dump: bytes) -> None:
        raise ValidationError("round-trip check failed", findings=["refused for the test"])

    with pytest.raises(ValidationError, match="round-trip check failed"):
        store.write_store(quads, live, refuse)
    assert live.resolve() == first.version
    assert list(store.versions_dir(live).iterdir()) == [first.version]
