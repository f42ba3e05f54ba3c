"""Recording through the consumer's handler (memory store): dedup, concurrency, checkpoints."""

from __future__ import annotations

import pytest

from services.audit.handlers import (
    SYSTEM,
    checkpoint_if_due,
    record_event,
    record_events,
    verify_chain,
)
from services.audit.repository import CHAIN, RECORDS
from services.audit.repository.chain import prepare
from shared.clock import FrozenClock
from shared.envelope import Envelope
from shared.outbox import OUTBOX
from shared.store import Query, VersionConflictError, store_from_url
from shared.uow import UnitOfWork
from tests.unit.audit.audit_fixtures import SOURCE, START, context, event, open_store, record


@pytest.fixture
async def store():
    store = await open_store(store_from_url("memory://"))
    yield store
    await store.close()


async def test_each_event_is_stored_once_with_its_whole_envelope(store):
    clock = FrozenClock(START)
    ev = event(1, correlation="corr-1")
    assert await record(store, ev, clock) == 1
    assert await record(store, ev, clock) is None  # redelivered: nothing new
    page = await store.find(RECORDS, Query())
    assert len(page.items) == 1
    stored = page.items[0]
    assert stored["event"] == ev.to_json()
    assert (
        stored["correlation_id"] == "corr-1"
        and stored["recorded_at"] == "2026-03-02T08:00:00.000000Z"
    )
    head = await store.get(CHAIN, "head")
    assert (head["seq"], head["hash"]) == (1, stored["hash"])


async def test_same_id_from_another_source_is_another_event(store):
    clock = FrozenClock(START)
    assert await record(store, event(1, event_id="42"), clock) == 1
    assert await record(store, event(2, event_id="42", source="urn:finance"), clock) == 2
    assert await record(store, event(3, event_id="42", source="urn:finance"), clock) is None
    assert await store.count(RECORDS) == 2


async def test_a_batch_is_one_write_in_order_and_skips_what_is_stored_or_repeated(store):
    clock = FrozenClock(START)
    assert await record(store, event(1), clock) == 1
    uow = UnitOfWork(store, source=SOURCE, clock=clock)
    batch = [event(2), event(1), event(3), event(2)]  # 1 stored before; 2 twice in the batch
    assert await record_events(uow, context(clock), SYSTEM, batch) == [2, None, 3, None]
    assert len([op for op in uow.operations() if op.collection == CHAIN]) == 1  # one head
    await uow.commit()
    page = await store.find(RECORDS, Query(sort=[("seq", 1)]))
    assert [r["event"]["id"] for r in page.items] == [event(n).id for n in (1, 2, 3)]
    assert (await store.get(CHAIN, "head"))["seq"] == 3
    assert (await verify_chain(store)).ok


async def test_a_batch_of_nothing_new_writes_nothing(store):
    clock = FrozenClock(START)
    assert await record(store, event(1), clock) == 1
    uow = UnitOfWork(store, source=SOURCE, clock=clock)
    assert await record_events(uow, context(clock), SYSTEM, [event(1), event(1)]) == [None, None]
    assert uow.operations() == []


async def test_two_writers_on_one_head_cannot_both_claim_a_seq(store):
    clock = FrozenClock(START)
    await record(store, event(1), clock)
    ctx = context(clock)
    first = UnitOfWork(store, source=SOURCE, clock=clock)
    second = UnitOfWork(store, source=SOURCE, clock=clock)
    await record_event(first, ctx, SYSTEM, event(2))
    await record_event(second, ctx, SYSTEM, event(3))  # read the same head as `first`
    await first.commit()
    with pytest.raises(VersionConflictError):
        await second.commit()
    assert await store.count(RECORDS) == 2
    # The consumer re-runs the loser on the new head:
    retry = UnitOfWork(store, source=SOURCE, clock=clock)
    assert await record_event(retry, ctx, SYSTEM, event(3)) == 3
    await retry.commit()
    assert (await verify_chain(store)).ok


async def test_checkpoint_is_published_once_and_its_own_echo_does_not_loop(store):
    clock = FrozenClock(START)
    await prepare(store, clock())
    ctx = context(clock, checkpoint_every_records=100, checkpoint_every_seconds=60)

    async def due():
        return await checkpoint_if_due(UnitOfWork(store, source=SOURCE, clock=clock), ctx, SYSTEM)

    for n in range(1, 4):
        await record(store, event(n), clock)
    assert await due() is None  # 3 records, no time passed
    clock.advance(seconds=60)
    cp = await due()
    head = await store.get(CHAIN, "head")
    assert (cp.seq, cp.head_hash, cp.records) == (3, head["hash"], 3)
    outbox = (await store.find(OUTBOX, Query({"routing_key": "audit.chain.checkpoint.v1"}))).items
    assert len(outbox) == 1
    # The checkpoint comes back through "#" and is appended as record 4 ...
    echo = outbox[0]["envelope"]
    assert await record(store, Envelope.model_validate(echo), clock) == 4
    # ... which is not a reason for another checkpoint, however long we wait.
    for _ in range(5):
        clock.advance(minutes=10)
        assert await due() is None
    # A real event is, once the interval has passed.
    await record(store, event(9), clock)
    clock.advance(seconds=60)
    again = await due()
    assert (again.seq, again.previous_seq, again.records) == (5, 3, 2)


async def test_checkpoint_by_record_count(store):
    clock = FrozenClock(START)
    await prepare(store, clock())
    for n in range(1, 6):
        await record(store, event(n), clock)
    uow = UnitOfWork(store, source=SOURCE, clock=clock)
    ctx = context(clock, checkpoint_every_records=5, checkpoint_every_seconds=3600)
    cp = await checkpoint_if_due(uow, ctx, SYSTEM)
    assert cp is not None and cp.seq == 5
