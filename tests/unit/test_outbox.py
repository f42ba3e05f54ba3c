"""Outbox housekeeping and the relay lease, on the in-memory store with a frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.clock import FrozenClock, iso
from shared.lease import Lease
from shared.metrics import Metrics
from shared.outbox import OUTBOX
from shared.relay import OutboxRelay
from shared.store import Query
from shared.topology import Names
from tests.fakes.memory_store import MemoryStore

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def relay(store, clock) -> OutboxRelay:
    return OutboxRelay(
        store=store,
        amqp_url="amqp://guest:guest@127.0.0.1:5672/",
        names=Names("unit"),
        metrics=Metrics("unit"),
        delivery_limit=3,
        retention_hours=24,
        clock=clock,
    )


async def test_purge_deletes_only_sent_entries_past_the_retention():
    store, clock = MemoryStore(), FrozenClock(NOW)
    entries = {
        "old-sent": {"status": "sent", "sent_at": iso(datetime(2026, 11, 21, tzinfo=UTC))},
        "new-sent": {"status": "sent", "sent_at": iso(datetime(2026, 11, 23, 1, tzinfo=UTC))},
        "old-pending": {"status": "pending", "sent_at": None},
    }
    for doc_id, fields in entries.items():
        await store.insert(OUTBOX, {"_id": doc_id, **fields})
    assert await relay(store, clock).purge_sent(batch=1) == 1
    remaining = {d["_id"] for d in (await store.find(OUTBOX, Query())).items}
    assert remaining == {"new-sent", "old-pending"}


async def test_lease_one_holder_until_expiry_or_release():
    store, clock = MemoryStore(), FrozenClock(NOW)
    first = Lease(store, "relay", seconds=10, clock=clock)
    second = Lease(store, "relay", seconds=10, clock=clock)
    assert await first.hold()
    assert not await second.hold()
    clock.advance(seconds=5)
    assert await first.hold()  # renewed before it ran out
    clock.advance(seconds=8)
    assert not await second.hold()  # still the first's (renewed at +5 s for 10 s)
    clock.advance(seconds=3)
    assert await second.hold()  # expired: taken over
    assert not await first.hold()
    await second.release()
    assert await first.hold()  # released: no need to wait
