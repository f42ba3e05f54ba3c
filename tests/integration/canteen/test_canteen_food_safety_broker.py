"""Food safety across services on the real broker: violations reach audit and notifications'
queue once each, a failed equipment item opens one maintenance order, supplier changes are
found in audit by the supplier's id."""

from __future__ import annotations

import json

import aio_pika
import httpx
import pytest

from services.audit.main import build as build_audit
from services.canteen.main import build as build_canteen
from services.canteen.settings import CanteenSettings
from services.maintenance.main import build as build_maintenance
from shared.auth import AuthSettings, mint_token
from shared.store import Query
from tests.harness import drain, eventually, peek, publish, serve
from tests.integration.audit.audit_harness import audit_settings
from tests.integration.maintenance.maint_support import settings_for

pytestmark = pytest.mark.broker

#: The notifications binding of the canteen's alerts, as the notifications engineer adds it
#: (the platform's list gains it with their routing; this test binds it itself).
NOTIFY = (
    "canteen.sample.violation.v1",
    "canteen.morning_check.failed.v1",
    "canteen.morning_check.missing.v1",
    "canteen.temperature.out_of_range.v1",
    "canteen.temperature.missing.v1",
    "canteen.licence.expiring.v1",
    "canteen.licence.expired.v1",
    "canteen.inspection.failed.v1",
    "canteen.stock.count_overdue.v1",
)
TOPOLOGY = {
    "audit": ("#",),
    "notifications": NOTIFY,
    "maintenance": ("canteen.inspection.failed.v1",),
}


def bearer(sub: str, role: str, canteens: tuple[str, ...] = ("north",)) -> dict[str, str]:
    signed = mint_token(AuthSettings(), sub=sub, roles=[role], scopes={"canteen": list(canteens)})
    return {"Authorization": f"Bearer {signed}"}


ADMIN = bearer("u-admin-1", "logistics_admin")
MANAGER = bearer("u-canteen-manager-1", "canteen_manager")
SOUTH_MANAGER = bearer("u-canteen-manager-2", "canteen_manager", ("south",))
STAFF = bearer("u-canteen-staff-1", "canteen_staff")
AUDITOR = bearer("u-auditor-1", "auditor")


def canteen_app(vhost_url: str, namespace: str, tmp_path, topology=TOPOLOGY):
    settings = CanteenSettings(
        amqp_url=vhost_url,
        namespace=namespace,
        data_dir=tmp_path / "canteen",
        relay_idle_seconds=0.05,
        delivery_limit=3,
        watch_interval_seconds=3600.0,
    )
    return build_canteen(settings, topology=topology)


async def register(http: httpx.AsyncClient, *canteen_ids: str) -> None:
    for canteen_id in canteen_ids:
        body = {"name": f"{canteen_id} 食堂", "campus_id": "main", "building_id": "B03"}
        r = await http.put(f"/canteens/{canteen_id}", json=body, headers=ADMIN)
        assert r.status_code == 201, r.text


async def audited(http: httpx.AsyncClient, **query: str) -> list[dict]:
    r = await http.get("/audit/records", params={**query, "limit": 200}, headers=AUDITOR)
    assert r.status_code == 200, r.text
    return [item["event"] for item in r.json()["items"]]


async def consumed(http: httpx.AsyncClient, event_type: str, outcome: str) -> float:
    """How many events of a type a service's consumer handled with an outcome (its metrics)."""
    text = (await http.get("/metrics")).text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("campus_events_consumed_total")
        and f'type="{event_type}"' in line
        and f'outcome="{outcome}"' in line
    )


async def republish(url: str, namespace: str, messages) -> None:
    """Deliver the same events again (same ids): a redelivery, as after a lost ack."""
    for m in messages:
        again = aio_pika.Message(
            m.body, message_id=m.message_id, content_type="application/cloudevents+json"
        )
        await publish(url, f"{namespace}.events", m.routing_key, [again])


