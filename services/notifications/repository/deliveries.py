"""The delivery log in the store: one line per notification and channel, outbound lines with
their address, text, schedule, claim and history; what the senders and the digest find due."""

from __future__ import annotations

from typing import Any

from services.notifications.domain.attempts import Attempt, Text
from services.notifications.domain.channels import Line
from services.notifications.domain.notices import UNKNOWN, Cause, Delivery
from services.notifications.domain.outbound import DUE_STATUSES, Outbound
from services.notifications.repository import DELIVERIES, NOTIFICATIONS
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, Paged, Query, find_all
from shared.uow import UnitOfWork


def _line_doc(d: Delivery) -> Doc:
    return {
        "_id": d.delivery_id,
        "notification_id": d.notification_id,
        "recipient_id": d.recipient_id,
        "channel": d.channel,
        "status": d.status,
        "detail": d.detail,
        "attempts": d.attempts,
        "at": iso(d.at),
        "source_event_type": d.event_type,
    }


def _email_doc(d: Outbound) -> Doc:
    doc: Doc = {
        "_id": d.delivery_id,
        "notification_id": d.notification_id,
        "recipient_id": d.recipient_id,
        "channel": d.channel,
        "status": d.status,
        "detail": d.detail,
        "attempts": d.attempts,
        "at": iso(d.at),
        "created_at": iso(d.created_at),
        "address": d.address,
        "display_name": d.display_name,
        "next_attempt_at": iso(d.next_attempt_at) if d.next_attempt_at else None,
        "claimed_by": d.claimed_by,
        "history": [
            {"at": iso(a.at), "outcome": a.outcome, "detail": a.detail, "code": a.code}
            for a in d.history
        ],
        "source_event_id": d.cause.event_id,
        "source_event_type": d.cause.event_type,
        "correlation_id": d.cause.correlation_id,
        "hold": d.hold,
        "text": (
            {"language": d.text.language, "title": d.text.title, "body": d.text.body}
            if d.text
            else None
        ),
    }
    if d.version is not None:
        doc["_v"] = d.version
    return doc


def to_doc(line: Line) -> Doc:
    """The stored delivery-log line."""
    return _email_doc(line) if isinstance(line, Outbound) else _line_doc(line)


def _cause(doc: Doc) -> Cause:
    if doc.get("source_event_id") is None:
        return UNKNOWN
    return Cause(doc["source_event_id"], doc["source_event_type"], doc.get("correlation_id"))


def from_doc(doc: Doc) -> Line:
    """The domain line of a stored one: a message on its way has an address."""
    if "address" not in doc:
        return Delivery(
            notification_id=doc["notification_id"],
            recipient_id=doc["recipient_id"],
            channel=doc["channel"],
            status=doc["status"],
            detail=doc.get("detail"),
            attempts=doc["attempts"],
            at=parse_iso(doc["at"]),
            event_type=doc.get("source_event_type"),
        )
    nxt = doc.get("next_attempt_at")
    text = doc.get("text")
    return Outbound(
        notification_id=doc["notification_id"],
        recipient_id=doc["recipient_id"],
        channel=doc["channel"],
        address=doc["address"],
        display_name=doc.get("display_name"),
        status=doc["status"],
        attempts=doc["attempts"],
        created_at=parse_iso(doc["created_at"]),
        at=parse_iso(doc["at"]),
        next_attempt_at=parse_iso(nxt) if nxt else None,
        claimed_by=doc.get("claimed_by"),
        detail=doc.get("detail"),
        history=tuple(
            Attempt(parse_iso(a["at"]), a["outcome"], a["detail"], a.get("code"))
            for a in doc.get("history", ())
        ),
        cause=_cause(doc),
        text=Text(text["language"], text["title"], text["body"]) if text else None,
        hold=doc.get("hold"),
        version=doc["_v"],
    )


def stage(uow: UnitOfWork, line: Line) -> None:
    """Stage the line (insert, or a replace conditional on its version) and its events."""
    version = line.version if isinstance(line, Outbound) else None
    if version is None:
        uow.insert(DELIVERIES, to_doc(line))
    else:
        uow.replace(DELIVERIES, to_doc(line))
    uow.collect(line, subject=line.notification_id)


def stored_version(line: Outbound) -> int:
    """The `_v` the store gives a line once its staged write commits (insert 1, replace n+1)."""
    return 1 if line.version is None else line.version + 1


async def log_of(store: DocumentStore, notification_id: str) -> list[Line]:
    """The delivery log of one notification, oldest first."""
    docs = await find_all(store, DELIVERIES, {"notification_id": notification_id}, [("at", 1)])
    return [from_doc(d) for d in docs]


async def page(
    store: DocumentStore,
    *,
    limit: int,
    after: str | None,
    status: str | None = None,
    channel: str | None = None,
    recipient_id: str | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Paged[Line]:
    """One page of the delivery log across notifications, latest change first."""
    given = {
        "status": status,
        "channel": channel,
        "recipient_id": recipient_id,
        "source_event_type": event_type,
    }
    filter: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    window = {k: v for k, v in (("$gte", since), ("$lt", until)) if v is not None}
    if window:
        filter["at"] = window
    found = await store.find(DELIVERIES, Query(filter, [("at", -1)], limit=limit, after=after))
    return Paged([from_doc(d) for d in found.items], found.next_cursor)


async def due(
    store: DocumentStore, now: str, *, limit: int, channels: tuple[str, ...] = ("email",)
) -> list[Outbound]:
    """Deliveries of these channels a sender may take now (due, or claimed and expired); lines
    waiting for a digest are the digest's, not a sender's."""
    query = Query(
        {
            "channel": {"$in": list(channels)},
            "status": {"$in": list(DUE_STATUSES)},
            "next_attempt_at": {"$lte": now},
        },
        [("next_attempt_at", 1)],
        limit=limit,
    )
    found = []
    for doc in (await store.find(DELIVERIES, query)).items:
        if doc.get("hold") == "digest" and doc["status"] == "pending":
            continue
        if doc.get("source_event_id") is None:
            # Written before lines kept their cause: it is the notification's.
            doc = {**doc, **await _cause_of_notification(store, doc["notification_id"])}
        line = from_doc(doc)
        assert isinstance(line, Outbound), "only outbound lines are ever due"
        found.append(line)
    return found


async def _cause_of_notification(store: DocumentStore, notification_id: str) -> Doc:
    note = await store.get(NOTIFICATIONS, notification_id)
    if note is None:
        return {}
    return {
        "source_event_id": note["source_event_id"],
        "source_event_type": note["event_type"],
        "correlation_id": note["correlation_id"],
    }


async def backlog(store: DocumentStore, channels: tuple[str, ...] = ("email",)) -> int:
    """Deliveries of these channels not yet sent or failed (a sender's backlog)."""
    filter = {"channel": {"$in": list(channels)}, "status": {"$in": list(DUE_STATUSES)}}
    return await store.count(DELIVERIES, filter)


async def digest_due(store: DocumentStore, now: str, *, limit: int) -> list[Outbound]:
    """Lines waiting for a digest whose time has come, oldest first (all recipients)."""
    query = Query(
        {"hold": "digest", "status": "pending", "next_attempt_at": {"$lte": now}},
        [("next_attempt_at", 1)],
        limit=limit,
    )
    lines = [from_doc(d) for d in (await store.find(DELIVERIES, query)).items]
    return [line for line in lines if isinstance(line, Outbound)]
