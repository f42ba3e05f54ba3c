"""An open-loop HTTP/1.1 client: POST one asset every 1/rate seconds on keep-alive connections.

Raw asyncio streams rather than httpx, so that the client costs little next to the service it
measures. Each request is due at a fixed time; its latency counts from that time (a late send is
the platform's delay, not hidden by the client), so coordinated omission does not flatter it.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Sent:
    due_wall: float  # time.time() when the request was due
    asset_id: str | None
    status: int
    http_ms: float


def _request(host: str, port: int, token: str, tag: str) -> bytes:
    body = json.dumps(
        {
            "tag": tag,
            "name": "bench laptop",
            "category_code": "2010000",
            "building_id": "B001",
            "room_id": "R101",
            "purchase_value": "4999.00",
            "purchase_date": "2026-05-01",
        }
    ).encode()
    head = (
        f"POST /assets HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _exchange(conn: tuple[asyncio.StreamReader, asyncio.StreamWriter], data: bytes):
    reader, writer = conn
    writer.write(data)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return status, await reader.readexactly(length)


async def paced(
    host: str, port: int, token: str, *, rate: float, seconds: float, prefix: str
) -> list[Sent]:
    """Send `rate` commands/s for `seconds`; one `Sent` per command."""
    idle: asyncio.Queue = asyncio.Queue()
    for _ in range(16):
        idle.put_nowait(await asyncio.open_connection(host, port))
    results: list[Sent] = []

    async def one(i: int, due_mono: float, due_wall: float) -> None:
        conn = await idle.get()
        try:
            status, body = await _exchange(conn, _request(host, port, token, f"{prefix}-{i}"))
        finally:
            idle.put_nowait(conn)
        asset_id = json.loads(body).get("asset_id") if status == 201 else None
        results.append(Sent(due_wall, asset_id, status, (time.monotonic() - due_mono) * 1000))

    total = int(rate * seconds)
    mono0, wall0 = time.monotonic() + 0.05, time.time() + 0.05
    tasks = []
    for i in range(total):
        delay = mono0 + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, mono0 + i / rate, wall0 + i / rate)))
    await asyncio.gather(*tasks)
    while not idle.empty():
        _, writer = idle.get_nowait()
        writer.close()
    return results
