"""A real service on the PostgreSQL adapter: the assets API writing and reading through it.

The contract suite checks the adapter alone; this runs the service's own repository, unit of
work and outbox on it (routes only: no broker, no relay), then reads the rows from PostgreSQL
directly, so the test cannot pass on some other store.
"""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg

from services.assets.main import build
from services.assets.settings import AssetsSettings
from shared.clock import FrozenClock
from shared.store import Query
from shared.store.postgres import PostgresStore
from tests.harness import routes_client
from tests.unit.assets.support import AUDITOR, MANAGER, STUDENT

PROJECTOR = {
    "tag": "ZC-B02-0207",
    "name": "投影仪 (projector)",
    "category_code": "2010000",
    "building_id": "B02",
    "room_id": "B02-207",
    "purchase_value": "4800.00",
    "purchase_date": "2022-09-01",
    "useful_life_years": 6,
}


async def test_assets_registers_assigns_and_reads_on_postgres(postgres_url: str) -> None:
    clock = FrozenClock(datetime(2025, 3, 3, 0, 30, tzinfo=UTC))
    app = build(AssetsSettings(store_url=postgres_url), clock=clock)
    async with routes_client(app, base_url="http://assets") as client:
        assert isinstance(client.runtime.store, PostgresStore)
        created = await client.post("/assets", json=PROJECTOR, headers=MANAGER)
        assert created.status_code == 201, created.text
        asset = created.json()
        assert asset["tag"] == "ZC-B02-0207" and asset["name"] == "投影仪 (projector)"

        again = await client.post("/assets", json=PROJECTOR, headers=MANAGER)
        assert again.status_code == 409 and "ZC-B02-0207" in again.json()["detail"]
        by_tag = await client.get("/assets/by-tag/ZC-B02-0207", headers=AUDITOR)
        assert by_tag.status_code == 200 and by_tag.json()["asset_id"] == asset["asset_id"]

        # A conditional replace through the service's unit of work.
        custody = f"/assets/{asset['asset_id']}/custody"
        assigned = await client.post(custody, json={"custodian_id": "u-student-1"}, headers=MANAGER)
        assert assigned.status_code == 200, assigned.text
        mine = await client.get("/assets/custody/me", headers=STUDENT)
        assert [a["tag"] for a in mine.json()] == ["ZC-B02-0207"]
        listed = await client.get("/assets", headers=AUDITOR)
        assert [a["asset_id"] for a in listed.json()["items"]] == [asset["asset_id"]]

        page = await client.runtime.store.find("outbox", Query({}, [("order", 1)]))
        types = [entry["envelope"]["type"] for entry in page.items]
        assert types == ["assets.asset.registered.v1", "assets.asset.assigned.v1"]

    async with await psycopg.AsyncConnection.connect(postgres_url) as conn:
        cur = await conn.execute(
            "SELECT v, doc->>'tag', doc->'custody'->>'custodian_id' FROM c_assets WHERE id = %s",
            [asset["asset_id"]],
        )
        assert await cur.fetchall() == [(2, "ZC-B02-0207", "u-student-1")]
        cur = await conn.execute("SELECT count(*) FROM c_outbox")
        assert (await cur.fetchone())[0] == 2
