"""The platform as processes for part B's fault scenarios, the commands they send, the verdict.

Maintenance (producer and consumer), audit and notifications run as real processes on one
broker. Requesters file repair requests through a `LedgerClient` (each one's correlation id in
the ledger); outside events (an asset damaged) are published with confirms and recorded as the
client's own commands. After the fault, `converge` reads the producers' outboxes and the sinks'
effects until the checker passes or the time is up, and returns the checker's verdict.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aio_pika
import httpx

from services.maintenance.consumed import AssetDamaged
from shared.envelope import make_envelope
from shared.outbox import amqp_message
from shared.store import DocumentStore, store_from_url
from shared.topology import Names
from tests.chaos.checker import Expect, Ledger, Verdict, check
from tests.chaos.effects import (
    LedgerClient,
    audit_effects,
    incident_effects,
    notice_effects,
    produced,
    work_order_effects,
)
from tests.integration.maintenance.maint_support import LOCATIONS_CSV, auth
from tests.service_procs import ProcessGroup, ServiceProcess

OPENED = "maintenance.ticket.opened.v1"
DAMAGED = "assets.asset.damaged.v1"
REQUEST = {"location_id": "B01-301", "category": "plumbing", "description": "水管漏水"}


@dataclass
class Platform:
    """The service processes of one scenario and where their stores are."""

    amqp_url: str
    namespace: str
    root: Path
    services: dict[str, ServiceProcess] = field(default_factory=dict)

    def store(self, service: str) -> DocumentStore:
        """An unopened store on a service's SQLite file (read while the process runs)."""
        data_dir = Path(self.services[service].settings["data_dir"])
        return store_from_url(f"sqlite:///{data_dir / f'{service}.db'}")

    def sinks(self) -> tuple[str, ...]:
        """The sinks of a filed request: audit; when notifications runs, its incident and the
        requester's notice."""
        if "notifications" in self.services:
            return ("audit", "notifications", "notices")
        return ("audit",)


def start_platform(
    group: ProcessGroup,
    root: Path,
    amqp_url: str,
    namespace: str,
    *,
    services: Sequence[str] = ("maintenance", "audit", "notifications"),
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    placement: Mapping[str, tuple[str, tuple[str, ...]]] | None = None,
) -> Platform:
    """Start each service (not yet ready: `ready`); `settings` per service override the
    defaults, `placement` gives a service (host address, command prefix) to run elsewhere."""
    platform = Platform(amqp_url, namespace, root)
    for name in services:
        own = {
            "amqp_url": amqp_url,
            "namespace": namespace,
            "data_dir": root / name,
            "log_level": "INFO",
            "relay_idle_seconds": 0.05,
            "relay_lease_seconds": 2,
        }
        if name == "audit":
            own["checkpoint_every_seconds"] = 3600
        own.update((settings or {}).get(name, {}))
        host, prefix = (placement or {}).get(name, ("127.0.0.1", ()))
        process = ServiceProcess(name, own, root / "logs" / f"{name}.log", host=host, prefix=prefix)
        platform.services[name] = group.add(process)
        process.start()
    return platform


async def ready(platform: Platform, timeout: float = 90.0) -> None:
    """Wait until every service answers /ready with 200."""
    await asyncio.gather(*(p.wait_ready(timeout) for p in platform.services.values()))


async def seed_locations(http: httpx.AsyncClient, base_url: str) -> None:
    """The campus's rooms, so requests can name one (not a command of the ledger)."""
    r = await http.post(
        f"{base_url}/locations/import",
        content=LOCATIONS_CSV.encode(),
        headers={**auth("logistics_admin"), "content-type": "text/csv"},
    )
    assert r.status_code == 200, r.text


async def file_request(
    client: LedgerClient, base_url: str, sinks: tuple[str, ...], tag: str
) -> httpx.Response | None:
    """One repair request by requester `stu-<tag>`; the response (None: no answer)."""
    return await client.send(
        "POST",
        f"{base_url}/tickets",
        [Expect(OPENED, sinks)],
        name="file request",
        json={**REQUEST, "description": f"水管漏水 {tag}"},
        headers=auth("requester", f"stu-{tag}"),
    )


async def file_requests(
    client: LedgerClient, base_url: str, count: int, sinks: tuple[str, ...], tag: str
) -> list[int | None]:
    """`count` repair requests, one after another; the HTTP status of each (None: no answer)."""
    statuses: list[int | None] = []
    for i in range(count):
        response = await file_request(client, base_url, sinks, f"{tag}-{i}")
        statuses.append(None if response is None else response.status_code)
    return statuses


