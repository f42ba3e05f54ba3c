"""Persistence of the directory, notifications and delivery log through the store port."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from services.notifications.channels import Outcome
from services.notifications.domain import Audience, Notification, Person
from services.notifications.email_delivery import (
    DUE_STATUSES,
    EMAIL,
    Attempt,
    EmailDelivery,
)
from services.notifications.templates import Message
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, Index, Page, Query

PEOPLE = "people"
AUDIENCE = "audience"
NOTIFICATIONS = "notifications"
DELIVERIES = "deliveries"

INDEXES = (
    Index(AUDIENCE, ("role", "kind", "value")),
    Index(AUDIENCE, ("user_id",)),
    Index(NOTIFICATIONS, ("source_event_id", "recipient_id"), unique=True),
    Index(NOTIFICATIONS, ("recipient_id", "created_at")),
    Index(NOTIFICATIONS, ("recipient_id", "status", "created_at")),
    Index(NOTIFICATIONS, ("correlation_id", "created_at")),
    Index(NOTIFICATIONS, ("created_at",)),
    Index(DELIVERIES, ("notification_id", "at")),
    # The e-mail sender's "what is due" query, and the failures list of operations.
    Index(DELIVERIES, ("status", "next_attempt_at")),
    Index(DELIVERIES, ("status", "at")),
)


async def find_all(store: DocumentStore, collection: str, query: Query) -> AsyncIterator[Doc]:
    """Every matching document, page by page (the port caps nothing, but pages keep memory low)."""
    after: str | None = None
    while True:
        page = await store.find(
            collection, Query(query.filter, query.sort, limit=query.limit or 500, after=after)
        )
        for doc in page.items:
            yield doc
        if page.next_cursor is None:
            return
        after = page.next_cursor


def person_from_doc(doc: Doc) -> Person:
    """The domain person of a stored directory entry."""
    return Person(
        user_id=doc["_id"],
        name=doc["name"],
        roles=frozenset(doc["roles"]),
        scopes={k: frozenset(v) for k, v in doc["scopes"].items()},
        email=doc.get("email"),
        channels=tuple(doc["channels"]),
        active=doc["active"],
        duties=frozenset(doc.get("duties", ())),
    )


def person_doc(person: Person, *, updated_at: str, version: int | None) -> Doc:
    """The stored form of a directory entry (`_v` kept for the conditional replace)."""
    doc: Doc = {
        "_id": person.user_id,
        "name": person.name,
        "roles": sorted(person.roles),
        "scopes": {k: sorted(v) for k, v in sorted(person.scopes.items()) if v},
        "email": person.email,
        "channels": list(person.channels),
        "active": person.active,
        "duties": sorted(person.duties),
        "updated_at": updated_at,
    }
    if version is not None:
        doc["_v"] = version
    return doc


def audience_doc(user_id: str, key: Audience) -> Doc:
    """One (role, scope kind, value) membership of a person."""
    return {
        "_id": f"{user_id}|{key.role}|{key.kind}|{key.value}",
        "user_id": user_id,
        "role": key.role,
        "kind": key.kind,
        "value": key.value,
    }


async def audience_docs_of(store: DocumentStore, user_id: str) -> list[Doc]:
    """The stored memberships of one person."""
    return [d async for d in find_all(store, AUDIENCE, Query({"user_id": user_id}))]


async def members(store: DocumentStore, audiences: Iterable[Audience]) -> list[str]:
    """User ids in any of the audiences, each once, in a stable order."""
    found: dict[str, None] = {}
    for key in audiences:
        query = Query({"role": key.role, "kind": key.kind, "value": key.value}, [("user_id", 1)])
        async for doc in find_all(store, AUDIENCE, query):
            found.setdefault(doc["user_id"], None)
    return list(found)


async def people(store: DocumentStore, user_ids: Iterable[str]) -> dict[str, Person]:
    """Directory entries of the given ids (missing ids are simply absent)."""
    out: dict[str, Person] = {}
    for user_id in user_ids:
        doc = await store.get(PEOPLE, user_id)
        if doc is not None:
            out[user_id] = person_from_doc(doc)
    return out


def notification_doc(n: Notification) -> Doc:
    """The stored in-app notification."""
    m = n.message
    return {
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
        "status": "unread",
        "created_at": iso(n.created_at),
        "read_at": None,
    }


def delivery_doc(n: Notification, outcome: Outcome, *, at: str) -> Doc:
    """One line of the delivery log."""
    return {
        "_id": f"{n.notification_id}|{outcome.channel}",
        "notification_id": n.notification_id,
        "recipient_id": n.recipient_id,
        "channel": outcome.channel,
        "status": outcome.status,
        "detail": outcome.detail,
        # In-app: storing it was the one attempt; a channel that failed before trying made none.
        "attempts": 1 if outcome.status == "delivered" else 0,
        "at": at,
    }


def email_delivery_doc(d: EmailDelivery) -> Doc:
    """The stored e-mail delivery: a delivery-log line with its address, schedule and history."""
    doc: Doc = {
        "_id": d.delivery_id,
        "notification_id": d.notification_id,
        "recipient_id": d.recipient_id,
        "channel": EMAIL,
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
    }
    if d.version is not None:
        doc["_v"] = d.version
    return doc


def email_delivery_from_doc(doc: Doc) -> EmailDelivery:
    """The domain delivery of a stored e-mail delivery-log line (with its `_v`)."""
    nxt = doc.get("next_attempt_at")
    return EmailDelivery(
        notification_id=doc["notification_id"],
        recipient_id=doc["recipient_id"],
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
        version=doc["_v"],
    )


async def due_email_deliveries(store: DocumentStore, now: str, *, limit: int) -> list[Doc]:
    """E-mail deliveries a sender may take now (pending and due, or claimed and expired)."""
    query = Query(
        {"status": {"$in": list(DUE_STATUSES)}, "next_attempt_at": {"$lte": now}},
        [("next_attempt_at", 1)],
        limit=limit,
    )
    return (await store.find(DELIVERIES, query)).items


def message_of(doc: Doc) -> Message:
    """The bilingual message of a stored notification."""
    return Message(
        title_zh=doc["title"]["zh-CN"],
        title_en=doc["title"]["en"],
        body_zh=doc["body"]["zh-CN"],
        body_en=doc["body"]["en"],
        links=dict(doc["links"]),
    )


async def deliveries_page(
    store: DocumentStore, filter: dict[str, Any], *, limit: int, after: str | None
) -> Page:
    """One page of the delivery log across notifications, latest change first."""
    return await store.find(DELIVERIES, Query(filter, [("at", -1)], limit=limit, after=after))


async def notifications_page(
    store: DocumentStore, filter: dict[str, Any], *, limit: int, after: str | None
) -> Page:
    """One page of notifications, newest first."""
    query = Query(filter, [("created_at", -1)], limit=limit, after=after)
    return await store.find(NOTIFICATIONS, query)


async def deliveries_of(store: DocumentStore, notification_id: str) -> list[Doc]:
    """The delivery log of one notification, oldest first."""
    query = Query({"notification_id": notification_id}, [("at", 1)])
    return [d async for d in find_all(store, DELIVERIES, query)]
