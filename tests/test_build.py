"""The build end to end on the real corpus: store, graphs, determinism, atomicity, errors."""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from pyoxigraph import Literal, Quad, Store

from graph_builder import iris, store
from graph_builder.build import BuildInputs, build
from graph_builder.document import manifest
from graph_builder.errors import CorpusError, OntologyError, StoreError
from graph_builder.namespaces import NKKG, XSD
from graph_builder.rdf.ontology import ONTOLOGY


def _count(s: Store, query: str) -> int:
    row = next(iter(s.query(query, use_default_graph_as_union=True)))
    return int(row[0].value)


def test_store_is_a_plain_oxigraph_store(built_store: Path) -> None:
    assert built_store.is_symlink()
    s = Store.read_only(str(built_store))
    assert len(s) > 5000
    graphs = {g.value for g in s.named_graphs()}
    assert graphs == {iris.graph(name).value for name in iris.GRAPHS}


def test_all_ninety_sources_are_nodes(built_store: Path) -> None:
    s = Store.read_only(str(built_store))
    query = """PREFIX nkkg: <https://w3id.org/nkkg/ontology/>
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH <https://w3id.org/nkkg/graph/sources> {
          ?s a nkkg:Source ; nkkg:referenceNumber ?num } }"""
    assert _count(s, query) == 90


def test_every_citation_cites_a_source_node(built_store: Path) -> None:
    s = Store.read_only(str(built_store))
    dangling = """PREFIX nkkg: <https://w3id.org/nkkg/ontology/>
        SELECT (COUNT(*) AS ?n) WHERE { ?c a nkkg:Citation ; nkkg:cites ?src .
          FILTER NOT EXISTS { ?src a nkkg:Source } }"""
    assert _count(s, dangling) == 0
    total = (
        "PREFIX nkkg: <https://w3id.org/nkkg/ontology/> "
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a nkkg:Citation }"
    )
    assert _count(s, total) == 143


def test_no_blank_nodes(built_store: Path) -> None:
    s = Store.read_only(str(built_store))
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }"
    assert _count(s, query) == 0


def test_two_builds_give_byte_identical_dumps(built_store: Path, tmp_path: Path) -> None:
    other = tmp_path / "second"
    build(other)
    first_dump, second_dump = tmp_path / "a.nq.gz", tmp_path / "b.nq.gz"
    store.write_dump(Store.read_only(str(built_store)), first_dump, "all")
    store.write_dump(Store.read_only(str(other)), second_dump, "all")
    assert first_dump.read_bytes() == second_dump.read_bytes()
    lines = gzip.decompress(first_dump.read_bytes()).splitlines()
    assert lines == sorted(lines) and len(lines) == len(Store.read_only(str(built_store)))


def _altered_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(manifest.CORPUS_DIR, folder)
    article = folder / "article.txt"
    article.write_text(
        article.read_text(encoding="utf-8").replace("1988年", "1989年", 1), encoding="utf-8"
    )
    return folder / "corpus.toml"


