"""A query worker: a process that opens the store read-only and answers jobs from its pipes.

pyoxigraph cannot cancel a running query, so queries run here, in a process of their own, which
the server kills when a query runs over time or its client goes away (server/engine/executor.py).
Nothing here knows about HTTP. The worker reads a job frame on stdin, runs the query, serializes
the result with pyoxigraph into a buffer capped at the job's size limit, and writes one answer
frame on stdout. A frame is a 12-byte header (the lengths of a JSON meta part and of a binary
body) followed by both parts.

Before it opens the store the worker confines itself (server/engine/confinement.py): no network,
its memory capped, dead when the server dies.

Small stores are copied into memory at start (`--memory-copy-max-quads`): queries over an
in-memory copy run two to four times faster than over the on-disk store, which stays the source
of truth.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import struct
import sys
from dataclasses import dataclass
from typing import BinaryIO

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, QueryTriples, Store, Variable

from server.engine.confinement import ConfinementUnavailable, confine
from server.engine.formats import BY_NAME, TripleTermRefused, write_result
from server.engine.union import RDF12_GRAPH, union_dataset

HEADER = struct.Struct(">IQ")


def write_frame(stream: BinaryIO, meta: dict[str, object], body: bytes = b"") -> None:
    """Writes one frame: the header, the JSON meta part, the body."""
    encoded = json.dumps(meta, ensure_ascii=False).encode()
    stream.write(HEADER.pack(len(encoded), len(body)) + encoded + body)
    stream.flush()


def encode_frame(meta: dict[str, object], body: bytes = b"") -> bytes:
    """Gives one frame as bytes (what `write_frame` writes)."""
    encoded = json.dumps(meta, ensure_ascii=False).encode()
    return HEADER.pack(len(encoded), len(body)) + encoded + body


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError
    return data


def read_frame(stream: BinaryIO) -> tuple[dict[str, object], bytes]:
    """Reads one frame; raises EOFError when the other side has closed the pipe."""
    meta_size, body_size = HEADER.unpack(_read_exactly(stream, HEADER.size))
    meta = json.loads(_read_exactly(stream, meta_size))
    return meta, _read_exactly(stream, body_size)


class ResultTooLarge(Exception):
    """The serialized result passed the cap."""


class CappedBuffer:
    """A binary sink for pyoxigraph's serializers that refuses to grow past `cap` bytes."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.cap:
            raise ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


@dataclass(frozen=True)
class Served:
    """The store a worker queries, and how a query that names no dataset reads it."""

    store: Store  # what queries run on: the on-disk store, or an in-memory copy of it
    on_disk: Store  # the source of truth, for dumps
    union: dict[str, object]  # Store.query's dataset arguments for the union default graph
    in_memory: bool


def open_store(path: str, memory_copy_max_quads: int) -> Served:
    """Gives the store at `path` to serve. A store of at most `memory_copy_max_quads` quads is
    copied into memory, and its union default graph (server/engine/union.py) is written into
    the copy's own default graph once, so that a query over the union reads one graph instead of
    merging the named graphs at every step."""
    on_disk = Store.read_only(path)
    quads = list(
        itertools.islice(
            on_disk.quads_for_pattern(None, None, None, None), max(0, memory_copy_max_quads) + 1
        )
    )
    if memory_copy_max_quads <= 0 or len(quads) > memory_copy_max_quads:
        return Served(on_disk, on_disk, union_dataset(on_disk), in_memory=False)
    copy = Store()
    copy.bulk_extend(quads)
    copy.bulk_extend(
        Quad(q.subject, q.predicate, q.object, DefaultGraph())
        for q in quads
        if not isinstance(q.graph_name, DefaultGraph) and q.graph_name != RDF12_GRAPH
    )
    return Served(copy, on_disk, {}, in_memory=True)


def _graphs(iris: list[str] | None) -> list[NamedNode] | None:
    return None if iris is None else [NamedNode(iri) for iri in iris]


def term_from_json(value: dict[str, str]) -> NamedNode | Literal:
    """Gives the term a job's substitution carries: {"iri": …} or {"literal": …, "datatype": …}
    or {"literal": …, "language": …} (see `term_to_json`)."""
    if "iri" in value:
        return NamedNode(value["iri"])
    if "language" in value:
        return Literal(value["literal"], language=value["language"])
    return Literal(value["literal"], datatype=NamedNode(value["datatype"]))


