"""A response's head and body reach the kernel in one write (server/http/connection.py OneWrite):
a server killed between uvicorn's two writes left HAProxy holding a head without a body, which it
cannot send to another replica (tests/test_replicas.py saw it as a cut answer, now and then)."""

from __future__ import annotations

import asyncio
import socket

from server.http.connection import OneWrite


class Recording(asyncio.Protocol):
    """The far end of a real socket: what arrives, in the order it arrives."""

    def __init__(self) -> None:
        self.received = bytearray()

    def data_received(self, data: bytes) -> None:
        self.received += data


async def _pair() -> tuple[asyncio.Transport, Recording, list[bytes]]:
    """Gives a real transport over a socket pair, the far end, and each write the transport got."""
    loop = asyncio.get_running_loop()
    near, far = socket.socketpair()
    transport, _ = await loop.connect_accepted_socket(asyncio.Protocol, near)
    _, recording = await loop.connect_accepted_socket(Recording, far)
    writes: list[bytes] = []
    real_write = transport.write

    def write(data: bytes) -> None:
        writes.append(bytes(data))
        real_write(data)

    transport.write = write  # type: ignore[method-assign]
    return transport, recording, writes


def test_writes_in_one_turn_go_out_as_one() -> None:
    async def run() -> tuple[list[bytes], bytes]:
        transport, recording, writes = await _pair()
        one = OneWrite(transport, asyncio.get_running_loop())
        one.write(b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\n")
        one.write(memoryview(b"body"))
        assert writes == []  # nothing yet: the turn is not over
        await asyncio.sleep(0)
        await asyncio.sleep(0.05)
        one.close()
        return writes, bytes(recording.received)

    writes, received = asyncio.run(run())
    assert writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nbody"]
    assert received == writes[0]


def test_closing_sends_what_is_pending_first_and_a_closed_connection_takes_nothing() -> None:
    async def run() -> tuple[list[bytes], bytes]:
        transport, recording, writes = await _pair()
        one = OneWrite(transport, asyncio.get_running_loop())
        one.write(b"refused")
        one.write_eof()  # a refusal: written, then the sending side shut
        one.close()
        one.write(b"too late")
        await asyncio.sleep(0.05)
        return writes, bytes(recording.received)

    writes, received = asyncio.run(run())
    assert writes == [b"refused"] and received == b"refused"