async def test_a_lunch_closed_short_of_samples_tells_audit_and_notifications_once(
    vhost_url, namespace, tmp_path
):
    canteen = canteen_app(vhost_url, namespace, tmp_path)
    audit = build_audit(audit_settings(vhost_url, namespace, tmp_path), topology=TOPOLOGY)
    async with (
        serve(audit) as audit_base,
        serve(canteen) as base,
        httpx.AsyncClient(base_url=base) as http,
        httpx.AsyncClient(base_url=audit_base) as audit_http,
    ):
        await register(http, "north")
        today = canteen.runtime.context.today().isoformat()
        lunch = {
            "served_on": today,
            "kind": "lunch",
            "dishes": [
                {"dish_id": "hongshao-rou", "name": "红烧肉"},
                {"dish_id": "qingchao-baicai", "name": "清炒白菜"},
                {"dish_id": "tudou-si", "name": "土豆丝"},
                {"dish_id": "zicai-tang", "name": "紫菜汤"},
            ],
        }
        assert (
            await http.post("/canteens/north/meals", json=lunch, headers=STAFF)
        ).status_code == 201
        meal = f"/canteens/north/meals/{today}.lunch"
        for dish, grams in (
            ("hongshao-rou", "150"),
            ("qingchao-baicai", "130"),
            ("tudou-si", "110"),
        ):
            r = await http.put(
                f"{meal}/samples/{dish}",
                json={"grams": grams, "fridge": "留样冰箱1"},
                headers=STAFF,
            )
            assert r.status_code == 200, r.text
        for _ in range(2):  # the close retried
            assert (await http.post(f"{meal}/close", headers=STAFF)).status_code == 200

        queue = f"{namespace}.notifications"
        told = await eventually(lambda: peek(vhost_url, queue), lambda m: len(m) >= 2)
        kinds = sorted(json.loads(m.body)["data"]["kind"] for m in told)
        assert kinds == ["missing", "underweight"]
        first = await eventually(
            lambda: audited(audit_http, type="canteen.sample.violation.v1"), lambda e: len(e) >= 2
        )
        assert sorted(e["data"]["dish_id"] for e in first) == ["tudou-si", "zicai-tang"]
        by_subject = await audited(audit_http, subject=f"north/{today}.lunch")
        assert {e["type"] for e in by_subject} >= {
            "canteen.meal.updated.v1",
            "canteen.sample.recorded.v1",
            "canteen.meal.closed.v1",
            "canteen.sample.violation.v1",
        }

        # Delivered twice: the same two events again.
        delivered = await drain(vhost_url, queue)
        assert len(delivered) == 2 and len({m.message_id for m in delivered}) == 2
        await republish(vhost_url, namespace, delivered)
        again = await eventually(lambda: drain(vhost_url, queue), lambda m: len(m) >= 2)
        assert {m.message_id for m in again} == {m.message_id for m in delivered}

        violation = "canteen.sample.violation.v1"
        await eventually(lambda: consumed(audit_http, violation, "duplicate"), lambda n: n >= 2)
        assert len(await audited(audit_http, type=violation)) == 2
        assert await canteen.runtime.store.count("sample_violations") == 2


