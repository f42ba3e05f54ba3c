"""The phases of the pipeline bench, each on processes the bench started."""

from __future__ import annotations

import asyncio
import math
import random
import statistics
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aio_pika

from bench import system
from bench.pacer import paced
from shared.clock import parse_iso
from shared.envelope import Envelope
from shared.outbox import OUTBOX
from shared.store import Query
from shared.store.sqlite import SQLiteStore
from shared.topology import Names
from tests.service_procs import ServiceProcess

REGISTERED = "assets.asset.registered.v1"


async def consumed(
    process: ServiceProcess, consumer: str, type_: str | None = None, outcome: str = "processed"
) -> float:
    """Events `consumer` settled with `outcome` so far (its /metrics)."""
    labels = {"consumer": consumer, "outcome": outcome}
    if type_ is not None:
        labels["type"] = type_
    return await process.metric("campus_events_consumed_total", **labels)


async def wait_consumed(
    process: ServiceProcess, consumer: str, target: float, sampler: system.Sampler | None = None,
    type_: str | None = None, timeout: float = 300.0, outcome: str = "processed",
) -> float:  # fmt: skip
    """Wait until `consumer` has settled `target` events; the monotonic time it got there."""
    deadline = time.monotonic() + timeout
    while True:
        if await consumed(process, consumer, type_, outcome) >= target:
            return time.monotonic()
        if sampler is not None:
            sampler.sample()
        if time.monotonic() > deadline:
            raise TimeoutError(f"{consumer}: {target} events not processed in {timeout} s")
        await asyncio.sleep(0.05)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) of `values`, nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[rank]


async def recorded_at(audit_db: Path, filter: dict) -> dict[str, float]:
    """subject → recorded_at (epoch seconds) of audit's records matching `filter`."""
    store = SQLiteStore(audit_db)
    await store.open()
    try:
        found: dict[str, float] = {}
        after = None
        while True:
            page = await store.find("audit_records", Query(filter, limit=1000, after=after))
            for doc in page.items:
                found[doc["subject"]] = parse_iso(doc["recorded_at"]).timestamp()
            if page.next_cursor is None:
                return found
            after = page.next_cursor
    finally:
        await store.close()


async def saturated(
    assets: ServiceProcess, audit: ServiceProcess, notifications: ServiceProcess,
    sampler: system.Sampler, token: str, *, seconds: float, connections: int,
) -> dict:  # fmt: skip
    """wrk at fixed concurrency for `seconds`, then until audit and notifications caught up."""
    audit0 = await consumed(audit, "audit", REGISTERED)
    notes0 = await consumed(notifications, "notifications", REGISTERED, "ignored")
    sampler.start()
    started = time.monotonic()
    result = await asyncio.to_thread(
        system.wrk, assets.base_url, seconds=seconds, connections=connections, token=token,
        prefix=f"s{uuid.uuid4().hex[:6]}",
    )  # fmt: skip
    audited = await wait_consumed(audit, "audit", audit0 + result.ok, sampler, REGISTERED)
    cpu = sampler.stop()
    await wait_consumed(
        notifications, "notifications", notes0 + result.ok, None, REGISTERED, outcome="ignored"
    )
    return {
        "accepted": result.ok,
        "failed": result.failed,
        "accepted_per_s": result.rate,
        "end_to_end_per_s": result.ok / (audited - started),
        "http_p50_ms": result.p50_ms,
        "http_p99_ms": result.p99_ms,
        "cpu_ms_per_command": {name: 1000 * s / max(1, result.ok) for name, s in cpu.items()},
        "rss_mib": dict(sampler.peak),
    }


async def outbox_times(assets_db: Path) -> dict[str, tuple[float, float]]:
    """subject → (event time, time its relay batch started: `sent_at`) of assets' registrations."""
    store = SQLiteStore(assets_db)
    await store.open()
    try:
        found: dict[str, tuple[float, float]] = {}
        after = None
        while True:
            query = Query({"routing_key": REGISTERED, "status": "sent"}, limit=1000, after=after)
            page = await store.find(OUTBOX, query)
            for doc in page.items:
                found[doc["envelope"]["subject"]] = (
                    parse_iso(doc["created_at"]).timestamp(),
                    parse_iso(doc["sent_at"]).timestamp(),
                )
            if page.next_cursor is None:
                return found
            after = page.next_cursor
    finally:
        await store.close()


