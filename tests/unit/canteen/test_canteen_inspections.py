"""Hygiene inspections (卫生检查): templates kept by their canteens, scores, corrective actions."""

from __future__ import annotations

from tests.unit.canteen.food_support import NORTH_MANAGER, SOUTH_MANAGER, canteens, count, events
from tests.unit.canteen.support import ADMIN, STAFF

DAILY = {
    "name": "厨房每日检查",
    "kind": "daily_kitchen",
    "place": "后厨",
    "pass_mark": 80,
    "due_days": 1,
    "items": [
        {"item_id": "floor", "text": "地面清洁无积水", "points": 40},
        {"item_id": "bins", "text": "垃圾桶加盖", "points": 30},
        {
            "item_id": "fridge-seal",
            "text": "冰箱门封完好",
            "points": 30,
            "equipment": True,
            "equipment_tag": "B03-K-FRIDGE-01",
        },
    ],
}


def scores(floor: int, bins: int, seal: int, findings: dict[str, str] | None = None) -> dict:
    results = [
        {"item_id": "floor", "score": floor},
        {"item_id": "bins", "score": bins},
        {"item_id": "fridge-seal", "score": seal},
    ]
    for r in results:
        if r["item_id"] in (findings or {}):
            r["finding"] = findings[r["item_id"]]
    return {"template_id": "daily", "results": results}


async def template(client) -> None:
    await canteens(client, "north", "south")
    r = await client.put("/checklists/daily", json=DAILY, headers=NORTH_MANAGER)
    assert r.status_code == 201, r.text
    assert r.json()["canteens"] == ["north"] and r.json()["max_score"] == 100


async def test_a_failed_equipment_item_opens_an_action_closed_with_evidence(client, clock):
    await template(client)
    body = scores(40, 25, 0, {"bins": "一个桶没盖", "fridge-seal": "2号冰箱门封破损"})
    r = await client.post("/canteens/north/inspections", json=body, headers=STAFF)
    assert r.status_code == 201, r.text
    inspection = r.json()
    assert inspection["score"] == 65 and inspection["percent"] == "65.0"
    assert inspection["passed"] is False
    failed = await events(client, "canteen.inspection.failed.v1")
    assert [(e["data"]["item_id"], e["data"]["equipment"]) for e in failed] == [
        ("bins", False),
        ("fridge-seal", True),
    ]
    seal = failed[1]["data"]
    assert seal["building_id"] == "B03" and seal["equipment_tag"] == "B03-K-FRIDGE-01"
    assert seal["finding"] == "2号冰箱门封破损" and seal["due_on"] == "2025-03-04"
    assert seal["place"] == "后厨" and seal["canteen_id"] == "north"
    [recorded] = await events(client, "canteen.inspection.recorded.v1")
    assert recorded["data"]["passed"] is False and recorded["data"]["failed_items"] == 2
    actions = (await client.get("/canteens/north/corrective-actions", headers=STAFF)).json()
    assert [a["item_id"] for a in actions["items"]] == ["bins", "fridge-seal"]
    action_id = seal["action_id"]
    clock.advance(days=2)  # past the due day
    today = (await client.get("/canteens/north/food-safety/today", headers=STAFF)).json()
    assert today["inspections"]["overdue_actions"] == 2
    r = await client.post(
        f"/canteens/north/corrective-actions/{action_id}/close",
        json={"evidence": "已更换门封，关门测试正常"},
        headers=STAFF,
    )
    assert r.status_code == 200 and r.json()["status"] == "closed"
    [corrected] = await events(client, "canteen.inspection.corrected.v1")
    assert corrected["data"]["late"] is True and corrected["data"]["evidence"].startswith("已更换")
    again = await client.post(
        f"/canteens/north/corrective-actions/{action_id}/close",
        json={"evidence": "再次"},
        headers=STAFF,
    )
    assert again.status_code == 409
    r = await client.post(
        "/canteens/north/corrective-actions/nope/close", json={"evidence": "x"}, headers=STAFF
    )
    assert r.status_code == 404
    closed = (
        await client.get("/canteens/north/corrective-actions?status=closed", headers=STAFF)
    ).json()
    assert [a["action_id"] for a in closed["items"]] == [action_id]


async def test_an_inspection_is_refused_unless_every_item_is_scored_and_explained(client):
    await template(client)
    before = await events(client)
    bad = [
        {"template_id": "daily", "results": [{"item_id": "floor", "score": 40}]},
        scores(40, 30, 10),  # the seal lost points without a finding
        scores(41, 30, 30),  # more than its points
        {**scores(40, 30, 30), "template_id": "nope"},
        {
            "template_id": "daily",
            "results": [*scores(40, 30, 30)["results"], {"item_id": "ghost", "score": 1}],
        },
    ]
    for body in bad:
        r = await client.post("/canteens/north/inspections", json=body, headers=STAFF)
        assert r.status_code == 422, (body, r.text)
    # A template serves only its canteens.
    r = await client.post(
        "/canteens/south/inspections", json=scores(40, 30, 30), headers=SOUTH_MANAGER
    )
    assert r.status_code == 422 and r.json()["field"] == "template_id"
    assert await events(client) == before and await count(client, "inspections") == 0
    r = await client.post("/canteens/north/inspections", json=scores(40, 30, 30), headers=STAFF)
    assert r.status_code == 201 and r.json()["passed"] is True
    assert await count(client, "corrective_actions") == 0


async def test_templates_are_changed_only_by_managers_of_the_canteens_they_serve(client):
    await template(client)
    before = await events(client)
    changed = {**DAILY, "pass_mark": 60}
    r = await client.put("/checklists/daily", json=changed, headers=SOUTH_MANAGER)
    assert r.status_code == 403 and "none of your canteens" in r.json()["detail"]
    r = await client.put("/checklists/daily", json=changed, headers=STAFF)
    assert r.status_code == 403
    assert await events(client) == before
    r = await client.put("/checklists/daily", json=changed, headers=NORTH_MANAGER)
    assert r.status_code == 200 and r.json()["pass_mark"] == 60
    r = await client.put(
        "/checklists/daily", json={**changed, "canteens": ["north", "south"]}, headers=ADMIN
    )
    assert r.status_code == 200
    updates = await events(client, "canteen.checklist.updated.v1")
    assert [(e["actor"], e["data"]["changed"]) for e in updates] == [
        (
            "u-canteen-manager-1",
            ["name", "kind", "place", "pass_mark", "due_days", "items", "canteens"],
        ),
        ("u-canteen-manager-1", ["pass_mark"]),
        ("u-admin-1", ["canteens"]),
    ]
    listed = (await client.get("/checklists?canteen=south", headers=STAFF)).json()
    assert [t["template_id"] for t in listed] == ["daily"]
