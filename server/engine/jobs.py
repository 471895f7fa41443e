"""What the server sends its query workers and gets back: jobs, answers, and how they fail.

A job is a dict the worker reads (server/engine/worker.py): the query, its substitutions as JSON
terms, the dataset and the result formats. An answer is the result format's name and the serialized
bytes, with a gzipped copy made once when it is first sent compressed. The executor
(server/engine/executor.py) runs jobs; the endpoint, the pages and the canned routes build them.
"""

from __future__ import annotations

import functools
import gzip
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from server.engine.worker import term_to_json

GZIP_LEVEL = 6


class ClientGone(Exception):
    """The client disconnected before its answer was ready; its worker has been killed."""


@dataclass
class Answer:
    """A worker's answer: the result format's name (see server/engine/formats.py) and the bytes."""

    format: str
    body: bytes
    on_gzip: Callable[[int], None] | None = field(default=None, repr=False, compare=False)
    """Told the size of the gzipped copy when it is made (the answer cache counts it)."""

    @functools.cached_property
    def gzipped(self) -> bytes:
        """Gives the body gzipped, compressed once however often a cached answer is sent."""
        compressed = gzip.compress(self.body, compresslevel=GZIP_LEVEL, mtime=0)
        if self.on_gzip is not None:
            self.on_gzip(sys.getsizeof(compressed))
        return compressed


class QueryFailed(Exception):
    """The worker answered with an error: its name (malformed-query, query-failed) and message."""

    def __init__(self, error: str, message: str) -> None:
        super().__init__(message)
        self.error = error
        self.message = message


def query_job(
    query: str,
    substitutions: dict[str, NamedNode | Literal] | None,
    union: bool,
    solutions_format: str,
    graph_format: str,
) -> dict[str, object]:
    """Gives the job (see server/engine/worker.py) for a query the server itself asks: a page, a
    canned route; its substitutions' terms are bound by pyoxigraph in the worker."""
    return {
        "kind": "query",
        "query": query,
        "substitutions": {name: term_to_json(term) for name, term in (substitutions or {}).items()},
        "union": union,
        "default_graphs": None,
        "named_graphs": None,
        "solutions_format": solutions_format,
        "graph_format": graph_format,
        "cacheable": True,  # the server's own queries call nothing random
    }