async def test_a_failed_equipment_item_opens_one_order_and_supplier_changes_are_audited(
    vhost_url, namespace, tmp_path
):
    canteen = canteen_app(vhost_url, namespace, tmp_path)
    audit = build_audit(audit_settings(vhost_url, namespace, tmp_path), topology=TOPOLOGY)
    (tmp_path / "maintenance").mkdir()
    maintenance = build_maintenance(
        settings_for(
            tmp_path / "maintenance",
            amqp_url=vhost_url,
            namespace=namespace,
            relay_idle_seconds=0.05,
            delivery_limit=3,
        ),
        topology=TOPOLOGY,
    )
    async with (
        serve(audit) as audit_base,
        serve(maintenance) as maintenance_base,
        serve(canteen) as base,
        httpx.AsyncClient(base_url=base) as http,
        httpx.AsyncClient(base_url=audit_base) as audit_http,
        httpx.AsyncClient(base_url=maintenance_base) as maintenance_http,
    ):
        await register(http, "north", "south")
        checklist = {
            "name": "厨房每日检查",
            "kind": "daily_kitchen",
            "pass_mark": 80,
            "items": [
                {"item_id": "floor", "text": "地面清洁", "points": 50},
                {
                    "item_id": "steamer",
                    "text": "蒸饭车完好",
                    "points": 50,
                    "equipment": True,
                    "equipment_tag": "B03-K-STEAM-02",
                },
            ],
        }
        assert (
            await http.put("/checklists/daily", json=checklist, headers=MANAGER)
        ).status_code == 201
        inspection = {
            "template_id": "daily",
            "results": [
                {"item_id": "floor", "score": 40, "finding": "墙角积水"},
                {"item_id": "steamer", "score": 0, "finding": "蒸饭车不加热"},
            ],
        }
        r = await http.post("/canteens/north/inspections", json=inspection, headers=STAFF)
        assert r.status_code == 201, r.text
        steamer = next(x for x in r.json()["results"] if x["item_id"] == "steamer")
        key = f"canteen-inspection:{steamer['action_id']}"
        store = maintenance.runtime.store

        async def orders() -> list[dict]:
            return (await store.find("tickets", Query({"channel": "canteen"}))).items

        [order] = await eventually(orders, lambda o: len(o) >= 1)
        assert order["source_key"] == key and order["asset_tag"] == "B03-K-STEAM-02"
        assert "蒸饭车不加热" in order["description"]
        # The failed events delivered again open nothing new.
        failed = await eventually(
            lambda: audited(audit_http, type="canteen.inspection.failed.v1"), lambda e: len(e) >= 2
        )
        bodies = [
            aio_pika.Message(
                json.dumps(e).encode(),
                message_id=e["id"],
                content_type="application/cloudevents+json",
            )
            for e in failed
        ]
        for m in bodies:
            await publish(vhost_url, f"{namespace}.events", "canteen.inspection.failed.v1", [m])

        failed_type = "canteen.inspection.failed.v1"
        await eventually(
            lambda: consumed(maintenance_http, failed_type, "duplicate"), lambda n: n >= 2
        )
        assert len(await orders()) == 1

        r = await http.post(
            f"/canteens/north/corrective-actions/{steamer['action_id']}/close",
            json={"evidence": f"维修工单 {order['_id']} 已修复，试运行正常"},
            headers=STAFF,
        )
        assert r.status_code == 200 and r.json()["status"] == "closed"
        [corrected] = await eventually(
            lambda: audited(audit_http, type="canteen.inspection.corrected.v1"),
            lambda e: len(e) >= 1,
        )
        assert corrected["data"]["action_id"] == steamer["action_id"]

        # Suppliers: south's manager may not change north's; an allowed change is in audit.
        supplier = {
            "name": "华美粮油",
            "documents": [{"kind": "business_licence", "number": "9137"}],
        }
        assert (
            await http.put("/suppliers/sup-hm", json=supplier, headers=MANAGER)
        ).status_code == 201
        r = await http.put(
            "/suppliers/sup-hm", json={**supplier, "suspended": True}, headers=SOUTH_MANAGER
        )
        assert r.status_code == 403
        assert (await http.get("/suppliers/sup-hm", headers=STAFF)).json()["suspended"] is False
        r = await http.put(
            "/suppliers/sup-hm", json={**supplier, "contact": "李女士"}, headers=MANAGER
        )
        assert r.status_code == 200
        found = await eventually(
            lambda: audited(audit_http, subject="sup-hm"), lambda e: len(e) >= 2
        )
        assert [(e["type"], e["actor"], e["data"]["changed"]) for e in found] == [
            (
                "canteen.supplier.updated.v1",
                "u-canteen-manager-1",
                ["name", "contact", "documents", "suspended", "canteens"],
            ),
            ("canteen.supplier.updated.v1", "u-canteen-manager-1", ["contact"]),
        ]
