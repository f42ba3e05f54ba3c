"""Food samples (留样): one violation per dish and kind, however often the close is retried."""

from __future__ import annotations

from tests.unit.canteen.food_support import canteens, count, events
from tests.unit.canteen.support import AUDITOR, SOUTH_STAFF, STAFF

LUNCH = {
    "served_on": "2025-03-03",
    "kind": "lunch",
    "dishes": [
        {"dish_id": "hongshao-rou", "name": "红烧肉"},
        {"dish_id": "qingchao-baicai", "name": "清炒白菜"},
        {"dish_id": "tudou-si", "name": "土豆丝"},
        {"dish_id": "zicai-tang", "name": "紫菜汤"},
    ],
}
MEAL = "/canteens/north/meals/2025-03-03.lunch"


async def lunch(client) -> None:
    await canteens(client)
    r = await client.post("/canteens/north/meals", json=LUNCH, headers=STAFF)
    assert r.status_code == 201, r.text
    assert r.json()["meal_id"] == "2025-03-03.lunch" and r.json()["status"] == "open"


async def sample(client, dish: str, grams: str, **kw) -> dict:
    body = {"grams": grams, "fridge": "留样冰箱1", **kw}
    r = await client.put(f"{MEAL}/samples/{dish}", json=body, headers=STAFF)
    assert r.status_code == 200, r.text
    return r.json()


async def test_four_dishes_three_sampled_one_light_closed_twice(client):
    await lunch(client)
    await sample(client, "hongshao-rou", "150")
    await sample(client, "qingchao-baicai", "130")
    meal = await sample(client, "tudou-si", "110")
    light = next(d for d in meal["dishes"] if d["dish_id"] == "tudou-si")
    assert light["sample"]["underweight"] is True
    assert light["sample"]["taken_by"] == "u-canteen-staff-1"
    assert light["sample"]["keep_until"] == "2025-03-05T00:30:00.000000Z"  # 48 h
    for _ in range(2):  # a retried close tells nothing new
        r = await client.post(f"{MEAL}/close", headers=STAFF)
        assert r.status_code == 200 and r.json()["status"] == "closed"
    told = await events(client, "canteen.sample.violation.v1")
    assert sorted((e["data"]["dish_id"], e["data"]["kind"]) for e in told) == [
        ("tudou-si", "underweight"),
        ("zicai-tang", "missing"),
    ]
    underweight = next(e["data"] for e in told if e["data"]["kind"] == "underweight")
    assert underweight["grams"] == "110" and underweight["min_grams"] == "125"
    assert underweight["canteen_id"] == "north" and underweight["dish_name"] == "土豆丝"
    assert underweight["violation_id"] == "north|2025-03-03.lunch|tudou-si|underweight"
    assert [e["data"]["violations"] for e in await events(client, "canteen.meal.closed.v1")] == [2]
    assert await count(client, "sample_violations") == 2
    listed = (await client.get("/canteens/north/sample-violations", headers=AUDITOR)).json()
    assert sorted(v["kind"] for v in listed) == ["missing", "underweight"]
    # The record is closed: no sample is added or replaced afterwards.
    r = await client.put(
        f"{MEAL}/samples/zicai-tang", json={"grams": "200", "fridge": "1"}, headers=STAFF
    )
    assert r.status_code == 409


async def test_a_sample_discarded_at_47_hours_is_a_violation_at_49_none(client, clock):
    await lunch(client)
    await sample(client, "hongshao-rou", "150")
    await sample(client, "tudou-si", "140")
    clock.advance(hours=47)
    r = await client.post(f"{MEAL}/samples/hongshao-rou/discard", headers=STAFF)
    assert r.status_code == 200, r.text
    assert r.json()["violation"]["kind"] == "discarded_early"
    assert r.json()["violation"]["hours_kept"] == "47.0"
    again = await client.post(f"{MEAL}/samples/hongshao-rou/discard", headers=STAFF)
    assert again.status_code == 409
    clock.advance(hours=2)
    r = await client.post(f"{MEAL}/samples/tudou-si/discard", headers=STAFF)
    assert r.status_code == 200 and r.json()["violation"] is None
    told = await events(client, "canteen.sample.violation.v1")
    assert [(e["data"]["dish_id"], e["data"]["kind"]) for e in told] == [
        ("hongshao-rou", "discarded_early")
    ]
    discards = await events(client, "canteen.sample.discarded.v1")
    assert [e["data"]["early"] for e in discards] == [True, False]


