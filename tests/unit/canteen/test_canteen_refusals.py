"""Refusals that once went wrong: dates at the end of the calendar, an issue in the wrong unit."""

from __future__ import annotations

from tests.unit.canteen.support import MANAGER, STAFF
from tests.unit.canteen.test_canteen_api import outbox, rice, setup, veg


async def test_a_production_date_at_the_end_of_the_calendar_is_a_422_not_a_500(client):
    before = await setup(client)
    far = veg(1, "青菜", "1", production_date="9999-12-30", shelf_life_days=3650)
    body = {"supplier_id": "sup-ly", "delivery_note_no": "LY-FAR", "lines": [far]}
    r = await client.post("/canteens/north/deliveries", json=body, headers=STAFF)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "lines.0.production_date"
    printed = veg(1, "青菜", "1", expires_on="0001-01-01")
    body = {**body, "lines": [printed]}
    r = await client.post("/canteens/north/deliveries", json=body, headers=STAFF)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "lines.0.expires_on"
    nul = veg(1, "青\x00菜", "1")
    r = await client.post(
        "/canteens/north/deliveries", json={**body, "lines": [nul]}, headers=STAFF
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "lines.0.item"
    assert await outbox(client) == before
    assert await client.runtime.store.count("deliveries") == 0


async def test_a_licence_expiry_at_the_end_of_the_calendar_is_a_422(client):
    docs = [{"kind": "business_licence", "number": "9137", "expires_on": "9999-12-31"}]
    r = await client.put("/suppliers/s", json={"name": "s", "documents": docs}, headers=MANAGER)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "documents.0.expires_on"


async def test_an_issue_in_a_unit_the_item_is_not_stocked_in_names_the_stocked_unit(client):
    await setup(client)
    r = await client.post(
        "/canteens/north/deliveries", json=rice(1, "50", "2025-03-01"), headers=STAFF
    )
    assert r.status_code == 201, r.text
    req = {"issue_no": "REQ-JIN", "item": "大米", "unit": "斤", "quantity": "10"}
    r = await client.post("/canteens/north/issues", json=req, headers=STAFF)
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["field"] == "unit" and problem["stocked_units"] == ["kg"]
    assert "kg" in problem["detail"] and "available" not in problem["detail"]
    # An item not in stock at all is still a shortage.
    missing = {**req, "issue_no": "REQ-OIL", "item": "花生油", "unit": "L"}
    r = await client.post("/canteens/north/issues", json=missing, headers=STAFF)
    assert r.status_code == 409 and r.json()["available"] == "0"
    [line] = (await client.get("/canteens/north/stock", headers=STAFF)).json()
    assert line["on_hand"] == "50"
