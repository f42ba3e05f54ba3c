"""The assets HTTP API on each store adapter: state, outbox events, permissions, validation."""

from __future__ import annotations

from datetime import UTC, datetime

from services.assets.demo import seed
from shared.clock import FrozenClock
from shared.store import Query
from tests.unit.assets.support import ADMIN, AUDITOR, B01_MANAGER, MANAGER, STUDENT, TEACHER

CHAIR = {
    "tag": "ZC-B02-0102",
    "name": "学生椅",
    "category_code": "6010000",
    "building_id": "B02",
    "room_id": "B02-312",
    "purchase_value": "180.00",
    "purchase_date": "2020-08-20",
    "useful_life_years": 15,
}


async def outbox(client) -> list[dict]:
    page = await client.runtime.store.find("outbox", Query({}, [("order", 1)]))
    return [entry["envelope"] for entry in page.items]


async def register(client, body=CHAIR, headers=MANAGER) -> dict:
    r = await client.post("/assets", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def test_register_publishes_and_tags_are_unique(client):
    asset = await register(client)
    # ¥180 is under the ¥1,000 threshold: a low-value item, carried at cost.
    assert asset["book_value_today"] == "180.00" and asset["category_gate"].startswith("家具")
    assert asset["low_value"] is True and asset["useful_life_years"] == 15
    [event] = await outbox(client)
    assert event["type"] == "assets.asset.registered.v1" and event["subject"] == asset["asset_id"]
    assert event["data"]["tag"] == "ZC-B02-0102" and event["data"]["building_id"] == "B02"
    again = await client.post("/assets", json=CHAIR, headers=MANAGER)
    assert again.status_code == 409 and "ZC-B02-0102" in again.json()["detail"]
    found = await client.get("/assets/by-tag/ZC-B02-0102", headers=AUDITOR)
    assert found.json()["asset_id"] == asset["asset_id"]


async def test_bad_registrations_write_nothing(client):
    for field, value in [
        ("category_code", "7010000"),
        ("purchase_value", "-1"),
        ("purchase_value", "12.345"),
        ("useful_life_years", 0),
        ("tag", "x"),
    ]:
        r = await client.post("/assets", json={**CHAIR, field: value}, headers=MANAGER)
        assert r.status_code == 422, (field, r.text)
        assert r.json()["errors"][0]["field"] == field
    future = await client.post(
        "/assets", json={**CHAIR, "purchase_date": "2025-03-04"}, headers=MANAGER
    )
    assert future.status_code == 422 and future.json()["field"] == "purchase_date"
    assert await outbox(client) == []


async def test_building_scope(client):
    r = await client.post("/assets", json=CHAIR, headers=B01_MANAGER)
    assert r.status_code == 403 and "B02" in r.json()["detail"]
    assert (await client.post("/assets", json=CHAIR, headers=STUDENT)).status_code == 403
    asset = await register(client)
    await register(client, {**CHAIR, "tag": "ZC-B01-0001", "building_id": "B01"}, ADMIN)
    assert (
        await client.get(f"/assets/{asset['asset_id']}", headers=B01_MANAGER)
    ).status_code == 403
    mine = await client.get("/assets", headers=B01_MANAGER)
    assert [a["tag"] for a in mine.json()["items"]] == ["ZC-B01-0001"]
    everything = await client.get("/assets", headers=AUDITOR)
    assert [a["tag"] for a in everything.json()["items"]] == ["ZC-B01-0001", "ZC-B02-0102"]


async def test_custody_assign_and_acknowledge(client):
    asset = await register(client)
    path = f"/assets/{asset['asset_id']}/custody"
    r = await client.post(path, json={"custodian_id": "u-student-1"}, headers=MANAGER)
    assert r.status_code == 200 and r.json()["custody"]["acknowledged_at"] is None
    again = await client.post(path, json={"custodian_id": "u-student-1"}, headers=MANAGER)
    assert again.status_code == 409
    assert (await client.post(f"{path}/acknowledge", headers=TEACHER)).status_code == 403
    signed = await client.post(f"{path}/acknowledge", headers=STUDENT)
    assert signed.status_code == 200 and signed.json()["custody"]["acknowledged_at"]
    twice = await client.post(f"{path}/acknowledge", headers=STUDENT)
    assert twice.json() == signed.json()
    mine = await client.get("/assets/custody/me", headers=STUDENT)
    assert [a["tag"] for a in mine.json()] == ["ZC-B02-0102"]
    moved = await client.post(path, json={"custodian_id": "u-teacher-1"}, headers=MANAGER)
    assert moved.json()["custody_history"][0]["custodian_id"] == "u-student-1"
    assigned = [e for e in await outbox(client) if e["type"] == "assets.asset.assigned.v1"]
    # Under a frozen clock both commits share an outbox stamp: compare without order.
    assert sorted(
        (e["data"]["custodian_id"], e["data"]["previous_custodian_id"] or "") for e in assigned
    ) == [
        ("u-student-1", ""),
        ("u-teacher-1", "u-student-1"),
    ]


async def test_damage_compensation_doubled_when_deliberate(client):
    asset = await register(client)
    path = f"/assets/{asset['asset_id']}/damages"
    body = {
        "description": "椅腿被故意踢断",
        "deliberate": True,
        "responsible_person_id": "u-student-1",
    }
    r = await client.post(path, json=body, headers=MANAGER)
    assert r.status_code == 201, r.text
    damage = r.json()
    assert (damage["book_value"], damage["multiplier"], damage["compensation"]) == (
        "180.00",
        2,
        "360.00",
    )
    again = await client.post(path, json=body, headers=MANAGER)
    assert again.status_code == 409
    [event] = [e for e in await outbox(client) if e["type"] == "assets.asset.damaged.v1"]
    assert event["data"] == {
        "damage_id": damage["damage_id"],
        "asset_id": asset["asset_id"],
        "tag": "ZC-B02-0102",
        "building_id": "B02",
        "room_id": "B02-312",
        "description": "椅腿被故意踢断",
        "deliberate": True,
        "responsible_person_id": "u-student-1",
        "compensation": "360.00",
        "name": "学生椅",
    }
    repaired = await client.post(f"/assets/{asset['asset_id']}/repaired", headers=MANAGER)
    assert repaired.json()["status"] == "in_use"
    again = await client.post(f"/assets/{asset['asset_id']}/repaired", headers=MANAGER)
    assert again.status_code == 409
    value = await client.get(
        f"/assets/{asset['asset_id']}/book-value", params={"on": "2035-08-20"}, headers=AUDITOR
    )
    assert value.json()["book_value"] == "180.00" and value.json()["months_depreciated"] == 0


async def test_demo_seed_is_idempotent(client, clock: FrozenClock):
    clock.now = datetime.now(UTC)
    tokens = {"asset_manager": MANAGER, "requester": STUDENT}

    def token_for(role: str) -> str:
        return tokens[role]["Authorization"].removeprefix("Bearer ")

    await seed(client, token_for)
    first = await outbox(client)
    types = [e["type"] for e in first]
    assert types.count("assets.asset.registered.v1") == 4
    assert types.count("assets.asset.assigned.v1") == 4
    assert types.count("assets.asset.damaged.v1") == 1
    assert types.count("assets.asset.custody_acknowledged.v1") == 2
    assert types.count("assets.loan.started.v1") == 1
    assert types.count("assets.reservation.made.v1") == 1
    await seed(client, token_for)
    assert len(await outbox(client)) == len(first)
    signed = (await client.get("/assets/custody/me", headers=STUDENT)).json()
    assert all(a["custody"]["acknowledged_at"] for a in signed) and len(signed) == 2


async def test_dates_and_text_out_of_bounds_are_422_not_500(client):
    for field, value in [
        ("purchase_date", "0001-01-01"),
        ("purchase_date", "9999-12-30"),
        ("name", "学生椅\x00"),
        ("name", "学生椅\n第二行"),
    ]:
        r = await client.post("/assets", json={**CHAIR, field: value}, headers=MANAGER)
        assert r.status_code == 422, (field, value, r.text)
        assert r.json()["errors"][0]["field"] == field
    asset = await register(client)
    path = f"/assets/{asset['asset_id']}"
    for body in (
        {"description": "坏了\x00", "deliberate": False},
        {"description": "坏了", "deliberate": False, "occurred_on": "9999-12-30"},
    ):
        r = await client.post(f"{path}/damages", json=body, headers=MANAGER)
        assert r.status_code == 422, r.text
    r = await client.get(f"{path}/book-value", params={"on": "9999-12-30"}, headers=AUDITOR)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "on"
    assert [e["type"] for e in await outbox(client)] == ["assets.asset.registered.v1"]


async def test_the_register_pages_by_tag_and_filters(client):
    for n in range(3):
        await register(client, {**CHAIR, "tag": f"ZC-B02-010{n}"})
    first = (await client.get("/assets", params={"limit": 2}, headers=AUDITOR)).json()
    assert [a["tag"] for a in first["items"]] == ["ZC-B02-0100", "ZC-B02-0101"]
    rest = await client.get(
        "/assets", params={"limit": 2, "cursor": first["next_cursor"]}, headers=AUDITOR
    )
    assert [a["tag"] for a in rest.json()["items"]] == ["ZC-B02-0102"]
    assert rest.json()["next_cursor"] is None
    damaged = await client.get("/assets", params={"status": "damaged"}, headers=AUDITOR)
    assert damaged.json()["items"] == []
    other = await client.get("/assets", params={"building_id": "B01"}, headers=B01_MANAGER)
    assert other.json()["items"] == []
    refused = await client.get("/assets", params={"building_id": "B02"}, headers=B01_MANAGER)
    assert refused.status_code == 403