def term_to_json(term: NamedNode | Literal) -> dict[str, str]:
    """Gives the JSON form of a substitution's term, for a job frame."""
    if isinstance(term, NamedNode):
        return {"iri": term.value}
    if term.language:
        return {"literal": term.value, "language": term.language}
    return {"literal": term.value, "datatype": term.datatype.value}


def run_query(
    served: Served, job: dict, sink: CappedBuffer | None = None
) -> tuple[dict[str, object], bytes]:
    """Gives the answer to one query job: its meta part and the serialized result, written into
    `sink` (by default a buffer capped at the job's `cap`; what else a sink raises passes on).

    A job's `substitutions` ({variable: term as JSON}) are bound by pyoxigraph, never pasted into
    the text, so no value can change the query's shape."""
    try:
        substitutions = {
            Variable(name): term_from_json(value)
            for name, value in (job.get("substitutions") or {}).items()
        }
        dataset = (
            served.union
            if job["union"]
            else {
                "default_graph": _graphs(job["default_graphs"]),
                "named_graphs": _graphs(job["named_graphs"]),
            }
        )
        result = served.store.query(
            job["query"],
            base_iri=job.get("base_iri"),
            substitutions=substitutions or None,
            **dataset,
        )
        kind = "graph" if isinstance(result, QueryTriples) else "solutions"
        fmt = BY_NAME[job[f"{kind}_format"]]
        sink = CappedBuffer(job["cap"]) if sink is None else sink
        write_result(result, sink, fmt)
    except SyntaxError as error:
        return {"ok": False, "error": "malformed-query", "message": str(error)}, b""
    except TripleTermRefused as error:
        return {"ok": False, "error": "triple-term-refused", "message": str(error)}, b""
    except ResultTooLarge:
        return {"ok": False, "error": "result-too-large", "message": str(job["cap"])}, b""
    except MemoryError:
        return {"ok": False, "error": "memory", "message": "the memory cap was reached"}, b""
    except (OSError, RuntimeError, ValueError) as error:
        return {"ok": False, "error": "query-failed", "message": str(error)}, b""
    return {"ok": True, "format": fmt.name}, sink.getvalue()


def run_dump(store: Store, job: dict) -> tuple[dict[str, object], bytes]:
    """Gives the whole store as sorted N-Quads. The result cap does not apply: it guards against
    results that grow past the data (a cross product, say), and the dump is the data."""
    from graph_builder.store import nquads_lines

    return {"ok": True, "format": "nquads"}, b"".join(nquads_lines(store))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m server.engine.worker")
    parser.add_argument("--store", required=True, help="the store version to open read-only")
    parser.add_argument("--memory-copy-max-quads", type=int, default=0)
    parser.add_argument("--parent", type=int, required=True, help="the server's process id")
    parser.add_argument("--memory-bytes", type=int, default=0, help="the memory cap (0: none)")
    parser.add_argument(
        "--unsandboxed", action="store_true", help="leave the network open (not for production)"
    )
    args = parser.parse_args(argv)

    # Frames go out on a private copy of stdout; anything else printed goes to stderr.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    jobs = sys.stdin.buffer
    try:
        confine(args.parent, args.memory_bytes, network=not args.unsandboxed)
    except ConfinementUnavailable as error:
        write_frame(answers, {"ok": False, "error": "confinement", "message": str(error)})
        return 1
    try:
        served = open_store(args.store, args.memory_copy_max_quads)
    except OSError as error:
        write_frame(answers, {"ok": False, "error": "store", "message": str(error)})
        return 1
    # What is loaded now lives as long as the worker: keep the collector from walking it again.
    gc.freeze()
    write_frame(answers, {"ok": True, "ready": True, "in_memory": served.in_memory})
    while True:
        try:
            job, _ = read_frame(jobs)
        except EOFError:
            return 0
        if job["kind"] == "dump":
            meta, body = run_dump(served.on_disk, job)
        else:
            meta, body = run_query(served, job)
        write_frame(answers, meta, body)
        if meta.get("error") == "memory":
            return 0  # what the failed query left behind is not worth keeping: start afresh


if __name__ == "__main__":
    raise SystemExit(main())
