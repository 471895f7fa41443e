"""The build pipeline: corpus -> document model -> RDF -> store, each stage reporting counts."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad

from graph_builder import iris, store
from graph_builder.checks import gates
from graph_builder.checks.validate import SHAPES
from graph_builder.claims import coverage, figures
from graph_builder.claims.citations import RULES
from graph_builder.claims.claim import Claims, build_claims
from graph_builder.claims.labels import Names
from graph_builder.curation import loader
from graph_builder.curation.geometry import GEOMETRY_FILE, load_geometry
from graph_builder.curation.links import LINKS_FILE, load_links
from graph_builder.curation.loader import CURATION_DIR
from graph_builder.document import article, manifest
from graph_builder.document.manifest import MANIFEST, OUTLINE
from graph_builder.document.records import Document
from graph_builder.errors import CorpusError, CurationError
from graph_builder.namespaces import NKKG, RDF, SKOS
from graph_builder.rdf import (
    claim_triples,
    curated_triples,
    document_triples,
    geometry_triples,
    link_triples,
    ontology,
)
from graph_builder.rdf.ontology import ONTOLOGY

Report = Callable[[str], None]


class Stopwatch:
    """A report that ends each stage's line with the seconds since the previous stage line (a
    line starting with a space is a note under its stage, and not timed)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.last = time.monotonic()

    def __call__(self, line: str, timed: bool = True, total: float | None = None) -> None:
        now = time.monotonic()
        if timed and not line.startswith(" "):
            line += f"  ({now - self.last:.1f} s"
            line += f"; built in {total:.1f} s)" if total is not None else ")"
            self.last = now
        self.report(line)


@dataclass(frozen=True)
class BuildInputs:
    """Where the build reads from; tests point these at altered copies."""

    corpus: Path = MANIFEST
    outline: Path = OUTLINE
    ontology: Path = ONTOLOGY
    curation: Path = CURATION_DIR
    links: Path = LINKS_FILE
    shapes: Path = SHAPES
    geometry: Path = GEOMETRY_FILE


@dataclass(frozen=True)
class BuildResult:
    version: Path
    quads: int
    graphs: dict[str, int]


def check_citations(doc: Document, path: Path) -> None:
    """Fails when an inline marker cites a number the reference list does not have."""
    numbers = {source.number for source in doc.sources}
    for marker in doc.markers:
        if marker.ref_number not in numbers:
            raise CorpusError(
                "citation marker cites no entry of the reference list",
                file=path,
                line=marker.line,
                value=marker.as_written,
            )


def check_quantity_kinds(claims: Claims, ontology_quads: list[Quad]) -> None:
    """Fails on a claim whose quantity kind is not a concept of the ontology's scheme."""
    known = {
        q.subject.value.rsplit("/", 1)[-1]
        for q in ontology_quads
        if q.predicate == RDF.type and q.object == NKKG.QuantityKind
    }
    for claim in claims.claims:
        if claim.kind is not None and claim.kind not in known:
            raise CurationError(
                f"unknown quantity kind; the ontology has {', '.join(sorted(known))}",
                file=claim.file,
                line=claim.line,
                value=claim.kind,
            )


def kind_labels(ontology_quads: list[Quad]) -> dict[str, dict[str, str]]:
    """Gives each quantity kind's preferred labels by language, from the ontology."""
    labels: dict[str, dict[str, str]] = {}
    for quad in ontology_quads:
        if quad.predicate == SKOS.prefLabel and "/quantity/" in quad.subject.value:
            language = quad.object.language or ""  # type: ignore[union-attr]
            lang = "zh-Hant" if language.lower() == "zh-hant" else language
            labels.setdefault(quad.subject.value.rsplit("/", 1)[-1], {})[lang] = quad.object.value
    return labels


def citation_summary(claims: Claims) -> str:
    """Gives how many claims the article cites, by the rule that found their references."""
    rules = Counter(c.refs[0].rule for c in claims.claims if c.refs)
    by_rule = ", ".join(f"{rules[rule]} by {rule}" for rule in RULES if rules[rule])
    uncited = sum(1 for c in claims.claims if not c.refs)
    return f"{sum(rules.values())} claims cited ({by_rule}), {uncited} uncited in the article"


def parse(inputs: BuildInputs, report: Report) -> tuple[manifest.Corpus, Document]:
    """Gives the verified corpus and its document model, reporting what was found."""
    corpus = manifest.load_corpus(inputs.corpus)
    report(
        f"corpus    {corpus.path.name}: {len(corpus.text):,} characters, "
        f"sha256 {corpus.sha256[:12]}… verified"
    )
    doc = article.parse_document(corpus.text, corpus.sha256, inputs.outline, corpus.path)
    check_citations(doc, corpus.path)
    report(
        f"document  {len(doc.sections)} sections, {len(doc.paragraphs)} paragraphs, "
        f"{len(doc.sentences)} sentences, {len(doc.markers)} citation markers, "
        f"{len(doc.infobox.fields)} infobox fields, "
        f"{sum(len(r) for r in doc.table.rows)} table cells, {len(doc.notes)} notes"
    )
    resolved = sum(
        1 for s in doc.sources if s.short_citation and s.short_citation.resolved_number is not None
    )
    report(f"sources   {len(doc.sources)} references; {resolved} short citations resolved")
    for source in doc.unresolved_short_citations:
        short = source.short_citation
        assert short is not None
        report(
            f"          note: [{source.number}] short citation {short.author} {short.year} "
            "names a work the reference list does not have"
        )
    return corpus, doc