async def publish_damage(
    url: str, namespace: str, ledger: Ledger, count: int, sinks: tuple[str, ...],
    *, retry_seconds: float = 60.0,
) -> int:  # fmt: skip
    """Publish `count` asset-damaged events with confirms, as a producer does: an event the broker
    did not confirm is published again (same id) until it is, for up to `retry_seconds`; how
    many were confirmed.

    Each is the client's own command (its event id): a confirmed one must show in every sink
    once, copies included; one never confirmed may have gone through, but then once everywhere
    too. (A producer that gave up on an unconfirmed publish would itself lose it: right after a
    broker restart a publish can reach one queue and not another and get no confirm.)
    """
    confirmed = 0
    for _ in range(count):
        n = uuid.uuid4().hex[:8]
        data = AssetDamaged(
            damage_id=f"D-{n}",
            asset_id=f"A-{n}",
            tag=f"CHAIR-{n}",
            building_id="B02",
            description="椅子坏了",
        )
        env = make_envelope(
            data,
            source="/campus-logistics/assets",
            subject=None,
            correlation_id=None,
            causation_id=None,
            actor=None,
        )
        ok = await _publish_until_confirmed(url, namespace, env, retry_seconds)
        confirmed += ok
        ledger.published(env.id, [Expect(env.type, sinks)], confirmed=ok)
    return confirmed


async def _publish_until_confirmed(
    url: str, namespace: str, env: Any, retry_seconds: float
) -> bool:
    deadline = time.monotonic() + retry_seconds
    while True:
        try:
            connection = await aio_pika.connect(url, timeout=10)
            try:
                channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
                exchange = await channel.get_exchange(Names(namespace).events, ensure=False)
                await exchange.publish(amqp_message(env.to_json()), env.type, timeout=10)
                return True
            finally:
                await connection.close()
        except (aio_pika.exceptions.AMQPError, OSError, TimeoutError):
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(1.0)


async def _verdict(scenario: str, platform: Platform, ledger: Ledger) -> Verdict:
    events, effects = [], []
    for name in platform.services:
        store = platform.store(name)
        await store.open()
        try:
            if name == "maintenance":
                events += await produced(store)
                effects += await work_order_effects(store)
            elif name == "audit":
                effects += await audit_effects(store)
            elif name == "notifications":
                effects += await incident_effects(store)
                effects += await notice_effects(store)
        finally:
            await store.close()
    return check(scenario, ledger, events, effects)


async def converge(
    scenario: str, platform: Platform, ledger: Ledger, timeout: float = 120.0
) -> Verdict:
    """The checker's verdict once it passes, or the last one when `timeout` runs out."""
    started = time.monotonic()
    while True:
        verdict = await _verdict(scenario, platform, ledger)
        final = verdict.twice or verdict.refused_with_effect  # waiting cannot undo these
        if verdict.ok or final or time.monotonic() - started > timeout:
            verdict.seconds = time.monotonic() - started
            return verdict
        await asyncio.sleep(1.0)


async def outbox_waiting(platform: Platform) -> int:
    """Maintenance outbox entries not yet published (pending or retrying)."""
    store = platform.store("maintenance")
    await store.open()
    try:
        return await store.count("outbox", {"status": {"$in": ["pending", "retrying"]}})
    finally:
        await store.close()


async def outbox_drained(platform: Platform, timeout: float = 60.0) -> int:
    """Wait (up to `timeout`) until maintenance's outbox has nothing unsent; what is left.

    The checker can pass before the outbox is empty: follow-up events that no command of the
    ledger expects (the work orders' `ticket.opened`) may still wait for the relay, which
    reconnects on its own backoff after an outage."""
    deadline = time.monotonic() + timeout
    while (waiting := await outbox_waiting(platform)) and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
    return waiting


async def ready_status(http: httpx.AsyncClient, process: ServiceProcess) -> tuple[int, dict]:
    """GET /ready: its status (0 when it did not answer) and its checks."""
    try:
        r = await http.get(f"{process.base_url}/ready", timeout=5)
    except httpx.TransportError:
        return 0, {}
    return r.status_code, r.json().get("checks", {})


def report(name: str, figures: Mapping[str, Any], verdict: Verdict) -> None:
    """Print the scenario's figures and the checker's line (`pytest -s`, or the report)."""
    print(f"\n{verdict.line()}\n{name} figures: {dict(figures)}")
