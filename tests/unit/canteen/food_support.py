"""Helpers of the food-safety tests: canteens registered, events by type, counts of a collection."""

from __future__ import annotations

from typing import Any

from shared.store import Query
from tests.unit.canteen.support import ADMIN, token

NORTH_MANAGER = token("u-canteen-manager-1", "canteen_manager", canteen=["north"])
SOUTH_MANAGER = token("u-canteen-manager-2", "canteen_manager", canteen=["south"])
GATEWAY = token("gw-north-sensors", "service", canteen=["north"])
SOUTH_GATEWAY = token("gw-south-sensors", "service", canteen=["south"])
OPS = token("u-ops-1", "ops")


async def canteens(client, *ids: str) -> None:
    """Register canteens (north is in building B03)."""
    for canteen_id in ids or ("north",):
        body = {"name": f"{canteen_id} 食堂", "campus_id": "main", "building_id": "B03"}
        r = await client.put(f"/canteens/{canteen_id}", json=body, headers=ADMIN)
        assert r.status_code == 201, r.text


async def events(client, event_type: str | None = None) -> list[dict[str, Any]]:
    """Outbox envelopes in commit order, of one type if given."""
    page = await client.runtime.store.find("outbox", Query({}, [("order", 1)]))
    found = [e["envelope"] for e in page.items]
    return [e for e in found if event_type is None or e["type"] == event_type]


async def count(client, collection: str, **filter: Any) -> int:
    """Documents of a collection matching `filter`."""
    return await client.runtime.store.count(collection, filter)


async def watch(client, canteen_id: str = "north") -> dict[str, Any]:
    """One pass of the food-safety watch, run by the canteen's manager."""
    r = await client.post(f"/canteens/{canteen_id}/food-safety/watch", headers=NORTH_MANAGER)
    assert r.status_code == 200, r.text
    return r.json()
