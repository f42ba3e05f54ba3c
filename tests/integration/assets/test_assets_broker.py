"""Assets on a real broker: registration, custody and a deliberate damage reach the exchange."""

from __future__ import annotations

import json

import aio_pika
import httpx
import pytest

from services.assets.main import build
from services.assets.settings import AssetsSettings
from shared.auth import AuthSettings, mint_token
from tests.harness import drain, eventually, serve

pytestmark = pytest.mark.broker


def bearer(sub: str, role: str, **scopes: list[str]) -> dict[str, str]:
    signed = mint_token(AuthSettings(), sub=sub, roles=[role], scopes=scopes)
    return {"Authorization": f"Bearer {signed}"}


async def test_asset_events_on_the_broker(vhost_url, namespace, tmp_path):
    app = build(AssetsSettings(amqp_url=vhost_url, namespace=namespace, data_dir=tmp_path))
    manager = bearer("u-asset-manager-1", "asset_manager", building=["B01", "B02", "B03"])
    chair = {
        "tag": "ZC-B02-0102",
        "name": "学生椅",
        "category_code": "6010000",
        "building_id": "B02",
        "room_id": "B02-312",
        "purchase_value": "180.00",
        "purchase_date": "2020-08-20",
        "useful_life_years": 15,
    }
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        headers = {**manager, "X-Correlation-ID": "corr-assets-1"}
        r = await http.post("/assets", json=chair, headers=headers)
        assert r.status_code == 201, r.text
        asset_id = r.json()["asset_id"]
        r = await http.post(
            f"/assets/{asset_id}/custody", json={"custodian_id": "u-student-1"}, headers=manager
        )
        assert r.status_code == 200
        damage = {"description": "椅腿被故意踢断", "deliberate": True}
        r = await http.post(f"/assets/{asset_id}/damages", json=damage, headers=headers)
        assert r.status_code == 201
        damage_id = r.json()["damage_id"]
        compensation = r.json()["compensation"]

        seen: list[aio_pika.abc.AbstractIncomingMessage] = []

        async def probe() -> list[aio_pika.abc.AbstractIncomingMessage]:
            seen.extend(await drain(vhost_url, f"{namespace}.audit"))
            return seen

        await eventually(probe, lambda msgs: len(msgs) >= 3)
        # Maintenance's queue is bound to registrations, moves and damages: they wait there.
        maintenance = await drain(vhost_url, f"{namespace}.maintenance")

    assert [m.routing_key for m in seen] == [
        "assets.asset.registered.v1",
        "assets.asset.assigned.v1",
        "assets.asset.damaged.v1",
    ]
    registered, assigned, damaged_msg = seen
    assert json.loads(assigned.body)["data"]["custodian_id"] == "u-student-1"
    damaged = json.loads(damaged_msg.body)
    assert damaged_msg.message_id == damaged["id"]
    assert damaged_msg.content_type == "application/cloudevents+json"
    assert damaged["source"] == "/campus-logistics/assets" and damaged["subject"] == asset_id
    assert damaged["correlationid"] == "corr-assets-1"
    assert damaged["actor"] == "u-asset-manager-1"
    assert damaged["data"]["damage_id"] == damage_id and damaged["data"]["deliberate"] is True
    assert damaged["data"]["building_id"] == "B02" and damaged["data"]["room_id"] == "B02-312"
    assert damaged["data"]["compensation"] == compensation
    assert json.loads(registered.body)["correlationid"] == "corr-assets-1"
    assert [m.message_id for m in maintenance] == [registered.message_id, damaged["id"]]