def legs(sent: Sequence[Any], outbox: dict, audit: dict) -> dict[str, tuple[float, float]]:
    """p50 and p99 (ms) of the three legs of each command: due → its event (HTTP, auth, the
    handler), event → the relay batch that published it (the commit, the relay's wake-up), that
    batch → audit's record (publish and confirm, the broker, audit's batch and commit)."""
    parts: dict[str, list[float]] = {"to event": [], "to relay": [], "to audit record": []}
    for s in sent:
        if s.asset_id in outbox and s.asset_id in audit:
            event, batch = outbox[s.asset_id]
            parts["to event"].append((event - s.due_wall) * 1000)
            parts["to relay"].append((batch - event) * 1000)
            parts["to audit record"].append((audit[s.asset_id] - batch) * 1000)
    return {name: (percentile(v, 50), percentile(v, 99)) for name, v in parts.items()}


async def paced_latency(
    assets: ServiceProcess, audit: ServiceProcess, audit_db: Path, token: str, *,
    rate: float, seconds: float,
) -> dict:  # fmt: skip
    """`rate` commands/s for `seconds`: p50/p95/p99 from command due to audit record, and the
    p50/p99 of each leg of the way."""
    audit0 = await consumed(audit, "audit", REGISTERED)
    sent = await paced(
        "127.0.0.1", assets.port, token, rate=rate, seconds=seconds,
        prefix=f"p{uuid.uuid4().hex[:6]}",
    )  # fmt: skip
    ok = [s for s in sent if s.status == 201]
    await wait_consumed(audit, "audit", audit0 + len(ok), None, REGISTERED)
    at = await recorded_at(audit_db, {"type": REGISTERED})
    latencies = [(at[s.asset_id] - s.due_wall) * 1000 for s in ok if s.asset_id in at]
    http = [s.http_ms for s in ok]
    outbox = await outbox_times(Path(str(assets.settings["data_dir"])) / "assets.db")
    return {
        "legs": legs(ok, outbox, at),
        "sent": len(sent),
        "failed": len(sent) - len(ok),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "http_p50_ms": percentile(http, 50),
        "http_p99_ms": percentile(http, 99),
        "mean_ms": statistics.fmean(latencies) if latencies else float("nan"),
    }


async def bind_notifications(url: str, names: Names) -> None:
    """Route registrations to notifications too (private vhost only): no rule of its matches
    them, so it parses, dispatches and acks each, as it does every event it has no use for."""
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        queue = await channel.get_queue(names.queue("notifications"), ensure=True)
        await queue.bind(names.events, routing_key=REGISTERED)
    finally:
        await connection.close()


async def audit_backlog(url: str, names: Names, audit: ServiceProcess, events: int) -> dict:
    """Stop audit, queue `events` for it, start it: events/s it records a backlog at, live."""
    audit.stop()
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(names.events)
        gate = asyncio.Semaphore(256)
        run = uuid.uuid4().hex[:6]

        async def publish(i: int) -> None:
            envelope = Envelope(
                id=f"{run}-{i}", source="/bench/backlog", type="bench.backlog.recorded.v1",
                time=datetime.now(UTC), subject=f"backlog-{run}-{i}",
                data={"n": i, "note": random.choice(["a", "b", "c"]) * 40},
            )  # fmt: skip
            try:
                await exchange.publish(
                    aio_pika.Message(envelope.to_bytes(), delivery_mode=2),
                    routing_key="bench.backlog.recorded.v1",
                )  # fmt: skip
            finally:
                gate.release()

        tasks = []
        for i in range(events):
            await gate.acquire()
            tasks.append(asyncio.create_task(publish(i)))
        await asyncio.gather(*tasks)
    finally:
        await connection.close()
    audit.start()
    await audit.wait_ready()
    cpu0 = system.cpu_seconds(audit.pid)
    await wait_consumed(audit, "audit", events)
    cpu = system.cpu_seconds(audit.pid) - cpu0
    rss = system.rss_mib(audit.pid)
    db = Path(str(audit.settings["data_dir"])) / "audit.db"
    at = sorted((await recorded_at(db, {"source": "/bench/backlog"})).values())
    rate = (len(at) - 1) / (at[-1] - at[0]) if len(at) > 1 and at[-1] > at[0] else float("nan")
    return {
        "events": events,
        "events_per_s": rate,
        "cpu_ms_per_event": 1000 * cpu / events,
        "rss_mib": rss,
    }
