"""Helpers shared by the audit tests: events, recording through the real handler, tampering."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from services.audit.handlers import SYSTEM, AuditContext, record_event
from services.audit.repository import INDEXES
from services.audit.settings import AuditSettings
from shared.auth import Principal
from shared.clock import Clock, FrozenClock, utcnow
from shared.envelope import Envelope
from shared.store import DocumentStore
from shared.uow import UnitOfWork

SOURCE = "/campus-logistics/audit"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def principal(user_id: str, *roles: str) -> Principal:
    """A caller holding `roles`."""
    return Principal(user_id=user_id, name=None, roles=frozenset(roles), scopes={})


AUDITOR = principal("u-auditor-1", "auditor")
ADMIN = principal("u-admin-1", "logistics_admin")


def context(clock: Clock = utcnow, **settings: Any) -> AuditContext:
    """The audit context the handlers take, with these settings over the defaults."""
    return AuditContext.from_settings(AuditSettings(store_url="memory://", **settings), clock)


def event(
    n: int,
    *,
    type: str = "maintenance.ticket.opened.v1",
    source: str = "/campus-logistics/maintenance",
    subject: str | None = None,
    actor: str | None = "u-dispatcher-1",
    correlation: str | None = None,
    causation: str | None = None,
    at: datetime | None = None,
    event_id: str | None = None,
    data: dict[str, Any] | None = None,
) -> Envelope:
    """A CloudEvent as another service would publish it."""
    eid = event_id or f"ev-{n:04d}"
    return Envelope(
        id=eid,
        source=source,
        type=type,
        time=at or START + timedelta(minutes=n),
        subject=subject or f"T-{n}",
        correlationid=correlation or eid,
        causationid=causation,
        actor=actor,
        data=data or {"ticket_id": f"T-{n}", "building_id": "B01", "note": "水管漏水"},
    )


async def open_store(store: DocumentStore) -> DocumentStore:
    """Open a store with the audit indexes."""
    await store.open()
    await store.ensure_indexes(INDEXES)
    return store


async def record(store: DocumentStore, envelope: Envelope, clock: FrozenClock) -> int | None:
    """Record one event through the consumer's handler and commit, as the consumer does."""
    uow = UnitOfWork(store, source=SOURCE, clock=clock)
    seq = await record_event(uow, context(clock), SYSTEM, envelope)
    await uow.commit()
    return seq


async def record_many(store: DocumentStore, count: int, clock: FrozenClock) -> None:
    """Record events 1..count, a minute apart."""
    for n in range(1, count + 1):
        await record(store, event(n), clock)
        clock.advance(minutes=1)


def sql(path: str, statement: str, *params: Any) -> None:
    """Tamper with the SQLite file directly, as an attacker with file access would."""
    conn = sqlite3.connect(path)
    try:
        conn.execute(statement, params)
        conn.commit()
    finally:
        conn.close()
