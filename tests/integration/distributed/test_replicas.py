"""Two maintenance replicas on one store, one SIGKILLed midway: every event once, every effect once.

Both processes consume the one `maintenance` queue (competing consumers) and both take HTTP
commands; only the holder of the store's relay lease publishes. Midway the test SIGKILLs the
lease holder while commands and events are in flight; the survivor takes the lease over when it
expires and publishes what the dead one left. Then: every order exists once (its source key),
each of its three events is in the outbox once and in audit once, the outside events are in
audit once though some were delivered twice, and the wire carried at most one relay batch twice.
Runs on one PostgreSQL database and on one SQLite file; the 2,000-message version is `make chaos`.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import pytest

from shared.store import store_from_url
from shared.topology import SUBSCRIPTIONS, Names, connect, declare_topology
from tests.harness import peek
from tests.integration.distributed.stream import (
    TICKET_TYPES,
    Stream,
    audit_counts,
    check_effects,
    opened,
    settle,
)
from tests.service_procs import ServiceProcess, process_group

pytestmark = pytest.mark.broker
RELAY_BATCH = 100
LEASE_SECONDS = 2.0


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """One store both replicas share: a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'maintenance.db'}"
    return request.getfixturevalue("postgres_url")


async def run_replicas(url: str, namespace: str, tmp_path, store_url: str, tickets: int) -> dict:
    """The scenario; returns its figures."""
    names = Names(namespace)
    connection = await connect(url)
    channel = await connection.channel()
    # The platform's topology plus a sink that keeps a copy of everything maintenance publishes.
    await declare_topology(
        channel,
        names,
        delivery_limit=5,
        subscriptions={**SUBSCRIPTIONS, "sink": ("maintenance.#",)},
    )
    await connection.close()
    common = {"amqp_url": url, "namespace": namespace, "log_level": "WARNING"}
    with process_group() as group:
        audit = group.add(
            ServiceProcess(
                "audit",
                {**common, "data_dir": tmp_path / "audit", "checkpoint_every_seconds": 3600},
                tmp_path / "logs" / "audit.log",
            )
        )
        replicas = [
            group.add(
                ServiceProcess(
                    "maintenance",
                    {
                        **common,
                        "store_url": store_url,
                        "data_dir": tmp_path / f"m{n}",
                        "prefetch": 4,
                        "relay_batch": RELAY_BATCH,
                        "relay_idle_seconds": 0.05,
                        "relay_lease_seconds": LEASE_SECONDS,
                    },
                    tmp_path / "logs" / f"maintenance-{n}.log",
                )
            )
            for n in (1, 2)
        ]
        for process in (audit, *replicas):
            process.start()
        await asyncio.gather(*(p.wait_ready() for p in (audit, *replicas)))
        figures: dict = {"tickets": tickets, "commands_and_events": tickets * 3}
        async with opened(store_from_url(store_url)) as store:
            stream = Stream(url, namespace, store, replicas, tickets)

            async def kill_holder() -> None:
                lease = await store.get("outbox_lease", "relay")
                assert lease is not None, "no relay holds the lease"
                pid = int(lease["holder"].split(":")[1])
                victim = next(r for r in replicas if r.pid == pid)
                figures["consumed_before_kill"] = [
                    await r.metric(
                        "campus_events_consumed_total", consumer="maintenance", outcome="processed"
                    )
                    for r in replicas
                ]
                figures["published_before_kill"] = [
                    await r.metric("campus_events_published_total") for r in replicas
                ]
                # One relay at a time: the replicas' own gauges name one leader (polled, as a
                # renewal may be under way at the instant of a scrape).
                for _ in range(50):
                    leaders = [await r.metric("campus_outbox_relay_leader") for r in replicas]
                    if sorted(leaders) == [0.0, 1.0]:
                        break
                    await asyncio.sleep(0.1)
                assert sorted(leaders) == [0.0, 1.0], leaders
                killed_at = victim.kill()
                survivor = next(r for r in replicas if r is not victim)
                while True:  # the survivor takes the lease once the dead holder's expires
                    lease = await store.get("outbox_lease", "relay")
                    if int(lease["holder"].split(":")[1]) == survivor.pid:
                        break
                    assert time.monotonic() - killed_at < LEASE_SECONDS * 10, "no handover"
                    await asyncio.sleep(0.05)
                figures["lease_handover_seconds"] = round(time.monotonic() - killed_at, 2)

            # Midway through the HTTP commands, with commands and events in flight.
            stream.at_command[tickets + stream.chunk // 2] = kill_holder
            started = time.monotonic()
            await stream.run()
            await asyncio.gather(*stream.tasks)
            await settle(store, tickets)
            figures["stream_seconds"] = round(time.monotonic() - started, 1)
            entries = await check_effects(store, tickets)
        figures["retried_commands"] = stream.retried_commands
        # Both replicas took messages off the one queue before the kill: competing consumers.
        assert all(n > 0 for n in figures["consumed_before_kill"]), figures

        async with opened(store_from_url(f"sqlite:///{tmp_path / 'audit' / 'audit.db'}")) as log:
            ids = {e["_id"] for e in entries} | set(stream.published)
            counts = await audit_counts(log, ids)
        missing = ids - set(counts)
        assert not missing, f"{len(missing)} events never reached audit"
        twice = [i for i, n in counts.items() if n > 1]
        assert not twice, f"{len(twice)} events recorded twice in audit"
        ticket_records = {i for i in counts if i in {e["_id"] for e in entries}}
        assert len(ticket_records) == tickets * 3

    wire = [m.message_id for m in await peek(url, names.queue("sink"))]
    on_wire = Counter(wire)
    assert set(on_wire) == {e["_id"] for e in entries}
    figures["published_twice"] = sum(n - 1 for n in on_wire.values())
    # Without the lease both relays would publish everything; with it, only what the dead
    # holder had sent but not yet marked sent goes out again: at most one batch.
    assert figures["published_twice"] <= RELAY_BATCH, figures
    assert all(t in TICKET_TYPES for t in {e["routing_key"] for e in entries})
    return figures


async def test_two_replicas_one_killed_midway(vhost_url, namespace, tmp_path, store_url):
    """300 commands and events (100 orders) per store."""
    figures = await run_replicas(vhost_url, namespace, tmp_path, store_url, tickets=100)
    print("\nreplicas", store_url.split(":")[0], figures)


@pytest.mark.chaos
async def test_two_replicas_2000_commands_and_events(vhost_url, namespace, tmp_path, store_url):
    """2,001 commands and events (667 orders) per store, one replica SIGKILLed midway."""
    figures = await run_replicas(vhost_url, namespace, tmp_path, store_url, tickets=667)
    print("\nreplicas", store_url.split(":")[0], figures)
