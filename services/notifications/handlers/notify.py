"""The consumed-event use case: route an event, one notification per recipient, its deliveries.

It only stages: the consumer commits the notifications, their delivery-log lines, the events
those record and its processed marker in one write, so an event redelivered after a crash
finds its notifications there (their ids come from the event and recipient) and adds none.
"""

from __future__ import annotations

from services.notifications.domain import access, channels, notices
from services.notifications.domain.alerts import alert
from services.notifications.domain.directory import FALLBACK_ROLE, target_audiences, whole
from services.notifications.domain.routing import Route, recipients
from services.notifications.handlers.context import NotificationsContext
from services.notifications.repository import deliveries as delivery_repo
from services.notifications.repository import directory as directory_repo
from services.notifications.repository import notices as repo
from shared.auth import Principal
from shared.envelope import Envelope, EventData
from shared.logging import get_logger
from shared.store import DocumentStore
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def notify(
    uow: UnitOfWork,
    ctx: NotificationsContext,
    who: Principal,
    /,
    envelope: Envelope,
    data: EventData,
) -> list[notices.Notification]:
    """Stage one notification per recipient of a consumed event, and its deliveries."""
    access.require_service(who)
    kind = alert(envelope.type)
    found = await _reached(uow.store, kind.route(data), envelope.type)
    known = await directory_repo.people(uow.store, found)
    planned = notices.plan(
        event_type=envelope.type,
        event_id=envelope.id,
        correlation_id=envelope.correlationid or envelope.id,
        subject=envelope.subject,
        message=kind.render(data),
        to=recipients(found, known),
        now=ctx.now(),
    )
    if not planned:
        log.warning("notification.no_recipient", event_type=envelope.type)
    for note in planned:
        repo.stage(uow, note)
        for line in channels.deliver(note, known.get(note.recipient_id)):
            delivery_repo.stage(uow, line)
            if line.status == "failed":
                log.warning(
                    "delivery.failed",
                    notification_id=note.notification_id,
                    channel=line.channel,
                    reason=line.detail,
                )
        log.info(
            "notification.created",
            notification_id=note.notification_id,
            recipient_id=note.recipient_id,
            event_type=note.event_type,
        )
    return planned


async def _reached(store: DocumentStore, route: Route, event_type: str) -> list[str]:
    """The user ids a route reaches, in order, with the administrators as the last resort."""
    admins = (whole(FALLBACK_ROLE),)
    found = [*route.direct, *await directory_repo.members(store, route.audiences)]
    unresolved = False
    for target in route.targets:
        resolved = await _resolve_target(store, target)
        found += resolved
        unresolved = unresolved or not resolved
    if unresolved:
        # An escalation to a name nobody answers to must still reach someone.
        found += await directory_repo.members(store, admins)
    if not found and route.fallback:
        # Nobody is in scope (a building without a dispatcher): tell the administrators rather
        # than let the event pass unheard.
        found = await directory_repo.members(store, admins)
        log.warning("notification.fallback", event_type=event_type, recipients=len(found))
    return found


async def _resolve_target(store: DocumentStore, target: str) -> list[str]:
    """The people an escalation target names: a person in the directory, a duty or a role."""
    if await directory_repo.exists(store, target):
        return [target]
    members = await directory_repo.members(store, target_audiences(target))
    if not members:
        log.warning("notification.unknown_target", target=target)
    return members
