"""Issue 11 on the real broker: a recall of a rice batch used in lunch publishes one event that
audit records (and notifications' queue holds once); a price change within the cap is in audit,
one above it is not; a rating delivered twice counts once."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from services.audit.main import build as build_audit
from tests.harness import drain, eventually, peek, serve
from tests.integration.audit.audit_harness import audit_settings
from tests.integration.canteen import test_canteen_food_safety_broker as food_safety
from tests.integration.canteen.test_canteen_food_safety_broker import (
    ADMIN,
    MANAGER,
    STAFF,
    audited,
    consumed,
    register,
    republish,
)

pytestmark = pytest.mark.broker
TOPOLOGY = {
    "audit": ("#",),
    "notifications": ("canteen.batch.recalled.v1", "canteen.feedback.received.v1"),
}


def canteen_app(vhost_url: str, namespace: str, tmp_path):
    return food_safety.canteen_app(vhost_url, namespace, tmp_path, topology=TOPOLOGY)


@contextlib.asynccontextmanager
async def serve_both(audit, canteen) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """Audit and the canteen served, and a client of each."""
    async with (
        serve(audit) as audit_base,
        serve(canteen) as base,
        httpx.AsyncClient(base_url=base) as http,
        httpx.AsyncClient(base_url=audit_base) as audit_http,
    ):
        yield http, audit_http


RICE = {
    "name_zh": "米饭",
    "name_en": "Steamed rice",
    "category": "staple",
    "ingredients": [{"item": "大米 rice", "quantity": "0.150", "unit": "kg"}],
    "price": "1.00",
    "everyday": True,
}


async def rice_in_stock(http: httpx.AsyncClient, today: str) -> str:
    """A qualified supplier's rice received today; its batch id."""
    supplier = {
        "name": "五谷粮油",
        "documents": [
            {"kind": "business_licence", "number": "9137"},
            {"kind": "food_business_licence", "number": "JY1", "expires_on": "2099-01-01"},
        ],
        "canteens": ["north"],
    }
    assert (await http.put("/suppliers/sup-wugu", json=supplier, headers=ADMIN)).status_code == 201
    line = {
        "line_no": 1,
        "item": "大米 rice",
        "category": "grain",
        "quantity": "50",
        "unit": "kg",
        "producer": "五常米业",
        "production_date": today,
        "shelf_life_days": 180,
        "quality_certificate": "WC-1",
        "unit_price": "5.20",
    }
    body = {"supplier_id": "sup-wugu", "delivery_note_no": "WG-1", "lines": [line]}
    r = await http.post("/canteens/north/deliveries", json=body, headers=STAFF)
    assert r.status_code == 201, r.text
    return r.json()["lines"][0]["batch_id"]


async def test_a_recall_is_one_audited_event_and_stops_the_batch(vhost_url, namespace, tmp_path):
    canteen = canteen_app(vhost_url, namespace, tmp_path)
    audit = build_audit(audit_settings(vhost_url, namespace, tmp_path), topology=TOPOLOGY)
    async with serve_both(audit, canteen) as (http, audit_http):
        await register(http, "north")
        today = canteen.runtime.context.today().isoformat()
        batch_id = await rice_in_stock(http, today)
        await http.put("/canteens/north/price-caps/staple", json={"cap": "1.50"}, headers=MANAGER)
        assert (
            await http.put("/canteens/north/dishes/mifan", json=RICE, headers=MANAGER)
        ).status_code == 201
        issue = {
            "issue_no": "REQ-1",
            "item": "大米 rice",
            "unit": "kg",
            "quantity": "20",
            "meal_id": f"{today}.lunch",
            "dish_id": "mifan",
        }
        assert (
            await http.post("/canteens/north/issues", json=issue, headers=STAFF)
        ).status_code == 201
        r = await http.post(
            "/canteens/north/recalls",
            json={"batch_id": batch_id, "reason": "供应商召回通知"},
            headers=MANAGER,
        )
        assert r.status_code == 201, r.text
        assert r.json()["meals"][0]["meal_id"] == f"{today}.lunch"
        assert r.json()["meals"][0]["dishes"] == [{"dish_id": "mifan", "name_zh": "米饭"}]
        again = {**issue, "issue_no": "REQ-2", "meal_id": f"{today}.dinner"}
        r = await http.post("/canteens/north/issues", json=again, headers=STAFF)
        assert r.status_code == 409 and r.json()["code"] == "batch_recalled"

        recalls = await eventually(
            lambda: audited(audit_http, type="canteen.batch.recalled.v1"), lambda e: len(e) >= 1
        )
        [recall] = recalls
        assert recall["data"]["batches"][0]["batch_id"] == batch_id
        assert recall["data"]["meals"][0]["dish_ids"] == ["mifan"]
        assert recall["actor"] == "u-canteen-manager-1"
        told = await eventually(
            lambda: peek(vhost_url, f"{namespace}.notifications"), lambda m: len(m) >= 1
        )
        assert [m.routing_key for m in told] == ["canteen.batch.recalled.v1"]
        # The price within the cap is in audit; the one above it was refused and is not.
        r = await http.put(
            "/canteens/north/dishes/mifan", json={**RICE, "price": "1.20"}, headers=MANAGER
        )
        assert r.status_code == 200, r.text
        r = await http.put(
            "/canteens/north/dishes/mifan", json={**RICE, "price": "1.80"}, headers=MANAGER
        )
        assert r.status_code == 422 and "¥1.50" in r.json()["detail"]
        prices = await eventually(
            lambda: audited(audit_http, type="canteen.dish.price_changed.v1"),
            lambda e: len(e) >= 2,
        )
        assert sorted((e["data"]["price"], e["data"]["previous"]) for e in prices) == [
            ("1.00", None),
            ("1.20", "1.00"),
        ]
        assert {e["data"]["cap"] for e in prices} == {"1.50"}
        assert len(await audited(audit_http, type="canteen.batch.recalled.v1")) == 1


async def test_a_rating_delivered_twice_counts_once(vhost_url, namespace, tmp_path):
    canteen = canteen_app(vhost_url, namespace, tmp_path)
    audit = build_audit(audit_settings(vhost_url, namespace, tmp_path), topology=TOPOLOGY)
    async with serve_both(audit, canteen) as (http, audit_http):
        await register(http, "north")
        today = canteen.runtime.context.today().isoformat()
        body = {"rating_id": "3f0c9b7e-demo", "meal_id": f"{today}.lunch", "stars": 4}
        assert (await http.post("/public/canteens/north/ratings", json=body)).status_code == 201
        assert (await http.post("/public/canteens/north/ratings", json=body)).status_code == 200
        queue = f"{namespace}.notifications"
        delivered = await eventually(lambda: drain(vhost_url, queue), lambda m: len(m) >= 1)
        assert [json.loads(m.body)["data"]["kind"] for m in delivered] == ["rating"]
        feedback = "canteen.feedback.received.v1"
        await eventually(lambda: audited(audit_http, type=feedback), lambda e: len(e) >= 1)
        await republish(vhost_url, namespace, delivered)  # the broker delivers it again
        await eventually(lambda: consumed(audit_http, feedback, "duplicate"), lambda n: n >= 1)
        assert len(await audited(audit_http, type=feedback)) == 1
        trend = (await http.get("/canteens/north/satisfaction?weeks=1", headers=MANAGER)).json()
        assert trend[0]["ratings"] == 1 and trend[0]["mean_stars"] == "4.00"
