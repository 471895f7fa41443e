"""Claims -> RDF. The n-ary `nkkg:Claim` node is the canonical model: value or range, bound (and
the words it is read from), unit, quantity kind, subject, scope, period, claimant (or
`nkkg:unattributed`), cited references with pages and the rule that found them (or
`nkkg:uncitedInArticle`), the article's words as Web Annotation evidence, and the curators'
English gloss of them. Each figure is an `nkkg:DisputedVariable` with its verdict, and every pair
of its versions an `nkkg:VersionComparison` with its result and reason.

The same figures are also published in RDF 1.2 form, in a graph of their own: the claim node
reifies the triple subject–figure–value (`claim rdf:reifies <<( subject figure value )>>`)
without asserting it, so no contested figure is ever a bare fact. The predicate keeps the bound:
`figure/K` for an exact value, `figureApprox/K` for an approximate one, `figureMin/K` for a lower
bound or a range's low end, `figureMax/K` for an upper bound or a range's high end.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad, Triple

from graph_builder import iris
from graph_builder.claims.claim import SIDE_SUBJECTS, Claim
from graph_builder.claims.figures import Figure
from graph_builder.claims.labels import Names, claim_labels, figure_label
from graph_builder.curation.records import Curation, Support
from graph_builder.document.scripts import script_tag
from graph_builder.namespaces import NKKG, RDF, RDFS, XSD
from graph_builder.rdf.curated_triples import Evidences, Writer, entity_iri

TRUE = Literal("true", datatype=XSD.boolean)


def _decimal(value: Decimal) -> Literal:
    return Literal(format(value.normalize(), "f"), datatype=XSD.decimal)


def _subject(about: str, iri: Callable[[str], NamedNode]) -> NamedNode:
    return iris.side(about.removesuffix("-side")) if about in SIDE_SUBJECTS else iri(about)


def _claim_quads(
    w: Writer,
    claim: Claim,
    iri: Callable[[str], NamedNode],
    labels: dict[str, str],
    whole: str | None,
) -> None:
    node = iris.claim(claim.id)
    w.add(node, RDF.type, NKKG.Claim)
    w.add(node, NKKG.about, _subject(claim.about, iri))
    w.support(node, Support(evidence=claim.evidence))
    for lang, label in labels.items():
        w.add(node, RDFS.label, Literal(label, language=lang))
    if claim.gloss:  # the curators' translation, never the article's words
        w.add(node, NKKG.gloss, Literal(claim.gloss, language="en"))
    if not claim.claimants:
        w.add(node, NKKG.unattributed, TRUE)
    for claimant in claim.claimants:
        w.add(node, NKKG.claimant, _subject(claimant, iri))
    if not claim.refs:
        w.add(node, NKKG.uncitedInArticle, TRUE)
    for ref in claim.refs:
        w.add(node, NKKG.citedSource, iris.source(ref.number))
        cited = iris.claim_part(claim.id, "ref", str(ref.number))
        w.add(node, NKKG.citation, cited)
        w.add(cited, RDF.type, NKKG.CitedReference)
        w.add(cited, NKKG.source, iris.source(ref.number))
        w.add(cited, NKKG.citationRule, Literal(ref.rule))
        if ref.page:
            w.add(cited, NKKG.citedPage, Literal(ref.page))
    if claim.kind is not None and claim.reading is not None and claim.number is not None:
        reading, bound = claim.reading, claim.bound
        assert bound is not None and claim.as_written is not None
        w.add(node, NKKG.quantityKind, iris.quantity_kind(claim.kind))
        w.add(node, NKKG.scope, Literal(claim.scope, language="en"))
        if claim.period:
            w.add(node, NKKG.period, Literal(claim.period, language="en"))
        w.add(node, NKKG.unit, Literal("percent" if reading.percent else claim.unit or ""))
        w.add(node, NKKG.bound, Literal(bound.kind))
        tag = script_tag(claim.evidence.exact)
        w.add(node, NKKG.asWritten, Literal(claim.as_written, language=tag))
        w.add(node, NKKG.numberEvidence, w.evidence(claim.number))
        if claim.bound_words is not None:
            w.add(node, NKKG.boundWords, w.evidence(claim.bound_words))
        if reading.value is not None:
            w.add(node, NKKG.value, _decimal(reading.value))
        if reading.minimum is not None:
            w.add(node, NKKG.minValue, _decimal(reading.minimum))
        if reading.maximum is not None:
            w.add(node, NKKG.maxValue, _decimal(reading.maximum))
        if reading.duration is not None:
            w.add(node, NKKG.durationValue, Literal(reading.duration, datatype=XSD.duration))
        if whole is not None:
            w.add(node, NKKG.partOfVersion, iris.claim(whole))
    if claim.polarity is not None:
        w.add(node, NKKG.polarity, Literal(claim.polarity))
        w.add(node, NKKG.proposition, Literal(claim.proposition or "", language="en"))
    if claim.weighing is not None:  # the article's own weighing of the figure, as the article's
        w.add(node, NKKG.weighing, w.evidence(claim.weighing))
        w.add(node, NKKG.weighedBy, iris.document())
    if claim.reported_with is not None:
        w.add(node, NKKG.reportedWith, _subject(claim.reported_with, iri))
    if claim.note:
        w.add(node, NKKG.note, Literal(claim.note, language="en"))


def _figure_quads(w: Writer, figure: Figure, iri: Callable[[str], NamedNode], names: Names) -> None:
    node = iris.variable(figure.key)
    w.add(node, RDF.type, NKKG.DisputedVariable)
    w.add(node, NKKG.about, _subject(figure.about, iri))
    w.add(node, NKKG.quantityKind, iris.quantity_kind(figure.kind))
    period = (figure.period, figure.period_zh or "") if figure.period else None
    if figure.period:
        w.add(node, NKKG.period, Literal(figure.period, language="en"))
    for lang in ("en", "zh-Hant"):
        label = figure_label(names, figure.about, figure.kind, period, lang)
        w.add(node, RDFS.label, Literal(label, language=lang))
    w.add(node, NKKG.disputed, Literal(str(figure.disputed).lower(), datatype=XSD.boolean))
    w.add(node, NKKG.verdict, Literal(figure.verdict))
    w.add(node, NKKG.disputeReason, Literal(figure.reason, language="en"))
    w.add(
        node, NKKG.versionCount, Literal(str(len(figure.claims)), datatype=XSD.nonNegativeInteger)
    )
    for claim in figure.claims:
        w.add(iris.claim(claim.id), NKKG.variable, node)
    for comparison in figure.comparisons:
        first, second = comparison.first.id, comparison.second.id
        pair = iris.claim_part(first, "comparison", second)
        w.add(pair, RDF.type, NKKG.VersionComparison)
        w.add(pair, NKKG.comparisonOf, node)
        w.add(pair, NKKG.comparedVersion, iris.claim(first))
        w.add(pair, NKKG.comparedVersion, iris.claim(second))
        w.add(pair, NKKG.comparisonResult, Literal(comparison.result))
        w.add(pair, NKKG.comparisonReason, Literal(comparison.reason, language="en"))


def rdf12_quads(claims: tuple[Claim, ...], iri: Callable[[str], NamedNode]) -> list[Quad]:
    """Gives the RDF 1.2 form: each claim node reifies subject–figure–value, unasserted, the
    predicate saying the bound."""
    graph = iris.graph("claims-rdf12")
    quads = []
    for claim in claims:
        if claim.kind is None or claim.reading is None or claim.bound is None:
            continue
        subject = _subject(claim.about, iri)
        reading, bound = claim.reading, claim.bound.kind
        if reading.value is not None:
            local = {"lower": "figureMin", "upper": "figureMax", "approximate": "figureApprox"}
            pairs = [(local.get(bound, "figure"), reading.value)]
        else:
            pairs = [("figureMin", reading.minimum), ("figureMax", reading.maximum)]
        for local_name, value in pairs:
            if value is not None:
                triple = Triple(subject, NKKG[f"{local_name}/{claim.kind}"], _decimal(value))
                quads.append(Quad(iris.claim(claim.id), RDF.reifies, triple, graph))
    return quads


def claim_quads(
    curation: Curation,
    claims: tuple[Claim, ...],
    figures: tuple[Figure, ...],
    names: Names,
    evidences: Evidences,
) -> list[Quad]:
    """Gives the `claims` graph (claims, figures, comparisons) and the `claims-rdf12` graph."""
    iri = entity_iri(curation)
    w = Writer(evidences=evidences, graph=iris.graph("claims"))
    wholes = {part: whole for figure in figures for part, whole in figure.parts.items()}
    labels = claim_labels(names, claims)
    for claim in claims:
        _claim_quads(w, claim, iri, labels[claim.id], wholes.get(claim.id))
    for figure in figures:
        _figure_quads(w, figure, iri, names)
    return w.quads + rdf12_quads(claims, iri)
