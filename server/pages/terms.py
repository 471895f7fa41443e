"""What the pages share: RDF terms as they show them (a label for a link, a language tag in its
usual case, a literal with its datatype, each value with the article's words it rests on), the
methods their routes take, and their cache validators."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from starlette.requests import Request
from starlette.responses import Response

from graph_builder.namespaces import XSD
from server.http.caching import etag, revalidate
from server.http.methods import READ_METHODS, check_method
from server.pages.templating import compact

LANGUAGE_NAMES = {
    "zh-Hant": "Chinese (traditional)",
    "zh-Hans": "Chinese (simplified)",
    "en": "English",
    "hy": "Armenian",
    "az": "Azerbaijani",
    "ru": "Russian",
    "de": "German",
    "fr": "French",
    "": "no language given",
}
# The label a link shows, in order of preference: English first (the pages' language), then the
# article's own zh-Hant, then an untagged label (a reference entry's title), then any.
LABEL_ORDER = ("en", "zh-Hant", "", "zh-Hans")


def bcp47(tag: str) -> str:
    """Gives a language tag in its registered case: Oxigraph keeps tags lower-case, so
    "zh-hant" becomes "zh-Hant" and "en-gb" "en-GB"."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out) if tag else ""


def language_name(tag: str) -> str:
    return LANGUAGE_NAMES.get(tag, tag)


def pick_label(labels: list[Literal]) -> Literal | None:
    """Gives the label a page shows for a resource with these labels (see LABEL_ORDER)."""
    by_lang: dict[str, Literal] = {}
    for label in sorted(labels, key=str):  # the same label every time, whatever the order
        by_lang.setdefault(bcp47(label.language or ""), label)
    for lang in LABEL_ORDER:
        if lang in by_lang:
            return by_lang[lang]
    return next(iter(by_lang.values()), None)


def display_label(iri: str, labels: dict[str, list[Literal]]) -> tuple[str, str | None]:
    """Gives the text and language of the label shown for `iri`, or its compact name."""
    label = pick_label(labels.get(iri, []))
    if label is None:
        return compact(iri), None
    return label.value, bcp47(label.language or "")


@dataclass(frozen=True)
class Shown:
    """One value as a page shows it: a link (iri) with its label, or a literal with its
    language or datatype; and the article's words the fact rests on."""

    text: str
    lang: str | None = None
    iri: str | None = None
    datatype: str | None = None
    words: tuple[str, ...] = ()


def show(
    term: NamedNode | BlankNode | Literal | Triple,
    labels: dict[str, list[Literal]],
    words: list[str] | None = None,
) -> Shown:
    """Gives how a page shows `term` (labels by IRI from the same description)."""
    evidence = tuple(dict.fromkeys(words or []))
    if isinstance(term, NamedNode):
        text, lang = display_label(term.value, labels)
        return Shown(text, lang, iri=term.value, words=evidence)
    if isinstance(term, Literal):
        if term.language:
            return Shown(term.value, bcp47(term.language), words=evidence)
        datatype = term.datatype.value
        plain = datatype == XSD.string.value
        return Shown(
            term.value, None, datatype=None if plain else compact(datatype), words=evidence
        )
    if isinstance(term, Triple):
        return Shown(f"<< {term.subject} {term.predicate} {term.object} >>", words=evidence)
    return Shown(str(term), words=evidence)


# The pages' routes take every method; the handlers answer 405 with the Allow header themselves.
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]


def validators(request: Request) -> tuple[dict[str, str], Response | None]:
    """Gives a page's cache headers (an ETag of the store version and the URL), and the answer
    to send instead, if any: 405 for a method pages do not take (OPTIONS gets its Allow), or 304
    when the client already has this version of the page."""
    if (refused := check_method(request, READ_METHODS)) is not None:
        return {}, refused
    state = request.app.state
    tag = etag(state.executor.version, "page", request.url.path, request.url.query)
    return revalidate(request, state.settings, tag)


def class_words(iri: str | None) -> str | None:
    """Gives a class's local name as words: nkkg:AdministrativeRegion -> "administrative
    region"."""
    if not iri:
        return None
    local = iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower() or None


def distinct_titles(entries: list[tuple[str, str, str | None]]) -> dict[str, str]:
    """Gives each resource's title (by IRI) so that no two distinct resources share one: a title
    that several carry gets the resource's class in brackets ("Lachin (settlement)", "Lachin
    (administrative region)"), and where that is shared too, the IRI's last segment."""
    by_title: dict[str, list[tuple[str, str | None]]] = {}
    for iri, title, kind in entries:
        by_title.setdefault(title, []).append((iri, kind))
    result: dict[str, str] = {}
    for title, holders in by_title.items():
        if len({iri for iri, _ in holders}) == 1:
            result.update({iri: title for iri, _ in holders})
            continue
        kinds = [kind for _, kind in holders]
        for iri, kind in holders:
            qualifier = kind if kind and kinds.count(kind) == 1 else iri.rsplit("/", 1)[-1]
            result[iri] = f"{title} ({qualifier})"
    return result
