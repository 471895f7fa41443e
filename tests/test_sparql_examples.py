"""Every SPARQL name the docs, the README and the canned queries write is one SPARQL reads, and
every language filter works on Oxigraph, which lower-cases tags: LANGMATCHES, or a lower-case tag.

The names are read by pyoxigraph's own parser, with the prefixes the endpoint declares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pyoxigraph import Store

from graph_builder.namespaces import SPARQL_PREFIXES, sparql_prologue
from server.engine.union import union_dataset

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted(
    [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "queries").glob("*.rq")]
)
CODE = sorted(
    [
        *(ROOT / "server").rglob("*.py"),
        *(ROOT / "server" / "pages" / "static").glob("*.js"),
        *(ROOT / "benchmarks").rglob("*.rq"),
        *(ROOT / "benchmarks").rglob("*.py"),
    ]
)
# A prefixed name as written: a declared prefix, a colon, then anything up to a character that
# cannot end one in running text (space, backtick, quote, bracket, comma).
_PREFIXED = re.compile(
    r"(?<![\w/:<-])(" + "|".join(sorted(SPARQL_PREFIXES, key=len, reverse=True)) + r")"
    r":([^\s`'\"<>(){}\[\],|;*]+)"
)
_LANG_COMPARISON = re.compile(r"LANG\s*\(\s*\?\w+\s*\)\s*(?:=|!=)\s*\"([^\"]*)\"", re.IGNORECASE)


def _names(text: str) -> set[str]:
    names = set()
    for found in _PREFIXED.finditer(text):
        local = found.group(2).rstrip(".…")
        if local and not local.startswith("//"):  # not a URL's scheme
            names.add(f"{found.group(1)}:{local}")
    return names


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_prefixed_name_parses_as_sparql(path: Path) -> None:
    names = _names(path.read_text(encoding="utf-8"))
    prologue = sparql_prologue()
    rejected = []
    for name in sorted(names):
        try:
            # Where a property path may stand, so a path the text writes (nkkg:claimant/
            # skos:prefLabel) parses, and `id:actor/robert-kocharyan` does not.
            Store().query(f"{prologue}ASK {{ ?s {name} ?o }}")
        except SyntaxError:
            rejected.append(name)
    assert rejected == []


def test_the_check_finds_what_sparql_rejects() -> None:
    names = _names("`id:actor/robert-kocharyan` and `actor:robert-kocharyan`, graph:claims.")
    assert names == {"id:actor/robert-kocharyan", "actor:robert-kocharyan", "graph:claims"}
    with pytest.raises(SyntaxError):
        Store().query(f"{sparql_prologue()}ASK {{ ?s id:actor/robert-kocharyan ?o }}")


@pytest.mark.parametrize("path", TEXTS + CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_language_filters_use_langmatches_or_lower_case_tags(path: Path) -> None:
    tags = _LANG_COMPARISON.findall(path.read_text(encoding="utf-8"))
    assert [tag for tag in tags if tag != tag.lower()] == []


def test_oxigraph_does_lower_case_tags() -> None:
    store = Store()
    store.update('INSERT DATA { <http://e/x> <http://e/p> "霍賈雷"@zh-Hant }')
    assert not store.query('ASK { ?x ?p ?l FILTER(LANG(?l) = "zh-Hant") }')
    assert store.query('ASK { ?x ?p ?l FILTER(LANG(?l) = "zh-hant") }')
    assert store.query('ASK { ?x ?p ?l FILTER(LANGMATCHES(LANG(?l), "zh-Hant")) }')


SPARQL_BLOCK = re.compile(r"```sparql\n(.*?)```", re.DOTALL)


def test_every_sparql_block_of_the_docs_runs_and_answers(store: Store) -> None:
    blocks = [
        (path.name, block)
        for path in TEXTS
        if path.suffix == ".md"
        for block in SPARQL_BLOCK.findall(path.read_text(encoding="utf-8"))
        # a query, not a header shown alone (docs/queries.md shows a canned query's comments)
        if any(line.strip() and not line.lstrip().startswith("#") for line in block.splitlines())
    ]
    assert blocks
    for name, block in blocks:
        answer = store.query(block, **union_dataset(store))  # type: ignore[arg-type]
        assert list(answer), f"a SPARQL example in {name} answers nothing"  # type: ignore[call-overload]
