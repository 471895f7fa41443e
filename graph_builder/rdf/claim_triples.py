"""Claims -> RDF. The n-ary `nkkg:Claim` node is the canonical model: value or range, bound,
unit, quantity kind, subject, scope, claimant (or `nkkg:unattributed`), cited references with
pages (or `nkkg:uncitedInArticle`), and the article's words as Web Annotation evidence.

The same figures are also published in RDF 1.2 form, in a graph of their own: the claim node
reifies the triple subject–figure–value (`claim rdf:reifies <<( subject figure value )>>`)
without asserting it, so no contested figure is ever a bare fact.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad, Triple

from graph_builder import iris
from graph_builder.claims.claim import SIDE_SUBJECTS, Claim
from graph_builder.claims.variables import Variable
from graph_builder.curation.records import Curation, Support
from graph_builder.namespaces import NKKG, RDF, RDFS, XSD
from graph_builder.rdf.curated_triples import Evidences, Writer, entity_iri

TRUE = Literal("true", datatype=XSD.boolean)


def _decimal(value: Decimal) -> Literal:
    return Literal(format(value.normalize(), "f"), datatype=XSD.decimal)


def _subject(about: str, iri: Callable[[str], NamedNode]) -> NamedNode:
    return iris.side(about.removesuffix("-side")) if about in SIDE_SUBJECTS else iri(about)


def _claim_quads(
    w: Writer, claim: Claim, iri: Callable[[str], NamedNode], label: Callable[[str, str], str]
) -> None:
    node = iris.claim(claim.id)
    w.add(node, RDF.type, NKKG.Claim)
    w.add(node, NKKG.about, _subject(claim.about, iri))
    w.support(node, Support(evidence=claim.evidence))
    what = claim.number.exact if claim.number else claim.proposition or ""
    w.add(node, RDFS.label, Literal(f"{label(claim.about, 'en')}: {what}", language="en"))
    w.add(node, RDFS.label, Literal(f"{label(claim.about, 'zh-Hant')}:{what}", language="zh-Hant"))
    if claim.claimant is None:
        w.add(node, NKKG.unattributed, TRUE)
    else:
        w.add(node, NKKG.claimant, iri(claim.claimant))
    if not claim.refs:
        w.add(node, NKKG.uncitedInArticle, TRUE)
    for ref in claim.refs:
        w.add(node, NKKG.citedSource, iris.source(ref.number))
        cited = iris.claim_part(claim.id, "ref", str(ref.number))
        w.add(node, NKKG.citation, cited)
        w.add(cited, RDF.type, NKKG.CitedReference)
        w.add(cited, NKKG.source, iris.source(ref.number))
        if ref.page:
            w.add(cited, NKKG.citedPage, Literal(ref.page))
    if claim.kind is not None and claim.reading is not None and claim.number is not None:
        reading = claim.reading
        w.add(node, NKKG.quantityKind, iris.quantity_kind(claim.kind))
        w.add(node, NKKG.scope, Literal(claim.scope, language="en"))
        w.add(node, NKKG.unit, Literal("percent" if reading.percent else claim.unit or ""))
        w.add(node, NKKG.bound, Literal(reading.bound))
        w.add(node, NKKG.asWritten, Literal(claim.number.exact, language="zh-Hant"))
        w.add(node, NKKG.numberEvidence, w.evidence(claim.number))
        if reading.value is not None:
            w.add(node, NKKG.value, _decimal(reading.value))
        if reading.minimum is not None:
            w.add(node, NKKG.minValue, _decimal(reading.minimum))
        if reading.maximum is not None:
            w.add(node, NKKG.maxValue, _decimal(reading.maximum))
    if claim.polarity is not None:
        w.add(node, NKKG.polarity, Literal(claim.polarity))
        w.add(node, NKKG.proposition, Literal(claim.proposition or "", language="en"))
    if claim.weighing is not None:  # the article's own weighing of the figure, as the article's
        w.add(node, NKKG.weighing, w.evidence(claim.weighing))
        w.add(node, NKKG.weighedBy, iris.document())
    if claim.note:
        w.add(node, NKKG.note, Literal(claim.note, language="en"))


def _variable_quads(
    w: Writer, variable: Variable, iri: Callable[[str], NamedNode], label: Callable[[str, str], str]
) -> None:
    node = iris.variable(variable.key)
    w.add(node, RDF.type, NKKG.DisputedVariable)
    w.add(node, NKKG.about, _subject(variable.about, iri))
    w.add(node, NKKG.quantityKind, iris.quantity_kind(variable.kind))
    w.add(node, NKKG.scope, Literal(variable.scope, language="en"))
    en = f"{variable.kind} — {label(variable.about, 'en')} ({variable.scope})"
    zh = f"{label(variable.about, 'zh-Hant')}:{variable.kind}({variable.scope})"
    w.add(node, RDFS.label, Literal(en, language="en"))
    w.add(node, RDFS.label, Literal(zh, language="zh-Hant"))
    w.add(node, NKKG.disputed, Literal(str(variable.disputed).lower(), datatype=XSD.boolean))
    w.add(node, NKKG.disputeReason, Literal(variable.reason, language="en"))
    w.add(
        node, NKKG.versionCount, Literal(str(len(variable.claims)), datatype=XSD.nonNegativeInteger)
    )
    for claim in variable.claims:
        w.add(iris.claim(claim.id), NKKG.variable, node)


def rdf12_quads(claims: tuple[Claim, ...], iri: Callable[[str], NamedNode]) -> list[Quad]:
    """Gives the RDF 1.2 form: each claim node reifies subject–figure–value, unasserted."""
    graph = iris.graph("claims-rdf12")
    quads = []
    for claim in claims:
        if claim.kind is None or claim.reading is None:
            continue
        subject = _subject(claim.about, iri)
        reading = claim.reading
        for local, value in (
            ("figure", reading.value),
            ("figureMin", reading.minimum),
            ("figureMax", reading.maximum),
        ):
            if value is not None:
                triple = Triple(subject, NKKG[f"{local}/{claim.kind}"], _decimal(value))
                quads.append(Quad(iris.claim(claim.id), RDF.reifies, triple, graph))
    return quads


def claim_quads(
    curation: Curation,
    claims: tuple[Claim, ...],
    claim_variables: tuple[Variable, ...],
    label: Callable[[str, str], str],
    evidences: Evidences,
) -> list[Quad]:
    """Gives the `claims` graph (claims and disputed variables) and the `claims-rdf12` graph."""
    iri = entity_iri(curation)
    w = Writer(evidences=evidences, graph=iris.graph("claims"))
    for claim in claims:
        _claim_quads(w, claim, iri, label)
    for variable in claim_variables:
        _variable_quads(w, variable, iri, label)
    return w.quads + rdf12_quads(claims, iri)
