"""Issue 14: a 30 MB JSON body is answered 413 before it is read (only the first chunks are)."""

from __future__ import annotations

from services.canteen.main import build
from services.canteen.settings import CanteenSettings
from tests.harness import routes_client

CHUNK = b" " * (1024 * 1024)


async def test_a_30_mb_body_is_a_413_without_reading_it():
    sent = 0

    async def body():
        nonlocal sent
        yield b'{"name": "'
        for _ in range(30):
            sent += len(CHUNK)
            yield CHUNK
        yield b'"}'

    app = build(CanteenSettings(store_url="memory://"))
    async with routes_client(app, base_url="http://canteen") as http:
        headers = {"content-type": "application/json", "content-length": str(30 * len(CHUNK) + 12)}
        r = await http.put("/canteens/north", content=body(), headers=headers)
    assert r.status_code == 413, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert sent < 30 * len(CHUNK)
