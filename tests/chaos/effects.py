"""What the platform did, read from its stores for the checker; and a client that keeps a ledger.

Producers: every outbox entry is an event written with its state change. Sinks: "audit", its
records (one per event); "notifications", its incidents (one per event it subscribes to, routed
or not); "notices", its notices (one per event, recipient and kind: only where the directory
has someone to tell); "maintenance", its work orders (one per source event).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import httpx

from shared.http import CORRELATION_HEADER
from shared.outbox import OUTBOX
from shared.store import DocumentStore, find_all
from tests.chaos.checker import Effect, Event, Expect, Ledger


async def produced(store: DocumentStore, types: Iterable[str] | None = None) -> list[Event]:
    """Every event a producer's outbox holds (of `types`, when given)."""
    wanted = set(types) if types is not None else None
    events = []
    for entry in await find_all(store, OUTBOX):
        if wanted is not None and entry["routing_key"] not in wanted:
            continue
        envelope = entry["envelope"]
        events.append(Event(entry["_id"], entry["routing_key"], envelope.get("correlationid")))
    return events


async def audit_effects(store: DocumentStore) -> list[Effect]:
    """One effect per audit record."""
    docs = await find_all(store, "audit_records")
    return [Effect("audit", d["event_id"], "", d.get("correlation_id")) for d in docs]


async def notice_effects(store: DocumentStore) -> list[Effect]:
    """One effect per notice, unique per (recipient, kind) of its event."""
    docs = await find_all(store, "notifications")
    return [
        Effect(
            "notices",
            d["source_event_id"],
            f"{d['recipient_id']}|{d.get('kind', 'alert')}",
            d.get("correlation_id"),
        )
        for d in docs
        if d.get("source_event_id")
    ]


async def incident_effects(store: DocumentStore) -> list[Effect]:
    """One effect per incident (an incident's id is its event's)."""
    docs = await find_all(store, "incidents")
    return [Effect("notifications", d["_id"], "", d.get("correlation_id")) for d in docs]


async def work_order_effects(store: DocumentStore) -> list[Effect]:
    """One effect per maintenance work order opened from another service's event."""
    docs = await find_all(store, "tickets")
    return [
        Effect("maintenance", d["source_event_id"], "", d.get("correlation_id"))
        for d in docs
        if d.get("source_event_id")
    ]


class LedgerClient:
    """Sends commands with a fresh correlation id each and records what the client was told."""

    def __init__(self, http: httpx.AsyncClient, ledger: Ledger) -> None:
        self.http = http
        self.ledger = ledger

    async def send(
        self,
        method: str,
        url: str,
        expects: Iterable[Expect],
        *,
        name: str | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response | None:
        """One command; the response, or None when the connection broke or timed out."""
        command_id = f"cmd-{uuid.uuid4().hex[:16]}"
        sent = {**(headers or {}), CORRELATION_HEADER: command_id}
        try:
            response = await self.http.request(method, url, json=json, headers=sent)
        except httpx.TransportError:
            self.ledger.record(command_id, name or f"{method} {url}", None, expects)
            return None
        self.ledger.record(command_id, name or f"{method} {url}", response.status_code, expects)
        return response
