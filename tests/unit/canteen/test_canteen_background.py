"""The daily expiry scan runs in the background, through `shared.service.every`."""

from __future__ import annotations

import asyncio
import contextlib

from shared.store import Query
from tests.unit.canteen.support import STAFF
from tests.unit.canteen.test_canteen_api import outbox, rice, setup


async def test_the_background_loop_scans_at_once_and_once_per_day(client, clock):
    await setup(client)
    clock.advance(days=-26)  # 5 February: rice made 3 Feb keeps until 5 March
    r = await client.post(
        "/canteens/north/deliveries", json=rice(1, "10", "2025-02-03"), headers=STAFF
    )
    assert r.status_code == 201, r.text
    clock.advance(days=26)  # 3 March: two days left, within the warning window
    runtime = client.runtime
    [loop] = [b for b in runtime.spec.background if b.__name__ == "expiry_scan"]
    task = asyncio.create_task(loop(runtime))
    try:
        for _ in range(200):
            if await runtime.store.count("expiry_scans"):
                break
            await asyncio.sleep(0.01)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    [scan] = (await runtime.store.find("expiry_scans", Query())).items
    assert scan["_id"] == "2025-03-03" and scan["warned"] == 1
    expiring = [e for e in await outbox(client) if e["type"] == "canteen.stock.expiring.v1"]
    assert [e["actor"] for e in expiring] == ["system:canteen"]