async def test_bad_input_is_a_problem_and_writes_nothing(client):
    await lunch(client)
    before = await events(client)
    bad = [
        ("put", f"{MEAL}/samples/tudou-si", {"grams": "-5", "fridge": "1"}, 422, "grams"),
        ("put", f"{MEAL}/samples/tudou-si", {"grams": "1e9", "fridge": "1"}, 422, "grams"),
        ("put", f"{MEAL}/samples/yu-xiang", {"grams": "150", "fridge": "1"}, 422, "dish_id"),
        ("post", "/canteens/north/meals", {**LUNCH, "served_on": "9999-12-31"}, 422, None),
        ("post", "/canteens/north/meals", {**LUNCH, "served_on": "2026-03-03"}, 422, None),
        ("post", "/canteens/north/meals", {**LUNCH, "dishes": []}, 422, None),
        ("post", "/canteens/north/meals", {**LUNCH, "kind": "event"}, 422, "event_code"),
        (
            "put",
            f"{MEAL}/samples/tudou-si",
            {"grams": "150", "fridge": "1", "taken_at": "2025-03-04T00:30:00Z"},
            422,
            "taken_at",
        ),
        (
            "put",
            f"{MEAL}/samples/tudou-si",
            {"grams": "150", "fridge": "1", "taken_by": "nobody"},
            422,
            "taken_by",
        ),
    ]
    for method, path, body, status, field in bad:
        r = await getattr(client, method)(path, json=body, headers=STAFF)
        assert r.status_code == status, (path, body, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        if field is not None and "field" in r.json():
            assert r.json()["field"] == field
    r = await client.post("/canteens/north/meals", json=LUNCH, headers=STAFF)
    assert r.status_code == 409 and r.json()["meal_id"] == "2025-03-03.lunch"
    r = await client.put(
        f"{MEAL}/samples/tudou-si", json={"grams": "150", "fridge": "1"}, headers=SOUTH_STAFF
    )
    assert r.status_code == 403
    assert await events(client) == before
    meal = (await client.get(MEAL, headers=STAFF)).json()
    assert meal["sampled"] == 0 and await count(client, "meals") == 1


async def test_an_event_meal_and_dishes_changed_while_open(client):
    await canteens(client)
    banquet = {
        "served_on": "2025-03-03",
        "kind": "event",
        "event_code": "graduation",
        "name": "毕业宴 graduation dinner",
        "dishes": [{"dish_id": "yu", "name": "清蒸鱼"}],
    }
    r = await client.post("/canteens/north/meals", json=banquet, headers=STAFF)
    assert r.status_code == 201 and r.json()["meal_id"] == "2025-03-03.event.graduation"
    path = "/canteens/north/meals/2025-03-03.event.graduation"
    r = await client.put(f"{path}/samples/yu", json={"grams": "130", "fridge": "1"}, headers=STAFF)
    assert r.status_code == 200, r.text
    # A sampled dish stays; another may be added.
    r = await client.put(
        f"{path}/dishes", json={"dishes": [{"dish_id": "ji", "name": "白切鸡"}]}, headers=STAFF
    )
    assert r.status_code == 409
    both = {"dishes": [{"dish_id": "yu", "name": "清蒸鱼"}, {"dish_id": "ji", "name": "白切鸡"}]}
    r = await client.put(f"{path}/dishes", json=both, headers=STAFF)
    assert r.status_code == 200 and [d["dish_id"] for d in r.json()["dishes"]] == ["yu", "ji"]
    updates = await events(client, "canteen.meal.updated.v1")
    assert [e["data"]["created"] for e in updates] == [True, False]
    assert updates[0]["subject"] == "north/2025-03-03.event.graduation"
    fridge = (await client.get("/canteens/north/samples", headers=STAFF)).json()
    assert [(s["dish_id"], s["may_discard"]) for s in fridge] == [("yu", False)]