def test_failed_build_leaves_the_last_good_store(tmp_path: Path) -> None:
    live = tmp_path / "store"
    first = build(live, checks=False)
    before = store.nquads_lines(Store.read_only(str(live)))
    with pytest.raises(CorpusError, match="checksum mismatch"):
        build(live, BuildInputs(corpus=_altered_corpus(tmp_path)))
    broken = tmp_path / "broken.ttl"
    broken.write_text(ONTOLOGY.read_text(encoding="utf-8") + "\n<a> <b> .\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="broken.ttl"):
        build(live, BuildInputs(ontology=broken))
    assert live.resolve() == first.version
    assert store.nquads_lines(Store.read_only(str(live))) == before
    assert [p for p in store.versions_dir(live).iterdir()] == [first.version]


def _graph(n: int) -> list[Quad]:
    """A small graph of its own for each n, for tests of the versions' mechanics."""
    g = iris.graph("document")
    return [
        Quad(iris.source(i), NKKG.referenceNumber, Literal(str(i), datatype=XSD.integer), g)
        for i in range(1, n + 1)
    ]


def test_a_version_is_named_by_the_digest_of_its_sorted_dump(
    built_store: Path, tmp_path: Path
) -> None:
    dump = tmp_path / "dump.nq"
    store.write_dump(Store.read_only(str(built_store)), dump, "all")
    assert built_store.resolve().name == hashlib.sha256(dump.read_bytes()).hexdigest()
    # Replicas: the same graph written in two places (in another order) gets the same name.
    one, _ = store.write_store(_graph(5), tmp_path / "a" / "store")
    two, _ = store.write_store(reversed(_graph(5)), tmp_path / "b" / "store")
    assert one.name == two.name and one != two
    assert store.write_store(_graph(6), tmp_path / "a" / "store")[0].name != one.name


def test_an_identical_rebuild_keeps_the_live_version_serving(tmp_path: Path) -> None:
    live = tmp_path / "store"
    first, _ = store.write_store(_graph(5), live)
    reader = Store.read_only(str(live))  # a server's worker, holding the live version open
    again, size = store.write_store(_graph(5), live)
    assert again == first == live.resolve() and size == 5
    assert store.built_versions(live) == [first]  # the new copy was dropped, not swapped in
    assert len(list(reader)) == 5
    # Back to an earlier graph: its version goes live again and counts as the newest.
    second, _ = store.write_store(_graph(6), live)
    assert store.write_store(_graph(5), live)[0] == first == live.resolve()
    assert store.built_versions(live) == [first, second]


def test_old_versions_are_pruned_keeping_the_last_n(tmp_path: Path) -> None:
    live = tmp_path / "store"
    versions = [store.write_store(_graph(n), live)[0] for n in range(1, 5)]
    assert live.resolve() == versions[-1]
    assert store.built_versions(live) == versions[:1:-1]  # the default keeps 2
    later = [store.write_store(_graph(n), live, keep=3)[0] for n in range(5, 8)]
    assert store.built_versions(live) == later[::-1]
    assert sorted(p.name for p in store.versions_dir(live).iterdir()) == sorted(
        v.name for v in later
    )


def test_a_plain_directory_is_not_overwritten(tmp_path: Path) -> None:
    plain = tmp_path / "mine"
    plain.mkdir()
    (plain / "keep.txt").write_text("precious")
    with pytest.raises(StoreError, match="not a store built by"):
        build(plain, checks=False)
    assert (plain / "keep.txt").read_text() == "precious"


def test_a_malformed_reference_line_is_named_by_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(manifest.CORPUS_DIR, folder)
    article = folder / "article.txt"
    text = article.read_text(encoding="utf-8")
    lines = text.split("\n")
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("  45. ^"))
    article.write_text(text.replace("  45. ^", "  45 ^", 1), encoding="utf-8")
    digest = hashlib.sha256(article.read_bytes()).hexdigest()
    toml = folder / "corpus.toml"
    toml.write_text(re.sub(r'sha256 = "\w+"', f'sha256 = "{digest}"', toml.read_text()))
    with pytest.raises(CorpusError) as caught:
        build(tmp_path / "store", BuildInputs(corpus=toml))
    assert caught.value.line == number
    assert str(caught.value).startswith(f"{article}:{number}: reference list: not a reference")
    assert not (tmp_path / "store").exists()


def test_no_triple_stands_in_two_named_graphs(built_store: Path) -> None:
    # The default graph is their union: a triple in two graphs would answer twice.
    s = Store.read_only(str(built_store))
    query = """SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }
        GROUP BY ?s ?p ?o HAVING (COUNT(?g) > 1) } }"""
    assert _count(s, query) == 0


def test_the_default_dump_is_rdf_1_1_and_the_parts_make_the_whole(
    built_store: Path, tmp_path: Path
) -> None:
    """rdflib reads the default dump (no triple terms); the RDF 1.2 graph's own dump and it
    together are the whole store."""
    import rdflib

    parts = {part: tmp_path / f"{part}.nq" for part in store.DUMP_PARTS}
    counts = {
        part: store.write_dump(Store.read_only(str(built_store)), path, part)
        for part, path in parts.items()
    }
    assert (
        counts["rdf11"] + counts["rdf12"] == counts["all"] == len(Store.read_only(str(built_store)))
    )
    assert counts["rdf12"] > 0 and b"<<(" not in parts["rdf11"].read_bytes()
    assert len(rdflib.Dataset().parse(parts["rdf11"], format="nquads")) == counts["rdf11"]
