"""The curators' command: check curated files with the entity files beside them, or find a
quote and its offset in the article.

    python -m graph_builder.curator [FILE ...]
    python -m graph_builder.curator --locate 'QUOTE'
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

from graph_builder.claims.claim import build_claims
from graph_builder.curation.loader import entity_files, load_curation
from graph_builder.document import article, manifest
from graph_builder.errors import CurationError


def locate(text: str, quote: str, width: int = 20) -> list[str]:
    """Gives each occurrence of `quote` with its offset and context, for curators."""
    found = []
    for at in (m.start() for m in re.finditer(re.escape(quote), text)):
        after = at + len(quote)
        found.append(
            f"{at}: …{text[max(0, at - width) : at]}【{quote}】{text[after : after + width]}…"
        )
    return found


def main(argv: list[str] | None = None) -> int:
    """`python -m graph_builder.curator [--locate QUOTE] [FILE ...]`: check curated files
    (with every entity file beside them, but no other claims file), or find a quote."""
    parser = argparse.ArgumentParser(prog="python -m graph_builder.curator")
    parser.add_argument("--locate", metavar="QUOTE", help="print every occurrence with offset")
    parser.add_argument("files", nargs="*", type=Path, help="curated files to check")
    args = parser.parse_args(argv)
    corpus = manifest.load_corpus()
    if args.locate:
        print("\n".join(locate(corpus.text, args.locate)) or "not found")
        return 0
    doc = article.parse_document(corpus.text, corpus.sha256, manifest.OUTLINE)
    with tempfile.TemporaryDirectory() as folder:
        for entities in entity_files():
            if entities.resolve() not in {p.resolve() for p in args.files}:
                shutil.copy(entities, folder)
        for path in args.files:
            shutil.copy(path, Path(folder) / f"zz-{path.name}")
        try:
            curation = load_curation(doc, Path(folder))
            build_claims(doc, curation)
        except CurationError as error:
            print(str(error).replace(f"{folder}/zz-", ""), file=sys.stderr)
            return 1
    print(f"ok: {len(curation.entities)} entities, {len(curation.contradictions)} contradictions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
