"""A store whose disk is full: the write is refused as StoreUnavailable and changes nothing, a
command gets a 503 problem (not a 500), and a consumed event waits unacknowledged until space
returns, then applies once.

SQLite's own size cap (`PRAGMA max_page_count`) makes the real SQLITE_FULL ("database or disk
is full") without a filesystem of its own; tests/chaos/test_disk_full.py fills a real one.
"""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from services.maintenance.consumed import AssetDamaged
from shared.store import Insert, StoreUnavailable
from shared.store.sqlite import SQLiteStore
from tests.integration.maintenance.maint_support import (
    FakeDelivery,
    auth,
    envelope_bytes,
    harness,
)


async def cap_at_current_size(store: SQLiteStore) -> None:
    """Let the file grow no further: the next write that needs a page fails with SQLITE_FULL."""

    def cap(conn: sqlite3.Connection) -> None:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")

    await store._run(cap)


async def uncap(store: SQLiteStore) -> None:
    await store._run(lambda c: c.execute("PRAGMA max_page_count = 1073741823"))


async def fill(store: SQLiteStore) -> int:
    """Insert documents until the store refuses one; how many it took."""
    for n in range(10_000):
        try:
            await store.insert("notes", {"_id": f"n{n}", "text": "x" * 2000})
        except StoreUnavailable:
            return n
    raise AssertionError("the capped store never filled up")


async def test_a_full_sqlite_store_refuses_the_whole_write_and_takes_it_later(tmp_path):
    store = SQLiteStore(tmp_path / "full.db")
    await store.open()
    try:
        await store.insert("notes", {"_id": "first"})
        await cap_at_current_size(store)
        taken = await fill(store)
        before = await store.count("notes")
        assert before == taken + 1
        batch = [Insert("notes", {"_id": f"b{i}", "text": "y" * 3000}) for i in range(3)]
        with pytest.raises(StoreUnavailable, match="full"):
            await store.write(batch)
        assert await store.count("notes") == before  # all or nothing
        assert await store.ping()  # reads go on
        await uncap(store)
        await store.write(batch)
        assert await store.count("notes") == before + 3
    finally:
        await store.close()


FILE = {"location_id": "B01-301", "category": "plumbing", "description": "水管漏水"}


async def file_until_refused(maint) -> tuple[object, int]:
    """File repair requests until the capped store refuses one: that answer, and how many
    were accepted before it (each as one write of the order and its event)."""
    store, accepted = maint.store, 0
    for _ in range(500):
        before = (await store.count("tickets"), await store.count("outbox"))
        r = await maint.http.post("/tickets", json=FILE, headers=auth("requester", "stu-1"))
        if r.status_code != 201:
            assert (await store.count("tickets"), await store.count("outbox")) == before
            return r, accepted
        accepted += 1
    raise AssertionError("the capped store never filled up")


async def test_a_command_on_a_full_store_is_a_503_problem_and_changes_nothing(tmp_path):
    async with harness(tmp_path) as maint:
        await maint.seed_locations()
        await cap_at_current_size(maint.store)
        r, _ = await file_until_refused(maint)
        assert r.status_code == 503, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.headers["retry-after"].isdigit()
        problem = r.json()
        assert problem["code"] == "unavailable" and "store" in problem["detail"]
        await uncap(maint.store)
        r = await maint.http.post("/tickets", json=FILE, headers=auth("requester", "stu-1"))
        assert r.status_code == 201, r.text


async def test_an_event_on_a_full_store_waits_unacked_then_applies_once(tmp_path):
    async with harness(tmp_path) as maint:
        store = maint.store
        consumer = maint.app.runtime.consumer
        damaged = AssetDamaged(
            damage_id="D-full",
            asset_id="A-1",
            tag="CHAIR-1",
            building_id="B02",
            description="椅子坏了",
        )
        delivery = FakeDelivery(envelope_bytes(damaged))
        await maint.seed_locations()
        await cap_at_current_size(store)
        r, _ = await file_until_refused(maint)
        assert r.status_code == 503, r.text
        handling = asyncio.create_task(consumer.handle(delivery))
        metrics = maint.app.runtime.metrics.registry
        labels = {"consumer": "maintenance", "outcome": "store_unavailable"}

        def refused() -> float:
            total = 0.0
            for metric in metrics.collect():
                for sample in metric.samples:
                    if sample.name == "campus_events_consumed_total" and all(
                        sample.labels.get(k) == v for k, v in labels.items()
                    ):
                        total += sample.value
            return total

        for _ in range(200):  # the handler ran and was refused at least twice
            if refused() >= 2:
                break
            await asyncio.sleep(0.05)
        assert refused() >= 2
        assert not handling.done() and delivery.settled is None  # neither acked nor nacked
        assert await store.count("tickets", {"source_key": "asset-damage:D-full"}) == 0
        await uncap(store)
        await asyncio.wait_for(handling, timeout=30)
        assert delivery.settled == "ack"
        assert await store.count("tickets", {"source_key": "asset-damage:D-full"}) == 1
        await consumer.handle(FakeDelivery(delivery.raw_message.body))  # a redelivery
        assert await store.count("tickets", {"source_key": "asset-damage:D-full"}) == 1
