"""A stream of commands and events for maintenance replicas, and the checks that follow it.

For each work order i the stream publishes one event from another service (an asset damaged or
a canteen equipment fault, every seventh one twice, as a redelivery would), which opens the
order keyed by its source (`asset-damage:D-i` / `canteen-fault:F-i`), then sends two HTTP
commands to whichever replica is alive: triage, then assign. A command whose connection broke
(its replica was killed) is sent again to another replica, as a load balancer's client would;
a 409 on that retry is accepted only when the store shows the first attempt took effect. So
`tickets` orders make 3 x tickets commands and events, and every effect has a key to count by.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import aio_pika
import httpx

from services.maintenance.consumed import AssetDamaged, EquipmentFaultReported
from shared.envelope import Envelope, make_envelope
from shared.http import CORRELATION_HEADER
from shared.outbox import amqp_message
from shared.store import DocumentStore, Query
from shared.topology import Names, connect
from tests.integration.maintenance.maint_support import auth
from tests.service_procs import ServiceProcess

DISPATCHER = auth("dispatcher", "disp-stream")
TICKET_TYPES = tuple(f"maintenance.ticket.{t}.v1" for t in ("opened", "triaged", "assigned"))
CONCURRENCY = 8


def source_event(i: int) -> tuple[str, Envelope]:
    """The i-th outside event and the source key of the order it opens."""
    if i % 2:
        data = EquipmentFaultReported(
            fault_id=f"F-{i}",
            canteen_id="north",
            building_id="E01",
            equipment_tag=f"FRIDGE-{i}",
            description="冷藏柜温度高",
        )
        key, source = f"canteen-fault:F-{i}", "/campus-logistics/canteen"
    else:
        data = AssetDamaged(
            damage_id=f"D-{i}",
            asset_id=f"A-{i}",
            tag=f"CHAIR-{i}",
            building_id="B02",
            description="椅子坏了",
        )
        key, source = f"asset-damage:D-{i}", "/campus-logistics/assets"
    env = make_envelope(
        data, source=source, subject=None, correlation_id=None, causation_id=None, actor=None
    )
    return key, env


@dataclass
class Stream:
    """Drives the stream against `replicas` and the broker at `amqp_url` (one or more nodes)."""

    amqp_url: str
    namespace: str
    store: DocumentStore
    replicas: Sequence[ServiceProcess]
    tickets: int
    chunk: int = 25
    published: dict[str, Envelope] = field(default_factory=dict)
    retried_commands: int = 0
    publish_retries: int = 0
    #: Commands sent so far; `at_command[n]` is started as a task when the n-th one goes out.
    sent: int = 0
    at_command: dict[int, Callable[[], Awaitable[None]]] = field(default_factory=dict)
    tasks: list[asyncio.Task] = field(default_factory=list)
    #: Told of each command's id (its `X-Correlation-Id`, the same on a retry), action and
    #: final status: the chaos checker's ledger (tests/chaos).
    on_result: Callable[[str, str, int], None] | None = None
    _turn: int = 0

    async def run(self, on_chunk: Callable[[int], Awaitable[None]] | None = None) -> None:
        """Every chunk: publish its events, wait for its orders, triage and assign them."""
        connection = await connect(self.amqp_url)
        try:
            channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
            exchange = await channel.get_exchange(Names(self.namespace).events, ensure=False)
            gate = asyncio.Semaphore(CONCURRENCY)
            async with httpx.AsyncClient(timeout=30, headers=DISPATCHER) as http:
                for start in range(0, self.tickets, self.chunk):
                    if on_chunk is not None:
                        await on_chunk(start // self.chunk)
                    numbers = range(start, min(start + self.chunk, self.tickets))
                    keys = await self._publish(exchange, numbers)
                    ids = await self._orders(keys)
                    await asyncio.gather(*(self._work(http, gate, t, i) for t, i in ids))
        finally:
            await connection.close()

    async def _publish(self, exchange: aio_pika.abc.AbstractExchange, numbers: range) -> list:
        keys = []
        for i in numbers:
            key, env = source_event(i)
            self.published[env.id] = env
            keys.append((i, key))
            for _ in range(2 if i % 7 == 3 else 1):
                await self._publish_one(exchange, env)
        return keys

    async def _publish_one(self, exchange: aio_pika.abc.AbstractExchange, env: Envelope) -> None:
        # A publish whose confirm was lost with its node is sent again: consumers dedup by id.
        deadline = time.monotonic() + 60
        while True:
            try:
                await exchange.publish(amqp_message(env.to_json()), env.type, timeout=10)
                return
            except (aio_pika.exceptions.AMQPError, OSError, RuntimeError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                self.publish_retries += 1
                await asyncio.sleep(0.2)

    async def _orders(self, keys: list, timeout: float = 120.0) -> list[tuple[str, int]]:
        """Wait until each source key has its order; (ticket id, i) pairs."""
        wanted = {key: i for i, key in keys}
        deadline = time.monotonic() + timeout
        while True:
            page = await self.store.find(
                "tickets", Query({"source_key": {"$in": list(wanted)}}, limit=len(wanted) + 1)
            )
            if len(page.items) == len(wanted):
                return [(t["_id"], wanted[t["source_key"]]) for t in page.items]
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(page.items)} of {len(wanted)} orders after {timeout} s")
            await asyncio.sleep(0.1)

    async def _work(self, http: httpx.AsyncClient, gate: asyncio.Semaphore, tid: str, i: int):
        async with gate:
            await self._command(http, tid, "triage", {"priority": "high"}, "triaged")
            body = {"technician_id": f"tech-{i % 5}"}
            await self._command(http, tid, "assign", body, "assigned")

    def _replica(self) -> ServiceProcess:
        alive = [r for r in self.replicas if r.alive]
        if not alive:
            raise RuntimeError("no replica alive")
        self._turn += 1
        return alive[self._turn % len(alive)]

    async def _command(
        self, http: httpx.AsyncClient, tid: str, action: str, body: dict, status: str
    ) -> None:
        retried = False
        deadline = time.monotonic() + 60
        self.sent += 1
        if self.sent in self.at_command:
            self.tasks.append(asyncio.create_task(self.at_command[self.sent]()))
        command_id = f"cmd-{tid}-{action}"
        while True:
            replica = self._replica()
            try:
                r = await http.post(
                    f"{replica.base_url}/tickets/{tid}/{action}",
                    json=body,
                    headers={CORRELATION_HEADER: command_id},
                )
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                retried = True
                self.retried_commands += 1
                await asyncio.sleep(0.05)
                continue
            if r.status_code == 200:
                self._result(command_id, action, 200)
                return
            if r.status_code == 409 and retried:
                doc = await self.store.get("tickets", tid)
                assert doc is not None and doc["status"] == status, (tid, action, doc)
                self._result(command_id, action, 200)  # the first attempt took effect
                return
            raise AssertionError(f"{action} {tid} on {replica.port}: {r.status_code} {r.text}")

    def _result(self, command_id: str, action: str, status: int) -> None:
        if self.on_result is not None:
            self.on_result(command_id, action, status)


async def settle(store: DocumentStore, tickets: int, timeout: float = 180.0) -> None:
    """Wait until every order is assigned and the outbox has nothing left to publish."""
    deadline = time.monotonic() + timeout
    while True:
        assigned = await store.count("tickets", {"status": "assigned"})
        waiting = await store.count("outbox", {"status": {"$in": ["pending", "retrying"]}})
        if assigned == tickets and waiting == 0:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{assigned}/{tickets} assigned, {waiting} unsent after {timeout} s")
        await asyncio.sleep(0.2)


async def audit_counts(audit: DocumentStore, event_ids: set[str], timeout: float = 180.0):
    """Wait until audit holds a record of each event; how many records each event id has."""
    deadline = time.monotonic() + timeout
    while True:
        page = await audit.find("audit_records", Query({}, limit=len(event_ids) * 2 + 100))
        counts = Counter(r["event_id"] for r in page.items)
        if event_ids <= set(counts) or time.monotonic() > deadline:
            return counts
        await asyncio.sleep(0.5)


async def check_effects(store: DocumentStore, tickets: int) -> list[dict]:
    """Each order once, assigned; each ticket event once in the outbox. Returns the entries."""
    orders = (await store.find("tickets", Query({}, limit=tickets + 10))).items
    keys = Counter(o["source_key"] for o in orders)
    assert len(orders) == tickets and all(n == 1 for n in keys.values()), keys.most_common(3)
    assert {o["status"] for o in orders} == {"assigned"}
    entries = [
        e
        for e in (await store.find("outbox", Query({}, limit=tickets * 5))).items
        if e["routing_key"] in TICKET_TYPES
    ]
    per_order = Counter((e["envelope"]["subject"], e["routing_key"]) for e in entries)
    assert len(per_order) == tickets * 3, len(per_order)
    assert all(n == 1 for n in per_order.values()), per_order.most_common(3)
    assert {e["status"] for e in entries} == {"sent"}
    return entries


@contextlib.asynccontextmanager
async def opened(store: DocumentStore):
    """Open a store for the test to read (the processes own their own connections)."""
    await store.open()
    try:
        yield store
    finally:
        await store.close()
