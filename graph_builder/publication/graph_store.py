"""A client of the SPARQL 1.1 Graph Store HTTP Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/):
one graph put, got or deleted at a time, by indirect identification (`?graph=IRI`, `?default`).

A connection error, a time-out or a 5xx answer is tried again after a pause that doubles each
time (the engine may be starting, restarting or overloaded); any other failure, or the last
attempt's, raises PublishError naming the URL, the status and what the engine said.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from pyoxigraph import NamedNode

from graph_builder.errors import PublishError

N_TRIPLES = "application/n-triples"
_SHOWN_BODY = 300


@dataclass(frozen=True)
class Retry:
    """How often and how patiently a request is tried again."""

    attempts: int = 6
    first_pause: float = 0.5  # seconds; doubles after each failed attempt
    longest_pause: float = 8.0

    def pauses(self) -> list[float]:
        """Gives the pause before each attempt after the first."""
        return [min(self.first_pause * 2**n, self.longest_pause) for n in range(self.attempts - 1)]


PATIENT = Retry()
"""Six attempts over about 8 s: long enough for an engine to restart."""


class GraphStore:
    """One Graph Store Protocol endpoint (e.g. Oxigraph's `http://host:7878/store`)."""

    def __init__(
        self,
        url: str,
        retry: Retry = PATIENT,
        timeout: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
        on_retry: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.url = url
        self.retry = retry
        self.sleep = sleep
        self.on_retry = on_retry
        self.client = httpx.Client(timeout=timeout)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(self, graph: NamedNode | None, ntriples: bytes) -> None:
        """Replaces the graph (None: the default graph) with the N-Triples `ntriples`."""
        self._send("PUT", graph, content=ntriples, headers={"Content-Type": N_TRIPLES})

    def delete(self, graph: NamedNode) -> None:
        """Deletes the graph; one the engine does not have is no error."""
        self._send("DELETE", graph, missing_ok=True)

    def get(self, graph: NamedNode) -> bytes | None:
        """Gives the graph as N-Triples, or None when the engine has no such graph."""
        return self._send("GET", graph, headers={"Accept": N_TRIPLES}, missing_ok=True)

    def _send(
        self,
        method: str,
        graph: NamedNode | None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        missing_ok: bool = False,
    ) -> bytes | None:
        params = {"graph": graph.value} if graph is not None else {"default": ""}
        target = f"{method} {self.url} ({'graph <' + graph.value + '>' if graph else 'default'})"
        pauses = self.retry.pauses()
        for attempt in range(self.retry.attempts):
            try:
                response = self.client.request(
                    method, self.url, params=params, content=content, headers=headers
                )
            except httpx.TransportError as error:
                failure = f"{type(error).__name__}: {error or 'no answer'}"
            else:
                if response.is_success:
                    return response.content
                if response.status_code == 404 and missing_ok:
                    return None
                failure = f"HTTP {response.status_code}: {_said(response)}"
                if response.status_code < 500:
                    raise PublishError(f"{target} was refused: {failure}", file=self.url)
            if attempt == self.retry.attempts - 1:
                break
            self.on_retry(f"{target}: {failure}; trying again in {pauses[attempt]:g} s")
            self.sleep(pauses[attempt])
        raise PublishError(
            f"{target} failed {self.retry.attempts} times; the last: {failure}", file=self.url
        )


def _said(response: httpx.Response) -> str:
    """Gives the start of what the engine said in an error response, on one line."""
    text = " ".join(response.text.split())
    return text[:_SHOWN_BODY] + ("…" if len(text) > _SHOWN_BODY else "") or response.reason_phrase
