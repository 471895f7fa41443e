"""The quality checks, one function each, giving an `Outcome`: the build runs them on what it is
about to store, `nkkg check` on a built store.

- owl-lite:   the ontology uses OWL Lite constructs only
- reasoner:   HermiT finds it consistent, every class satisfiable
- parsers:    rdflib, pyoxigraph and owlready2 read the ontology file as the same graph
- terms:      every class and property the data uses is declared in the ontology
- languages:  every label's language tag fits its script, and Russian is tagged ru
- shacl:      the asserted graphs conform to ontology/shapes.ttl
- inference:  the `inferred` graph is what OWL 2 RL entails from the asserted graphs
- round-trip: the store's N-Quads dump, loaded into a fresh store, gives the same graphs
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pyoxigraph import (
    CanonicalizationAlgorithm,
    Dataset,
    Quad,
    RdfFormat,
    Store,
    parse,
    serialize,
)
from rdflib import Graph

from graph_builder import iris, store
from graph_builder.checks import inference, language_tags, reasoner, validate
from graph_builder.checks.beside import beside
from graph_builder.checks.rdflib_graphs import rdflib_graph
from graph_builder.errors import BuildError, OntologyError, ValidationError
from graph_builder.rdf.ontology import ONTOLOGY
from graph_builder.rdf.owl_lite import owl_lite_violations


@dataclass(frozen=True)
class Outcome:
    """What one check found: a one-line summary with counts and, on failure, each finding."""

    check: str
    passed: bool
    summary: str
    findings: tuple[str, ...] = ()
    error: type[BuildError] = field(default=ValidationError, repr=False)
    curated_at: str | None = None  # "file:line" of the curated fact the first finding is about

    def line(self) -> str:
        return f"{self.check:<10} {'ok' if self.passed else 'FAILED':<6} {self.summary}"

    def raise_if_failed(self, file: Path | str | None = None) -> None:
        if self.passed:
            return
        message = f"{self.check} check failed: {self.summary}"
        line = None
        if self.curated_at is not None:  # name the fact to change, not the rule it breaks
            curated_file, _, curated_line = self.curated_at.rpartition(":")
            file, line = curated_file, int(curated_line)
        if issubclass(self.error, ValidationError):
            raise self.error(message, findings=self.findings, file=file, line=line)
        raise self.error("; ".join((message, *self.findings)), file=file, line=line)


def owl_lite(ontology: Graph) -> Outcome:
    found = owl_lite_violations(ontology)
    return Outcome(
        "owl-lite",
        not found,
        f"{len(ontology):,} ontology triples, {len(found)} construct(s) outside OWL Lite",
        tuple(found),
        OntologyError,
    )


def reasoning(ontology: Graph) -> Outcome:
    try:
        verdict = reasoner.hermit(ontology)
    except reasoner.ReasonerUnavailable as error:
        return Outcome("reasoner", False, str(error), (), OntologyError)
    return Outcome("reasoner", verdict.sound, str(verdict), (), OntologyError)


def parsers(path: Path = ONTOLOGY) -> Outcome:
    """rdflib, pyoxigraph and owlready2 (through its own N-Triples reader) read `path` alike."""
    by_rdflib = Graph().parse(path, format="turtle")
    by_oxigraph = list(parse(path=str(path), format=RdfFormat.TURTLE))
    by_owlready = reasoner.owlready_triples(by_rdflib)
    as_rdflib = parse(
        by_rdflib.serialize(format="nt", encoding="utf-8"), format=RdfFormat.N_TRIPLES
    )
    reference = _canonical(by_oxigraph)
    differ = [
        name
        for name, triples in (("rdflib", list(as_rdflib)), ("owlready2", by_owlready))
        if _canonical(triples) != reference
    ]
    summary = (
        f"{path.name}: rdflib, pyoxigraph and owlready2 read the same {len(by_oxigraph):,} triples"
        if not differ
        else f"{path.name}: " + " and ".join(differ) + " read another graph than pyoxigraph"
    )
    return Outcome("parsers", not differ, summary, (), OntologyError)


def terms(asserted: Sequence[Quad]) -> Outcome:
    found = validate.undeclared_terms(asserted)
    return Outcome("terms", not found, f"{len(found)} term(s) used but not declared", tuple(found))


def languages(asserted: Sequence[Quad]) -> Outcome:
    found = language_tags.findings(asserted)
    tagged = sum(1 for q in asserted if getattr(q.object, "language", None))
    return Outcome(
        "languages",
        not found,
        f"{tagged:,} language-tagged literals, {len(found)} tagged against their script",
        tuple(found),
    )


def shacl(
    asserted: Sequence[Quad],
    shapes_path: Path = validate.SHAPES,
    origins: Mapping[str, str] | None = None,
) -> Outcome:
    """SHACL on the asserted quads; with `origins`, a violation on a curated fact names the
    file and line that curate it."""
    report = validate.shacl_report(asserted, validate.load_shapes(shapes_path), origins)
    return Outcome(
        "shacl",
        not report.violations,
        f"{report.triples:,} asserted triples, {report.shapes} shapes: "
        f"{len(report.violations)} violation(s)",
        tuple(str(v) for v in report.violations),
        curated_at=next((v.origin for v in report.violations if v.origin), None),
    )


def materialized(closure: inference.Closure) -> Outcome:
    """The build's own closure: fails on an inconsistency owlrl reported."""
    return Outcome(
        "inference",
        not closure.inconsistencies,
        f"OWL 2 RL: {inference.summary(closure.quads)}",
        closure.inconsistencies,
    )