@dataclass
class Assembled:
    """The asserted quads, as the store will hold them, how many each graph has, and where each
    curated node is curated (node IRI -> "file:line"), for violations to name."""

    quads: list[Quad]
    graphs: Counter[str]
    origins: dict[str, str]


def assemble(inputs: BuildInputs, report: Report) -> Assembled:
    """Gives the asserted graphs: the pipeline from the corpus to RDF, each stage reported."""
    corpus, doc = parse(inputs, report)
    ontology_quads = ontology.load_ontology(inputs.ontology)
    report(f"ontology  {len(ontology_quads)} triples, OWL Lite check passed")
    curation = loader.load_curation(doc, inputs.curation)
    categories = Counter(entity.category for entity in curation.entities)
    report(
        f"curated   {categories['actor']} actors, {categories['place']} places, "
        f"{categories['event']} events, {len(curation.contradictions)} contradictions flagged; "
        "every quote anchored"
    )
    links = load_links(doc, curation, inputs.links)
    report(f"links     {links.summary()}")
    geometries = load_geometry(curation, inputs.geometry)
    extents = sum(1 for g in geometries if g.extent is not None)
    report(f"geometry  {len(geometries)} places located, {extents} with an extent")
    claims = build_claims(doc, curation)
    check_quantity_kinds(claims, ontology_quads)
    names = Names(curation, kind_labels(ontology_quads))
    claim_figures = figures.figures(claims.claims, names, doc.text)
    verdicts = Counter(figure.verdict for figure in claim_figures)
    report(
        f"claims    {len(claims.claims)} claims, {len(claim_figures)} figures ("
        + ", ".join(f"{verdicts[v]} {v}" for v in figures.VERDICTS if verdicts[v])
        + f"), {len(claims.exclusions)} numbers excluded"
    )
    report(f"citations {citation_summary(claims)}")
    report(f"coverage  {coverage.report(doc, curation, claims).summary()}")
    quads = list(document_triples.all_quads(doc, corpus, ontology_quads))
    evidences = curated_triples.Evidences()
    origins = evidences.origins  # every curated node -> the file:line that curates it
    quads += curated_triples.curated_quads(curation, evidences, origins)
    origins |= {iris.claim(c.id).value: f"{c.file}:{c.line}" for c in claims.claims}
    quads += claim_triples.claim_quads(curation, claims.claims, claim_figures, names, evidences)
    quads += link_triples.link_quads(curation, links, evidences)
    quads += evidences.quads
    quads += geometry_triples.geometry_quads(curation, geometries)
    graphs = Counter(q.graph_name.value.rsplit("/", 1)[-1] for q in quads)
    report("rdf       " + ", ".join(f"{name} {count:,}" for name, count in sorted(graphs.items())))
    # what queries will see: the checks look at that
    return Assembled(store.as_stored(quads), graphs, origins)


def build(
    store_dir: Path,
    inputs: BuildInputs = BuildInputs(),
    report: Report = lambda line: None,
    checks: bool = True,
    keep: int = store.KEEP_VERSIONS,
) -> BuildResult:
    """Builds the store at `store_dir` from the corpus; the old store survives any failure.

    `checks=False` skips the reasoner, SHACL, the OWL RL closure (and so the `inferred` graph)
    and the round trip: only for tests of the store's own mechanics, which build many times.
    `keep`: how many store versions to keep, the new one included.

    Each stage's line ends with the seconds it added to the build. HermiT, on Java, runs from
    the start beside the rest, and its line gives its own time; owlrl runs beside pySHACL, and
    pySHACL's shapes are shared between two processes (see graph_builder/checks/beside.py)."""
    started = time.monotonic()
    report = Stopwatch(report)
    verify = None
    with gates.ontology_beside(inputs.ontology) if checks else nullcontext() as gate_ontology:
        assembled = assemble(inputs, report)
        quads, graphs = assembled.quads, assembled.graphs
        if checks:
            inferred = gates.gate_data(quads, report, inputs.shapes, assembled.origins)
            graphs["inferred"] = len(inferred)
            quads += inferred
            gate_ontology(lambda line: report(line, timed=False))
            verify = gates.gate_written(quads, report)
    version, size = store.write_store(quads, store_dir, verify, keep)
    report(
        f"store     {size:,} quads, version {version.name}, live at {store_dir}",
        total=time.monotonic() - started,
    )
    return BuildResult(version=version, quads=size, graphs=dict(graphs))
