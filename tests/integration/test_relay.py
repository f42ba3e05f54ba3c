"""Two relays on one store: one publishes at a time (a lease); the other takes over when needed."""

from __future__ import annotations

import asyncio

import pytest

from shared.envelope import EventData, EventRegistry
from shared.metrics import Metrics
from shared.outbox import INDEXES, OUTBOX
from shared.relay import OutboxRelay
from shared.store import Query
from shared.store.sqlite import SQLiteStore
from shared.topology import Names
from shared.uow import UnitOfWork
from tests.harness import eventually, peek
from tests.integration.sample_service import NoteWritten

pytestmark = pytest.mark.broker
TOPOLOGY = {"sink": ("sample.#",)}
_registry = EventRegistry()


@_registry.register("sample.unbound.happened.v1")
class Unbound(EventData):
    """An event type no queue binds."""

    n: int


async def open_store(path) -> SQLiteStore:
    store = SQLiteStore(path)
    await store.open()
    await store.ensure_indexes(INDEXES)
    return store


def relay_on(store, url, namespace, name) -> tuple[OutboxRelay, Metrics]:
    metrics = Metrics(name)
    relay = OutboxRelay(
        store=store,
        amqp_url=url,
        names=Names(namespace),
        metrics=metrics,
        delivery_limit=3,
        batch=50,
        idle_seconds=0.02,
        lease_seconds=1.0,
        subscriptions=TOPOLOGY,
    )
    return relay, metrics


def published(metrics: Metrics) -> float:
    return (
        metrics.registry.get_sample_value(
            "campus_events_published_total", {"type": "sample.note.written.v1"}
        )
        or 0.0
    )


async def write_notes(store, prefix: str, count: int) -> set[str]:
    ids = set()
    for i in range(count):
        uow = UnitOfWork(store, source="/tests")
        ids.add(uow.emit(NoteWritten(note_id=f"{prefix}{i}", text="x"), subject="n").id)
        await uow.commit()
    return ids


async def test_two_relays_never_both_publish_and_one_takes_over(vhost_url, namespace, tmp_path):
    path = tmp_path / "shared.db"
    store_a, store_b = await open_store(path), await open_store(path)
    relay_a, metrics_a = relay_on(store_a, vhost_url, namespace, "a")
    relay_b, metrics_b = relay_on(store_b, vhost_url, namespace, "b")
    await relay_a.start()
    await relay_b.start()
    try:
        first = await write_notes(store_a, "first", 200)
        await eventually(lambda: store_a.count(OUTBOX, {"status": "pending"}), lambda n: n == 0)
        counts = sorted([published(metrics_a), published(metrics_b)])
        assert counts == [0.0, 200.0]  # exactly one of them published, each entry once
        holder, standby = (relay_a, relay_b) if published(metrics_a) else (relay_b, relay_a)
        standby_metrics = metrics_b if holder is relay_a else metrics_a

        await holder.stop()  # a clean stop hands the lease back
        second = await write_notes(store_a, "second", 100)
        await eventually(lambda: store_a.count(OUTBOX, {"status": "pending"}), lambda n: n == 0)
        assert published(standby_metrics) == 100.0
    finally:
        await relay_a.stop()
        await relay_b.stop()
        await store_a.close()
        await store_b.close()
    sink = await peek(vhost_url, f"{namespace}.sink")
    ids = [m.message_id for m in sink]
    assert len(ids) == len(set(ids)) == 300
    assert set(ids) == first | second


async def test_an_expired_lease_is_taken_over(vhost_url, namespace, tmp_path):
    """A holder that vanishes without handing the lease back blocks the others only until expiry."""
    path = tmp_path / "shared.db"
    store = await open_store(path)
    dead, _ = relay_on(store, vhost_url, namespace, "dead")
    assert await dead.lease.hold()  # takes the lease, then "dies" (never renews, never releases)
    live, live_metrics = relay_on(store, vhost_url, namespace, "live")
    await live.start()
    try:
        ids = await write_notes(store, "n", 20)
        await asyncio.sleep(0.3)
        assert published(live_metrics) == 0.0  # the lease (1 s) is still the dead holder's
        await eventually(lambda: store.count(OUTBOX, {"status": "pending"}), lambda n: n == 0)
        assert published(live_metrics) == 20.0
    finally:
        await live.stop()
        await store.close()
    assert {m.message_id for m in await peek(vhost_url, f"{namespace}.sink")} == ids


async def test_an_unroutable_event_stays_in_the_outbox_and_is_counted(
    vhost_url, namespace, tmp_path
):
    """No queue binds the type: the broker returns it; it is kept for a retry, never dropped."""
    store = await open_store(tmp_path / "unroutable.db")
    metrics = Metrics("lonely")
    relay = OutboxRelay(
        store=store,
        amqp_url=vhost_url,
        names=Names(namespace),
        metrics=metrics,
        delivery_limit=3,
        idle_seconds=0.02,
        subscriptions={"sink": ("something.else.#",)},
    )
    await relay.start()
    try:
        ids = await write_notes(store, "lost", 3)
        entries = await eventually(
            lambda: store.find(OUTBOX, Query({"status": "retrying"})),
            lambda page: all(e["attempts"] >= 1 for e in page.items) and len(page.items) == 3,
        )
    finally:
        await relay.stop()
        await store.close()
    assert {e["_id"] for e in entries.items} == ids
    assert all(e["last_error"].startswith("unroutable") for e in entries.items)
    assert all(e["next_attempt_at"] > e["created_at"] for e in entries.items)
    failures = metrics.registry.get_sample_value(
        "campus_events_publish_failures_total", {"reason": "unroutable"}
    )
    assert failures >= 3
    assert relay.backlog == 3


async def test_an_entry_that_keeps_failing_is_set_aside_and_does_not_block_the_rest(
    vhost_url, namespace, tmp_path
):
    """After max_attempts an unroutable entry is `failed` (counted); routable ones still flow."""
    store = await open_store(tmp_path / "stuck.db")
    metrics = Metrics("stuck")
    relay = OutboxRelay(
        store=store,
        amqp_url=vhost_url,
        names=Names(namespace),
        metrics=metrics,
        delivery_limit=3,
        idle_seconds=0.02,
        max_attempts=1,
        subscriptions={"sink": ("sample.note.#",)},
    )
    await relay.start()
    try:
        uow = UnitOfWork(store, source="/campus-logistics/stuck")
        for i in range(3):
            uow.emit(Unbound(n=i), subject=f"u{i}")
        await uow.commit()
        good = await write_notes(store, "fine", 5)
        await eventually(
            lambda: store.count(OUTBOX, {"status": "failed"}), lambda n: n == 3, timeout=10
        )
        await eventually(lambda: store.count(OUTBOX, {"status": "sent"}), lambda n: n == 5)
    finally:
        await relay.stop()
        await store.close()
    assert metrics.registry.get_sample_value("campus_outbox_failed") == 3
    assert {m.message_id for m in await peek(vhost_url, f"{namespace}.sink")} == good
