"""Scenario 10: two maintenance replicas on one store, SIGKILLed alternately under load.

The stream of tests/integration/distributed/stream.py (outside events that open work orders,
then triage and assign over HTTP to whichever replica is alive, a broken command sent again to
the other), with a ledger: every command carries its correlation id, the same on a retry, so a
retry that applied a change twice shows as two events of one command (a command counts as
accepted on its 200, or on a 409 to a retry when the store shows the first attempt did it).
Every few commands the next replica in turn is SIGKILLed and started again, so each dies
several times, the relay lease moving between them. Audit and notifications run alongside;
the checker then wants each outside event once in audit, maintenance (its work order) and
notifications (its incident), and each ticket event once in audit and notifications.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from shared.store import store_from_url
from shared.topology import Names, connect, declare_topology
from tests.chaos.checker import Expect, Ledger, Verdict, check
from tests.chaos.effects import audit_effects, incident_effects, produced, work_order_effects
from tests.chaos.platform import OPENED, opened
from tests.integration.distributed.stream import Stream, settle
from tests.service_procs import ServiceProcess, process_group

pytestmark = [pytest.mark.broker, pytest.mark.slow]
TRIAGED = Expect("maintenance.ticket.triaged.v1", ("audit", "notifications"))
ASSIGNED = Expect("maintenance.ticket.assigned.v1", ("audit", "notifications"))
SINKS = ("audit", "maintenance", "notifications")


async def alternately(url: str, namespace: str, tmp_path, tickets: int, kills: int) -> Verdict:
    """The scenario; the checker's verdict."""
    connection = await connect(url)
    await declare_topology(await connection.channel(), Names(namespace), delivery_limit=10)
    await connection.close()
    store_url = f"sqlite:///{tmp_path / 'maintenance.db'}"
    common = {"amqp_url": url, "namespace": namespace, "log_level": "WARNING"}
    common["delivery_limit"] = 10
    with process_group() as group:

        def service(name: str, log: str, **extra: object) -> ServiceProcess:
            settings = {**common, "data_dir": tmp_path / log, **extra}
            return group.add(ServiceProcess(name, settings, tmp_path / "logs" / f"{log}.log"))

        audit = service("audit", "audit", checkpoint_every_seconds=3600)
        notifications = service("notifications", "notifications")
        replicas = [
            service(
                "maintenance",
                f"m{n}",
                store_url=store_url,
                prefetch=4,
                relay_batch=50,
                relay_idle_seconds=0.05,
                relay_lease_seconds=2.0,
            )
            for n in (1, 2)
        ]
        for process in (audit, notifications, *replicas):
            process.start()
        await asyncio.gather(*(p.wait_ready() for p in (audit, notifications, *replicas)))
        started = time.monotonic()
        async with opened(store_from_url(store_url)) as store:
            ledger = Ledger()

            def record(command_id: str, action: str, status: int) -> None:
                expects = [TRIAGED if action == "triage" else ASSIGNED]
                ledger.record(command_id, action, status, expects)

            stream = Stream(url, namespace, store, replicas, tickets, chunk=10, on_result=record)
            killed: list[int] = []

            async def kill_next() -> None:
                victim = replicas[len(killed) % 2]
                if not all(r.alive for r in replicas):
                    return  # the last one is still starting: never both down
                victim.kill()
                killed.append(victim.port)
                victim.start()
                await victim.wait_ready()

            every = max(2, (tickets * 2) // (kills + 1))
            for k in range(1, kills + 1):
                stream.at_command[k * every] = kill_next
            await stream.run()
            await asyncio.gather(*stream.tasks)
            await settle(store, tickets)
            for env in stream.published.values():
                source = Expect(env.type, SINKS)
                ledger.published(env.id, [source, OPENED], confirmed=True)
            verdict = await _verdict(ledger, tmp_path, store, started)
        print(f"kills {len(killed)}, commands sent again {stream.retried_commands}")
        assert len(killed) >= kills * 2 // 3, f"only {len(killed)} of {kills} kills happened"
    return verdict


async def _verdict(ledger: Ledger, tmp_path, store, started: float) -> Verdict:
    """Wait until the checker is content (or 120 s have passed), then its verdict."""
    scenario = "10 two maintenance replicas SIGKILLed alternately"
    deadline = time.monotonic() + 120
    while True:
        events = await produced(store)
        async with opened(store_from_url(f"sqlite:///{tmp_path / 'audit' / 'audit.db'}")) as a:
            effects = await audit_effects(a)
        path = tmp_path / "notifications" / "notifications.db"
        async with opened(store_from_url(f"sqlite:///{path}")) as n:
            effects += await incident_effects(n)
        effects += await work_order_effects(store)
        verdict = check(scenario, ledger, events, effects)
        if verdict.ok or time.monotonic() > deadline:
            verdict.seconds = time.monotonic() - started
            print("\n" + verdict.line())
            return verdict
        await asyncio.sleep(0.5)


async def test_two_replicas_killed_alternately(vhost_url, namespace, tmp_path):
    """30 orders (90 commands and events), each replica SIGKILLed twice."""
    verdict = await alternately(vhost_url, namespace, tmp_path, tickets=30, kills=4)
    assert verdict.ok, verdict.line()


@pytest.mark.chaos
@pytest.mark.timeout(1200)
async def test_two_replicas_killed_alternately_20_times(vhost_url, namespace, tmp_path):
    """400 orders (1,200 commands and events), 20 kills."""
    verdict = await alternately(vhost_url, namespace, tmp_path, tickets=400, kills=20)
    assert verdict.ok, verdict.line()
