"""The on-disk store: versions named by their content, an atomic swap, and deterministic dumps.

`DIR` (the `--store` path) is a symlink to the live version in `DIR.versions/`. A build writes a
new version beside it, checks that it opens, and names it by its content: the SHA-256 of its
sorted N-Quads dump (`nkkg dump`'s bytes), so equal graphs give equal names wherever they are
built, and the server's ETags, answer cache and VoID, keyed by that name, agree across replicas.
Then it swaps the symlink with one atomic rename. A build whose content is already a version
(an identical rebuild) keeps that directory and drops its own copy; the live store is never
written to. A failed build removes its half-written version and leaves the symlink, and so the
last good store, as it was. The last `keep` versions stay (the live one always), so that a reader
holding the previous one open keeps working.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, Store

from graph_builder import iris
from graph_builder.errors import StoreError

KEEP_VERSIONS = 2
"""Versions kept by default: the live one and the one before it."""
_BUILDING = ".building-"


def versions_dir(store: Path) -> Path:
    """Gives the directory that holds the built versions behind the `store` symlink."""
    return store.parent / f"{store.name}.versions"


def as_stored(quads: Iterable[Quad]) -> list[Quad]:
    """Gives `quads` as an Oxigraph store holds them, for checks that must see what queries see.

    Oxigraph keeps numbers by value: `"5"^^xsd:nonNegativeInteger` (any type derived from
    xsd:integer) comes back as `"5"^^xsd:integer`, `"1.50"^^xsd:decimal` as `"1.5"`."""
    memory = Store()
    memory.bulk_extend(quads)
    return list(memory)


def write_store(
    quads: Iterable[Quad],
    store: Path,
    verify: Callable[[Store, bytes], None] | None = None,
    keep: int = KEEP_VERSIONS,
) -> tuple[Path, int]:
    """Loads `quads` into a new store version, named by its digest, and swaps it in; gives the
    version and its size.

    `verify`, if given, gets the new version opened read-only, and its sorted N-Quads dump,
    before the swap; whatever it raises leaves the last good store live and removes the new
    version. Then all but the last
    `keep` versions are removed."""
    store = store.absolute()
    if store.exists() and not store.is_symlink():
        raise StoreError(
            "exists and is not a store built by `nkkg build` (expected a symlink to a version); "
            "choose another --store or remove it",
            file=store,
        )
    versions = versions_dir(store)
    versions.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    building = versions / f"{_BUILDING}{stamp}-{os.getpid()}"
    try:
        built = Store(str(building))
        built.bulk_extend(quads)
        built.flush()
        del built
        written = Store.read_only(str(building))
        size = len(written)
        dump = b"".join(nquads_lines(written))  # read once: for `verify` and for the name
        if verify is not None:
            verify(written, dump)
        version = versions / hashlib.sha256(dump).hexdigest()
        del written
        if version.is_dir():
            shutil.rmtree(building)  # the same graph is a version already: keep that one
        else:
            os.rename(building, version)
    except BaseException as error:
        shutil.rmtree(building, ignore_errors=True)
        if isinstance(error, (OSError, ValueError)):
            raise StoreError(f"could not write the store: {error}", file=building) from error
        raise
    if not store.is_symlink() or store.resolve() != version:
        _swap(store, version)
        os.utime(version)  # the newest version now, whenever it was first built
    _prune(versions, keep, live=version)
    return version, size


def content_digest(store: Store) -> str:
    """Gives the name of a store's content: the SHA-256 (hex) of its sorted N-Quads dump.

    Equal graphs without blank nodes give equal dumps (see `nquads_lines`), so the same inputs
    built anywhere give the same name; `sha256sum` of `nkkg dump FILE.nq` gives it too."""
    return hashlib.sha256(b"".join(nquads_lines(store))).hexdigest()


def version_name(version: Path | str) -> str:
    """Gives the name of a store version from its directory: its content digest for a version
    `nkkg build` made (any other store directory: its own name)."""
    return Path(version).name


def built_versions(store: Path) -> list[Path]:
    """Gives the versions behind the `store` symlink, the newest (the last to go live) first."""
    return _newest_first(versions_dir(store.absolute()))


def _newest_first(versions: Path) -> list[Path]:
    if not versions.is_dir():
        return []
    built = [p for p in versions.iterdir() if p.is_dir() and not p.name.startswith(_BUILDING)]
    return sorted(built, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def _swap(store: Path, version: Path) -> None:
    link = store.parent / f".{store.name}.swap-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(version, store.parent))
    os.replace(link, store)


def _prune(versions: Path, keep: int, live: Path) -> None:
    for old in _newest_first(versions)[keep:]:
        if old != live:
            shutil.rmtree(old, ignore_errors=True)


def open_read_only(store: Path) -> Store:
    """Opens the live store read-only, or says plainly that there is none."""
    if not store.exists():
        raise StoreError("no store here; run `nkkg build` first", file=store)
    try:
        return Store.read_only(str(store))
    except OSError as error:
        raise StoreError(f"cannot open the store: {error}", file=store) from error


def nquads_lines(store: Store) -> list[bytes]:
    """Gives the store's quads as sorted N-Quads lines, so equal graphs give equal bytes."""
    data = store.dump(format=RdfFormat.N_QUADS)
    return sorted(line for line in data.splitlines(keepends=True) if line.strip())


DUMP_PARTS = ("rdf11", "rdf12", "all")


def write_dump(store: Store, target: Path, part: str = "rdf11") -> int:
    """Writes the store as sorted N-Quads (gzipped when `target` ends in .gz); gives the count.

    `part`: "rdf11", every graph but the RDF 1.2 one, which any RDF 1.1 reader takes (rdflib,
    Jena, Virtuoso's loader); "rdf12", that graph alone, with its triple terms; "all", both,
    which Oxigraph and other RDF 1.2 readers take back whole."""
    rdf12 = f" <{iris.graph('claims-rdf12').value}> .\n".encode()
    lines = [
        line
        for line in nquads_lines(store)
        if part == "all" or (line.endswith(rdf12) == (part == "rdf12"))
    ]
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    if target.suffix == ".gz":
        # mtime=0 and no file name in the header keep the bytes the same from build to build.
        with (
            partial.open("wb") as raw,
            gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as handle,
        ):
            handle.writelines(lines)
    else:
        partial.write_bytes(b"".join(lines))
    os.replace(partial, target)
    return len(lines)


VERSION_STAMP = re.compile(r"(\d{8}T\d{6}\.\d{6}Z)")
"""The time stamp older builds named their versions by."""


def version_time(version: str) -> datetime:
    """Gives when the store version at path `version` went live: its directory's modification
    time, which `nkkg build` sets when it swaps the version in (or the stamp an older build
    named it by); to the second, in UTC."""
    match = VERSION_STAMP.search(Path(version).name)
    if match:
        built = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=UTC)
    else:
        built = datetime.fromtimestamp(os.stat(version).st_mtime, tz=UTC)
    return built.replace(microsecond=0)
