"""The platform as real processes for the chaos scenarios: assets producing, three consumers.

Assets takes the commands (register an asset, report its damage); audit records every event;
maintenance opens a work order from each damage and publishes `ticket.opened`; notifications
keeps an incident of each event it subscribes to. Each service has its own SQLite file under
the scenario's directory and keeps it across restarts, so a process SIGKILLed and started again
(with or without a fault plan) carries on where it died.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import aio_pika
import httpx

from shared.auth import AuthSettings, mint_token
from shared.outbox import OUTBOX
from shared.store import DocumentStore
from shared.store.sqlite import SQLiteStore
from shared.topology import Names
from tests.chaos.checker import Effect, Event, Expect, Ledger, Verdict, check
from tests.chaos.effects import (
    LedgerClient,
    audit_effects,
    incident_effects,
    produced,
    work_order_effects,
)
from tests.service_procs import ProcessGroup, ServiceProcess

SERVICES = ("audit", "notifications", "maintenance", "assets")
CONSUMERS = ("audit", "notifications", "maintenance")
PRODUCERS = ("assets", "maintenance")
REGISTERED = Expect("assets.asset.registered.v1", ("audit",))
DAMAGED = Expect("assets.asset.damaged.v1", ("audit", "maintenance", "notifications"))
OPENED = Expect("maintenance.ticket.opened.v1", ("audit", "notifications"))
#: How long one life with a fault plan may take to reach its fault point (a restarted relay
#: waits for the dead one's lease to expire first: LEASE_SECONDS).
LIFE_SECONDS = 30.0
LEASE_SECONDS = 2.0
MANAGER = {
    "Authorization": "Bearer "
    + mint_token(
        AuthSettings(), sub="u-chaos", roles=["asset_manager"], scopes={"building": ["B02"]}
    )
}


@dataclass
class Platform:
    """The four services on one broker vhost and namespace, each restartable with a fault plan."""

    amqp_url: str
    namespace: str
    root: Path
    group: ProcessGroup
    delivery_limit: int = 10
    processes: dict[str, ServiceProcess] = field(default_factory=dict)
    serial: int = 0

    def settings(self, service: str) -> dict[str, object]:
        common: dict[str, object] = {
            "amqp_url": self.amqp_url,
            "namespace": self.namespace,
            "data_dir": self.root / service,
            "log_level": "WARNING",
            "delivery_limit": self.delivery_limit,
            "prefetch": 4,
            "relay_idle_seconds": 0.05,
            "relay_lease_seconds": LEASE_SECONDS,
        }
        if service == "audit":
            common["checkpoint_every_seconds"] = 3600
        return common

    def start(self, service: str, faults: str = "") -> ServiceProcess:
        """Start (or start again) one service; `faults` is its CAMPUS_FAULTS plan."""
        old = self.processes.get(service)
        if old is not None and old.alive:
            raise RuntimeError(f"{service} is running")
        self.serial += 1
        process = ServiceProcess(
            service,
            self.settings(service),
            self.root / "logs" / f"{service}-{self.serial}.log",
            extra_env={"CAMPUS_FAULTS": faults} if faults else {},
        )
        self.processes[service] = self.group.add(process.start())
        return process

    async def start_all(self) -> None:
        for service in SERVICES:
            self.start(service)
        await asyncio.gather(*(p.wait_ready() for p in self.processes.values()))

    async def crash_once(self, service: str, faults: str, drive: Callable[[], Awaitable]) -> int:
        """Start `service` with a fault plan, `drive` traffic until it dies at its fault point;
        returns its exit code (it may die while starting, on work left by its last death)."""
        running = self.processes.get(service)
        if running is not None:
            await asyncio.to_thread(running.stop)  # a clean stop of the fault-free one
        process = self.start(service, faults)
        with contextlib.suppress(RuntimeError):  # "exited": it died before it was ready
            await process.wait_ready()
        deadline = time.monotonic() + LIFE_SECONDS
        while process.alive and time.monotonic() < deadline:
            await drive()
            await asyncio.sleep(0.1)
        if process.alive:
            process.kill()
            raise AssertionError(f"{service} never reached its fault point {faults}")
        code = process.proc.returncode
        if code != -signal.SIGKILL:
            raise AssertionError(f"{service} ({faults}) exited {code}: {process.log_tail()}")
        return code

    async def restart(self, service: str) -> None:
        """Start a dead service again without a fault plan (a running one is left alone)."""
        running = self.processes.get(service)
        if running is None or not running.alive:
            await self.start(service).wait_ready()

    def store_of(self, service: str) -> DocumentStore:
        return SQLiteStore(self.root / service / f"{service}.db")

    def client(self, ledger: Ledger, timeout: float = 10) -> PlatformClient:
        return PlatformClient(self, ledger, timeout)

    async def produced(self) -> list[Event]:
        """Every event the producers' outboxes hold."""
        events: list[Event] = []
        for service in PRODUCERS:
            async with opened(self.store_of(service)) as store:
                events += await produced(store)
        return events

    async def effects(self) -> list[Effect]:
        """Every consumer's effects."""
        async with opened(self.store_of("audit")) as store:
            found = await audit_effects(store)
        async with opened(self.store_of("notifications")) as store:
            found += await incident_effects(store)
        async with opened(self.store_of("maintenance")) as store:
            found += await work_order_effects(store)
        return found

    async def settle(self, ledger: Ledger, timeout: float = 120.0) -> None:
        """Wait until no producer has anything unsent and every expected effect is in (or the
        time is up: the checker then names what is missing)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if await self._unsent() == 0 and check("settle", ledger, *await self.observed()).ok:
                return
            await asyncio.sleep(0.5)

    async def _unsent(self) -> int:
        waiting = 0
        for service in PRODUCERS:
            async with opened(self.store_of(service)) as store:
                waiting += await store.count(OUTBOX, {"status": {"$in": ["pending", "retrying"]}})
        return waiting

    async def observed(self) -> tuple[list[Event], list[Effect]]:
        return await self.produced(), await self.effects()

    async def duplicates(self) -> float:
        """Copies the consumers recognised and skipped since they last started."""
        total = 0.0
        for service in CONSUMERS:
            process = self.processes[service]
            if process.alive:
                total += await process.metric("campus_events_consumed_total", outcome="duplicate")
        return total

    async def verdict(self, scenario: str, ledger: Ledger, started: float) -> Verdict:
        """Settle, then check; the verdict's line is printed for the run's figures, with what
        each consumer's dead-letter queue holds (a lost effect is often a dead letter)."""
        await self.settle(ledger)
        verdict = check(scenario, ledger, *await self.observed())
        verdict.seconds = time.monotonic() - started
        print(f"\n{verdict.line()}\ndead letters: {await self.dead_letters()}")
        return verdict

    async def dead_letters(self) -> dict[str, int]:
        """Messages waiting in each consumer's dead-letter queue."""
        names = Names(self.namespace)
        connection = await aio_pika.connect(self.amqp_url, timeout=10)
        try:
            channel = await connection.channel()
            found = {}
            for service in CONSUMERS:
                queue = await channel.declare_queue(names.dead_letter_queue(service), passive=True)
                found[service] = queue.declaration_result.message_count
            return found
        finally:
            await connection.close()


