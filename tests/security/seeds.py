"""The objects each service's matrix run starts with, made through its own API as an admin.

Each seed returns the path values naming them, so a route with an id is called on an object
that exists and lies in the in-scope caller's canteen, building or campus (`calls.IN_SCOPE`).
"""

from __future__ import annotations

from typing import Any

import httpx

from shared.auth import Role
from tests.security.calls import IN_SCOPE, token_header

ADMIN = token_header(Role.LOGISTICS_ADMIN, {})
#: The requester the matrix's own requester token names (`u-matrix-requester`).
REQUESTER = token_header(Role.REQUESTER, IN_SCOPE)
LOCATIONS_CSV = (
    "campus_id,campus_name,building_id,building_name,floor,room_id,room_name\n"
    "main,主校区,B01,一号教学楼,1,B01-101,101教室\n"
    "east,东校区,B99,东区楼,1,B99-101,东区教室\n"
)


async def _ok(answer: httpx.Response) -> dict[str, Any]:
    assert answer.status_code < 300, f"seeding failed: {answer.request.url} {answer.text}"
    return answer.json() if answer.content else {}


async def seed_canteen(http: httpx.AsyncClient) -> dict[str, str]:
    """Canteen north, a supplier serving it, a food handler, a device, a checklist."""
    await _ok(
        await http.put(
            "/canteens/north",
            json={"name": "北区食堂", "campus_id": "main", "building_id": "C01"},
            headers=ADMIN,
        )
    )
    await _ok(
        await http.put(
            "/canteens/south",
            json={"name": "南区食堂", "campus_id": "east", "building_id": "C02"},
            headers=ADMIN,
        )
    )
    return {}


async def seed_assets(http: httpx.AsyncClient) -> dict[str, str]:
    """An asset in building B01."""
    body = {
        "tag": "B01-0001",
        "name": "投影仪",
        "category_code": "2010000",
        "building_id": "B01",
        "purchase_date": "2025-01-02",
        "purchase_value": 3000,
    }
    asset = await _ok(await http.post("/assets", json=body, headers=ADMIN))
    return {"asset_id": asset["asset_id"], "tag": asset["tag"]}


async def seed_maintenance(http: httpx.AsyncClient) -> dict[str, str]:
    """Locations of campus main / B01, and a ticket the matrix's requester filed there."""
    await _ok(
        await http.post(
            "/locations/import",
            content=LOCATIONS_CSV.encode(),
            headers={**ADMIN, "content-type": "text/csv"},
        )
    )
    body = {"location_id": "B01-101", "category": "plumbing", "description": "水管漏水"}
    ticket = await _ok(await http.post("/tickets", json=body, headers=REQUESTER))
    return {"ticket_id": ticket["id"], "location_id": "B01-101"}


async def seed_nothing(http: httpx.AsyncClient) -> dict[str, str]:
    """No objects needed: the routes' rules do not depend on one."""
    return {}


SEEDS = {
    "canteen": seed_canteen,
    "assets": seed_assets,
    "maintenance": seed_maintenance,
    "notifications": seed_nothing,
    "audit": seed_nothing,
}
