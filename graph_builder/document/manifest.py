"""The corpus manifest: where the article is, its recorded checksum and provenance."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from graph_builder.errors import CorpusError

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"
MANIFEST = CORPUS_DIR / "corpus.toml"
ARTICLE = CORPUS_DIR / "article.txt"
OUTLINE = CORPUS_DIR / "outline.toml"


@dataclass(frozen=True)
class Corpus:
    """The article's text with the provenance recorded beside it."""

    path: Path
    text: str
    sha256: str
    title: str
    language: str
    url: str
    publisher: str
    license: str
    license_name: str


def load_corpus(manifest: Path = MANIFEST) -> Corpus:
    """Gives the corpus named by `manifest`, after checking the file against its SHA-256."""
    try:
        with manifest.open("rb") as handle:
            entry = tomllib.load(handle)["article"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as error:
        raise CorpusError(f"cannot read the corpus manifest: {error}", file=manifest) from error
    path = manifest.parent / entry["file"]
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CorpusError(f"cannot read the corpus: {error.strerror}", file=path) from error
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry["sha256"]:
        raise CorpusError(
            f"checksum mismatch: the manifest records {entry['sha256']}; the file was changed",
            file=path,
            value=digest,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CorpusError("not UTF-8", file=path, line=line) from error
    return Corpus(
        path=path,
        text=text,
        sha256=digest,
        title=entry["title"],
        language=entry["language"],
        url=entry["url"],
        publisher=entry["publisher"],
        license=entry["license"],
        license_name=entry["license_name"],
    )
