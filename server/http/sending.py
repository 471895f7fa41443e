"""Sending a body: in chunks when large, gzipped from a query answer's own compressed copy when
the client takes gzip."""

from __future__ import annotations

from collections.abc import Iterator

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from server.engine import formats
from server.engine.jobs import Answer

STREAM_CHUNK = 1 << 16
GZIP_MIN_BYTES = 1000
"""Smaller bodies go out as they are: gzip would save less than it costs."""


def accepts_gzip(request: Request) -> bool:
    """Says whether the request's Accept-Encoding takes gzip (and does not refuse it, q=0)."""
    for item in request.headers.get("accept-encoding", "").lower().split(","):
        coding, _, params = item.partition(";")
        if coding.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def send_answer(request: Request, answer: Answer, headers: dict[str, str]) -> Response:
    """Gives the response carrying a query worker's answer: gzipped when the client takes gzip
    and the body is large enough, from the answer's own compressed copy (made once, so an answer
    from the cache is not compressed again; the gzip middleware lets encoded bodies pass)."""
    content_type = formats.BY_NAME[answer.format].content_type
    if len(answer.body) >= GZIP_MIN_BYTES and accepts_gzip(request):
        vary = ", ".join(filter(None, (headers.get("Vary"), "Accept-Encoding")))
        encoded = {**headers, "Content-Encoding": "gzip", "Vary": vary}
        return send(answer.gzipped, content_type, encoded)
    return send(answer.body, content_type, headers)


def send(body: bytes, content_type: str, headers: dict[str, str]) -> Response:
    """Gives the response carrying `body`; large bodies go out in chunks as they are written."""
    if len(body) <= STREAM_CHUNK * 4:
        return Response(body, media_type=content_type, headers=headers)

    def chunks() -> Iterator[bytes]:
        view = memoryview(body)
        for start in range(0, len(body), STREAM_CHUNK):
            yield bytes(view[start : start + STREAM_CHUNK])

    return StreamingResponse(
        chunks(), media_type=content_type, headers={**headers, "Content-Length": str(len(body))}
    )
