"""The on-disk store: an atomic build into a new directory, a swap, and deterministic dumps.

`DIR` (the `--store` path) is a symlink to the live version in `DIR.versions/`. A build writes a
new version beside it, checks that it opens, then swaps the symlink with one atomic rename; a
failed build removes its half-written version and leaves the symlink, and so the last good
store, as it was. The previous version is kept so that a reader holding it open keeps working.
"""

from __future__ import annotations

import gzip
import os
import shutil
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, Store

from graph_builder.errors import StoreError

KEEP_VERSIONS = 2


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
    quads: Iterable[Quad], store: Path, verify: Callable[[Store], None] | None = None
) -> tuple[Path, int]:
    """Loads `quads` into a new store version and swaps it in; gives the version and its size.

    `verify`, if given, gets the new version opened read-only before the swap; whatever it
    raises leaves the last good store live and removes the new version."""
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
    version = versions / f"{stamp}-{os.getpid()}"
    try:
        built = Store(str(version))
        built.bulk_extend(quads)
        built.flush()
        del built
        written = Store.read_only(str(version))
        size = len(written)
        if verify is not None:
            verify(written)
        del written
    except BaseException as error:
        shutil.rmtree(version, ignore_errors=True)
        if isinstance(error, (OSError, ValueError)):
            raise StoreError(f"could not write the store: {error}", file=version) from error
        raise
    _swap(store, version)
    _prune(versions, keep={version})
    return version, size


def _swap(store: Path, version: Path) -> None:
    link = store.parent / f".{store.name}.swap-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(version, store.parent))
    os.replace(link, store)


def _prune(versions: Path, keep: set[Path]) -> None:
    built = sorted((p for p in versions.iterdir() if p.is_dir()), reverse=True)
    for old in built[KEEP_VERSIONS:]:
        if old not in keep:
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


def write_dump(store: Store, target: Path) -> int:
    """Writes the store as sorted N-Quads (gzipped when `target` ends in .gz); gives the count."""
    lines = nquads_lines(store)
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
