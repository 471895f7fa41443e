"""Answers kept in the server process, so a query asked again costs no worker turn.

The store is immutable between builds, so an answer stays right until the store version
changes: the key holds the version, and the whole cache is dropped when it changes. Only the
answers of deterministic queries are kept (the endpoint leaves out any query that calls RAND,
NOW, UUID, STRUUID or BNODE), and only while they fit the byte budget; the least recently used
go first. Each server process has its own cache (`--answer-cache-bytes`, 0 turns it off).

The budget counts what an entry holds in memory: its key (the whole job, query text included:
9,000 distinct 99 KB queries once grew the server by a gigabyte the budget never saw), its body,
its gzipped copy from the moment it is made (the answer reports it), and a fixed allowance for
the objects around them.
"""

from __future__ import annotations

import json
import sys
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

ENTRY_OVERHEAD = 512
"""Bytes allowed per entry for the objects around key and body: the map's slot, the tuple, the
answer object and its small fields."""


class Measurable(Protocol):
    body: bytes
    on_gzip: Callable[[int], None] | None


Answer = TypeVar("Answer", bound=Measurable)


def job_key(version: str, job: dict[str, object]) -> str:
    """Gives the cache key of a query job on one store version: everything that shapes the
    answer (query, dataset, formats, substitutions, the result cap)."""
    return json.dumps([version, job], sort_keys=True, ensure_ascii=False)


class AnswerCache(Generic[Answer]):
    """A least-recently-used map from job keys to answers, bounded by the bytes they hold."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self.used = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[str, tuple[Answer, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> Answer | None:
        """Gives the answer kept for `key`, or None; a hit becomes the most recently used."""
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[0]

    def put(self, key: str, answer: Answer) -> None:
        """Keeps `answer` unless the entry alone would be over a quarter of the budget."""
        size = sys.getsizeof(key) + sys.getsizeof(answer.body) + ENTRY_OVERHEAD
        if "gzipped" in vars(answer):  # compressed already: it counts from the start
            size += sys.getsizeof(vars(answer)["gzipped"])
        if size > self.budget // 4 or key in self._entries:
            return
        self._entries[key] = (answer, size)
        self.used += size
        answer.on_gzip = lambda extra: self._grow(key, extra)
        self._fit()

    def _grow(self, key: str, extra: int) -> None:
        """Counts the gzipped copy an entry's answer has just made."""
        entry = self._entries.get(key)
        if entry is not None:
            self._entries[key] = (entry[0], entry[1] + extra)
            self.used += extra
            self._fit()

    def _fit(self) -> None:
        while self.used > self.budget:
            _, (answer, dropped) = self._entries.popitem(last=False)
            answer.on_gzip = None
            self.used -= dropped

    def clear(self) -> None:
        for answer, _ in self._entries.values():
            answer.on_gzip = None
        self._entries.clear()
        self.used = 0
