"""Issue 14: a 30 MB JSON body is answered 413 before it is read (only the first chunks are);
a NUL byte in a ticket's description is a 422 naming the field, and nothing is stored."""

from __future__ import annotations

from services.canteen.main import build
from services.canteen.settings import CanteenSettings
from services.maintenance.main import build as build_maintenance
from services.maintenance.settings import MaintenanceSettings
from tests.harness import routes_client
from tests.unit.changes.table import headers_of

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


async def test_a_nul_byte_in_a_ticket_description_is_a_422(tmp_path):
    app = build_maintenance(MaintenanceSettings(store_url="memory://", data_dir=tmp_path))
    body = {"location_id": "B01-101", "category": "plumbing", "description": "漏水\x00了"}
    async with routes_client(app, base_url="http://maintenance") as http:
        r = await http.post("/tickets", json=body, headers=headers_of("requester"))
        stored = await http.runtime.store.count("tickets", {})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "description"
    assert stored == 0
