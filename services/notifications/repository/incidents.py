"""Incidents (each consumed event and what became of it) and remembered contacts in the store."""

from __future__ import annotations

from services.notifications.domain.channels import Contact
from services.notifications.domain.incidents import OPEN_STATES, Incident
from services.notifications.repository import CONTACTS, INCIDENTS
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, Paged, Query
from shared.uow import UnitOfWork


def _t(value):
    return iso(value) if value is not None else None


def _p(text):
    return parse_iso(text) if text else None


def to_doc(i: Incident) -> Doc:
    """The stored incident; `escalation` is "due" only while an escalation may still happen."""
    doc: Doc = {
        "_id": i.event_id,
        "event_type": i.event_type,
        "source": i.source,
        "subject": i.subject,
        "correlation_id": i.correlation_id,
        "time": iso(i.time),
        "data": i.data,
        "severity": i.severity,
        "state": i.state,
        "reason": i.reason,
        "recipients": list(i.recipients),
        "created_at": iso(i.created_at),
        "updated_at": iso(i.updated_at),
        "escalate_at": _t(i.escalate_at),
        "escalate_after_minutes": i.escalate_after_minutes,
        "escalate_to": list(i.escalate_to),
        "acknowledged_by": i.acknowledged_by,
        "acknowledged_at": _t(i.acknowledged_at),
        "escalated_at": _t(i.escalated_at),
        "escalation": "due" if i.escalation_due else None,
    }
    if i.version is not None:
        doc["_v"] = i.version
    return doc


def from_doc(doc: Doc) -> Incident:
    """Inverse of `to_doc`."""
    return Incident(
        event_id=doc["_id"],
        event_type=doc["event_type"],
        source=doc["source"],
        subject=doc.get("subject"),
        correlation_id=doc["correlation_id"],
        time=parse_iso(doc["time"]),
        data=doc["data"],
        severity=doc["severity"],
        state=doc["state"],
        reason=doc.get("reason"),
        recipients=tuple(doc["recipients"]),
        created_at=parse_iso(doc["created_at"]),
        updated_at=parse_iso(doc["updated_at"]),
        escalate_at=_p(doc.get("escalate_at")),
        escalate_after_minutes=doc.get("escalate_after_minutes"),
        escalate_to=tuple(doc.get("escalate_to", ())),
        acknowledged_by=doc.get("acknowledged_by"),
        acknowledged_at=_p(doc.get("acknowledged_at")),
        escalated_at=_p(doc.get("escalated_at")),
        version=doc["_v"],
    )


def stage(uow: UnitOfWork, i: Incident) -> None:
    """Insert or conditionally replace an incident, with the events it recorded."""
    if i.version is None:
        uow.insert(INCIDENTS, to_doc(i))
    else:
        uow.replace(INCIDENTS, to_doc(i))
    uow.collect(i, subject=i.event_id)


async def load(store: DocumentStore, event_id: str) -> Incident | None:
    """One incident, or None."""
    doc = await store.get(INCIDENTS, event_id)
    return from_doc(doc) if doc is not None else None


async def open_ones(store: DocumentStore, *, limit: int, after: str | None) -> Paged[Incident]:
    """Incidents still waiting for someone in scope (undeliverable or fallback), oldest first."""
    query = Query(
        {"state": {"$in": list(OPEN_STATES)}}, [("created_at", 1)], limit=limit, after=after
    )
    found = await store.find(INCIDENTS, query)
    return Paged([from_doc(d) for d in found.items], found.next_cursor)


async def count_state(store: DocumentStore, state: str) -> int:
    """How many incidents are in one state (the undeliverable gauge)."""
    return await store.count(INCIDENTS, {"state": state})


async def escalations_due(store: DocumentStore, now: str, *, limit: int) -> list[Incident]:
    """Unacknowledged critical incidents whose escalation time has come."""
    query = Query(
        {"escalation": "due", "escalate_at": {"$lte": now}}, [("escalate_at", 1)], limit=limit
    )
    return [from_doc(d) for d in (await store.find(INCIDENTS, query)).items]


async def page(
    store: DocumentStore,
    *,
    state: str | None,
    event_type: str | None,
    limit: int,
    after: str | None,
) -> Paged[Incident]:
    """Incidents newest first, by state and type."""
    given = {"state": state, "event_type": event_type}
    filter = {k: v for k, v in given.items() if v is not None}
    found = await store.find(
        INCIDENTS, Query(filter, [("created_at", -1)], limit=limit, after=after)
    )
    return Paged([from_doc(d) for d in found.items], found.next_cursor)


def contact_doc(c: Contact) -> Doc:
    """A remembered contact (of a QR ticket)."""
    return {
        "_id": c.key,
        "name": c.name,
        "email": c.email,
        "phone": c.phone,
        "language": c.language,
    }


async def load_contact(store: DocumentStore, key: str) -> Contact | None:
    """The contact remembered under `key`, or None."""
    doc = await store.get(CONTACTS, key)
    if doc is None:
        return None
    return Contact(doc["_id"], doc.get("name"), doc.get("email"), doc.get("phone"), doc["language"])
