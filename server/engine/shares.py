"""Fair shares of the query workers: each client's query time over the last minute, its budget,
and whether its recent queries earn it the fast lane.

A client is the address a request comes from (`scope["client"]`): the peer, or — behind a proxy
named in `--trusted-proxies` — the address the proxy forwards in X-Forwarded-For (uvicorn reads
it only from those proxies). The request's client is set once, by the outermost layer of the app,
in the `CLIENT` context variable, so every query a request causes — the protocol endpoint's, a
page's, a canned route's — counts against it. The server's own queries (counts at start-up) have
no client and are not counted.

- **Budget** (`--client-query-seconds`, as Wikidata's query service has one): the worker-seconds a
  client's queries held in the last 60 s, the ones still running included. A client at or past it
  gets 429 with Retry-After: the seconds until enough of its time leaves the window. Answers
  from the answer cache cost no worker time and are always given.
- **Fast lane**: a client whose latest query was cheap (done in under `FAST_LANE_SECONDS`) and who
  has none running may take a fast-lane worker when every other worker is busy, before any client
  with no query in the window yet (which may try it too). There a query may run
  `FAST_LANE_SECONDS` only, then it goes back to wait for an ordinary worker, and its client loses
  the fast lane until a query of its own is cheap again. So runaway queries can fill the ordinary
  workers and still not hold up anyone else's cheap queries for more than a moment.
- **Order**: a query waiting for a worker is served before those of clients who used more time.
"""

from __future__ import annotations

import math
import time
from collections import deque
from contextvars import ContextVar
from dataclasses import dataclass, field

from server.errors import TooManyRequests

WINDOW_SECONDS = 60.0
FAST_LANE_SECONDS = 0.5
"""How long a query may run on a fast-lane worker, and how short a query must be to count as
cheap."""

CLIENT: ContextVar[str | None] = ContextVar("nkkg_client", default=None)
"""The client the current request comes from (None: the server itself)."""


@dataclass
class _Account:
    spent: deque[tuple[float, float]] = field(default_factory=deque)  # (finished at, seconds)
    total: float = 0.0  # the seconds in `spent`, kept as entries come and go
    running: dict[int, float] = field(default_factory=dict)  # ticket -> started at
    cheap: bool = False  # the latest query finished within FAST_LANE_SECONDS


class Shares:
    """Every client's account of query time. Not thread-safe: it lives on the event loop."""

    def __init__(self, budget_seconds: float, window: float = WINDOW_SECONDS) -> None:
        self.budget = budget_seconds
        self.window = window
        self._accounts: dict[str, _Account] = {}
        self._tickets = 0

    def _account(self, client: str, now: float) -> _Account:
        account = self._accounts.setdefault(client, _Account())
        while account.spent and account.spent[0][0] <= now - self.window:
            account.total -= account.spent.popleft()[1]
        if not account.spent:
            account.total = 0.0  # no rounding left over
        return account

    def used(self, client: str | None, now: float | None = None) -> float:
        """Gives the worker-seconds the client's queries held in the window, running ones
        included (0 for the server's own queries)."""
        if client is None:
            return 0.0
        now = time.monotonic() if now is None else now
        account = self._account(client, now)
        return account.total + sum(now - t for t in account.running.values())

    def check(self, client: str | None) -> None:
        """Raises 429 when the client has used its budget; says when to come back."""
        if client is None or self.budget <= 0:
            return
        now = time.monotonic()
        used = self.used(client, now)
        if used < self.budget:
            return
        # The time until enough finished queries leave the window to bring it under budget.
        account = self._accounts[client]
        excess, wait = used - self.budget, self.window
        for finished_at, seconds in account.spent:
            excess -= seconds
            if excess < 0:
                wait = finished_at + self.window - now
                break
        retry = max(1, math.ceil(wait))
        raise TooManyRequests(
            f"your queries held the query workers {used:.1f} s in the last "
            f"{self.window:g} s, past the budget of {self.budget:g} s each client has; "
            f"try again in {retry} s",
            headers={"Retry-After": str(retry)},
            retry_after_seconds=retry,
        )

    def fast_lane(self, client: str | None) -> int:
        """Gives the client's claim on a fast-lane worker: 2 when its latest query was cheap, 1
        when it has asked none yet, 0 when it may not (its latest query was not cheap, or one of
        its queries is running)."""
        if client is None:
            return 0
        account = self._accounts.get(client)
        if account is None or not account.spent and not account.running:
            return 1
        return 2 if account.cheap and not account.running else 0

    def start(self, client: str | None) -> int:
        """Records a query of the client taking a worker; gives the ticket to `finish` it."""
        self._tickets += 1
        if client is not None:
            self._account(client, time.monotonic()).running[self._tickets] = time.monotonic()
        return self._tickets

    def finish(self, client: str | None, ticket: int, answered: bool) -> float:
        """Records the query's worker time; gives it in seconds."""
        if client is None:
            return 0.0
        now = time.monotonic()
        account = self._account(client, now)
        started = account.running.pop(ticket, now)
        seconds = now - started
        account.spent.append((now, seconds))
        account.total += seconds
        account.cheap = answered and seconds < FAST_LANE_SECONDS
        self._forget_idle(now)
        return seconds

    def _forget_idle(self, now: float) -> None:
        """Drops accounts with nothing in the window and nothing running, now and then, so that
        many clients passing through leave nothing behind."""
        if self._tickets % 256:
            return
        for client in list(self._accounts):
            account = self._account(client, now)
            if not account.spent and not account.running:
                del self._accounts[client]
