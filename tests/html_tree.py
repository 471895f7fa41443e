"""HTML parsed into an ElementTree with the standard library, for tests that read pages by
their structure (`.//tr[@class='claim']`) rather than by text matching."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tree = ET.TreeBuilder()
        self.open: list[str] = []
        self.tree.start("document", {})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tree.start(tag, {name: value or "" for name, value in attrs})
        if tag in VOID:
            self.tree.end(tag)
        else:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tree.start(tag, {name: value or "" for name, value in attrs})
        self.tree.end(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in self.open:
            return
        while self.open:
            closed = self.open.pop()
            self.tree.end(closed)
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        self.tree.data(data)


def parse(html: str) -> ET.Element:
    """Gives the page as an element tree under a `document` root."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    while builder.open:
        builder.tree.end(builder.open.pop())
    builder.tree.end("document")
    return builder.tree.close()


def text(element: ET.Element) -> str:
    """Gives all the text inside `element`, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def has_class(element: ET.Element, name: str) -> bool:
    return name in element.get("class", "").split()