def inference_matches(
    fresh: inference.Closure | Callable[[], inference.Closure], inferred: Sequence[Quad]
) -> Outcome:
    """The stored `inferred` graph is exactly `fresh`, an OWL 2 RL closure of the asserted
    graphs computed anew (or a function that gives it)."""
    if callable(fresh):
        fresh = fresh()
    expected = set(store.as_stored(fresh.quads))
    found = set(inferred)
    missing, extra = sorted(map(str, expected - found)), sorted(map(str, found - expected))
    findings = [f"missing: {q}" for q in missing] + [f"not entailed: {q}" for q in extra]
    findings += [f"inconsistency: {m}" for m in fresh.inconsistencies]
    summary = (
        f"{len(found):,} inferred triples, a fresh OWL 2 RL closure gives {len(expected):,}; "
        f"{len(missing)} missing, {len(extra)} not entailed"
    )
    return Outcome("inference", not findings, summary, tuple(findings))


def round_trip(
    built: Store, expected: Iterable[Quad] | None = None, dump: bytes | None = None
) -> Outcome:
    """The dump of `built`, loaded into a fresh in-memory store, is isomorphic to `built` (and
    to `expected`, the quads the build meant to store, when given); `dump`: the store's sorted
    N-Quads, when the caller has read them already."""
    if dump is None:
        dump = b"".join(store.nquads_lines(built))
    reloaded = Store()
    reloaded.load(dump, format=RdfFormat.N_QUADS)
    held = _canonical_nquads(dump)
    findings = []
    if _canonical(reloaded) != held:
        findings.append("the reloaded dump differs from the store")
    if expected is not None and _canonical(expected) != held:
        findings.append("the store does not hold the quads the build wrote")
    summary = f"{len(built):,} quads dumped and reloaded into a fresh store: " + (
        "isomorphic" if not findings else "not isomorphic"
    )
    return Outcome("round-trip", not findings, summary, tuple(findings))


# -- the build's gates: each reports its outcome as a stage line and raises on failure ----------


