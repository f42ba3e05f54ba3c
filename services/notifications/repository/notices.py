"""Notifications in the store: document mapping, staging, the inbox and search queries."""

from __future__ import annotations

from typing import Any

from services.notifications.domain.notices import Notification
from services.notifications.domain.templates import Message
from services.notifications.repository import NOTIFICATIONS
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, Paged, Query, find_all
from shared.uow import UnitOfWork


def to_doc(n: Notification) -> Doc:
    """The stored in-app notification."""
    m = n.message
    doc: Doc = {
        "_id": n.notification_id,
        "recipient_id": n.recipient_id,
        "event_type": n.event_type,
        "source_event_id": n.source_event_id,
        "correlation_id": n.correlation_id,
        "subject": n.subject,
        "title": {"zh-CN": m.title_zh, "en": m.title_en},
        "body": {"zh-CN": m.body_zh, "en": m.body_en},
        "links": dict(m.links),
        "channels": list(n.channels),
        "status": n.status,
        "created_at": iso(n.created_at),
        "read_at": iso(n.read_at) if n.read_at else None,
        "severity": n.severity,
        "ack_required": n.ack_required,
        "acknowledged_at": iso(n.acknowledged_at) if n.acknowledged_at else None,
        "acknowledged_by": n.acknowledged_by,
        "kind": n.kind,
        "event_time": iso(n.event_time) if n.event_time else None,
        "template_error": n.template_error,
    }
    if n.version is not None:
        doc["_v"] = n.version
    return doc


def from_doc(doc: Doc) -> Notification:
    """Inverse of `to_doc`."""
    return Notification(
        notification_id=doc["_id"],
        recipient_id=doc["recipient_id"],
        event_type=doc["event_type"],
        source_event_id=doc["source_event_id"],
        correlation_id=doc["correlation_id"],
        subject=doc["subject"],
        message=Message(
            title_zh=doc["title"]["zh-CN"],
            title_en=doc["title"]["en"],
            body_zh=doc["body"]["zh-CN"],
            body_en=doc["body"]["en"],
            links=dict(doc["links"]),
        ),
        created_at=parse_iso(doc["created_at"]),
        channels=tuple(doc["channels"]),
        status=doc["status"],
        read_at=parse_iso(doc["read_at"]) if doc.get("read_at") else None,
        severity=doc.get("severity", "info"),
        ack_required=doc.get("ack_required", False),
        acknowledged_at=_time(doc.get("acknowledged_at")),
        acknowledged_by=doc.get("acknowledged_by"),
        kind=doc.get("kind", "alert"),
        event_time=_time(doc.get("event_time")),
        template_error=doc.get("template_error"),
        version=doc["_v"],
    )


def _time(text: str | None):
    return parse_iso(text) if text else None


def stage(uow: UnitOfWork, n: Notification) -> None:
    """Stage a new notification, or a conditional replace of a stored one, with its events."""
    if n.version is None:
        uow.insert(NOTIFICATIONS, to_doc(n))
    else:
        uow.replace(NOTIFICATIONS, to_doc(n))
    uow.collect(n, subject=n.notification_id)


async def load(store: DocumentStore, notification_id: str) -> Notification | None:
    """One notification, or None."""
    doc = await store.get(NOTIFICATIONS, notification_id)
    return from_doc(doc) if doc is not None else None


async def page(
    store: DocumentStore,
    *,
    limit: int,
    after: str | None,
    recipient_id: str | None = None,
    status: str | None = None,
    correlation_id: str | None = None,
    source_event_id: str | None = None,
) -> Paged[Notification]:
    """One page of notifications, newest first; each filter given narrows it."""
    given = {
        "recipient_id": recipient_id,
        "status": status,
        "correlation_id": correlation_id,
        "source_event_id": source_event_id,
    }
    filter: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    query = Query(filter, [("created_at", -1)], limit=limit, after=after)
    found = await store.find(NOTIFICATIONS, query)
    return Paged([from_doc(d) for d in found.items], found.next_cursor)


async def of_event(store: DocumentStore, source_event_id: str) -> list[Notification]:
    """Every notification one consumed event caused (escalations and all)."""
    docs = await find_all(store, NOTIFICATIONS, {"source_event_id": source_event_id})
    return [from_doc(d) for d in docs]


async def unread(store: DocumentStore, recipient_id: str) -> int:
    """How many of one person's notifications are unread."""
    return await store.count(NOTIFICATIONS, {"recipient_id": recipient_id, "status": "unread"})
