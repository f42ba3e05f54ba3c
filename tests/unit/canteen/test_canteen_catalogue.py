"""Canteens and suppliers: who may change them, and the events that tell who changed what."""

from __future__ import annotations

from tests.unit.canteen.support import ADMIN, AUDITOR, MANAGER, token
from tests.unit.canteen.test_canteen_api import outbox

SOUTH_MANAGER = token("u-canteen-manager-2", "canteen_manager", canteen=["south"])
BOTH_MANAGER = token("u-canteen-manager-3", "canteen_manager", canteen=["north", "south"])
DOCS = [{"kind": "business_licence", "number": "9137"}]


async def register(client, *canteen_ids: str) -> None:
    for canteen_id in canteen_ids:
        body = {"name": canteen_id, "campus_id": "main", "building_id": "B03"}
        r = await client.put(f"/canteens/{canteen_id}", json=body, headers=ADMIN)
        assert r.status_code == 201, r.text


async def test_a_canteen_change_is_an_event_naming_what_changed(client):
    canteen = {"name": "北区食堂", "campus_id": "main", "building_id": "B03"}
    assert (await client.put("/canteens/north", json=canteen, headers=ADMIN)).status_code == 201
    same = await client.put("/canteens/north", json=canteen, headers=ADMIN)
    assert same.status_code == 200
    moved = {**canteen, "min_remaining_shelf_life_days": 3}
    r = await client.put("/canteens/north", json=moved, headers=ADMIN)
    assert r.status_code == 200 and r.json()["min_remaining_shelf_life_days"] == 3
    created, changed = await outbox(client)
    assert created["type"] == changed["type"] == "canteen.canteen.updated.v1"
    assert created["data"]["created"] and changed["actor"] == "u-admin-1"
    assert changed["subject"] == "north" and not changed["data"]["created"]
    assert changed["data"]["changed"] == ["min_remaining_shelf_life_days"]
    listed = (await client.get("/canteens", headers=AUDITOR)).json()
    assert [c["canteen_id"] for c in listed] == ["north"]


async def test_a_manager_registers_a_supplier_for_their_own_canteen(client):
    await register(client, "north")
    r = await client.put(
        "/suppliers/sup-ly", json={"name": "绿源", "documents": DOCS}, headers=MANAGER
    )
    assert r.status_code == 201 and r.json()["canteens"] == ["north"]
    assert r.json()["qualified_today"] is False  # no food licence on file
    # Naming a canteen outside the manager's scope is refused.
    r = await client.put(
        "/suppliers/sup-x", json={"name": "x", "canteens": ["south"]}, headers=MANAGER
    )
    assert r.status_code == 403 and "south" in r.json()["detail"]
    # A canteen nobody registered is refused by name.
    r = await client.put(
        "/suppliers/sup-x", json={"name": "x", "canteens": ["east"]}, headers=ADMIN
    )
    assert r.status_code == 422 and r.json()["field"] == "canteens" and "east" in r.json()["detail"]
    [event] = [e for e in await outbox(client) if e["type"] == "canteen.supplier.updated.v1"]
    assert event["type"] == "canteen.supplier.updated.v1" and event["data"]["created"]
    assert event["data"]["canteens"] == ["north"] and event["actor"] == "u-canteen-manager-1"


async def test_only_managers_of_a_canteen_the_supplier_serves_change_it(client):
    await register(client, "north", "south")
    body = {"name": "绿源", "documents": DOCS}
    assert (await client.put("/suppliers/sup-ly", json=body, headers=MANAGER)).status_code == 201
    r = await client.put(
        "/suppliers/sup-ly", json={**body, "suspended": True}, headers=SOUTH_MANAGER
    )
    assert r.status_code == 403 and "none of your canteens" in r.json()["detail"]
    # A manager of both adds the south canteen; the north manager may not drop it again.
    both = {**body, "canteens": ["north", "south"]}
    r = await client.put("/suppliers/sup-ly", json=both, headers=BOTH_MANAGER)
    assert r.status_code == 200 and r.json()["canteens"] == ["north", "south"]
    r = await client.put("/suppliers/sup-ly", json={**body, "canteens": ["north"]}, headers=MANAGER)
    assert r.status_code == 403
    # Now the south manager serves it too, and suspends it; omitted canteens stay as they are.
    r = await client.put(
        "/suppliers/sup-ly", json={**body, "suspended": True}, headers=SOUTH_MANAGER
    )
    assert r.status_code == 200 and r.json()["canteens"] == ["north", "south"]
    assert r.json()["problems"][0] == "supplier is suspended"
    # A PUT is the whole record: the admin's lifts the suspension as it clears the canteens.
    r = await client.put("/suppliers/sup-ly", json={**body, "canteens": []}, headers=ADMIN)
    assert r.status_code == 200 and r.json()["canteens"] == [] and r.json()["suspended"] is False
    events = [e for e in await outbox(client) if e["type"] == "canteen.supplier.updated.v1"]
    assert [(e["actor"], e["data"]["changed"]) for e in events] == [
        ("u-canteen-manager-1", ["name", "contact", "documents", "suspended", "canteens"]),
        ("u-canteen-manager-3", ["canteens"]),
        ("u-canteen-manager-2", ["suspended"]),
        ("u-admin-1", ["suspended", "canteens"]),
    ]
