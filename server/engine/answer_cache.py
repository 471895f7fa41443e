"""Answers kept in the server process, so a query asked again costs no worker turn.

The store is immutable between builds, so an answer stays right until the store version
changes: the key holds the version, and the whole cache is dropped when it changes. Only the
answers of deterministic queries are kept (the endpoint leaves out any query that calls RAND,
NOW, UUID, STRUUID or BNODE), and only while they fit the byte budget; the least recently used
go first. Each server process has its own cache (`--answer-cache-bytes`, 0 turns it off). The
budget counts the answers' bodies; an answer's gzipped copy, made when it is first sent
compressed, comes on top of it and is smaller than the body.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Generic, TypeVar

Answer = TypeVar("Answer")


def job_key(version: str, job: dict[str, object]) -> str:
    """Gives the cache key of a query job on one store version: everything that shapes the
    answer (query, dataset, formats, substitutions, the result cap)."""
    return json.dumps([version, job], sort_keys=True, ensure_ascii=False)


class AnswerCache(Generic[Answer]):
    """A least-recently-used map from job keys to answers, bounded by the answers' bytes."""

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

    def put(self, key: str, answer: Answer, size: int) -> None:
        """Keeps `answer` (`size` bytes) unless it alone is over a quarter of the budget."""
        if size > self.budget // 4 or key in self._entries:
            return
        self._entries[key] = (answer, size)
        self.used += size
        while self.used > self.budget:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.used -= dropped

    def clear(self) -> None:
        self._entries.clear()
        self.used = 0