@contextmanager
def ontology_beside(path: Path) -> Iterator[Callable[[Callable[[str], None]], None]]:
    """Starts HermiT on the ontology file in a forked copy of this process, where Java does the
    work on the build's other core, and gives the gate: given a report, it waits for HermiT's
    verdict, reports it with the seconds HermiT took, and raises if it failed. (The OWL Lite
    check runs as the ontology loads, in the build's own process.)"""
    with beside(partial(_timed_reasoning, path)) as verdict:

        def gate(report: Callable[[str], None]) -> None:
            outcome, seconds = verdict()
            _gate(outcome, lambda line: report(f"{line}  ({seconds:.1f} s, beside)"), path)

        yield gate


def _timed_reasoning(path: Path) -> tuple[Outcome, float]:
    started = time.monotonic()
    return reasoning(Graph().parse(path, format="turtle")), time.monotonic() - started


def gate_data(
    asserted: Sequence[Quad],
    report: Callable[[str], None],
    shapes: Path = validate.SHAPES,
    origins: Mapping[str, str] | None = None,
) -> list[Quad]:
    """Checks the asserted quads (as the store holds them) against the ontology and the shapes,
    then gives their OWL 2 RL closure, as the store will hold it."""
    with inference.in_background(asserted) as closure:
        _gate(terms(asserted), report)
        _gate(languages(asserted), report)
        _gate(shacl(asserted, shapes, origins), report, shapes)
        closed = closure()
    _gate(materialized(closed), report)
    return store.as_stored(closed.quads)


def gate_written(
    expected: Sequence[Quad], report: Callable[[str], None]
) -> Callable[[Store, bytes], None]:
    """Gives the check `store.write_store` runs on the new version before swapping it in."""

    def verify(written: Store, dump: bytes) -> None:
        _gate(round_trip(written, expected, dump), report)

    return verify


def _gate(outcome: Outcome, report: Callable[[str], None], file: Path | None = None) -> None:
    report(f"{outcome.check:<9} {outcome.summary}")
    outcome.raise_if_failed(file)


def check_store(path: Path, report: Callable[[Outcome], None] = lambda outcome: None) -> bool:
    """Runs every check on the built store at `path`, reporting each outcome; True if all pass."""
    built = store.open_read_only(path)
    inferred_graph, ontology_graph = iris.graph("inferred"), iris.graph("ontology")
    everything = list(built)
    asserted = [q for q in everything if q.graph_name != inferred_graph]
    inferred = [q for q in everything if q.graph_name == inferred_graph]
    ontology = rdflib_graph(
        (q for q in asserted if q.graph_name == ontology_graph), unskolemize=True
    )
    with inference.in_background(asserted) as closure:
        checks: list[Callable[[], Outcome]] = [
            lambda: owl_lite(ontology),
            lambda: reasoning(ontology),
            lambda: parsers(),
            lambda: terms(asserted),
            lambda: languages(asserted),
            lambda: shacl(asserted),
            lambda: inference_matches(closure, inferred),
            lambda: round_trip(built),
        ]
        passed = True
        for run in checks:
            outcome = run()
            report(outcome)
            passed = passed and outcome.passed
    return passed


def _canonical(quads: Iterable[Quad] | Store) -> Dataset | bytes:
    """Gives what two graphs are compared by, so that isomorphic graphs compare equal."""
    if isinstance(quads, Store):
        return _canonical_nquads(quads.dump(format=RdfFormat.N_QUADS) or b"")
    return _canonical_nquads(serialize(list(quads), format=RdfFormat.N_QUADS) or b"")


def _canonical_nquads(data: bytes) -> Dataset | bytes:
    """Gives what two N-Quads documents are compared by (see `_canonical`)."""
    if b"_:" not in data:
        # No blank node (a literal holding "_:" only takes the slow way): isomorphic is equal,
        # quad for quad, and Oxigraph writes each term one way, so sorted N-Quads lines say it
        # at once, where canonicalizing the store's three copies took five seconds of a build.
        return b"".join(sorted(data.splitlines(keepends=True)))
    # RDFC-1.0 makes equal graphs equal datasets, blank nodes or not: comparison as graphs.
    dataset = Dataset(parse(data, format=RdfFormat.N_QUADS))
    dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    return dataset
