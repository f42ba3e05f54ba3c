"""Assets and maintenance on the real broker: maintenance learns where a tag is from the
registration and follows its moves; a deliberate damage (¥6,000 over 5 years, 2 years in) is
paid 7,200 and opens exactly one work order where the asset now is, duplicates absorbed."""

from __future__ import annotations

import json
from datetime import date

import aio_pika
import httpx
import pytest

from services.assets.main import build as build_assets
from services.assets.settings import AssetsSettings
from services.maintenance.main import build as build_maintenance
from services.maintenance.subscribers import CONSUMED_TYPES
from shared.store import Query
from tests.harness import drain, eventually, serve
from tests.integration.maintenance.maint_support import LOCATIONS_CSV, auth, settings_for
from tests.unit.assets.support import MANAGER

pytestmark = pytest.mark.broker


async def _republish(url: str, exchange: str, message: aio_pika.abc.AbstractIncomingMessage):
    conn = await aio_pika.connect(url)
    try:
        channel = await conn.channel()
        target = await channel.get_exchange(exchange, ensure=False)
        copy = aio_pika.Message(
            message.body, message_id=message.message_id, content_type=message.content_type
        )
        await target.publish(copy, routing_key=message.routing_key or "")
    finally:
        await conn.close()


async def test_maintenance_follows_the_register_and_opens_one_order(vhost_url, namespace, tmp_path):
    topology = {"maintenance": CONSUMED_TYPES, "tap": ("assets.#",)}
    maintenance = build_maintenance(
        settings_for(tmp_path, amqp_url=vhost_url, namespace=namespace, relay_idle_seconds=0.05),
        topology=topology,
    )
    assets = build_assets(
        AssetsSettings(
            amqp_url=vhost_url,
            namespace=namespace,
            data_dir=tmp_path,
            store_url=f"sqlite:///{tmp_path / 'assets.db'}",
            relay_idle_seconds=0.05,
        ),
        topology=topology,
    )
    today = date.today()
    projector = {
        "tag": "ZC-B01-0777",
        "name": "投影仪 projector",
        "category_code": "2020000",
        "building_id": "B01",
        "room_id": "B01-101",
        "purchase_value": "6000.00",
        "purchase_date": date(today.year - 2, today.month, 1).isoformat(),
        "useful_life_years": 5,
    }
    dispatcher = auth("dispatcher", "disp-1")
    async with (
        serve(maintenance) as m_base,
        serve(assets) as a_base,
        httpx.AsyncClient(base_url=m_base) as m,
        httpx.AsyncClient(base_url=a_base) as a,
    ):
        r = await m.post(
            "/locations/import",
            content=LOCATIONS_CSV.encode(),
            headers={**auth("logistics_admin"), "content-type": "text/csv"},
        )
        assert r.status_code == 200, r.text
        asset = (await a.post("/assets", json=projector, headers=MANAGER)).json()

        async def where() -> dict:
            r = await m.get("/assets/ZC-B01-0777", headers=dispatcher)
            return r.json() if r.status_code == 200 else {}

        learned = await eventually(where, lambda d: d.get("location_id") == "B01-101")
        assert (learned["campus_id"], learned["building_id"]) == ("main", "B01")
        r = await a.post(
            f"/assets/{asset['asset_id']}/move",
            json={"building_id": "B01", "room_id": "B01-301"},
            headers=MANAGER,
        )
        assert r.status_code == 200, r.text
        await eventually(where, lambda d: d.get("location_id") == "B01-301")

        damage = {
            "description": "镜头被砸 lens smashed",
            "deliberate": True,
            "responsible_person_id": "u-student-1",
            "occurred_on": date(today.year, today.month, 1).isoformat(),
        }
        r = await a.post(f"/assets/{asset['asset_id']}/damages", json=damage, headers=MANAGER)
        assert r.status_code == 201, r.text
        assert r.json()["compensation"] == "7200.00"

        async def orders() -> list[dict]:
            page = await maintenance.runtime.store.find("tickets", Query({}))
            return page.items

        [order] = await eventually(orders, lambda items: len(items) == 1)
        assert order["location_id"] == "B01-301" and order["asset_tag"] == "ZC-B01-0777"

        # Every assets event, sent again: the duplicate damage opens nothing, the stale
        # registration does not move the tag back.
        tapped = await eventually(
            lambda: drain(vhost_url, f"{namespace}.tap"), lambda msgs: len(msgs) >= 3
        )
        assert [json.loads(x.body)["type"] for x in tapped] == [
            "assets.asset.registered.v1",
            "assets.asset.moved.v1",
            "assets.asset.damaged.v1",
        ]
        for message in tapped:
            await _republish(vhost_url, f"{namespace}.events", message)
        await eventually(lambda: maintenance.runtime.store.count("processed", {}), lambda n: n >= 3)
        await eventually(lambda: drain(vhost_url, f"{namespace}.tap"), lambda msgs: len(msgs) >= 3)
        assert len(await orders()) == 1
        assert (await where())["location_id"] == "B01-301"