@dataclass
class PlatformClient:
    """Commands to assets through a ledger: a damaged asset is two commands."""

    platform: Platform
    ledger: Ledger
    timeout: float

    async def damage_one(self, http: httpx.AsyncClient, n: int) -> bool:
        """Register asset n and report it damaged; False when a connection broke."""
        base = self.platform.processes["assets"].base_url
        client = LedgerClient(http, self.ledger)
        asset = {
            "tag": f"CH-{self.platform.namespace}-{n}-{uuid.uuid4().hex[:6]}",
            "name": "学生椅",
            "category_code": "6010000",
            "building_id": "B02",
            "purchase_value": "180.00",
            "purchase_date": "2020-08-20",
            "useful_life_years": 15,
        }
        r = await client.send("POST", f"{base}/assets", [REGISTERED], name="register", json=asset)
        if r is None or r.status_code != 201:
            return r is not None
        asset_id = r.json()["asset_id"]
        damage = {"description": f"椅腿断了 {n}", "deliberate": False}
        url = f"{base}/assets/{asset_id}/damages"
        r = await client.send("POST", url, [DAMAGED, OPENED], name="damage", json=damage)
        return r is not None

    async def refused_one(self, http: httpx.AsyncClient) -> None:
        """A damage report for an asset that does not exist: refused, must leave nothing."""
        base = self.platform.processes["assets"].base_url
        url = f"{base}/assets/no-such-asset-{uuid.uuid4().hex[:6]}/damages"
        body = {"description": "不存在", "deliberate": False}
        await LedgerClient(http, self.ledger).send(
            "POST", url, [DAMAGED, OPENED], name="damage-missing", json=body
        )

    def http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=self.timeout, headers=MANAGER)


@contextlib.asynccontextmanager
async def opened(store: DocumentStore) -> AsyncIterator[DocumentStore]:
    """A store opened for reading while the processes keep their own connections."""
    await store.open()
    try:
        yield store
    finally:
        await store.close()


def alive(processes: Iterable[ServiceProcess]) -> bool:
    return all(p.alive for p in processes)
