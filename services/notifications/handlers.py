"""Use cases of the notifications service: load, decide in the domain, save in one write."""

from __future__ import annotations

from services.notifications import domain, email_delivery, repository
from services.notifications.channels import CHANNELS, Outcome
from services.notifications.domain import FALLBACK_ROLE, Audience, Notification, Person
from services.notifications.events import NotificationDelivered, NotificationFailed
from shared.clock import iso
from shared.envelope import Envelope, EventData
from shared.errors import NotFound
from shared.logging import get_logger
from shared.store import Doc
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def save_person(uow: UnitOfWork, person: Person) -> tuple[Doc, bool]:
    """Create or replace a directory entry and its audience keys; returns (entry, changed)."""
    store = uow.store
    existing = await store.get(repository.PEOPLE, person.user_id)
    stamp = iso(uow.clock())
    if existing is not None:
        unchanged = repository.person_from_doc(existing) == person
        if unchanged:
            return existing, False
    doc = repository.person_doc(
        person, updated_at=stamp, version=existing["_v"] if existing else None
    )
    if existing is None:
        uow.insert(repository.PEOPLE, doc)
    else:
        uow.replace(repository.PEOPLE, doc)
    # Replace only the memberships that changed, so a re-save of the same scopes writes nothing.
    wanted = {
        repository.audience_doc(person.user_id, k)["_id"]: k for k in domain.audience_keys(person)
    }
    stored = await repository.audience_docs_of(store, person.user_id)
    for old in stored:
        if old["_id"] not in wanted:
            uow.delete(repository.AUDIENCE, old)
    have = {d["_id"] for d in stored}
    for key_id, key in wanted.items():
        if key_id not in have:
            uow.insert(repository.AUDIENCE, repository.audience_doc(person.user_id, key))
    await uow.commit()
    log.info("person.saved", user_id=person.user_id, created=existing is None)
    saved = await store.get(repository.PEOPLE, person.user_id)
    assert saved is not None
    return saved, True


async def notify(data: EventData, envelope: Envelope, uow: UnitOfWork) -> None:
    """Stage one in-app notification per recipient of a consumed event, and its deliveries."""
    store = uow.store
    route = domain.route(envelope.type, data)
    found = [*route.direct, *await repository.members(store, route.audiences)]
    unresolved = False
    for target in route.targets:
        resolved = await _resolve_target(store, target)
        found += resolved
        unresolved = unresolved or not resolved
    if unresolved:
        # An escalation to a name nobody answers to must still reach someone.
        found += await repository.members(store, [Audience(FALLBACK_ROLE, "all", "*")])
    if not found and route.fallback:
        # Nobody is in scope (a building without a dispatcher): tell the administrators rather
        # than let the event pass unheard.
        found = await repository.members(store, [Audience(FALLBACK_ROLE, "all", "*")])
        log.warning("notification.fallback", event_type=envelope.type, recipients=len(found))
    known = await repository.people(store, found)
    now = uow.clock()
    planned = domain.plan(
        event_type=envelope.type,
        event_id=envelope.id,
        correlation_id=envelope.correlationid or envelope.id,
        subject=envelope.subject,
        data=data,
        to=domain.recipients(found, known),
        now=now,
    )
    if not planned:
        log.warning("notification.no_recipient", event_type=envelope.type)
    stamp = iso(now)
    for note in planned:
        uow.insert(repository.NOTIFICATIONS, repository.notification_doc(note))
        person = known.get(note.recipient_id)
        for name in note.channels:
            outcome = CHANNELS[name].deliver(note, person)
            _stage_delivery(uow, note, person, outcome, stamp=stamp)
        log.info(
            "notification.created",
            notification_id=note.notification_id,
            recipient_id=note.recipient_id,
            event_type=note.event_type,
        )


def _stage_delivery(
    uow: UnitOfWork, note: Notification, person: Person | None, outcome: Outcome, *, stamp: str
) -> None:
    """The delivery-log line of one channel, and its event, in the consumer's unit of work."""
    if outcome.status == "pending":
        # Sent later by the e-mail sender; recorded here so the send survives a crash.
        assert outcome.address is not None
        pending = email_delivery.new_delivery(
            notification_id=note.notification_id,
            recipient_id=note.recipient_id,
            address=outcome.address,
            name=person.name if person else None,
            now=note.created_at,
        )
        uow.insert(repository.DELIVERIES, repository.email_delivery_doc(pending))
        return
    uow.insert(repository.DELIVERIES, repository.delivery_doc(note, outcome, at=stamp))
    if outcome.status == "delivered":
        uow.emit(
            NotificationDelivered(
                notification_id=note.notification_id,
                recipient_id=note.recipient_id,
                channel=outcome.channel,
                source_event_id=note.source_event_id,
                source_event_type=note.event_type,
            ),
            subject=note.notification_id,
        )
    else:
        log.warning(
            "delivery.failed",
            notification_id=note.notification_id,
            channel=outcome.channel,
            reason=outcome.detail,
        )
        uow.emit(
            NotificationFailed(
                notification_id=note.notification_id,
                recipient_id=note.recipient_id,
                channel=outcome.channel,
                reason=outcome.detail or "failed",
                attempts=0,
                source_event_id=note.source_event_id,
                source_event_type=note.event_type,
            ),
            subject=note.notification_id,
        )


async def _resolve_target(store, target: str) -> list[str]:
    """The people an escalation target names: a person in the directory, a duty or a role."""
    person = await store.get(repository.PEOPLE, target)
    if person is not None:
        return [target]
    members = await repository.members(store, domain.target_audiences(target))
    if not members:
        log.warning("notification.unknown_target", target=target)
    return members


async def mark_read(uow: UnitOfWork, *, user_id: str, notification_id: str) -> Doc:
    """Mark one of the caller's notifications read; reading twice changes nothing."""
    doc = await uow.store.get(repository.NOTIFICATIONS, notification_id)
    if doc is None or doc["recipient_id"] != user_id:
        # Someone else's notification is reported as missing, not as forbidden.
        raise NotFound(f"no notification {notification_id} for you")
    if doc["status"] == "read":
        return doc
    updated = {**doc, "status": "read", "read_at": iso(uow.clock())}
    uow.replace(repository.NOTIFICATIONS, updated)
    await uow.commit()
    return {**updated, "_v": doc["_v"] + 1}
