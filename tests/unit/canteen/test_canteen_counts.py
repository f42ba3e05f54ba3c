"""The half-monthly full count (半月全查) against the books, and records retention (第50条)."""

from __future__ import annotations

from tests.unit.canteen.food_support import NORTH_MANAGER, count, events, watch
from tests.unit.canteen.support import ADMIN, STAFF
from tests.unit.canteen.test_canteen_api import rice, setup


async def stocked(client) -> str:
    await setup(client)
    r = await client.post(
        "/canteens/north/deliveries", json=rice(1, "50", "2025-03-01"), headers=STAFF
    )
    assert r.status_code == 201, r.text
    return r.json()["lines"][0]["batch_id"]


async def test_a_count_finding_2_kg_less_rice_adjusts_the_ledger(client, clock):
    batch = await stocked(client)
    clock.advance(hours=1)
    body = {"lines": [{"batch_id": batch, "counted": "48", "reason": "鼠咬破袋"}]}
    r = await client.post("/canteens/north/stock-counts", json=body, headers=NORTH_MANAGER)
    assert r.status_code == 201, r.text
    [d] = r.json()["discrepancies"]
    assert (d["book"], d["counted"], d["difference"]) == ("50", "48", "-2")
    [told] = await events(client, "canteen.stock.counted.v1")
    assert told["data"]["discrepancies"][0]["difference"] == "-2"
    assert told["data"]["discrepancies"][0]["item"] == "大米"
    assert told["data"]["batches_counted"] == 1 and told["data"]["canteen_id"] == "north"
    ledger = (await client.get("/canteens/north/ledger", headers=STAFF)).json()["items"]
    loss = ledger[0]
    assert (loss["kind"], loss["quantity"], loss["balance_after"]) == ("count_loss", "2", "48")
    assert loss["reason"] == "鼠咬破袋" and loss["ref"] == r.json()["count_id"]
    [line] = (await client.get("/canteens/north/stock", headers=STAFF)).json()
    assert line["on_hand"] == "48"
    # A count that finds what the books say adjusts nothing.
    same = {"lines": [{"batch_id": batch, "counted": "48"}]}
    r = await client.post("/canteens/north/stock-counts", json=same, headers=NORTH_MANAGER)
    assert r.status_code == 201 and r.json()["discrepancies"] == []
    assert len((await client.get("/canteens/north/ledger", headers=STAFF)).json()["items"]) == 2


async def test_a_count_lists_every_batch_and_explains_each_difference(client):
    batch = await stocked(client)
    before = await events(client)
    bad = [
        ({"lines": []}, "uncounted"),
        ({"lines": [{"batch_id": batch, "counted": "47"}]}, "give the reason"),
        ({"lines": [{"batch_id": batch, "counted": "-1", "reason": "x"}]}, None),
        (
            {"lines": [{"batch_id": batch, "counted": "50"}, {"batch_id": "b-x", "counted": "1"}]},
            "no batch b-x",
        ),
        (
            {"lines": [{"batch_id": batch, "counted": "50"}, {"batch_id": batch, "counted": "50"}]},
            "twice",
        ),
    ]
    for body, words in bad:
        r = await client.post("/canteens/north/stock-counts", json=body, headers=NORTH_MANAGER)
        assert r.status_code == 422, (body, r.text)
        if words:
            assert words in r.json()["detail"]
    r = await client.post("/canteens/north/stock-counts", json={"lines": []}, headers=STAFF)
    assert r.status_code == 403
    assert await events(client) == before and await count(client, "stock_counts") == 0


async def test_a_store_room_not_counted_for_15_days_is_told_once(client, clock):
    batch = await stocked(client)
    body = {"lines": [{"batch_id": batch, "counted": "50"}]}
    assert (
        await client.post("/canteens/north/stock-counts", json=body, headers=NORTH_MANAGER)
    ).status_code == 201
    clock.advance(days=15)  # 2025-03-18 is the due day
    assert (await watch(client))["count_overdue"] is False
    clock.advance(days=1)
    assert (await watch(client))["count_overdue"] is True
    assert (await watch(client))["count_overdue"] is False
    [overdue] = await events(client, "canteen.stock.count_overdue.v1")
    assert overdue["data"]["last_counted_on"] == "2025-03-03"
    assert overdue["data"]["due_on"] == "2025-03-18" and overdue["data"]["interval_days"] == 15
    today = (await client.get("/canteens/north/food-safety/today", headers=STAFF)).json()
    assert today["stock_count"]["overdue"] is True


async def test_a_purchase_record_is_kept_six_months_past_its_shelf_life(client, clock):
    await stocked(client)
    [delivery] = (await client.get("/canteens/north/deliveries", headers=STAFF)).json()["items"]
    # Rice made 1 March with 30 days keeps until 31 March; the record until 30 September.
    assert delivery["kept_until"] == "2025-09-30"
    path = f"/canteens/north/deliveries/{delivery['delivery_id']}"
    r = await client.delete(path, headers=ADMIN)
    assert r.status_code == 409 and r.json()["kept_until"] == "2025-09-30"
    assert "第50条" in r.json()["detail"]
    assert (await client.delete(path, headers=NORTH_MANAGER)).status_code == 403
    assert await count(client, "deliveries") == 1
    clock.advance(days=211)  # 2025-09-30
    r = await client.delete(path, headers=ADMIN)
    assert r.status_code == 200 and r.json()["kept_until"] == "2025-09-30"
    assert (await client.get(path, headers=STAFF)).status_code == 404
    [purged] = await events(client, "canteen.delivery.purged.v1")
    assert purged["subject"] == delivery["delivery_id"] and purged["actor"] == "u-admin-1"
    # The ledger is never rewritten.
    assert len((await client.get("/canteens/north/ledger", headers=STAFF)).json()["items"]) == 1
